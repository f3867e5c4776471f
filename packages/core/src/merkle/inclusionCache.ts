import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { equalBytes, fromHex, toHex } from '../encoding/bytes.ts';
import { nodeHash } from './merkleTree.ts';
import { expectedProofLength } from './rootFromInclusion.ts';
import type { VerifyInclusionResult } from './verifyInclusion.ts';

/**
 * Tree nodes already proven to lie under an anchored root, by (root, level, index). When a later
 * proof of the same batch reaches a proven node, its inclusion is established there: the rest of
 * the path was checked before (collision resistance of SHA-256 with RFC 9162 domain separation).
 * Verifying a batch's records one after another then costs about one hash each instead of log2(n).
 * Bounded: the oldest entries are dropped first.
 */
export type InclusionCache = {
  readonly size: number;
  /** The proven node at `position` (level × 2^32 + index) under `root`, hex. */
  get(root: string, position: number): string | undefined;
  set(root: string, position: number, value: string): void;
};

/** Creates an {@link InclusionCache} holding at most `maxEntries` nodes (default 200,000 ≈ 30 MB). */
export function createInclusionCache(maxEntries = 200_000): InclusionCache {
  const roots = new Map<string, Map<number, string>>();
  let size = 0;
  return {
    get size() {
      return size;
    },
    get: (root, position) => roots.get(root)?.get(position),
    set(root, position, value) {
      if (size >= maxEntries) {
        // Drop the oldest root's nodes: batches are verified together, so whole roots age together.
        const oldest = roots.entries().next();
        if (!oldest.done) {
          size -= oldest.value[1].size;
          roots.delete(oldest.value[0]);
        }
      }
      let nodes = roots.get(root);
      if (nodes === undefined) {
        nodes = new Map();
        roots.set(root, nodes);
      }
      if (!nodes.has(position)) size++;
      nodes.set(position, value);
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

/**
 * RFC 9162 §2.1.3.2 inclusion verification that stops at the first node already proven under the
 * same root, and records the nodes of every proof that reaches the root. Same answers as
 * `verifyInclusion`; never throws on bad input.
 */
export function verifyInclusionCached(
  crypto: CryptoPort,
  cache: InclusionCache,
  { leafHash, leafIndex, treeSize, proof, root }: VerifyInclusionCachedParameters,
): VerifyInclusionResult {
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
    const known = cache.get(root, position);
    if (known !== undefined) {
      if (known !== here)
        return { ok: false, code: 'CL_VERIFY_ANCHOR_PROOF', reason: 'The proof leaves the anchored tree.' };
      remember(cache, root, seen);
      return { ok: true };
    }
    seen.push([position, here]);
  }
  if (!equalBytes(r, fromHex(root))) {
    return { ok: false, code: 'CL_VERIFY_ANCHOR_PROOF', reason: `The proof leads to root ${toHex(r)}, not ${root}.` };
  }
  remember(cache, root, seen);
  return { ok: true };
}

function remember(cache: InclusionCache, root: string, nodes: readonly [number, string][]): void {
  for (const [position, value] of nodes) cache.set(root, position, value);
}
