import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { nobleCrypto } from '../crypto/nobleCrypto.ts';
import { fromHex, toHex } from '../encoding/bytes.ts';
import { buildMerkleTree, leafHash } from './merkleTree.ts';
import { rootFromInclusion } from './rootFromInclusion.ts';
import { type VerifyInclusionParameters, verifyInclusion } from './verifyInclusion.ts';

type Vectors = {
  leaves: string[];
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

// From transparency-dev/merkle proof/verify_test.go.
const someHash = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');
const emptyTreeHash = fromHex('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

/**
 * Which side each audit-path hash sits on, leaf to root, from the recursive RFC 9162 PATH definition
 * ('R': the sibling is the right subtree, 'L': the left one).
 */
function pathShape(m: number, n: number): string {
  if (n === 1) return '';
  let k = 1;
  while (k * 2 < n) k *= 2;
  return m < k ? pathShape(m, k) + 'R' : pathShape(m - k, n - k) + 'L';
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[Math.floor(bit / 8) % copy.length]! ^= 1 << (bit % 8);
  return copy;
}

function distinctLeaves(n: number, salt: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => new TextEncoder().encode(`leaf ${salt}/${i}`));
}

function expectMalformed(crypto: CryptoPort, parameters: unknown, message: string) {
  const result = verifyInclusion(crypto, parameters as VerifyInclusionParameters);
  assert.equal(result.ok, false, message);
  assert.equal(!result.ok && result.code, 'CL_MERKLE_PROOF_MALFORMED', message);
}

describe('verifyInclusion', () => {
  const leaves = vectors.leaves.map(fromHex);

  for (const [name, crypto] of ports) {
    describe(`RFC 6962 known answers (${name})`, () => {
      for (const v of vectors.inclusionProofs) {
        const leaf = leafHash(crypto, leaves[v.leafIndex]!);
        const root = fromHex(vectors.roots[v.treeSize - 1]!);
        const proof = v.proof.map(fromHex);
        const good = { leafHash: leaf, leafIndex: v.leafIndex, treeSize: v.treeSize, proof, root };

        it(`verifies the published proof of leaf ${v.leafIndex} in a tree of ${v.treeSize}`, () => {
          assert.deepEqual(verifyInclusion(crypto, good), { ok: true });
          const computed = rootFromInclusion(crypto, good);
          assert.ok(computed.ok);
          assert.equal(toHex(computed.root), toHex(root));
        });

        it(`rejects the transparency-dev corruptions of leaf ${v.leafIndex} in a tree of ${v.treeSize}`, () => {
          const probes: [string, Partial<VerifyInclusionParameters>][] = [
            ['leafIndex - 1', { leafIndex: v.leafIndex - 1 }],
            ['leafIndex + 1', { leafIndex: v.leafIndex + 1 }],
            ['leafIndex ^ 2', { leafIndex: v.leafIndex ^ 2 }],
            ['treeSize * 2', { treeSize: v.treeSize * 2 }],
            ['treeSize / 2', { treeSize: Math.floor(v.treeSize / 2) }],
            ['wrong leaf', { leafHash: new TextEncoder().encode('WrongLeaf') }],
            ['wrong leaf (32 bytes)', { leafHash: someHash }],
            ['empty root', { root: emptyTreeHash }],
            ['random root', { root: someHash }],
            ['trailing garbage', { proof: [...proof, new Uint8Array(0)] }],
            ['trailing root', { proof: [...proof, root] }],
            ['preceding garbage', { proof: [new Uint8Array(0), ...proof] }],
            ['preceding root', { proof: [root, ...proof] }],
          ];
          proof.forEach((_, i) => {
            probes.push([`modified proof[${i}] bit 3`, { proof: proof.map((p, j) => (i === j ? flipBit(p, 3) : p)) }]);
          });
          if (proof.length > 0) probes.push(['removed component', { proof: proof.slice(0, -1) }]);
          if (proof.length > 1) {
            probes.push(['inserted component', { proof: [proof[0]!, someHash, ...proof.slice(1)] }]);
          }
          for (const [description, change] of probes) {
            const result = verifyInclusion(crypto, { ...good, ...change });
            assert.equal(result.ok, false, description);
          }
        });
      }
    });
  }

  it('accepts a single-leaf tree with an empty path only when leaf hash and root agree', () => {
    const hash = leafHash(nobleCrypto, new TextEncoder().encode('data'));
    const base = { leafIndex: 0, treeSize: 1, proof: [] };
    assert.deepEqual(verifyInclusion(nobleCrypto, { ...base, leafHash: hash, root: hash }), { ok: true });
    const other = verifyInclusion(nobleCrypto, { ...base, leafHash: hash, root: someHash });
    assert.equal(!other.ok && other.code, 'CL_VERIFY_ANCHOR_PROOF');
    expectMalformed(nobleCrypto, { ...base, leafHash: hash, root: new Uint8Array(0) }, 'empty root');
    expectMalformed(nobleCrypto, { ...base, leafHash: new Uint8Array(0), root: hash }, 'empty leaf hash');
  });

  it('reports malformed input as CL_MERKLE_PROOF_MALFORMED without throwing', () => {
    const tree = buildMerkleTree(nobleCrypto, distinctLeaves(6, 0));
    const leaf = leafHash(nobleCrypto, distinctLeaves(6, 0)[4]!);
    const proof = tree.inclusionProof(4);
    const good = { leafHash: leaf, leafIndex: 4, treeSize: 6, proof, root: tree.root };
    assert.deepEqual(verifyInclusion(nobleCrypto, good), { ok: true });
    const cases: [string, unknown][] = [
      ['size 0', { ...good, treeSize: 0, leafIndex: 0, proof: [] }],
      ['index = size', { ...good, leafIndex: 6 }],
      ['index > size', { ...good, leafIndex: 7 }],
      ['negative index', { ...good, leafIndex: -1 }],
      ['negative size', { ...good, treeSize: -6 }],
      ['fractional index', { ...good, leafIndex: 3.5 }],
      ['fractional size', { ...good, treeSize: 6.5 }],
      ['NaN index', { ...good, leafIndex: Number.NaN }],
      ['infinite size', { ...good, treeSize: Number.POSITIVE_INFINITY }],
      ['size beyond 2^53', { ...good, treeSize: 2 ** 60 }],
      ['index as a string', { ...good, leafIndex: '4' }],
      ['bigint size', { ...good, treeSize: 6n }],
      ['proof too long', { ...good, proof: [...proof, proof[0]] }],
      ['proof truncated', { ...good, proof: proof.slice(0, -1) }],
      ['empty proof', { ...good, proof: [] }],
      ['31-byte element', { ...good, proof: [proof[0]!.slice(0, 31), ...proof.slice(1)] }],
      ['33-byte element', { ...good, proof: [new Uint8Array(33), ...proof.slice(1)] }],
      ['element not bytes', { ...good, proof: [toHex(proof[0]!), ...proof.slice(1)] }],
      ['element missing', { ...good, proof: [undefined, ...proof.slice(1)] }],
      ['proof not an array', { ...good, proof: 'abc' }],
      ['proof missing', { ...good, proof: undefined }],
      ['31-byte leaf hash', { ...good, leafHash: leaf.slice(1) }],
      ['leaf hash as hex', { ...good, leafHash: toHex(leaf) }],
      ['33-byte root', { ...good, root: new Uint8Array(33) }],
      ['root missing', { ...good, root: undefined }],
      ['parameters null', null],
      ['parameters a number', 42],
    ];
    for (const [description, parameters] of cases) expectMalformed(nobleCrypto, parameters, description);
  });

  it('explains why a proof is malformed', () => {
    const tree = buildMerkleTree(nobleCrypto, distinctLeaves(6, 0));
    const result = verifyInclusion(nobleCrypto, {
      leafHash: leafHash(nobleCrypto, distinctLeaves(6, 0)[4]!),
      leafIndex: 4,
      treeSize: 6,
      proof: tree.inclusionProof(4).slice(0, 1),
      root: tree.root,
    });
    assert.equal(!result.ok && result.reason, 'The audit path has 1 hashes; leaf 4 of a tree of size 6 needs 2.');
  });

  it('accepts a proof under another tree size when RFC 9162 walks both sizes the same way', () => {
    // Leaf 4 of 7 and leaf 4 of 8 have audit paths of the same shape (right, right, left), so the
    // algorithm cannot tell the sizes apart: the anchor must bind each root to its size.
    assert.equal(pathShape(4, 7), pathShape(4, 8));
    const data = distinctLeaves(7, 3);
    const tree = buildMerkleTree(nobleCrypto, data);
    const parameters = {
      leafHash: leafHash(nobleCrypto, data[4]!),
      leafIndex: 4,
      proof: tree.inclusionProof(4),
      root: tree.root,
    };
    assert.deepEqual(verifyInclusion(nobleCrypto, { ...parameters, treeSize: 7 }), { ok: true });
    assert.deepEqual(verifyInclusion(nobleCrypto, { ...parameters, treeSize: 8 }), { ok: true });
    assert.equal(verifyInclusion(nobleCrypto, { ...parameters, treeSize: 6 }).ok, false);
  });

  describe('properties (trees of 1 to 300 distinct leaves)', () => {
    const trees = new Map<number, { data: Uint8Array[]; tree: ReturnType<typeof buildMerkleTree> }>();
    const treeOf = (n: number) => {
      let entry = trees.get(n);
      if (entry === undefined) {
        const data = distinctLeaves(n, n);
        entry = { data, tree: buildMerkleTree(nodeCrypto, data) };
        trees.set(n, entry);
      }
      return entry;
    };
    const sizes = fc.integer({ min: 1, max: 300 });
    const caseOf = (n: number, index: number) => {
      const { data, tree } = treeOf(n);
      const m = index % n;
      return {
        leafHash: leafHash(nodeCrypto, data[m]!),
        leafIndex: m,
        treeSize: n,
        proof: tree.inclusionProof(m),
        root: tree.root,
      };
    };

    it('every proof of every leaf verifies and has the length of the RFC PATH', () => {
      fc.assert(
        fc.property(sizes, (n) => {
          for (let m = 0; m < n; m++) {
            const parameters = caseOf(n, m);
            assert.deepEqual(verifyInclusion(nodeCrypto, parameters), { ok: true });
            assert.equal(parameters.proof.length, pathShape(m, n).length);
          }
        }),
        { numRuns: 40 },
      );
    });

    it('flipping any bit of any proof element, the leaf hash or the root is rejected', () => {
      fc.assert(
        fc.property(sizes, fc.nat(), fc.nat(), fc.nat({ max: 255 }), (n, index, target, bit) => {
          const parameters = caseOf(n, index);
          const slots = parameters.proof.length + 2;
          const which = target % slots;
          const changed =
            which === 0
              ? { ...parameters, leafHash: flipBit(parameters.leafHash, bit) }
              : which === 1
                ? { ...parameters, root: flipBit(parameters.root, bit) }
                : {
                    ...parameters,
                    proof: parameters.proof.map((p, j) => (j === which - 2 ? flipBit(p, bit) : p)),
                  };
          const result = verifyInclusion(nodeCrypto, changed);
          assert.equal(!result.ok && result.code, 'CL_VERIFY_ANCHOR_PROOF');
        }),
        { numRuns: 500 },
      );
    });

    it('any other leaf index is rejected', () => {
      fc.assert(
        fc.property(sizes, fc.nat(), fc.integer({ min: -5, max: 700 }), (n, index, other) => {
          const parameters = caseOf(n, index);
          fc.pre(other !== parameters.leafIndex);
          assert.equal(verifyInclusion(nodeCrypto, { ...parameters, leafIndex: other }).ok, false);
        }),
        { numRuns: 500 },
      );
    });

    it('any other tree size is rejected unless RFC 9162 walks it exactly like the true size', () => {
      fc.assert(
        fc.property(sizes, fc.nat(), fc.integer({ min: -2, max: 700 }), (n, index, other) => {
          const parameters = caseOf(n, index);
          fc.pre(other !== n);
          const result = verifyInclusion(nodeCrypto, { ...parameters, treeSize: other });
          const sameWalk =
            other > parameters.leafIndex &&
            pathShape(parameters.leafIndex, other) === pathShape(parameters.leafIndex, n);
          assert.equal(result.ok, sameWalk);
        }),
        { numRuns: 500 },
      );
    });

    it('dropping or appending an audit-path element is rejected as malformed', () => {
      fc.assert(
        fc.property(sizes, fc.nat(), fc.nat(), fc.boolean(), (n, index, position, append) => {
          const parameters = caseOf(n, index);
          const proof = [...parameters.proof];
          if (append) proof.splice(position % (proof.length + 1), 0, someHash);
          else {
            fc.pre(proof.length > 0);
            proof.splice(position % proof.length, 1);
          }
          const result = verifyInclusion(nodeCrypto, { ...parameters, proof });
          assert.equal(!result.ok && result.code, 'CL_MERKLE_PROOF_MALFORMED');
        }),
        { numRuns: 300 },
      );
    });
  });
});
