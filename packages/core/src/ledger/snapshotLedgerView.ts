import type { AnchorFacts, LedgerPoint, LedgerView, StatusFacts } from '../verify/types.ts';

/** An organisation's registration as of a block: what held after that block until the next change. */
export type OrganizationState = { blockNumber: number; active: boolean; roles: string[] };

/**
 * A plain-data copy of the ledger facts verification needs: organisations with their keys and
 * roles, anchored batch roots and non-active statuses, as of a block. The officer app verifies
 * offline against the last signed snapshot; tests and benchmarks use it as an exact ledger state.
 */
export type LedgerSnapshot = {
  blockNumber: number;
  asOf: string;
  organizations: {
    id: string;
    /**
     * The organisation's name as its node registered it (not on the chain): the node that signs the
     * snapshot vouches for it, so a verifier can name an issuer instead of showing its DID.
     */
    name?: string;
    /** As of the snapshot's block. */
    active: boolean;
    /** As of the snapshot's block. */
    roles: string[];
    /**
     * Every registration state since the organisation was registered, in block order (from the
     * chain's OrganizationRegistered, RolesChanged and ActiveChanged events), so a verifier judges
     * roles and the active flag at the block that anchored a record. Absent: only the current state
     * is known, and it is used for every block.
     */
    history?: OrganizationState[];
    keys: { publicKeyMultibase: string; validFrom: string; validUntil: string | null; revokedAt: string | null }[];
  }[];
  /** Anchored roots; the same root may be anchored by several organisations, each its own anchor. */
  anchors: AnchorFacts[];
  /**
   * Only credentials whose status is not ACTIVE, by credential hash: each issuer's status (on the
   * chain a status counts only when the credential's own issuer set it).
   */
  statuses: Record<string, (StatusFacts & { issuer: string })[]>;
};

/** The state of an organisation at a point, from its history (null when it was not registered yet). */
export function organizationStateAt(
  org: LedgerSnapshot['organizations'][number],
  at: LedgerPoint | undefined,
): { active: boolean; roles: string[] } | null {
  if (at === undefined || org.history === undefined) return { active: org.active, roles: org.roles };
  let found: OrganizationState | null = null;
  for (const state of org.history) {
    if (state.blockNumber > at.blockNumber) break;
    found = state;
  }
  return found === null ? null : { active: found.active, roles: found.roles };
}

const anchorKey = (issuer: string, root: string) => `${issuer}\n${root}`;

/** A synchronous {@link LedgerView} over a {@link LedgerSnapshot} (indexes built once). */
export function snapshotLedgerView(snapshot: LedgerSnapshot): LedgerView {
  const orgs = new Map(snapshot.organizations.map((o) => [o.id, o]));
  const keys = new Map(
    snapshot.organizations.flatMap((o) => o.keys.map((k) => [k.publicKeyMultibase, { orgId: o.id, ...k }] as const)),
  );
  const anchors = new Map(snapshot.anchors.map((a) => [anchorKey(a.issuer, a.root), a]));
  const active: StatusFacts = { status: 'ACTIVE' };
  return {
    source: { kind: 'snapshot', blockNumber: snapshot.blockNumber, asOf: snapshot.asOf },
    issuerFacts(issuer, publicKeyMultibase, at) {
      const org = orgs.get(issuer);
      const state = org === undefined ? null : organizationStateAt(org, at);
      const key = keys.get(publicKeyMultibase);
      return {
        organization: org === undefined || state === null ? null : { id: org.id, ...state },
        key:
          key === undefined || key.orgId !== issuer
            ? null
            : { validFrom: key.validFrom, validUntil: key.validUntil, revokedAt: key.revokedAt },
      };
    },
    anchorFacts: (root, issuer) => anchors.get(anchorKey(issuer, root)) ?? null,
    statusFacts(hash, issuer) {
      const found = snapshot.statuses[hash]?.find((s) => s.issuer === issuer);
      if (found === undefined) return active;
      const { issuer: _issuer, ...facts } = found;
      return facts;
    },
  };
}
