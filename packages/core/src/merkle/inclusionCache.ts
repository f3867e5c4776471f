import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { equalBytes, fromHex, toHex } from '../encoding/bytes.ts';
import { nodeHash } from './merkleTree.ts';
import { expectedProofLength } from './rootFromInclusion.ts';
import type { VerifyInclusionResult } from './verifyInclusion.ts';

/**
 * Tree nodes already proven to lie under an anchored root, by (root, tree size, level, index). When a
 * later proof of the same batch reaches a proven node, its inclusion is established there: the rest
 * of the path was checked before (collision resistance of SHA-256 with RFC 9162 domain separation).
 * Verifying a batch's records one after another then costs about one hash each instead of log2(n).
 *
 * Only nodes the anchor confirmed enter it: {@link verifyInclusionCached} never writes, it returns
 * the nodes it proved, and the verifier calls {@link InclusionCache.commit} once the ledger says the
 * root was anchored, by the issuer, with that tree size. The size is part of the key because an
 * RFC 9162 proof for one size can also pass for a neighbouring size, where the same (level, index)
 * names another node. Bounded: the oldest entries are dropped first.
 */
export type InclusionCache = {
  readonly size: number;
  /** The proven node at `position` (level × 2^32 + index) of the tree of `treeSize` leaves under `root`, hex. */
  get(root: string, treeSize: number, position: number): string | undefined;
  /** Records the nodes of a proof whose root and tree size the anchor facts confirmed. */
  commit(proven: ProvenInclusion): void;
};

/** The nodes one inclusion proof computed, to commit once the anchor confirms `root` and `treeSize`. */
export type ProvenInclusion = {
  readonly root: string;
  readonly treeSize: number;
  /** [position, node hex], position = level × 2^32 + index. */
  readonly nodes: readonly (readonly [number, string])[];
};

/** Creates an {@link InclusionCache} holding at most `maxEntries` nodes (default 200,000 ≈ 30 MB). */
export function createInclusionCache(maxEntries = 200_000): InclusionCache {
  const trees = new Map<string, Map<number, string>>();
  let size = 0;
  const keyOf = (root: string, treeSize: number) => `${root}/${treeSize}`;
  return {
    get size() {
      return size;
    },
    get: (root, treeSize, position) => trees.get(keyOf(root, treeSize))?.get(position),
    commit({ root, treeSize, nodes: proven }) {
      const key = keyOf(root, treeSize);
      for (const [position, value] of proven) {
        if (size >= maxEntries) {
          // Drop the oldest tree's nodes: batches are verified together, so whole trees age together.
          const oldest = trees.entries().next();
          if (!oldest.done) {
            size -= oldest.value[1].size;
            trees.delete(oldest.value[0]);
          }
        }
        let nodes = trees.get(key);
        if (nodes === undefined) {
          nodes = new Map();
          trees.set(key, nodes);
        }
        if (!nodes.has(position)) size++;
        nodes.set(position, value);
      }
    },
  };
}

/** Parameters of {@link verifyInclusionCached}: hex inputs, as receipts carry them. */
export type VerifyInclusionCachedParameters = {
  leafHash: Uint8Array;
  leafIndex: number;
  treeSize: number;
  proof: readonly string[];
  root: string;
};

/** Result of {@link verifyInclusionCached}: on success, the nodes to commit once the anchor is confirmed. */
export type VerifyInclusionCachedResult =
  | { ok: true; proven: ProvenInclusion }
  | Exclude<VerifyInclusionResult, { ok: true }>;

/**
 * RFC 9162 §2.1.3.2 inclusion verification that stops at the first node already proven under the
 * same root and tree size. It reads the cache but never writes it: the nodes it computed come back in
 * `proven`, for {@link InclusionCache.commit} once the anchor facts confirm the root and the size.
 * Same answers as `verifyInclusion` until a node above a proven one; never throws on bad input.
 */
export function verifyInclusionCached(
  crypto: CryptoPort,
  cache: InclusionCache,
  { leafHash, leafIndex, treeSize, proof, root }: VerifyInclusionCachedParameters,
): VerifyInclusionCachedResult {
  if (
    !Array.isArray(proof) ||
    !proof.every((p) => typeof p === 'string' && /^[0-9a-f]{64}$/.test(p)) ||
    !/^[0-9a-f]{64}$/.test(root)
  ) {
    return {
      ok: false,
      code: 'CL_MERKLE_PROOF_MALFORMED',
      reason: 'Proof nodes and root must be 64 lower-case hex digits.',
    };
  }
  if (
    !Number.isSafeInteger(treeSize) ||
    treeSize < 1 ||
    !Number.isSafeInteger(leafIndex) ||
    leafIndex < 0 ||
    leafIndex >= treeSize
  ) {
    return {
      ok: false,
      code: 'CL_MERKLE_PROOF_MALFORMED',
      reason: 'The leaf index must be an integer below the tree size.',
    };
  }
  if (!(leafHash instanceof Uint8Array) || leafHash.length !== 32) {
    return { ok: false, code: 'CL_MERKLE_PROOF_MALFORMED', reason: 'The leaf hash is not 32 bytes.' };
  }
  const expected = expectedProofLength(leafIndex, treeSize);
  if (proof.length !== expected) {
    return {
      ok: false,
      code: 'CL_MERKLE_PROOF_MALFORMED',
      reason: `The audit path has ${proof.length} hashes; this leaf needs ${expected}.`,
    };
  }

  const seen: [number, string][] = [];
  let fn = leafIndex;
  let sn = treeSize - 1;
  let level = 0;
  let r = leafHash;
  for (const hex of proof) {
    let p: Uint8Array;
    try {
      p = fromHex(hex);
    } catch {
      return { ok: false, code: 'CL_MERKLE_PROOF_MALFORMED', reason: 'A proof node is not 64 hex digits.' };
    }
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(crypto, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
          level++;
        }
      }
    } else {
      r = nodeHash(crypto, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
    level++;
    const position = level * 2 ** 32 + fn;
    const here = toHex(r);
    const known = cache.get(root, treeSize, position);
    if (known !== undefined) {
      if (known !== here)
        return { ok: false, code: 'CL_VERIFY_ANCHOR_PROOF', reason: 'The proof leaves the anchored tree.' };
      return { ok: true, proven: { root, treeSize, nodes: seen } };
    }
    seen.push([position, here]);
  }
  if (!equalBytes(r, fromHex(root))) {
    return { ok: false, code: 'CL_VERIFY_ANCHOR_PROOF', reason: `The proof leads to root ${toHex(r)}, not ${root}.` };
  }
  return { ok: true, proven: { root, treeSize, nodes: seen } };
}
