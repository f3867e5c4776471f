import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  checkAndSignSequentially,
  createSigner,
  type DomainRuleSet,
  type SignMany,
  type SignOutcome,
  signSequentially,
} from '@clearledger/core';
import { fastCrypto } from '../selectCrypto.ts';

/** A message to a signing worker. */
export type SigningJob = {
  id: number;
  issuer: string;
  seed: Uint8Array;
  now: string;
  /** Rules to check every credential with before signing (see core's `checkAndSignSequentially`). */
  rules?: DomainRuleSet;
  /** The credentials, structured-cloned to the worker (as they would reach core on the calling thread). */
  credentials: readonly Record<string, unknown>[];
};
/**
 * A signing worker's answer. An error says whether the job's credentials had all passed the rules
 * (`checked`) before it happened: then it happened while signing.
 */
export type SigningReply = { id: number; outcomes: SignOutcome[] } | { id: number; error: string; checked: boolean };

/** What became of one message: its outcomes, or the error that stopped it. */
type JobResult = { outcomes: SignOutcome[] } | { error: Error; checked: boolean; count: number };

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
  const pending = new Map<number, { resolve: (r: JobResult) => void; worker: number; count: number }>();
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
      if ('error' in reply)
        job.resolve({ error: new Error(`signing worker: ${reply.error}`), checked: reply.checked, count: job.count });
      else job.resolve({ outcomes: reply.outcomes });
    });
    worker.on('error', (error) => {
      for (const [id, job] of pending) {
        if (job.worker !== slot) continue;
        pending.delete(id);
        job.resolve({ error, checked: false, count: job.count });
      }
      if (!closed) workers[slot] = spawn(slot);
    });
    return worker;
  };
  const workers: Worker[] = Array.from({ length: threads }, (_, slot) => spawn(slot));

  const run = (slot: number, job: Omit<SigningJob, 'id'>): Promise<JobResult> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, { resolve, worker: slot, count: job.credentials.length });
      try {
        workers[slot]!.postMessage({ ...job, id } satisfies SigningJob);
      } catch {
        // A value the structured clone cannot copy (a function, a symbol): nothing was sent, so this
        // thread does the work, with the result (or error) of the calling thread.
        pending.delete(id);
        resolve(onCallingThread(job));
      }
    });

  let rotate = 0;
  const signMany: SignMany = async ({ signer, credentials, now, rules }) => {
    if (closed) throw new Error('The signing pool is closed.');
    const parts = Math.min(threads, Math.floor(credentials.length / MIN_PER_WORKER));
    if (parts <= 1 && credentials.length < MIN_PER_WORKER * 2) {
      const ctx = { crypto: fastCrypto, now };
      return rules === undefined
        ? signSequentially(ctx, signer, credentials)
        : checkAndSignSequentially(ctx, signer, credentials, rules);
    }
    const size = Math.ceil(credentials.length / Math.max(1, parts));
    const jobs: Promise<JobResult>[] = [];
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
            ...(rules === undefined ? {} : { rules }),
            credentials: credentials.slice(from, Math.min(end, from + MAX_PER_JOB)),
          }),
        );
      }
    }
    rotate = (rotate + slices) % threads;
    return merge(await Promise.all(jobs));
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
          }).then((result) => {
            if ('error' in result) throw result.error;
          }),
        ),
      );
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
      for (const [, job] of pending)
        job.resolve({ error: new Error('The signing pool was closed.'), checked: false, count: job.count });
      pending.clear();
    },
  };
}

/** One message's work done on the calling thread, as a worker would do it. */
async function onCallingThread(job: Omit<SigningJob, 'id'>): Promise<JobResult> {
  let checked = job.rules === undefined;
  try {
    const signer = createSigner(fastCrypto, { issuer: job.issuer, seed: job.seed });
    const ctx = { crypto: fastCrypto, now: job.now };
    const outcomes =
      job.rules === undefined
        ? signSequentially(ctx, signer, job.credentials)
        : await checkAndSignSequentially(ctx, signer, job.credentials, job.rules, () => {
            checked = true;
          });
    return { outcomes };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)), checked, count: job.credentials.length };
  }
}

/** Outcome of an input that passed the rules when another input of the call did not. */
const passedRules: SignOutcome = { success: false, problems: [], stage: 'rules' };

/**
 * The outcomes of a call from those of its messages, as the calling thread would have produced them:
 * an error while checking the rules fails the call; else when the rules refused any input, every
 * outcome is that of the rules (nothing is signed); else an error while signing fails the call.
 */
function merge(results: readonly JobResult[]): SignOutcome[] {
  const unchecked = results.find((r) => 'error' in r && !r.checked);
  if (unchecked !== undefined && 'error' in unchecked) throw unchecked.error;
  const refused = results.some(
    (r) => 'outcomes' in r && r.outcomes.some((o) => !o.success && o.stage === 'rules' && o.problems.length > 0),
  );
  if (refused)
    return results.flatMap((r) =>
      'outcomes' in r
        ? r.outcomes.map((o) => (!o.success && o.stage === 'rules' ? o : passedRules))
        : Array.from({ length: r.count }, () => passedRules),
    );
  const failed = results.find((r) => 'error' in r);
  if (failed !== undefined && 'error' in failed) throw failed.error;
  return results.flatMap((r) => ('outcomes' in r ? r.outcomes : []));
}
