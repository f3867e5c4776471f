// Worker thread of the all-cores verify benchmark: verifies its share (the same production path as
// the single-core figure) and reports how many were VALID.
import { parentPort, workerData } from 'node:worker_threads';
import {
  certificationDomainChecks,
  createInclusionCache,
  snapshotLedgerView,
  verifyCredential,
} from '@clearledger/core';
import { fastCrypto } from '@clearledger/node';
import type { verifyFixtures } from './verifyFixtures.ts';

const { credentials, receipts, snapshot, now } = workerData as ReturnType<typeof verifyFixtures> & { now: string };
const ledger = snapshotLedgerView(snapshot);

/** One pass over this worker's share, with a fresh inclusion cache as the single-core run uses. */
async function pass(): Promise<number> {
  const ctx = {
    crypto: fastCrypto,
    now,
    ledger,
    inclusionCache: createInclusionCache(),
    domainChecks: certificationDomainChecks,
  };
  let valid = 0;
  for (let i = 0; i < credentials.length; i++) {
    const report = await verifyCredential(ctx, { credential: credentials[i], anchor: receipts[i]! });
    if (report.verdict === 'VALID') valid++;
  }
  return valid;
}

// One pass per 'go'; the parent keeps the best of several, as the single-core figure is.
parentPort!.on('message', async () => parentPort!.postMessage(await pass()));
// Warm up (JIT, key cache) before reporting ready: a share is smaller than the single-core run's
// passes, so it takes several.
for (let i = 0; i < 3; i++) await pass();
parentPort!.postMessage('ready');
