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
          const r = verifyInclusionCached(counting, cache, {
            leafHash: lh,
            leafIndex: i,
            treeSize: n,
            proof: t.proof(i),
            root: t.root,
          });
          assert.ok(r.ok);
          cache.commit(r.proven);
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
      const r = verifyInclusionCached(counting, cache, {
        leafHash: lhs[i]!,
        leafIndex: i,
        treeSize: n,
        proof: t.proof(i),
        root: t.root,
      });
      assert.ok(r.ok);
      cache.commit(r.proven);
    }
    assert.ok(hashes < 2 * n, `${hashes} hashes for ${n} records`);
    assert.ok(hashes >= n - 1, 'every internal node is computed once');
  });

  it('never writes the cache itself: the caller commits only what the anchor confirmed', () => {
    const t = tree(9, 3);
    const cache = createInclusionCache();
    for (let i = 0; i < 9; i++) {
      const r = verifyInclusionCached(counting, cache, {
        leafHash: leafHash(counting, t.leaves[i]!),
        leafIndex: i,
        treeSize: 9,
        proof: t.proof(i),
        root: t.root,
      });
      assert.ok(r.ok);
      assert.equal(r.proven.root, t.root);
      assert.equal(r.proven.treeSize, 9);
    }
    assert.equal(cache.size, 0);
  });

  it('a node proven for one tree size is never read for another size of the same root', () => {
    // Leaf 2 of a 3-leaf tree also passes as index 1 of a 2-leaf tree whose only sibling is H(l0, l1):
    // RFC 9162 proofs of neighbouring sizes can share a root. Committed under size 2 (as an unchecked
    // cache used to), its "level 1, index 0" node is the root, which is not that node in the real tree.
    const t = tree(3, 11);
    const cache = createInclusionCache();
    const lh = (i: number) => leafHash(counting, t.leaves[i]!);
    const forged = verifyInclusionCached(counting, cache, {
      leafHash: lh(2),
      leafIndex: 1,
      treeSize: 2,
      proof: t.proof(2),
      root: t.root,
    });
    assert.ok(forged.ok, 'the neighbouring-size proof passes on its own: the anchored size must reject it');
    cache.commit(forged.proven);
    for (let i = 0; i < 3; i++) {
      const r = verifyInclusionCached(counting, cache, {
        leafHash: lh(i),
        leafIndex: i,
        treeSize: 3,
        proof: t.proof(i),
        root: t.root,
      });
      assert.equal(r.ok, true, `genuine leaf ${i} of 3`);
    }
  });

  it('keeps at most maxEntries nodes, dropping the oldest tree first', () => {
    const cache = createInclusionCache(10);
    const trees = [tree(8, 20), tree(8, 21), tree(8, 22)];
    for (const t of trees)
      for (let i = 0; i < 8; i++) {
        const r = verifyInclusionCached(counting, cache, {
          leafHash: leafHash(counting, t.leaves[i]!),
          leafIndex: i,
          treeSize: 8,
          proof: t.proof(i),
          root: t.root,
        });
        assert.ok(r.ok);
        cache.commit(r.proven);
        assert.ok(cache.size <= 10, `${cache.size} nodes`);
      }
    assert.equal(cache.get(trees[0]!.root, 8, 3 * 2 ** 32), undefined, 'the first tree was dropped');
    assert.notEqual(cache.get(trees[2]!.root, 8, 3 * 2 ** 32), undefined, 'the last tree is kept');
  });
});
