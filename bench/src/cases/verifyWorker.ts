// Worker thread of the all-cores verify benchmark: verifies its share and reports how many were VALID.
import { parentPort, workerData } from 'node:worker_threads';
import { createInclusionCache, snapshotLedgerView, verifyCredential } from '@clearledger/core';
import { nodeCrypto } from '@clearledger/node';
import type { verifyFixtures } from './verifyFixtures.ts';

const { credentials, receipts, snapshot, now } = workerData as ReturnType<typeof verifyFixtures> & { now: string };
const ledger = snapshotLedgerView(snapshot);
parentPort!.once('message', async () => {
  let valid = 0;
  for (let i = 0; i < credentials.length; i++) {
    const report = await verifyCredential(
      { crypto: nodeCrypto, now, ledger },
      { credential: credentials[i], anchor: receipts[i]! },
    );
    if (report.verdict === 'VALID') valid++;
  }
  parentPort!.postMessage(valid);
});
parentPort!.postMessage('ready');
