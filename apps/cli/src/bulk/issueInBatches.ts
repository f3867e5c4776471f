import { ClearledgerError, type IssueProblem, isClearledgerError } from '@clearledger/core';
import type { RowProblem } from './csvCredentials.ts';

/** One input row: its position, its CSV line (CSV input), and how to build its credential. */
export type RowSource = {
  index: number;
  line?: number;
  build(): { success: true; credential: Record<string, unknown> } | { success: false; problems: RowProblem[] };
};

/** One issued credential as an issuer reports it. */
export type IssuedItem = { id: string; hash: string; credential: unknown; canonical?: string };

/** Answer to one request: everything issued, or nothing and the problems by position in the request. */
export type BatchResult = { success: true; issued: IssuedItem[] } | { success: false; problems: IssueProblem[] };

/** Issues one batch, all or nothing (the node's `POST /credentials/issue`, or the local store). */
export type BatchIssuer = {
  /** Largest request body in bytes, when requests travel over HTTP. */
  maxRequestBytes?: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** `key`: the request's idempotency key, when the run has one (derived from the run's key). */
  issue(batch: { credentials: Record<string, unknown>[]; texts: string[]; key?: string }): Promise<BatchResult>;
};

/** What happened to a row. */
export type RowOutcome =
  | { status: 'issued'; id: string; hash: string }
  /** The row has problems: nothing was sent for it, or the node refused its request because of it. */
  | { status: 'rejected'; problems: RowProblem[] }
  /** The row was fine, but its request was refused because of another row. */
  | { status: 'notIssued'; reason: 'batch-rejected' | 'not-sent' | 'request-failed' }
  /** The request failed on the way (timeout, lost connection): the node may have issued it. */
  | { status: 'unknown' };

export type IssueRun = {
  outcomes: RowOutcome[];
  requests: number;
  /** The error that stopped the run (node unreachable, token refused…), if any. */
  fatal?: ClearledgerError;
};

/** Bytes of `{"credentials":[` … `]}` around the credentials, plus a margin for headers-free slack. */
const ENVELOPE_BYTES = 64;

/**
 * Issues rows in requests of at most `batchSize` credentials (and, over HTTP, at most
 * `maxRequestBytes` of body), `issuer.concurrency` requests in flight, results taken in input order.
 * A row whose credential cannot be built is rejected without being sent. A refused request issues
 * none of its rows and the run continues with the next; a request the node finds too large is split
 * in two and retried. Any other failure stops the run: requests already in flight finish, nothing
 * more is sent.
 */
export async function issueInBatches(
  rows: readonly RowSource[],
  options: {
    batchSize: number;
    issuer: BatchIssuer;
    /** Called in input order with each request's issued credentials. */
    onIssued: (items: IssuedItem[], rows: readonly RowSource[]) => void;
    onProgress?: (processed: number) => void;
    /**
     * The run's idempotency key: each request carries `<key>:<first row>+<rows>`, the same for the
     * same input and options, so rerunning an interrupted run returns what was already issued
     * instead of issuing it twice.
     */
    idempotencyKey?: string;
  },
): Promise<IssueRun> {
  const { issuer, batchSize } = options;
  const outcomes: RowOutcome[] = new Array(rows.length);
  let cursor = 0;
  let processed = 0;
  let requests = 0;
  let fatal: ClearledgerError | undefined;
  type Pending = { credentials: Record<string, unknown>[]; texts: string[]; rows: RowSource[] };
  type Settled =
    | { part: Pending; result: BatchResult }
    | { part: Pending; error: ClearledgerError }
    | { part: Pending; notSent: true };

  const nextBatch = (): Pending | null => {
    const batch: Pending = { credentials: [], texts: [], rows: [] };
    let bytes = ENVELOPE_BYTES;
    while (cursor < rows.length && batch.rows.length < batchSize) {
      const row = rows[cursor]!;
      const built = row.build();
      if (!built.success) {
        outcomes[row.index] = { status: 'rejected', problems: built.problems };
        processed++;
        cursor++;
        continue;
      }
      const text = JSON.stringify(built.credential);
      const size = Buffer.byteLength(text) + 1;
      if (issuer.maxRequestBytes !== undefined && batch.rows.length > 0 && bytes + size > issuer.maxRequestBytes) break;
      bytes += size;
      batch.credentials.push(built.credential);
      batch.texts.push(text);
      batch.rows.push(row);
      cursor++;
    }
    return batch.rows.length === 0 ? null : batch;
  };

  /** Sends a batch; a body the node finds too large is split in halves, each its own request. */
  const send = async (part: Pending): Promise<Settled[]> => {
    requests++;
    try {
      const key =
        options.idempotencyKey === undefined
          ? undefined
          : `${options.idempotencyKey}:${part.rows[0]!.index}+${part.rows.length}`;
      return [{ part, result: await issuer.issue(key === undefined ? part : { ...part, key }) }];
    } catch (error) {
      const failure = isClearledgerError(error)
        ? error
        : new ClearledgerError('CL_INTERNAL', `Issuing failed: ${(error as Error).message}`);
      if (failure.code !== 'CL_HTTP_BODY_TOO_LARGE') return [{ part, error: failure }];
      if (part.rows.length === 1) {
        return [
          {
            part,
            result: {
              success: false,
              problems: [{ index: 0, code: failure.code, field: '/', message: failure.message }],
            },
          },
        ];
      }
      const half = Math.ceil(part.rows.length / 2);
      const slice = (from: number, to?: number): Pending => ({
        credentials: part.credentials.slice(from, to),
        texts: part.texts.slice(from, to),
        rows: part.rows.slice(from, to),
      });
      const first = await send(slice(0, half));
      if (first.some((s) => 'error' in s)) return [...first, { part: slice(half), notSent: true }];
      return [...first, ...(await send(slice(half)))];
    }
  };

  const settle = (settled: Settled[]): void => {
    for (const s of settled) {
      if ('notSent' in s) {
        for (const row of s.part.rows) outcomes[row.index] = { status: 'notIssued', reason: 'not-sent' };
      } else if ('error' in s) {
        const unknown = s.error.code === 'CL_NODE_UNREACHABLE' && s.error.details?.delivered !== false;
        for (const row of s.part.rows)
          outcomes[row.index] = unknown ? { status: 'unknown' } : { status: 'notIssued', reason: 'request-failed' };
        fatal ??= s.error;
      } else if (s.result.success) {
        s.result.issued.forEach((item, i) => {
          outcomes[s.part.rows[i]!.index] = { status: 'issued', id: item.id, hash: item.hash };
        });
        options.onIssued(s.result.issued, s.part.rows);
      } else {
        const byRow = new Map<number, RowProblem[]>();
        for (const p of s.result.problems) {
          const list = byRow.get(p.index) ?? [];
          list.push({ code: p.code, field: p.field, message: p.message });
          byRow.set(p.index, list);
        }
        s.part.rows.forEach((row, i) => {
          const problems = byRow.get(i);
          outcomes[row.index] =
            problems === undefined
              ? { status: 'notIssued', reason: 'batch-rejected' }
              : { status: 'rejected', problems };
        });
      }
      processed += s.part.rows.length;
    }
    options.onProgress?.(processed);
  };

  const inFlight: Promise<Settled[]>[] = [];
  for (;;) {
    while (fatal === undefined && inFlight.length < Math.max(1, issuer.concurrency)) {
      const batch = nextBatch();
      if (batch === null) break;
      inFlight.push(send(batch));
    }
    const oldest = inFlight.shift();
    if (oldest === undefined) break;
    settle(await oldest);
  }
  for (const row of rows) outcomes[row.index] ??= { status: 'notIssued', reason: 'not-sent' };
  return { outcomes, requests, ...(fatal === undefined ? {} : { fatal }) };
}
