import { type CryptoPort, type Store, sealPendingBatch } from '@clearledger/core';
import type { LedgerClient } from '../client/createLedgerClient.ts';
import { organizationId } from '../contracts/organizationId.ts';

/** Parameters of {@link startAnchorWorker}. */
export type AnchorWorkerParameters = {
  store: Store;
  crypto: CryptoPort;
  /** Organisations this node anchors for, each with the ledger client of its chain account. */
  clients: ReadonlyMap<string, LedgerClient>;
  /** Most credentials per Merkle batch (one chain transaction anchors up to `maxRootsPerTx` batches). */
  maxBatchSize?: number;
  /** Longest a credential waits before its batch is sealed and anchored (the worker's tick), ms. */
  maxLatencyMs?: number;
  /** Most batch roots in one `anchorBatch` transaction. */
  maxRootsPerTx?: number;
  now?: () => string;
  /** Called with every failure (the worker retries with back-off; nothing is lost). */
  onError?: (error: unknown) => void;
  /**
   * Called after the worker recorded anchors of an organisation's batches (what waited for them,
   * e.g. a claim on a certification not yet anchored, is looked at again). Awaited: a pass ends after it.
   */
  onAnchored?: (event: { orgId: string; batchIds: string[] }) => Promise<void> | void;
};

/** A running anchor worker. */
export type AnchorWorker = {
  /** One full pass: seal what is pending, anchor what is sealed. Safe to call at any time. */
  runOnce(): Promise<{ sealed: number; anchored: number }>;
  /** Stops after the current pass. */
  stop(): Promise<void>;
};

/**
 * Drains the issuance outbox to the chain: seals pending credentials into RFC 9162 Merkle batches
 * (`sealPendingBatch`), then anchors the sealed roots — one transaction for up to `maxRootsPerTx`
 * roots — and records each anchor (transaction, block, time) so members read as `anchored`.
 *
 * Crash-safe and idempotent: a root is looked up on the chain before it is sent, so a batch whose
 * transaction landed before a crash is recorded without a second transaction, and `anchor` itself
 * is idempotent per (organisation, root). If the chain is down or halted, issuance continues (credentials stay
 * `pending`/`sealed`) and the worker catches up when it returns.
 */
export function startAnchorWorker(params: AnchorWorkerParameters): AnchorWorker {
  const maxBatchSize = params.maxBatchSize ?? 10_000;
  const maxLatencyMs = params.maxLatencyMs ?? 500;
  const maxRootsPerTx = params.maxRootsPerTx ?? 200;
  const now = params.now ?? (() => new Date().toISOString());
  let stopped = false;
  let failures = 0;
  let current: Promise<{ sealed: number; anchored: number }> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const anchorSealed = async (orgId: string, client: LedgerClient): Promise<number> => {
    let anchored = 0;
    const batchIds: string[] = [];
    for (;;) {
      const rows = await params.store.pendingOutbox(orgId, 'anchor-batch', maxRootsPerTx);
      if (rows.length === 0) {
        if (batchIds.length > 0) {
          try {
            await params.onAnchored?.({ orgId, batchIds });
          } catch (error) {
            // The anchors are recorded: a listener's failure is reported, never retried as an anchoring failure.
            params.onError?.(error);
          }
        }
        return anchored;
      }
      const items = await Promise.all(
        rows.map(async (row) => {
          const { batchId } = JSON.parse(row.payload) as { batchId: string };
          return { row, batch: await params.store.getBatch(orgId, batchId) };
        }),
      );
      // Roots this organisation anchored already (sent before a crash) are recorded without a new
      // transaction. Only its own anchor counts: another organisation anchoring the same root is not it.
      const onChain = await Promise.all(items.map((i) => client.getAnchor(orgId, i.batch.root)));
      const missing = items.filter((_, k) => onChain[k] === null);
      let txHash: string | undefined;
      if (missing.length > 0) {
        txHash = (await client.anchorRoots(missing.map((i) => ({ root: i.batch.root, count: i.batch.size })))).txHash;
      }
      for (const [k, item] of items.entries()) {
        const anchor = onChain[k] ?? (await client.getAnchor(orgId, item.batch.root));
        if (anchor === null) {
          throw new Error(`Batch root ${item.batch.root} is not anchored by ${orgId} after its transaction.`);
        }
        await params.store.transaction(async (tx) => {
          await tx.markBatchAnchored(orgId, item.batch.id, {
            chainId: client.chain.id,
            txHash: (onChain[k] === null ? txHash : await findAnchorTx(client, orgId, item.batch.root)) ?? '0x',
            blockNumber: anchor.blockNumber,
            anchoredAt: anchor.anchoredAt,
          });
          await tx.completeOutbox(orgId, item.row.id);
        });
        anchored += item.batch.size;
        batchIds.push(item.batch.id);
      }
    }
  };

  const pass = async (): Promise<{ sealed: number; anchored: number }> => {
    let sealed = 0;
    let anchored = 0;
    for (const [orgId, client] of params.clients) {
      for (;;) {
        const batch = await sealPendingBatch(
          { store: params.store, crypto: params.crypto, now: now() },
          { orgId, maxSize: maxBatchSize },
        );
        if (batch === null) break;
        sealed += batch.size;
        if (batch.size < maxBatchSize) break;
      }
      anchored += await anchorSealed(orgId, client);
    }
    return { sealed, anchored };
  };

  const runOnce = () => {
    current ??= pass().finally(() => {
      current = null;
    });
    return current;
  };

  const loop = async () => {
    if (stopped) return;
    try {
      await runOnce();
      failures = 0;
    } catch (error) {
      failures++;
      params.onError?.(error);
    }
    if (stopped) return;
    // Back off while the chain or store fails: 0.5 s, 1 s, 2 s … at most 5 s.
    const delay = failures === 0 ? maxLatencyMs : Math.min(5_000, 250 * 2 ** Math.min(failures, 5));
    timer = setTimeout(() => void loop(), delay);
  };
  timer = setTimeout(() => void loop(), 0);

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current?.catch(() => undefined);
    },
  };
}

/** The transaction that anchored a root for an organisation (from its event), when it was sent before a restart. */
async function findAnchorTx(client: LedgerClient, orgId: string, root: string): Promise<string | undefined> {
  try {
    const logs = await client.publicClient.getLogs({
      address: client.contracts!.anchorRegistry,
      event: {
        type: 'event',
        name: 'Anchored',
        inputs: [
          { type: 'bytes32', name: 'root', indexed: true },
          { type: 'bytes32', name: 'orgId', indexed: true },
          { type: 'uint32', name: 'count', indexed: false },
        ],
      },
      args: { root: `0x${root.replace(/^0x/, '')}`, orgId: organizationId(orgId) },
      fromBlock: 0n,
    });
    return logs[0]?.transactionHash ?? undefined;
  } catch {
    return undefined; // The anchor itself is proven by getAnchor; the hash is informative only.
  }
}
