import { anchorReceiptOf, type LedgerView, type Store } from '@clearledger/core';
import type { LedgerClient } from '../client/createLedgerClient.ts';
import { organizationId } from '../contracts/organizationId.ts';
import type { StatusIndex } from './statusIndex.ts';

/** Parameters of {@link chainLedgerView}. */
export type ChainLedgerViewParameters = {
  client: LedgerClient;
  /** Local index of statuses; synced before each status answer when older than `maxStatusAgeMs`. */
  statuses: StatusIndex;
  /** The node's store, for receipts of credentials this node issued (optional). */
  store?: Store;
  /** How stale the status index may be before a check syncs it (default 0: always read to the head). */
  maxStatusAgeMs?: number;
  now?: () => number;
};

/**
 * A {@link LedgerView} over the chain: the trust registry for issuer checks (its checkpoints answer
 * roles and the active flag at a block), the anchor registry for batch roots by (issuer, root), and the local status index for statuses (so a revocation is effective as soon as its
 * block is mined). Chain failures surface as exceptions, which verification turns into ERROR checks.
 */
export function chainLedgerView({
  client,
  statuses,
  store,
  maxStatusAgeMs = 0,
  now = Date.now,
}: ChainLedgerViewParameters): LedgerView {
  let lastSync = Number.NEGATIVE_INFINITY;
  return {
    source: { kind: 'live' },
    async issuerFacts(issuer, publicKeyMultibase, at) {
      // As of a block: the trust registry's checkpoints of roles and the active flag.
      const [org, key] = await Promise.all([
        at === undefined
          ? client.getOrganization(issuer)
          : client
              .getOrganizationAt(issuer, at.blockNumber)
              .then((state) => (state === null ? null : { did: issuer, ...state })),
        client.getKey(publicKeyMultibase),
      ]);
      return {
        organization: org === null ? null : { id: org.did, active: org.active, roles: org.roles },
        key:
          key === null || key.orgId.toLowerCase() !== organizationId(issuer).toLowerCase()
            ? null
            : { validFrom: key.validFrom, validUntil: key.validUntil, revokedAt: key.revokedAt },
      };
    },
    async anchorFacts(root, issuer) {
      const anchor = await client.getAnchor(issuer, root);
      if (anchor === null) return null;
      return {
        root,
        issuer,
        size: anchor.count,
        blockNumber: anchor.blockNumber,
        anchoredAt: anchor.anchoredAt,
        chainId: client.chain.id,
      };
    },
    async statusFacts(hash, issuer) {
      if (now() - lastSync >= maxStatusAgeMs) {
        await statuses.sync();
        lastSync = now();
      }
      return statuses.get(hash, issuer);
    },
    async anchorReceipt(hash) {
      const receipt = store === undefined ? null : await store.findReceipt(hash);
      return receipt === null ? null : anchorReceiptOf(receipt);
    },
  };
}
