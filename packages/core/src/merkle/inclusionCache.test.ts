import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { nobleCrypto } from '../crypto/nobleCrypto.ts';
import { toHex } from '../encoding/bytes.ts';
import { createInclusionCache, verifyInclusionCached } from './inclusionCache.ts';
import { buildMerkleTree, leafHash } from './merkleTree.ts';
import { verifyInclusion } from './verifyInclusion.ts';

let hashes = 0;
const counting: CryptoPort = {
  ...nobleCrypto,
  sha256: (d) => {
    hashes++;
    return new Uint8Array(createHash('sha256').update(d).digest());
  },
};

function tree(n: number, salt = 0) {
  const leaves = Array.from({ length: n }, (_, i) => new TextEncoder().encode(`leaf ${salt} ${i}`));
  const t = buildMerkleTree(counting, leaves);
  return { leaves, root: toHex(t.root), proof: (i: number) => t.inclusionProof(i).map(toHex) };
}

describe('verifyInclusionCached', () => {
  it('answers exactly like verifyInclusion, for valid and tampered proofs, with a warm cache', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.nat(), fc.nat(), fc.nat(), (n, a, b, bit) => {
        const t = tree(n, a);
        const cache = createInclusionCache();
        const order = Array.from({ length: n }, (_, i) => (i * (b | 1)) % n);
        for (const i of order) {
          const lh = leafHash(counting, t.leaves[i]!);
          assert.deepEqual(
            verifyInclusionCached(counting, cache, {
              leafHash: lh,
              leafIndex: i,
              treeSize: n,
              proof: t.proof(i),
              root: t.root,
            }),
            { ok: true },
          );
        }
        // Now tamper with one leaf, one path node, the index: still rejected with the cache warm.
        const i = a % n;
        const bad = leafHash(counting, new TextEncoder().encode('forged'));
        const cached = verifyInclusionCached(counting, cache, {
          leafHash: bad,
          leafIndex: i,
          treeSize: n,
          proof: t.proof(i),
          root: t.root,
        });
        const plain = verifyInclusion(counting, {
          leafHash: bad,
          leafIndex: i,
          treeSize: n,
          proof: t.proof(i).map((h) => Uint8Array.from(Buffer.from(h, 'hex'))),
          root: Buffer.from(t.root, 'hex'),
        });
        assert.equal(cached.ok, false);
        assert.equal(plain.ok, false);
        const proof = t.proof(i);
        if (proof.length > 0) {
          const k = bit % proof.length;
          const flipped = proof.map((h, j) => (j === k ? (h[0] === '0' ? '1' : '0') + h.slice(1) : h));
          const lh = leafHash(counting, t.leaves[i]!);
          // A flipped node the walk reaches before a cached node is rejected; one above a cached node is never read.
          const r = verifyInclusionCached(counting, createInclusionCache(), {
            leafHash: lh,
            leafIndex: i,
            treeSize: n,
            proof: flipped,
            root: t.root,
          });
          assert.equal(r.ok, false);
        }
        if (n > 1) {
          const wrongIndex = (i + 1) % n;
          const r = verifyInclusionCached(counting, cache, {
            leafHash: leafHash(counting, t.leaves[i]!),
            leafIndex: wrongIndex,
            treeSize: n,
            proof: t.proof(wrongIndex),
            root: t.root,
          });
          assert.equal(r.ok, false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('rejects malformed input without throwing', () => {
    const t = tree(5);
    const cache = createInclusionCache();
    const lh = leafHash(counting, t.leaves[0]!);
    for (const params of [
      { leafIndex: 5, treeSize: 5, proof: t.proof(0), root: t.root },
      { leafIndex: 0, treeSize: 0, proof: [], root: t.root },
      { leafIndex: 0, treeSize: 5, proof: t.proof(0).slice(1), root: t.root },
      { leafIndex: 0, treeSize: 5, proof: [...t.proof(0), t.root], root: t.root },
      { leafIndex: 0, treeSize: 5, proof: ['xyz'], root: t.root },
      { leafIndex: 0, treeSize: 5, proof: t.proof(0), root: 'not hex' },
      { leafIndex: -1, treeSize: 5, proof: t.proof(0), root: t.root },
      { leafIndex: 0.5, treeSize: 5, proof: t.proof(0), root: t.root },
    ]) {
      const r = verifyInclusionCached(counting, cache, { leafHash: lh, ...params });
      assert.equal(r.ok, false);
    }
  });

  it('verifying a whole batch costs about one node hash per record once warm', () => {
    const n = 4096;
    const t = tree(n, 7);
    const cache = createInclusionCache();
    const lhs = t.leaves.map((l) => leafHash(counting, l));
    hashes = 0;
    for (let i = 0; i < n; i++) {
      assert.equal(
        verifyInclusionCached(counting, cache, {
          leafHash: lhs[i]!,
          leafIndex: i,
          treeSize: n,
          proof: t.proof(i),
          root: t.root,
        }).ok,
        true,
      );
    }
    assert.ok(hashes < 2 * n, `${hashes} hashes for ${n} records`);
    assert.ok(hashes >= n - 1, 'every internal node is computed once');
  });
});
