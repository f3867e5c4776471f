import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { equalBytes, toHex } from '../encoding/bytes.ts';
import { MERKLE_HASH_SIZE } from './merkleTree.ts';
import { type MerkleProofMalformed, type RootFromInclusionParameters, rootFromInclusion } from './rootFromInclusion.ts';

/** Parameters of {@link verifyInclusion}. */
export type VerifyInclusionParameters = RootFromInclusionParameters & {
  /** The expected root (32 bytes), e.g. the one anchored on the ledger. */
  root: Uint8Array;
};

/** Result of {@link verifyInclusion}. */
export type VerifyInclusionResult =
  | { ok: true }
  | MerkleProofMalformed
  | { ok: false; code: 'CL_VERIFY_ANCHOR_PROOF'; reason: string };

/**
 * Verifies a Merkle inclusion proof exactly as RFC 9162 §2.1.3.2 describes.
 *
 * Never throws on bad input. A proof that cannot be evaluated (size 0, index ≥ size, negative or
 * non-integer numbers, an audit path too long or too short, a hash that is not 32 bytes) gives
 * `CL_MERKLE_PROOF_MALFORMED`; a well-formed proof that leads to another root gives
 * `CL_VERIFY_ANCHOR_PROOF`.
 *
 * @param crypto - Supplies SHA-256.
 * @param parameters - Leaf hash, leaf index, tree size, audit path and the expected root.
 * @returns `{ ok: true }` or `{ ok: false, code, reason }`.
 * @example
 * const result = verifyInclusion(crypto, { leafHash, leafIndex: 5, treeSize: 8, proof, root });
 * if (!result.ok) console.log(result.code, result.reason);
 */
export function verifyInclusion(crypto: CryptoPort, parameters: VerifyInclusionParameters): VerifyInclusionResult {
  if (typeof parameters !== 'object' || parameters === null) {
    return { ok: false, code: 'CL_MERKLE_PROOF_MALFORMED', reason: 'The proof parameters are missing.' };
  }
  const expected = parameters.root;
  if (!(expected instanceof Uint8Array) || expected.length !== MERKLE_HASH_SIZE) {
    return { ok: false, code: 'CL_MERKLE_PROOF_MALFORMED', reason: `The root is not ${MERKLE_HASH_SIZE} bytes.` };
  }
  const computed = rootFromInclusion(crypto, parameters);
  if (!computed.ok) return computed;
  if (!equalBytes(computed.root, expected)) {
    return {
      ok: false,
      code: 'CL_VERIFY_ANCHOR_PROOF',
      reason: `The proof leads to root ${toHex(computed.root)}, not ${toHex(expected)}.`,
    };
  }
  return { ok: true };
}
