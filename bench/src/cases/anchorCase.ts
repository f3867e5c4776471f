// End-to-end anchoring on the embedded chain, in its own process: `anchorCase.ts <count>`.
// A node (SQLite + embedded chain + anchor worker, as `npm start` runs it) issues <count> credentials
// in requests of 100 as fast as it can while its worker seals and anchors them. Measures
// credentials/s from the first request to the last credential anchored, the latency of each request
// from acknowledgement to anchored, and status checks per second served by the local index.
// Prints {"count","perSec","latencyP50Ms","latencyP99Ms","statusChecksPerSec","batches","chainTxs"}.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCredentials } from '@clearledger/core';
import { openNode, readNodeConfig } from '@clearledger/node';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';

const count = Number(process.argv[2] ?? 10_000);
const REQUEST = 100;
const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-anchor-bench-'));
try {
  const config = readNodeConfig(
    { CLEARLEDGER_ORG_ROLES: 'PRODUCER', CLEARLEDGER_CHAIN_RPC_PORT: 'off', CLEARLEDGER_ANCHOR_LATENCY_MS: '100' },
    dataDir,
    { dataDir },
  );
  const node = await openNode(config, () => new Date().toISOString(), { ledger: true });
  const ledger = node.ledger!;
  const signer = await node.signerFor(node.operatorOrgId);
  await node.prepareSigning();
  const blocksBefore = ledger.embedded!.stats().blockNumber;
  const worker = ledger.startAnchorWorker();

  const acked: { upTo: number; at: number }[] = [];
  const latencies: number[] = [];
  let anchoredSeen = 0;
  let next = 0;
  const poll = setInterval(async () => {
    anchoredSeen = await node.store.countCredentials(node.operatorOrgId, { status: 'anchored' });
    const t = performance.now();
    while (next < acked.length && acked[next]!.upTo <= anchoredSeen) latencies.push(t - acked[next++]!.at);
  }, 5);

  const t0 = performance.now();
  const hashes: string[] = [];
  for (let start = 0; start < count; start += REQUEST) {
    const credentials = Array.from({ length: Math.min(REQUEST, count - start) }, (_, i) =>
      usmcaCertification({ issuer: signer.issuer, serial: start + i }),
    );
    const result = await issueCredentials(
      {
        store: node.store,
        crypto: node.crypto,
        now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        signMany: node.signMany,
      },
      { orgId: node.operatorOrgId, signer, credentials },
    );
    if (!result.success) throw new Error('issuance failed');
    acked.push({ upTo: start + credentials.length, at: performance.now() });
    if (hashes.length < 1000) hashes.push(...result.issued.map((i) => i.hash));
  }
  while (next < acked.length) await new Promise((r) => setTimeout(r, 5));
  const elapsed = performance.now() - t0;
  clearInterval(poll);
  await worker.stop();

  // Status checks as verification makes them (the view syncs its index to the head, then looks up).
  const view = ledger.view;
  const checks = 200_000;
  let active = 0;
  const s0 = performance.now();
  for (let i = 0; i < checks; i++) {
    const status = await view.statusFacts(hashes[i % hashes.length]!, signer.issuer);
    if (status.status === 'ACTIVE') active++;
  }
  const statusMs = performance.now() - s0;
  if (active !== checks) throw new Error('unexpected statuses');

  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  const batches = (await node.store.pendingOutbox(node.operatorOrgId, 'anchor-batch', 1)).length;
  process.stdout.write(
    JSON.stringify({
      count,
      perSec: (count / elapsed) * 1000,
      latencyP50Ms: pct(50),
      latencyP99Ms: pct(99),
      statusChecksPerSec: (checks / statusMs) * 1000,
      pendingBatches: batches,
      chainTxs: ledger.embedded!.stats().blockNumber - blocksBefore,
    }) + '\n',
  );
  await node.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
