import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { MERKLE_HASH_SIZE, nodeHash } from './merkleTree.ts';

/** Parameters of {@link rootFromInclusion}. */
export type RootFromInclusionParameters = {
  /** The leaf's RFC 9162 leaf hash (32 bytes), not the leaf data. */
  leafHash: Uint8Array;
  /** Zero-based index of the leaf. */
  leafIndex: number;
  /** Number of leaves in the tree the proof is for. */
  treeSize: number;
  /** Audit path, from the leaf's sibling upwards (32-byte hashes). */
  proof: readonly Uint8Array[];
};

/** A proof that cannot lead anywhere: wrong shape, sizes or length. */
export type MerkleProofMalformed = { ok: false; code: 'CL_MERKLE_PROOF_MALFORMED'; reason: string };

/** Result of {@link rootFromInclusion}. */
export type RootFromInclusionResult = { ok: true; root: Uint8Array } | MerkleProofMalformed;

/**
 * Number of audit-path hashes RFC 9162 §2.1.3.2 consumes for `leafIndex` in a tree of `treeSize`
 * leaves (the iterations until `sn` reaches 0). Inputs must already be valid (`0 ≤ leafIndex < treeSize`).
 */
export function expectedProofLength(leafIndex: number, treeSize: number): number {
  let fn = leafIndex;
  let sn = treeSize - 1;
  let length = 0;
  while (sn !== 0) {
    if (fn % 2 === 0 && fn === sn) {
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
    length++;
  }
  return length;
}

/**
 * Computes the root an inclusion proof leads to, per RFC 9162 §2.1.3.2 (steps 1–4 and the `sn = 0`
 * check of step 5). Never throws on bad input: sizes and indices that are not safe integers, an
 * index outside the tree, a path of the wrong length, or hashes that are not exactly 32 bytes are
 * reported as `CL_MERKLE_PROOF_MALFORMED` before any hashing.
 *
 * @param crypto - Supplies SHA-256.
 * @param parameters - Leaf hash, leaf index, tree size and audit path.
 * @returns `{ ok: true, root }` or `{ ok: false, code, reason }`.
 */
export function rootFromInclusion(
  crypto: CryptoPort,
  parameters: RootFromInclusionParameters,
): RootFromInclusionResult {
  if (typeof parameters !== 'object' || parameters === null) return malformed('The proof parameters are missing.');
  const { leafHash, leafIndex, treeSize, proof } = parameters;
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) {
    return malformed(`The tree size ${describe(treeSize)} is not a non-negative integer.`);
  }
  if (treeSize === 0) return malformed('An empty tree (size 0) has no inclusion proofs.');
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0) {
    return malformed(`The leaf index ${describe(leafIndex)} is not a non-negative integer.`);
  }
  // Step 1.
  if (leafIndex >= treeSize) return malformed(`The leaf index ${leafIndex} is not below the tree size ${treeSize}.`);
  if (!isHash(leafHash)) return malformed(`The leaf hash is not ${MERKLE_HASH_SIZE} bytes.`);
  if (!Array.isArray(proof)) return malformed('The audit path is not an array.');
  const expected = expectedProofLength(leafIndex, treeSize);
  if (proof.length !== expected) {
    return malformed(
      `The audit path has ${proof.length} hashes; leaf ${leafIndex} of a tree of size ${treeSize} needs ${expected}.`,
    );
  }
  for (let i = 0; i < proof.length; i++) {
    if (!isHash(proof[i])) return malformed(`Audit path element ${i} is not ${MERKLE_HASH_SIZE} bytes.`);
  }

  // Steps 2–4.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof as readonly Uint8Array[]) {
    if (sn === 0) return malformed('The audit path is longer than the tree is high.');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(crypto, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(crypto, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 5 (first half; the root comparison is the caller's).
  if (sn !== 0) return malformed('The audit path is shorter than the tree is high.');
  return { ok: true, root: r };
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === MERKLE_HASH_SIZE;
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}

function malformed(reason: string): MerkleProofMalformed {
  return { ok: false, code: 'CL_MERKLE_PROOF_MALFORMED', reason };
}
