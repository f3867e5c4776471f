import {
  type AnchorReceipt,
  buildMerkleTree,
  createSigner,
  fromHex,
  issueCredential,
  type LedgerSnapshot,
  type SignedCredential,
  toHex,
} from '@clearledger/core';
import { fastCrypto } from '@clearledger/node';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';

export const ISSUER = 'did:web:producer.example';
export const VERIFY_AT = '2025-06-10T09:00:00Z';

/** `count` signed USMCA certifications sealed in one Merkle batch, their receipts and a ledger snapshot. */
export function verifyFixtures(count: number): {
  credentials: SignedCredential[];
  receipts: AnchorReceipt[];
  snapshot: LedgerSnapshot;
} {
  const signer = createSigner(fastCrypto, { issuer: ISSUER, seed: fastCrypto.randomBytes(32) });
  const credentials: SignedCredential[] = [];
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const r = issueCredential(
      { crypto: fastCrypto, now: '2025-01-10T12:00:00Z' },
      { credential: usmcaCertification({ issuer: ISSUER, serial: i }), signer },
    );
    if (!r.success) throw new Error('fixture did not issue');
    // As a verifier receives it: the stored canonical JSON text, parsed.
    credentials.push(JSON.parse(r.canonical) as SignedCredential);
    hashes.push(fromHex(r.hash));
  }
  const tree = buildMerkleTree(fastCrypto, hashes);
  const root = toHex(tree.root);
  const receipts = credentials.map((_, i) => ({
    root,
    leafIndex: i,
    treeSize: count,
    proof: tree.inclusionProof(i).map(toHex),
  }));
  const snapshot: LedgerSnapshot = {
    blockNumber: 1,
    asOf: VERIFY_AT,
    organizations: [
      {
        id: ISSUER,
        active: true,
        roles: ['PRODUCER'],
        keys: [
          {
            publicKeyMultibase: signer.publicKeyMultibase,
            validFrom: '2024-01-01T00:00:00Z',
            validUntil: null,
            revokedAt: null,
          },
        ],
      },
    ],
    anchors: [{ root, issuer: ISSUER, size: count, blockNumber: 1, anchoredAt: '2025-01-10T12:00:05Z' }],
    statuses: {},
  };
  return { credentials, receipts, snapshot };
}
