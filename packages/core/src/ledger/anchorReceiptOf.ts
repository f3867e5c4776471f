import type { ReceiptRow } from '../store/Store.ts';
import type { AnchorReceipt } from '../verify/types.ts';

/**
 * The anchor receipt a stored credential can present: its inclusion proof and the anchor of its
 * batch, or `pending` while it is not sealed or its batch root is not on the chain yet.
 */
export function anchorReceiptOf(row: ReceiptRow): AnchorReceipt | 'pending' {
  const { batch, leafIndex, inclusionProof } = row;
  if (batch === null || batch.anchor === null || leafIndex === null || inclusionProof === null) return 'pending';
  return {
    batchId: batch.id,
    root: batch.root,
    leafIndex,
    treeSize: batch.size,
    proof: inclusionProof,
    chainId: batch.anchor.chainId,
    txHash: batch.anchor.txHash,
    blockNumber: batch.anchor.blockNumber,
    anchoredAt: batch.anchor.anchoredAt,
  };
}
