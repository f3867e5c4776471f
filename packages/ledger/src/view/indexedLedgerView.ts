import { anchorReceiptOf, type LedgerView, type Store, snapshotLedgerView } from '@clearledger/core';
import type { SnapshotIndex } from './snapshotIndex.ts';

/** Parameters of {@link indexedLedgerView}. */
export type IndexedLedgerViewParameters = {
  /** The node's index of every trust-registry, anchor and status event, synced to the chain head per answer. */
  snapshots: SnapshotIndex;
  /** The node's store, for receipts of credentials this node issued (optional). */
  store?: Store;
};

/**
 * The live {@link LedgerView} a node verifies with: before each answer the event index is synced to
 * the chain head (with the chain in process, a comparison of block numbers when nothing changed),
 * then the facts are map lookups — the same facts `chainLedgerView` reads with three contract calls
 * per verification. A revocation is effective as soon as its block is mined.
 */
export function indexedLedgerView({ snapshots, store }: IndexedLedgerViewParameters): LedgerView {
  let view: LedgerView | undefined;
  let viewBlock = -1;
  const current = async (): Promise<LedgerView> => {
    const block = await snapshots.sync();
    if (view === undefined || block !== viewBlock) {
      view = snapshotLedgerView(snapshots.snapshot());
      viewBlock = block;
    }
    return view;
  };
  return {
    /** Live, as of the last block the index read (verification reads it before syncing). */
    get source() {
      return snapshots.blockNumber < 0
        ? { kind: 'live' as const }
        : { kind: 'live' as const, blockNumber: snapshots.blockNumber };
    },
    async issuerFacts(issuer, publicKeyMultibase, at) {
      return (await current()).issuerFacts(issuer, publicKeyMultibase, at);
    },
    async anchorFacts(root, issuer) {
      return (await current()).anchorFacts(root, issuer);
    },
    async statusFacts(hash, issuer) {
      return (await current()).statusFacts(hash, issuer);
    },
    async anchorReceipt(hash) {
      const receipt = store === undefined ? null : await store.findReceipt(hash);
      return receipt === null ? null : anchorReceiptOf(receipt);
    },
  };
}
