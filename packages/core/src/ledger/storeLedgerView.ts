import type { Store } from '../store/Store.ts';
import type { LedgerView } from '../verify/types.ts';
import { anchorReceiptOf } from './anchorReceiptOf.ts';

/**
 * A {@link LedgerView} over the node's own store: the organisations and keys it knows, and the
 * batches it sealed. It is what a single node knows before (or without) a chain; its facts are
 * labelled `local` in reports. A batch counts as anchored only once the store recorded its anchor.
 * It does not know revocations and suspensions (they are on the chain): every status is UNKNOWN.
 * It keeps no history: issuer facts are the latest the store knows, whatever point is asked for.
 */
export function storeLedgerView(store: Store): LedgerView {
  return {
    source: { kind: 'local' },
    async issuerFacts(issuer, publicKeyMultibase) {
      const [org, key] = await Promise.all([store.getOrganization(issuer), store.findKey(publicKeyMultibase)]);
      return {
        organization: org === null ? null : { id: org.id, active: org.active, roles: org.roles },
        key:
          key === null || key.orgId !== issuer
            ? null
            : { validFrom: key.validFrom, validUntil: key.validUntil, revokedAt: key.revokedAt },
      };
    },
    async anchorFacts(root, issuer) {
      const batch = await store.findBatchByRoot(root);
      if (batch === null || batch.anchor === null || batch.orgId !== issuer) return null;
      return {
        root,
        issuer: batch.orgId,
        size: batch.size,
        blockNumber: batch.anchor.blockNumber,
        anchoredAt: batch.anchor.anchoredAt,
        chainId: batch.anchor.chainId,
      };
    },
    // Statuses are set on the chain only: the store cannot say a record was not revoked.
    async statusFacts() {
      return { status: 'UNKNOWN' };
    },
    async anchorReceipt(hash) {
      const receipt = await store.findReceipt(hash);
      return receipt === null ? null : anchorReceiptOf(receipt);
    },
  };
}
