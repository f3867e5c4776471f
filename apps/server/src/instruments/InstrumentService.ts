import type { Store } from '@clearledger/core';

/**
 * What the shared paths need of a stateful instrument family's service (permits, carnets, in-bond
 * movements): issuance opens one store case per instrument issued (`openIssued`), then registers
 * the instruments still waiting on the chain (`registerPending`, also run after every anchoring,
 * so a failure or a stop in between heals). Each family's service implements it in
 * `apps/server/src/<family>/` and is listed once in `buildApp`.
 */
export type InstrumentService = {
  /** The credential type whose issuance opens an instrument, e.g. `LpcoCredential`. */
  credentialType: string;
  /** Opens the case of each instrument of its type among `issued` (skipping those that have one). */
  openIssued(
    store: Store,
    orgId: string,
    actorId: string,
    issued: readonly { hash: string; type: string; credential: Record<string, unknown> }[],
  ): Promise<void>;
  /** Registers on the chain the organisation's instruments whose case waits for it; returns how many. */
  registerPending(orgId: string): Promise<number>;
  /**
   * Optional check of the drafts before anything is signed (e.g. an in-bond number the chain holds
   * already): throws the family's error to refuse the whole issuance.
   */
  checkIssue?(orgId: string, drafts: readonly Record<string, unknown>[]): Promise<void>;
};
