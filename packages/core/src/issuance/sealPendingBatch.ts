import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { randomUuid } from '../crypto/randomUuid.ts';
import { fromHex, toHex } from '../encoding/bytes.ts';
import { buildMerkleTree } from '../merkle/merkleTree.ts';
import type { Store } from '../store/Store.ts';

/** Parameters of {@link sealPendingBatch}. */
export type SealPendingBatchParameters = {
  orgId: string;
  /** Most credentials in one batch (one chain transaction per batch). */
  maxSize: number;
};

/** The sealed batch, or null when nothing was pending. */
export type SealPendingBatchResult = { batchId: string; root: string; size: number } | null;

/**
 * Takes the oldest pending credentials of an organisation, builds the RFC 9162 Merkle tree over their
 * hashes, and stores the batch root with every member's inclusion proof in one transaction. The
 * anchor worker then puts the root on the chain in one transaction.
 */
export async function sealPendingBatch(
  deps: { store: Store; crypto: CryptoPort; now: string },
  { orgId, maxSize }: SealPendingBatchParameters,
): Promise<SealPendingBatchResult> {
  const pending = await deps.store.pendingCredentials(orgId, maxSize);
  if (pending.length === 0) return null;
  const tree = buildMerkleTree(
    deps.crypto,
    pending.map((row) => fromHex(row.hash)),
  );
  const root = toHex(tree.root);
  const batchId = `urn:uuid:${randomUuid(deps.crypto)}`;
  await deps.store.sealBatch(orgId, {
    id: batchId,
    root,
    createdAt: deps.now,
    members: pending.map((row, leafIndex) => ({
      credentialId: row.id,
      leafIndex,
      inclusionProof: concatNodes(tree.inclusionProof(leafIndex)),
    })),
  });
  return { batchId, root, size: pending.length };
}

/** The proof's node hashes back to back (the store's form; no hex round trip). */
function concatNodes(nodes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nodes.length * 32);
  for (let i = 0; i < nodes.length; i++) out.set(nodes[i]!, i * 32);
  return out;
}
