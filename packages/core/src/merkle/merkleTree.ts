import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';

/** Size in bytes of every hash in a SHA-256 Merkle tree. */
export const MERKLE_HASH_SIZE = 32;

/** A built RFC 9162 Merkle tree; see {@link buildMerkleTree}. */
export type MerkleTree = {
  /** Merkle Tree Hash of all leaves (32 bytes; the caller's own copy). */
  readonly root: Uint8Array;
  /** Number of leaves. */
  readonly size: number;
  /**
   * Audit path of the leaf at `index` (RFC 9162 §2.1.3.1 `PATH`), ordered from the leaf's sibling up
   * to the child of the root. Each element is a fresh 32-byte copy.
   *
   * @throws {ClearledgerError} `CL_INPUT_INVALID` when `index` is not an integer in `[0, size)`.
   */
  inclusionProof(index: number): Uint8Array[];
};

/**
 * RFC 9162 §2.1.1 leaf hash: `SHA-256(0x00 ‖ data)`.
 *
 * @param crypto - Supplies SHA-256.
 * @param data - The leaf data.
 * @returns The 32-byte leaf hash.
 */
export function leafHash(crypto: CryptoPort, data: Uint8Array): Uint8Array {
  const input = new Uint8Array(data.length + 1);
  input.set(data, 1);
  return crypto.sha256(input);
}

/**
 * RFC 9162 §2.1.1 interior node hash: `SHA-256(0x01 ‖ left ‖ right)`.
 *
 * @param crypto - Supplies SHA-256.
 * @param left - Hash of the left subtree.
 * @param right - Hash of the right subtree.
 * @returns The 32-byte node hash.
 */
export function nodeHash(crypto: CryptoPort, left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return crypto.sha256(input);
}

/**
 * Builds the SHA-256 Merkle tree of RFC 9162 §2.1 (the RFC 6962 tree: the left subtree holds the
 * largest power of two smaller than n leaves; no duplication of the last leaf).
 *
 * The tree is kept as one flat array of hashes per level. Pairing nodes left to right and promoting
 * an odd last node unchanged to the next level yields exactly the RFC's tree, so an audit path is
 * just the sibling at each level where one exists. Building costs n leaf hashes + n − 1 node hashes;
 * a proof costs O(log n) copies.
 *
 * @param crypto - Supplies SHA-256.
 * @param leaves - Leaf data, in order (hashed with {@link leafHash}).
 * @returns The tree: `root`, `size` and `inclusionProof(index)`.
 * @throws {ClearledgerError} `CL_MERKLE_EMPTY` when `leaves` is empty.
 * @example
 * const tree = buildMerkleTree(nobleCrypto, [utf8('a'), utf8('b'), utf8('c')]);
 * const proof = tree.inclusionProof(2);
 * verifyInclusion(nobleCrypto, { leafHash: leafHash(nobleCrypto, utf8('c')), leafIndex: 2, treeSize: 3, proof, root: tree.root });
 */
export function buildMerkleTree(crypto: CryptoPort, leaves: readonly Uint8Array[]): MerkleTree {
  const size = leaves.length;
  if (size === 0) throw new ClearledgerError('CL_MERKLE_EMPTY', 'A Merkle tree needs at least one leaf.');
  const H = MERKLE_HASH_SIZE;

  // Level 0: leaf hashes. The scratch buffer holding 0x00 ‖ leaf is reused while leaf lengths repeat.
  let scratch = new Uint8Array(0);
  const bottom = new Uint8Array(size * H);
  for (let i = 0; i < size; i++) {
    const leaf = leaves[i]!;
    if (scratch.length !== leaf.length + 1) scratch = new Uint8Array(leaf.length + 1);
    scratch.set(leaf, 1);
    bottom.set(checkedDigest(crypto.sha256(scratch)), i * H);
  }

  const levels: Uint8Array[] = [bottom];
  const counts: number[] = [size];
  const pair = new Uint8Array(1 + H * 2);
  pair[0] = 1;
  let below = bottom;
  let count = size;
  while (count > 1) {
    const next = Math.ceil(count / 2);
    const level = new Uint8Array(next * H);
    for (let j = 0; j < next; j++) {
      const left = 2 * j;
      if (left + 1 < count) {
        pair.set(below.subarray(left * H, left * H + 2 * H), 1);
        level.set(checkedDigest(crypto.sha256(pair)), j * H);
      } else {
        level.set(below.subarray(left * H, left * H + H), j * H);
      }
    }
    levels.push(level);
    counts.push(next);
    below = level;
    count = next;
  }
  const root = below.slice(0, H);

  return {
    root,
    size,
    inclusionProof(index: number): Uint8Array[] {
      if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
        throw new ClearledgerError('CL_INPUT_INVALID', `Leaf index ${String(index)} is not in [0, ${size}).`, {
          details: { index: String(index), size },
        });
      }
      const proof: Uint8Array[] = [];
      for (let l = 0, k = index; l < levels.length - 1; l++, k = Math.floor(k / 2)) {
        const sibling = siblingOf(k);
        if (sibling < counts[l]!) proof.push(levels[l]!.slice(sibling * H, sibling * H + H));
      }
      return proof;
    },
  };
}

function siblingOf(index: number): number {
  return index % 2 === 0 ? index + 1 : index - 1;
}

function checkedDigest(digest: Uint8Array): Uint8Array {
  if (digest.length !== MERKLE_HASH_SIZE) {
    throw new ClearledgerError('CL_INTERNAL', `The crypto port returned a ${digest.length}-byte SHA-256 digest.`);
  }
  return digest;
}
