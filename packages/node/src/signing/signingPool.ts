import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type SignMany, type SignOutcome, signSequentially } from '@clearledger/core';
import { fastCrypto } from '../selectCrypto.ts';

/** A message to a signing worker. */
export type SigningJob = {
  id: number;
  issuer: string;
  seed: Uint8Array;
  now: string;
  /** The credentials, structured-cloned to the worker (as they would reach core on the calling thread). */
  credentials: readonly Record<string, unknown>[];
};
/** A signing worker's answer. */
export type SigningReply = { id: number; outcomes: SignOutcome[] } | { id: number; error: string };

/** A pool of worker threads that sign credentials in parallel (bulk issuance off the event loop). */
export type SigningPool = {
  readonly threads: number;
  /** Drop-in for core's sequential signing: same outcomes, in input order. */
  signMany: SignMany;
  /** Resolves once every worker has loaded its code (so the first bulk call does not pay for it). */
  ready(): Promise<void>;
  close(): Promise<void>;
};

/** Below this many credentials, signing on the calling thread is cheaper than a round trip. */
const MIN_PER_WORKER = 32;
/**
 * Most credentials in one message. A worker holds a message's credentials and outcomes until it
 * replies: small messages keep that live set small, so the worker's garbage collection stays cheap,
 * while the per-message cost stays negligible.
 */
const MAX_PER_JOB = 100;

/**
 * Starts `threads` signing workers (default: one per core). Each call splits its credentials into
 * contiguous slices, one per worker (sent as messages of at most {@link MAX_PER_JOB}), and reassembles
 * the outcomes in input order. A crashed worker fails only the calls it was serving and is replaced.
 */
export function createSigningPool(options: { threads?: number } = {}): SigningPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const pending = new Map<
    number,
    { resolve: (o: SignOutcome[]) => void; reject: (e: Error) => void; worker: number }
  >();
  let nextId = 1;
  let closed = false;

  const spawn = (slot: number): Worker => {
    const worker = new Worker(new URL('./tsWorker.mjs', import.meta.url), {
      workerData: { script: new URL('./signingWorker.ts', import.meta.url).href },
    });
    worker.unref();
    worker.on('message', (reply: SigningReply) => {
      const job = pending.get(reply.id);
      if (job === undefined) return;
      pending.delete(reply.id);
      if ('error' in reply) job.reject(new Error(`signing worker: ${reply.error}`));
      else job.resolve(reply.outcomes);
    });
    worker.on('error', (error) => {
      for (const [id, job] of pending) {
        if (job.worker !== slot) continue;
        pending.delete(id);
        job.reject(error);
      }
      if (!closed) workers[slot] = spawn(slot);
    });
    return worker;
  };
  const workers: Worker[] = Array.from({ length: threads }, (_, slot) => spawn(slot));

  const run = (slot: number, job: Omit<SigningJob, 'id'>): Promise<SignOutcome[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, worker: slot });
      try {
        workers[slot]!.postMessage({ ...job, id } satisfies SigningJob);
      } catch (error) {
        // A value the structured clone cannot copy (a function, a symbol): nothing was sent.
        pending.delete(id);
        reject(error);
      }
    });

  let rotate = 0;
  const signMany: SignMany = async ({ signer, credentials, now }) => {
    if (closed) throw new Error('The signing pool is closed.');
    const parts = Math.min(threads, Math.floor(credentials.length / MIN_PER_WORKER));
    if (parts <= 1 && credentials.length < MIN_PER_WORKER * 2) {
      return signSequentially({ crypto: fastCrypto, now }, signer, credentials);
    }
    const size = Math.ceil(credentials.length / Math.max(1, parts));
    const jobs: Promise<SignOutcome[]>[] = [];
    let slices = 0;
    for (let start = 0; start < credentials.length; start += size, slices++) {
      const slot = (rotate + slices) % threads;
      const end = Math.min(credentials.length, start + size);
      for (let from = start; from < end; from += MAX_PER_JOB) {
        jobs.push(
          run(slot, {
            issuer: signer.issuer,
            seed: signer.seed,
            now,
            credentials: credentials.slice(from, Math.min(end, from + MAX_PER_JOB)),
          }),
        );
      }
    }
    rotate = (rotate + slices) % threads;
    return (await Promise.all(jobs)).flat();
  };

  return {
    threads,
    signMany,
    async ready() {
      await Promise.all(
        workers.map((_, slot) =>
          run(slot, {
            issuer: 'did:example:warm-up',
            seed: new Uint8Array(32),
            now: '2000-01-01T00:00:00Z',
            credentials: [],
          }),
        ),
      );
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
      for (const [, job] of pending) job.reject(new Error('The signing pool was closed.'));
      pending.clear();
    },
  };
}
