import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { nobleCrypto } from '../crypto/nobleCrypto.ts';
import { fromHex, toHex } from '../encoding/bytes.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { buildMerkleTree, leafHash, nodeHash } from './merkleTree.ts';
import { verifyInclusion } from './verifyInclusion.ts';

type Vectors = {
  leaves: string[];
  nodeHashes: string[][];
  roots: string[];
  inclusionProofs: { leafIndex: number; treeSize: number; proof: string[] }[];
};

const vectors: Vectors = JSON.parse(
  readFileSync(new URL('../../../../test/vectors/merkle/rfc6962.json', import.meta.url), 'utf8'),
);

const nodeCrypto: CryptoPort = {
  ...nobleCrypto,
  sha256: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
};
const ports: [string, CryptoPort][] = [
  ['nobleCrypto', nobleCrypto],
  ['node:crypto', nodeCrypto],
];

/** RFC 9162 §2.1.1 MTH written straight from the recursive definition (memoised by range). */
function referenceRoot(crypto: CryptoPort, leaves: Uint8Array[], memo = new Map<string, Uint8Array>()) {
  const mth = (start: number, end: number): Uint8Array => {
    const key = `${start}:${end}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const n = end - start;
    let k = 1;
    while (k * 2 < n) k *= 2;
    const hash =
      n === 1 ? leafHash(crypto, leaves[start]!) : nodeHash(crypto, mth(start, start + k), mth(start + k, end));
    memo.set(key, hash);
    return hash;
  };
  return mth;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[start:end]) from the recursive definition. */
function referencePath(
  mth: (start: number, end: number) => Uint8Array,
  m: number,
  start: number,
  end: number,
): Uint8Array[] {
  const n = end - start;
  if (n === 1) return [];
  let k = 1;
  while (k * 2 < n) k *= 2;
  if (m < k) return [...referencePath(mth, m, start, start + k), mth(start + k, end)];
  return [...referencePath(mth, m - k, start + k, end), mth(start, start + k)];
}

/** Length of PATH(m, D[n]) from the recursive definition, without hashing. */
function referencePathLength(m: number, n: number): number {
  if (n === 1) return 0;
  let k = 1;
  while (k * 2 < n) k *= 2;
  return 1 + (m < k ? referencePathLength(m, k) : referencePathLength(m - k, n - k));
}

function distinctLeaves(n: number, salt: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => new TextEncoder().encode(`leaf ${salt}/${i}`));
}

describe('buildMerkleTree', () => {
  const leaves = vectors.leaves.map(fromHex);

  for (const [name, crypto] of ports) {
    describe(`RFC 6962 known answers (${name})`, () => {
      it('hashes each leaf as SHA-256(0x00 ‖ leaf)', () => {
        assert.deepEqual(
          leaves.map((leaf) => toHex(leafHash(crypto, leaf))),
          vectors.nodeHashes[0],
        );
      });

      it('hashes each complete subtree as SHA-256(0x01 ‖ left ‖ right)', () => {
        for (let level = 1; level < vectors.nodeHashes.length; level++) {
          const below = vectors.nodeHashes[level - 1]!.map(fromHex);
          const expected = vectors.nodeHashes[level]!;
          const got = expected.map((_, j) => toHex(nodeHash(crypto, below[2 * j]!, below[2 * j + 1]!)));
          assert.deepEqual(got, expected, `level ${level}`);
        }
      });

      it('reproduces the roots of the trees of sizes 1 to 8', () => {
        const got = vectors.roots.map((_, k) => toHex(buildMerkleTree(crypto, leaves.slice(0, k + 1)).root));
        assert.deepEqual(got, vectors.roots);
      });

      it('reproduces the published inclusion proofs', () => {
        for (const v of vectors.inclusionProofs) {
          const tree = buildMerkleTree(crypto, leaves.slice(0, v.treeSize));
          assert.equal(tree.size, v.treeSize);
          assert.deepEqual(
            tree.inclusionProof(v.leafIndex).map(toHex),
            v.proof,
            `leaf ${v.leafIndex} of ${v.treeSize}`,
          );
        }
      });
    });
  }

  it('promotes an odd last node instead of duplicating it (not a Bitcoin-style tree)', () => {
    const three = leaves.slice(0, 3);
    const [a, b, c] = three.map((leaf) => leafHash(nobleCrypto, leaf)) as [Uint8Array, Uint8Array, Uint8Array];
    const duplicated = nodeHash(nobleCrypto, nodeHash(nobleCrypto, a, b), nodeHash(nobleCrypto, c, c));
    const root = buildMerkleTree(nobleCrypto, three).root;
    assert.equal(toHex(root), toHex(nodeHash(nobleCrypto, nodeHash(nobleCrypto, a, b), c)));
    assert.notEqual(toHex(root), toHex(duplicated));
  });

  it('matches the recursive RFC 9162 definition (MTH and PATH) for every index of trees of 1 to 70 leaves', () => {
    for (let n = 1; n <= 70; n++) {
      const data = distinctLeaves(n, n);
      const mth = referenceRoot(nodeCrypto, data);
      const tree = buildMerkleTree(nodeCrypto, data);
      assert.equal(toHex(tree.root), toHex(mth(0, n)), `root of ${n}`);
      for (let m = 0; m < n; m++) {
        assert.deepEqual(
          tree.inclusionProof(m).map(toHex),
          referencePath(mth, m, 0, n).map(toHex),
          `leaf ${m} of ${n}`,
        );
      }
    }
  });

  it('matches the recursive definition for random sizes up to 1,000 and random leaf contents', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: 1, maxLength: 1000, size: 'max' }),
        fc.nat(),
        (data, pick) => {
          const mth = referenceRoot(nodeCrypto, data);
          const tree = buildMerkleTree(nodeCrypto, data);
          assert.equal(toHex(tree.root), toHex(mth(0, data.length)));
          const m = pick % data.length;
          assert.deepEqual(tree.inclusionProof(m).map(toHex), referencePath(mth, m, 0, data.length).map(toHex));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('hashes leaves of any length, including ones longer than the internal scratch buffer', () => {
    const data = [new Uint8Array(0), new Uint8Array(5000).fill(7), new Uint8Array(3).fill(1), new Uint8Array(70_000)];
    const mth = referenceRoot(nobleCrypto, data);
    assert.equal(toHex(buildMerkleTree(nobleCrypto, data).root), toHex(mth(0, data.length)));
  });

  it('refuses an empty tree with CL_MERKLE_EMPTY', () => {
    assert.throws(
      () => buildMerkleTree(nobleCrypto, []),
      (error) => error instanceof ClearledgerError && error.code === 'CL_MERKLE_EMPTY',
    );
  });

  it('refuses proofs for indices outside the tree with CL_INPUT_INVALID', () => {
    const tree = buildMerkleTree(nobleCrypto, distinctLeaves(5, 0));
    for (const index of [-1, 5, 6, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      assert.throws(
        () => tree.inclusionProof(index),
        (error) => error instanceof ClearledgerError && error.code === 'CL_INPUT_INVALID',
        String(index),
      );
    }
  });

  it('hands out copies: changing a returned proof or root does not change the tree', () => {
    const tree = buildMerkleTree(nobleCrypto, distinctLeaves(6, 1));
    const before = tree.inclusionProof(3).map(toHex);
    const proof = tree.inclusionProof(3);
    for (const element of proof) element.fill(0);
    assert.deepEqual(tree.inclusionProof(3).map(toHex), before);
    assert.equal(proof[0]!.length, 32);
  });

  it('builds a 100,000-leaf tree whose every proof has the RFC length (at most ⌈log2 n⌉) and verifies', () => {
    const n = 100_000;
    const data = distinctLeaves(n, 2);
    const tree = buildMerkleTree(nodeCrypto, data);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const proof = tree.inclusionProof(i);
      assert.equal(proof.length, referencePathLength(i, n));
      total += proof.length;
      if (i % 997 === 0 || i === n - 1) {
        const leaf = leafHash(nodeCrypto, data[i]!);
        assert.deepEqual(
          verifyInclusion(nodeCrypto, { leafHash: leaf, leafIndex: i, treeSize: n, proof, root: tree.root }),
          {
            ok: true,
          },
        );
      }
    }
    assert.ok(total <= 17 * n);
  });
});
