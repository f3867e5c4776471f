// Worker thread of the signing pool: checks batches of credentials with a named set of record-type
// rules and signs them with core's issueCredential (the same functions the calling thread runs).
import { parentPort } from 'node:worker_threads';
import { checkAndSignSequentially, createSigner, equalBytes, type Signer, signSequentially } from '@clearledger/core';
import { fastCrypto } from '../selectCrypto.ts';
import type { SigningJob, SigningReply } from './signingPool.ts';

// Consecutive jobs usually come from one signer: deriving its public key again for each is wasted.
let lastSigner: Signer | undefined;

function signerFor(job: SigningJob): Signer {
  if (lastSigner === undefined || lastSigner.issuer !== job.issuer || !equalBytes(lastSigner.seed, job.seed)) {
    lastSigner = createSigner(fastCrypto, { issuer: job.issuer, seed: job.seed });
  }
  return lastSigner;
}

parentPort!.on('message', async (job: SigningJob) => {
  let reply: SigningReply;
  let checked = job.rules === undefined;
  try {
    const ctx = { crypto: fastCrypto, now: job.now };
    const outcomes =
      job.rules === undefined
        ? signSequentially(ctx, signerFor(job), job.credentials)
        : await checkAndSignSequentially(ctx, signerFor(job), job.credentials, job.rules, () => {
            checked = true;
          });
    reply = { id: job.id, outcomes };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error), checked };
  }
  parentPort!.postMessage(reply);
});
