// Worker thread of the signing pool: signs batches of credentials with core's issueCredential.
import { parentPort } from 'node:worker_threads';
import { createSigner, equalBytes, type Signer, signSequentially } from '@clearledger/core';
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

parentPort!.on('message', (job: SigningJob) => {
  let reply: SigningReply;
  try {
    const outcomes = signSequentially({ crypto: fastCrypto, now: job.now }, signerFor(job), job.credentials);
    reply = { id: job.id, outcomes };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
