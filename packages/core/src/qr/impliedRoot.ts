import { credentialHash } from '../credentials/credentialHash.ts';
import { nobleCrypto } from '../crypto/nobleCrypto.ts';
import { fromHex, toHex } from '../encoding/bytes.ts';
import { leafHash } from '../merkle/merkleTree.ts';
import { rootFromInclusion } from '../merkle/rootFromInclusion.ts';

/**
 * The Merkle root a receipt's proof leads to from the credential (RFC 9162 leaf of its ledger hash),
 * lower-case hex; undefined when the credential cannot be hashed or the proof is malformed. A
 * compact QR payload leaves the root out when it equals this, and the reader computes it back
 * (SHA-256 only, the same on every device, hence the fixed pure-JS implementation).
 *
 * @param credential - The signed credential.
 * @param receipt - Leaf index, tree size and audit path (lower-case hex).
 * @returns The root, or undefined.
 */
export function impliedRoot(
  credential: unknown,
  receipt: { leafIndex: number; treeSize: number; proof: readonly string[] },
): string | undefined {
  try {
    const leaf = leafHash(nobleCrypto, fromHex(credentialHash(nobleCrypto, credential)));
    const result = rootFromInclusion(nobleCrypto, {
      leafHash: leaf,
      leafIndex: receipt.leafIndex,
      treeSize: receipt.treeSize,
      proof: receipt.proof.map(fromHex),
    });
    return result.ok ? toHex(result.root) : undefined;
  } catch {
    return undefined;
  }
}
