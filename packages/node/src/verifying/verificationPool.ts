import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type AnchorReceipt,
  ClearledgerError,
  type CryptoPort,
  type DomainRuleSet,
  domainRuleSets,
  type ErrorCode,
  type InclusionCache,
  type LedgerSnapshot,
  type LedgerView,
  type VerificationReport,
  verifyCredential,
} from '@clearledger/core';

/** What a verification pool needs of the node's ledger: its event index, synced per answer. */
export type VerificationPoolLedger = {
  /** Brings the index to the chain head; returns the block it is current at. */
  sync(): Promise<number>;
  /** The whole trust state as of the last sync (plain data). */
  snapshot(): LedgerSnapshot;
  /** A receipt this node holds for a credential hash (its own records), asked when a request has none. */
  anchorReceipt?(hash: string): Promise<AnchorReceipt | 'pending' | null>;
};

/** One verification, as the calling thread would run it. */
export type PooledVerification = {
  /**
   * The credential; or, with `within`, the JSON text it was parsed from (a request body the calling
   * thread has checked) and the property that holds it — the text crosses threads as one copy.
   */
  credential: unknown;
  within?: { json: string; property: string };
  anchor?: AnchorReceipt;
  now: string;
  /** Named record-type rules (default: those of the registered record families). */
  rules?: DomainRuleSet;
};

/**
 * One verification with core's `verifyCredential`, as the calling thread and every worker run it:
 * the job's time, its named rules (default: the registered record families'), its receipt.
 */
export function verifyPooled(
  deps: { crypto: CryptoPort; ledger?: LedgerView; inclusionCache: InclusionCache },
  job: Omit<PooledVerification, 'within'>,
): Promise<VerificationReport> {
  return verifyCredential(
    {
      ...deps,
      now: job.now,
      ...(job.rules === undefined ? {} : { domainChecks: domainRuleSets[job.rules] }),
    },
    { credential: job.credential, ...(job.anchor === undefined ? {} : { anchor: job.anchor }) },
  );
}

/** Messages from the node to a verification worker. */
export type VerifierMessage =
  | {
      kind: 'verify';
      id: number;
      /**
       * The job with the credential as JSON text (alone, or as a property of the text): text crosses
       * threads as one copy, an object graph node by node.
       */
      job: Omit<PooledVerification, 'credential' | 'within'> & { json: string; property?: string };
      /** The chain block the facts must be current at; the snapshot comes along when the worker's is older. */
      block: number;
      snapshot?: LedgerSnapshot;
    }
  | { kind: 'receipt'; id: number; receipt: AnchorReceipt | 'pending' | null; error?: string };
/** What the node posts to a verification worker: one message, or several sent together. */
export type VerifierPost = VerifierMessage | VerifierMessage[];

/** Messages from a verification worker to the node. */
export type VerifierReply =
  | { kind: 'report'; id: number; reportJson: string }
  | { kind: 'error'; id: number; code?: ErrorCode; message: string; field?: string; details?: Record<string, unknown> }
  | { kind: 'receipt'; id: number; hash: string }
  | { kind: 'ready' };
/** What a verification worker posts: one reply, or several sent together. */
export type VerifierReplyPost = VerifierReply | VerifierReply[];

/** Verification on worker threads, each holding a copy of the trust state at the chain head. */
export type VerificationPool = {
  readonly threads: number;
  /** The report `verifyCredential` gives on the calling thread for the same input and ledger state. */
  verify(input: PooledVerification): Promise<VerificationReport>;
  /** The same report as JSON text (what an HTTP answer sends), without parsing it on this thread. */
  verifyToJson(input: PooledVerification): Promise<string>;
  /** Resolves when every worker has loaded its code. */
  ready(): Promise<void>;
  close(): Promise<void>;
};

type Slot = {
  worker: Worker;
  /** Messages waiting to go, sent together once this turn of the event loop has read its requests. */
  outbox: VerifierMessage[];
  /** Last block whose snapshot this worker was sent (-1: none yet). */
  block: number;
  busy: number;
  loaded: Promise<void>;
};

/**
 * Starts `threads` verification workers (default: one per core). Before each verification the
 * node's event index is synced to the chain head on the calling thread (a comparison of block
 * numbers when nothing changed); a worker whose copy of the trust state is older gets the new
 * snapshot with the job, ahead of it on the same message port, so no verdict is ever given on
 * facts older than the calling thread's. Receipts of the node's own records are asked back from
 * the calling thread. A crashed worker fails only the verifications it was running and is replaced.
 */
export function createVerificationPool(
  ledger: VerificationPoolLedger,
  options: { threads?: number } = {},
): VerificationPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const pending = new Map<number, { resolve: (reportJson: string) => void; reject: (e: Error) => void; slot: Slot }>();
  let nextId = 1;
  let closed = false;

  const spawn = (): Slot => {
    const worker = new Worker(new URL('../signing/tsWorker.mjs', import.meta.url), {
      workerData: { script: new URL('./verificationWorker.ts', import.meta.url).href },
    });
    worker.unref();
    let loadedResolve!: () => void;
    const slot: Slot = { worker, outbox: [], block: -1, busy: 0, loaded: new Promise((r) => (loadedResolve = r)) };
    worker.on('message', (replies: VerifierReplyPost) => {
      for (const reply of Array.isArray(replies) ? replies : [replies]) onReply(slot, reply);
    });
    const onReply = (slot: Slot, reply: VerifierReply) => {
      if (reply.kind === 'ready') return loadedResolve();
      if (reply.kind === 'receipt') return void answerReceipt(slot, reply.id, reply.hash);
      const job = pending.get(reply.id);
      if (job === undefined) return;
      pending.delete(reply.id);
      slot.busy--;
      if (reply.kind === 'report') job.resolve(reply.reportJson);
      else
        job.reject(
          reply.code === undefined
            ? new Error(`verification worker: ${reply.message}`)
            : new ClearledgerError(reply.code, reply.message, {
                ...(reply.field === undefined ? {} : { field: reply.field }),
                ...(reply.details === undefined ? {} : { details: reply.details }),
              }),
        );
    };
    worker.on('error', (error) => {
      for (const [id, job] of pending) {
        if (job.slot !== slot) continue;
        pending.delete(id);
        job.reject(error);
      }
      loadedResolve();
      if (!closed) slots[slots.indexOf(slot)] = spawn();
    });
    return slot;
  };

  const answerReceipt = async (slot: Slot, id: number, hash: string) => {
    let message: VerifierMessage;
    try {
      message = { kind: 'receipt', id, receipt: (await ledger.anchorReceipt?.(hash)) ?? null };
    } catch (error) {
      message = { kind: 'receipt', id, receipt: null, error: error instanceof Error ? error.message : String(error) };
    }
    send(slot, message);
  };

  /**
   * Queues a message for a worker; the queue goes as one message after this turn of the event loop
   * (requests that arrived together cost one hand-over, one wake-up of the worker).
   */
  const send = (slot: Slot, message: VerifierMessage) => {
    slot.outbox.push(message);
    if (slot.outbox.length === 1) setImmediate(flush, slot);
  };
  const flush = (slot: Slot) => {
    const messages = slot.outbox;
    slot.outbox = [];
    try {
      slot.worker.postMessage(messages.length === 1 ? messages[0] : messages);
    } catch {
      // A value the structured clone cannot copy: each message on its own, failing only its job.
      for (const message of messages) {
        try {
          slot.worker.postMessage(message);
        } catch (error) {
          if (message.kind !== 'verify') continue;
          const job = pending.get(message.id);
          pending.delete(message.id);
          slot.busy--;
          if (message.snapshot !== undefined) slot.block = -1;
          job?.reject(
            new ClearledgerError('CL_INPUT_INVALID', 'The request is not plain JSON data.', { cause: error }),
          );
        }
      }
    }
  };

  const slots: Slot[] = Array.from({ length: threads }, spawn);

  async function verifyToJson({ credential, within, ...rest }: PooledVerification): Promise<string> {
    if (closed) throw new Error('The verification pool is closed.');
    const block = await ledger.sync();
    // The least busy worker; ties go to the first.
    let slot = slots[0]!;
    for (const s of slots) if (s.busy < slot.busy) slot = s;
    const id = nextId++;
    let text: { json: string; property?: string };
    try {
      text = within ?? { json: JSON.stringify(credential) ?? 'null' };
    } catch (error) {
      throw new ClearledgerError('CL_INPUT_INVALID', 'The credential is not plain JSON data.', { cause: error });
    }
    const message: VerifierMessage = { kind: 'verify', id, job: { ...rest, ...text }, block };
    if (slot.block !== block) {
      message.snapshot = ledger.snapshot();
      slot.block = block;
    }
    return new Promise<string>((resolve, reject) => {
      pending.set(id, { resolve, reject, slot });
      slot.busy++;
      send(slot, message);
    });
  }

  return {
    threads,
    verifyToJson,
    async verify(input) {
      return JSON.parse(await verifyToJson(input)) as VerificationReport;
    },
    async ready() {
      await Promise.all(slots.map((s) => s.loaded));
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
      for (const [, job] of pending) job.reject(new Error('The verification pool was closed.'));
      pending.clear();
    },
  };
}
