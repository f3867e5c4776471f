import {
  type AnchorReceipt,
  buildMerkleTree,
  createSigner,
  fromHex,
  issueCredential,
  type LedgerSnapshot,
  nobleCrypto,
  type SignedCredential,
  type Signer,
  toHex,
} from '@clearledger/core';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';

/** A small, consistent ledger world for the web app's tests: one producer, one batch, one snapshot. */
export const ISSUER = 'did:web:producer.example';
export const ISSUED_AT = '2025-01-10T12:00:00Z';
export const ANCHORED_AT = '2025-01-10T12:00:05Z';
export const ANCHOR_BLOCK = 40;
export const SNAPSHOT_BLOCK = 42;
export const SNAPSHOT_AS_OF = '2025-06-10T08:00:00Z';
export const NOW = '2025-06-10T09:00:00Z';

export const seed = (n: number) => new Uint8Array(32).fill(n);
export const producer: Signer = createSigner(nobleCrypto, { issuer: ISSUER, seed: seed(1) });

/** A signed USMCA certification (serial n). */
export function issued(
  n = 1,
  { signer = producer, now = ISSUED_AT }: { signer?: Signer; now?: string } = {},
): { credential: SignedCredential; hash: string } {
  const result = issueCredential(
    { crypto: nobleCrypto, now },
    { credential: usmcaCertification({ issuer: ISSUER, serial: n }), signer },
  );
  if (!result.success) throw new Error(JSON.stringify(result.problems));
  return { credential: result.credential, hash: result.hash };
}

/** A Merkle batch over the hashes, with each member's receipt (placed at `block`, `anchoredAt`). */
export function batch(
  hashes: string[],
  { block = ANCHOR_BLOCK, anchoredAt = ANCHORED_AT }: { block?: number; anchoredAt?: string } = {},
): { root: string; receipts: AnchorReceipt[] } {
  const tree = buildMerkleTree(nobleCrypto, hashes.map(fromHex));
  const root = toHex(tree.root);
  return {
    root,
    receipts: hashes.map((_, i) => ({
      root,
      leafIndex: i,
      treeSize: hashes.length,
      proof: tree.inclusionProof(i).map(toHex),
      blockNumber: block,
      anchoredAt,
    })),
  };
}

/** A snapshot that knows the producer (PRODUCER role, key 1) and the given anchored roots. */
export function snapshotOf(
  anchors: { root: string; size: number; blockNumber?: number; anchoredAt?: string }[],
  overrides: Partial<LedgerSnapshot> = {},
): LedgerSnapshot {
  return {
    blockNumber: SNAPSHOT_BLOCK,
    asOf: SNAPSHOT_AS_OF,
    organizations: [
      {
        id: ISSUER,
        active: true,
        roles: ['PRODUCER'],
        keys: [
          {
            publicKeyMultibase: producer.publicKeyMultibase,
            validFrom: '2024-01-01T00:00:00Z',
            validUntil: null,
            revokedAt: null,
          },
        ],
      },
    ],
    anchors: anchors.map((a) => ({
      root: a.root,
      issuer: ISSUER,
      size: a.size,
      blockNumber: a.blockNumber ?? ANCHOR_BLOCK,
      anchoredAt: a.anchoredAt ?? ANCHORED_AT,
    })),
    statuses: {},
    ...overrides,
  };
}
