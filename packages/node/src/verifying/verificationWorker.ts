// Worker thread of the verification pool: verifies with core's verifyCredential (the function the
// calling thread runs) against its copy of the trust state, replaced whenever the node sends a newer one.
import { parentPort } from 'node:worker_threads';
import {
  type AnchorReceipt,
  ClearledgerError,
  createInclusionCache,
  type LedgerView,
  snapshotLedgerView,
} from '@clearledger/core';
import { fastCrypto } from '../selectCrypto.ts';
import { type VerifierMessage, type VerifierPost, type VerifierReply, verifyPooled } from './verificationPool.ts';

const port = parentPort!;
const inclusionCache = createInclusionCache();
/** Receipts asked of the node, by request id. */
const receipts = new Map<
  number,
  { resolve: (r: AnchorReceipt | 'pending' | null) => void; reject: (e: Error) => void }
>();
let nextReceipt = 1;
let view: LedgerView | undefined;

const askReceipt = (hash: string): Promise<AnchorReceipt | 'pending' | null> =>
  new Promise((resolve, reject) => {
    const id = nextReceipt++;
    receipts.set(id, { resolve, reject });
    reply({ kind: 'receipt', id, hash });
  });

/** The credential a job carries as JSON text (the calling thread parsed and checked that text already). */
function credentialOf(job: { json: string; property?: string }): unknown {
  const value: unknown = JSON.parse(job.json);
  return job.property === undefined ? value : (value as Record<string, unknown>)[job.property];
}

/** Replies waiting to go, posted together once this turn of the event loop is done. */
let outbox: VerifierReply[] = [];
function reply(message: VerifierReply): void {
  outbox.push(message);
  if (outbox.length === 1) setImmediate(flush);
}
function flush(): void {
  const messages = outbox;
  outbox = [];
  port.postMessage(messages.length === 1 ? messages[0] : messages);
}

port.on('message', (post: VerifierPost) => {
  for (const message of Array.isArray(post) ? post : [post]) void handle(message);
});

async function handle(message: VerifierMessage): Promise<void> {
  if (message.kind === 'receipt') {
    const waiting = receipts.get(message.id);
    receipts.delete(message.id);
    if (message.error === undefined) waiting?.resolve(message.receipt);
    else waiting?.reject(new Error(message.error));
    return;
  }
  if (message.snapshot !== undefined) {
    const facts = snapshotLedgerView(message.snapshot);
    // Live facts as of the block the node synced to, as the node's own view reports them.
    view = { ...facts, source: { kind: 'live', blockNumber: message.block }, anchorReceipt: askReceipt };
  }
  let answer: VerifierReply;
  try {
    const { job } = message;
    const report = await verifyPooled(
      { crypto: fastCrypto, ...(view === undefined ? {} : { ledger: view }), inclusionCache },
      { ...job, credential: credentialOf(job) },
    );
    answer = { kind: 'report', id: message.id, reportJson: JSON.stringify(report) };
  } catch (error) {
    answer =
      error instanceof ClearledgerError
        ? {
            kind: 'error',
            id: message.id,
            code: error.code,
            message: error.message,
            ...(error.field === undefined ? {} : { field: error.field }),
            ...(error.details === undefined ? {} : { details: error.details }),
          }
        : { kind: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) };
  }
  reply(answer);
}
port.postMessage({ kind: 'ready' } satisfies VerifierReply);
