import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { issueCredential } from '../credentials/issueCredential.ts';
import { createSigner } from '../credentials/signer.ts';
import { nobleCrypto as crypto } from '../crypto/nobleCrypto.ts';
import { fromHex, toHex } from '../encoding/bytes.ts';
import { type LedgerSnapshot, snapshotLedgerView } from '../ledger/snapshotLedgerView.ts';
import { createInclusionCache } from '../merkle/inclusionCache.ts';
import { buildMerkleTree, leafHash } from '../merkle/merkleTree.ts';
import { verifyInclusion } from '../merkle/verifyInclusion.ts';
import type { AnchorReceipt, VerificationReport } from './types.ts';
import { type VerifyContext, verifyCredential } from './verifyCredential.ts';

// The process-wide inclusion cache of the anonymous verify route and of the officer app must not let
// one receipt change the verdict on another: only nodes the anchor confirmed (root anchored by the
// issuer, with the receipt's tree size) may enter it.

const PRODUCER = 'did:web:producer.example';
const producer = createSigner(crypto, { issuer: PRODUCER, seed: new Uint8Array(32).fill(1) });
const NOW = '2025-06-10T09:00:00Z';

let serial = 0;
function issue() {
  const result = issueCredential(
    { crypto, now: '2025-01-10T12:00:00Z' },
    { credential: usmcaCertification({ issuer: PRODUCER, serial: ++serial }), signer: producer },
  );
  assert.ok(result.success);
  return result;
}

type Batch = {
  root: string;
  size: number;
  records: { credential: Record<string, unknown>; hash: string }[];
  receipts: AnchorReceipt[];
  nodes: (i: number) => string[];
};

function batch(size: number): Batch {
  const records = Array.from({ length: size }, issue);
  const tree = buildMerkleTree(
    crypto,
    records.map((r) => fromHex(r.hash)),
  );
  const root = toHex(tree.root);
  const nodes = (i: number) => tree.inclusionProof(i).map(toHex);
  return {
    root,
    size,
    records,
    nodes,
    receipts: records.map((_, i) => ({ root, leafIndex: i, treeSize: size, proof: nodes(i) })),
  };
}

function snapshotOf(batches: Batch[]): LedgerSnapshot {
  return {
    blockNumber: 42,
    asOf: NOW,
    organizations: [
      {
        id: PRODUCER,
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
    anchors: batches.map((b, i) => ({
      root: b.root,
      issuer: PRODUCER,
      size: b.size,
      blockNumber: 40 + i,
      anchoredAt: '2025-01-10T12:00:05Z',
    })),
    statuses: {},
  };
}

describe('verifyCredential with an inclusion cache', () => {
  it('a genuine leaf 2 of a 3-leaf batch presented as index 1 of size 2 is INVALID, and every genuine record of the batch stays VALID', async () => {
    const b = batch(3);
    const ledger = snapshotLedgerView(snapshotOf([b]));
    const ctx: VerifyContext = { crypto, now: NOW, ledger, inclusionCache: createInclusionCache() };
    const forged: AnchorReceipt = { root: b.root, leafIndex: 1, treeSize: 2, proof: b.nodes(2) };
    const leaf = leafHash(crypto, fromHex(b.records[2]!.hash));
    assert.ok(
      verifyInclusion(crypto, {
        leafHash: leaf,
        leafIndex: 1,
        treeSize: 2,
        proof: forged.proof.map(fromHex),
        root: fromHex(b.root),
      }).ok,
      'the forged receipt is a correct proof for a 2-leaf tree: only the anchored size tells it apart',
    );
    const attack = await verifyCredential(ctx, { credential: b.records[2]!.credential, anchor: forged });
    assert.equal(attack.verdict, 'INVALID');
    const anchorCheck = attack.checks.find((c) => c.check === 'anchor')!;
    assert.equal(anchorCheck.code, 'CL_VERIFY_ANCHOR_PROOF');
    assert.match(anchorCheck.message, /claims a batch of 2, but 3 were anchored/);
    assert.equal(ctx.inclusionCache!.size, 0, 'nothing of the rejected receipt was kept');
    for (let i = 0; i < 3; i++) {
      const r = await verifyCredential(ctx, { credential: b.records[i]!.credential, anchor: b.receipts[i]! });
      assert.equal(r.verdict, 'VALID', `record ${i}: ${JSON.stringify(r.checks.find((c) => c.status !== 'VALID'))}`);
    }
    assert.ok(ctx.inclusionCache!.size > 0, 'confirmed receipts fill the cache');
  });

  it('keeps nothing from a receipt whose root is not anchored, or anchored with another size, or verified without a ledger', async () => {
    const b = batch(4);
    const inclusionCache = createInclusionCache();
    const receipt = b.receipts[1]!;
    const { credential } = b.records[1]!;
    await verifyCredential({ crypto, now: NOW, inclusionCache }, { credential, anchor: receipt });
    await verifyCredential(
      { crypto, now: NOW, inclusionCache, ledger: snapshotLedgerView(snapshotOf([])) },
      { credential, anchor: receipt },
    );
    const wrongSize = snapshotOf([{ ...b, size: 5 }]);
    await verifyCredential(
      { crypto, now: NOW, inclusionCache, ledger: snapshotLedgerView(wrongSize) },
      { credential, anchor: receipt },
    );
    assert.equal(inclusionCache.size, 0);
  });

  describe('property: forged receipts never change a genuine verdict', () => {
    const batches = [batch(1), batch(3), batch(5), batch(7)];
    const ledger = snapshotLedgerView(snapshotOf(batches));
    const kinds = [
      'genuine',
      'wrongIndex',
      'wrongSize',
      'wrongSibling',
      'wrongRoot',
      'truncated',
      'neighbour',
      'fakeTree',
    ] as const;
    type Kind = (typeof kinds)[number];

    // Receipts that pass the inclusion proof on their own for another (index, size) of the same root,
    // built from the batch's own proofs: the RFC 9162 neighbouring-size cases the anchor must reject.
    const neighbours = batches.map((b) =>
      b.records.map((r, i) => {
        const leaf = leafHash(crypto, fromHex(r.hash));
        const found: AnchorReceipt[] = [];
        for (let j = 0; j < b.size; j++)
          for (let m = 1; m <= 2 * b.size + 1; m++)
            for (let k = 0; k < m; k++) {
              if (m === b.size && k === i) continue;
              const proof = b.nodes(j);
              if (
                verifyInclusion(crypto, {
                  leafHash: leaf,
                  leafIndex: k,
                  treeSize: m,
                  proof: proof.map(fromHex),
                  root: fromHex(b.root),
                }).ok
              )
                found.push({ root: b.root, leafIndex: k, treeSize: m, proof });
            }
        return found;
      }),
    );
    assert.ok(
      neighbours.flat(2).length >= 3,
      'the batches include leaves with neighbouring-size proofs (the attack of the first test)',
    );

    function receiptFor(b: Batch, i: number, kind: Kind, k: number): AnchorReceipt {
      const genuine = b.receipts[i]!;
      const flip = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);
      switch (kind) {
        case 'genuine':
          return genuine;
        case 'wrongIndex':
          return { ...genuine, leafIndex: b.size === 1 ? 1 : (i + 1 + (k % (b.size - 1))) % b.size };
        case 'wrongSize':
          return { ...genuine, treeSize: b.size + 1 + (k % 3) };
        case 'wrongSibling':
          return genuine.proof.length === 0
            ? { ...genuine, root: flip(genuine.root) }
            : { ...genuine, proof: genuine.proof.map((h, j) => (j === k % genuine.proof.length ? flip(h) : h)) };
        case 'wrongRoot': {
          const other = batches[k % batches.length]!;
          return { ...genuine, root: other.root === b.root ? flip(b.root) : other.root };
        }
        case 'truncated':
          // A one-leaf batch has nothing to cut: one node too many is the same malformation.
          return { ...genuine, proof: genuine.proof.length === 0 ? [genuine.root] : genuine.proof.slice(0, -1) };
        case 'neighbour': {
          const list = neighbours[batches.indexOf(b)]![i]!;
          return list.length === 0 ? { ...genuine, leafIndex: b.size } : list[k % list.length]!;
        }
        case 'fakeTree': {
          // A tree of its own around the genuine leaf: a correct proof to a root nobody anchored.
          const size = 2 + (k % 6);
          const at = k % size;
          const leaves = Array.from({ length: size }, (_, j) =>
            j === at ? fromHex(b.records[i]!.hash) : crypto.sha256Utf8(`filler ${k} ${j}`),
          );
          const tree = buildMerkleTree(crypto, leaves);
          return {
            root: toHex(tree.root),
            leafIndex: at,
            treeSize: size,
            proof: tree.inclusionProof(at).map(toHex),
          };
        }
      }
    }

    const uncached = new Map<string, VerificationReport>();
    const withoutCache = async (credential: Record<string, unknown>, anchor: AnchorReceipt) => {
      const key = JSON.stringify([credential.id, anchor]);
      let report = uncached.get(key);
      if (report === undefined) {
        report = await verifyCredential({ crypto, now: NOW, ledger }, { credential, anchor });
        uncached.set(key, report);
      }
      return report;
    };

    it('any interleaving of forged and genuine receipts of several batches leaves every genuine report as it is without a cache', async () => {
      const op = fc.record({
        batch: fc.nat({ max: batches.length - 1 }),
        leaf: fc.nat(),
        kind: fc.constantFrom(...kinds),
        k: fc.nat({ max: 1000 }),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 24 }), async (ops) => {
          const inclusionCache = createInclusionCache();
          const ctx: VerifyContext = { crypto, now: NOW, ledger, inclusionCache };
          for (const { batch: bi, leaf, kind, k } of ops) {
            const b = batches[bi]!;
            const i = leaf % b.size;
            const { credential } = b.records[i]!;
            const anchor = receiptFor(b, i, kind, k);
            const cached = await verifyCredential(ctx, { credential, anchor });
            const plain = await withoutCache(credential, anchor);
            if (kind === 'wrongSibling') {
              // A node above an already proven one is never read: the record is then proven where the
              // proof meets the anchored tree, exactly as its genuine receipt would prove it.
              const genuine = await withoutCache(credential, b.receipts[i]!);
              assert.ok(
                JSON.stringify(cached) === JSON.stringify(plain) || JSON.stringify(cached) === JSON.stringify(genuine),
              );
            } else assert.deepEqual(cached, plain, `${kind} receipt of record ${i} of batch ${bi}`);
            if (kind !== 'genuine' && kind !== 'wrongSibling') assert.equal(cached.verdict, 'INVALID', kind);
          }
          // Afterwards every genuine receipt of every batch verifies as it does without a cache.
          for (const b of batches)
            for (const [i, r] of b.records.entries()) {
              const cached = await verifyCredential(ctx, { credential: r.credential, anchor: b.receipts[i]! });
              assert.deepEqual(cached, await withoutCache(r.credential, b.receipts[i]!));
              assert.equal(cached.verdict, 'VALID');
            }
        }),
        { numRuns: 25 },
      );
    });
  });
});
