// Worker thread of the signing pool: signs batches of credentials with core's issueCredential.
import { parentPort } from 'node:worker_threads';
import { createSigner, signSequentially } from '@clearledger/core';
import { nodeCrypto } from '../nodeCrypto.ts';
import type { SigningJob, SigningReply } from './signingPool.ts';

parentPort!.on('message', (job: SigningJob) => {
  let reply: SigningReply;
  try {
    const signer = createSigner(nodeCrypto, { issuer: job.issuer, seed: job.seed });
    reply = { id: job.id, outcomes: signSequentially({ crypto: nodeCrypto, now: job.now }, signer, job.credentials) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
