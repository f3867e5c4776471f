import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import {
  ClearledgerError,
  type IssueProblem,
  issueCredentials,
  issueOnce,
  issueResponseBody,
  type SealPendingBatchResult,
  type Store,
  sealPendingBatch,
} from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import {
  type Column,
  columnOfPointer,
  parseCsv,
  parseHeader,
  type RowProblem,
  rowToCredential,
} from '../bulk/csvCredentials.ts';
import {
  type BatchIssuer,
  type IssuedItem,
  issueInBatches,
  type RowOutcome,
  type RowSource,
} from '../bulk/issueInBatches.ts';
import { Progress } from '../bulk/progress.ts';
import { exitCodeByCode, exitCodes } from '../exitCodeByCode.ts';
import { readJsonFile, readTextFile } from '../io.ts';
import type { Output } from '../output.ts';
import { NodeAnswerError, type NodeClient } from '../remote/nodeClient.ts';

export const issueHelp = `Usage: clearledger issue <file.json | file.csv | -> [options]

Validates and signs credentials with the organisation's current key and stores them for anchoring:
on this node's data folder (local mode), or on a node over HTTP (--node, CLEARLEDGER_NODE_URL or
clearledger login; see clearledger --help).

Input:
  file.json   one unsigned credential (a JSON object) or many (a JSON array)
  file.csv    one credential per row. Each header is a dotted path into the credential, a number
              being an array position: credentialSubject.certificationNumber,
              credentialSubject.goods.0.hs6, credentialSubject.exporter.name. Cells are strings
              ("00123" stays "00123") unless the header ends with :number, :boolean or :json
              (type:json holds ["VerifiableCredential","…"]). Each row is a copy of --template with
              its non-empty cells set; empty cells are left out.

Credentials go in requests of --batch (default 500; over HTTP, fewer when a request would pass the
node's 1 MiB body limit). Each request is all or nothing: when the node rejects one, none of its rows is
issued and the next request goes on. A row that cannot become a credential (a :json cell that is
not JSON…) is rejected without being sent. The summary gives the number issued and rejected, each
rejected row with its CSV line (or array position), field and reason, and the rows not issued with
them; the exit code is 0 when everything was issued, 2 when any row was not. A run the node stops
(unreachable: exit 6, token refused: exit 2) reports what was issued until then, and lists rows
whose request was lost on the way as possibly issued. A progress bar shows
on standard error when it is a terminal (plain lines every few seconds otherwise; none with --json).

Options:
  --template <file.json>  CSV only: the credential each row starts from (@context, type, fixed fields)
  --batch <n>             credentials per request, 1 to 10000 (default 500)
  --out <file>            write the signed credentials here: a JSON array (an object for a single
                          JSON object input), or one per line when the name ends in .ndjson or .jsonl.
                          Without --out, JSON input prints them on standard output.
  --rejects <file>        write the rows not issued (the CSV header and rows, or a JSON array) to fix
                          and issue again
  --idempotency-key <key> issue at most once: each request carries <key>:<first row>+<rows> (header
                          Idempotency-Key, or recorded in the local store), so running the same
                          command again after a crash or a lost answer returns the records already
                          issued instead of issuing them twice (same file and --batch; kept 24 h)
  --format <csv|json>     input format (default: csv for a .csv file, else json)
  --org <did>             local mode: issuing organisation hosted by this node (default: the operator)
  --data-dir <path>       local mode: the node's data folder (default ./data, or CLEARLEDGER_DATA_DIR)
  --node <url>, --token <token>, --config <file>, --timeout <seconds>   remote mode (clearledger --help)
  --json                  machine-readable summary on standard output: issued ids and hashes,
                          every rejected row with its problems, counts, rate
  -h, --help              show this help
`;

/** Where the issued credentials go: a local data folder or a node. */
export type IssueTarget = {
  issuer: BatchIssuer;
  /** "as did:web:…" or "on https://node…", for the summary. */
  where: string;
  /** Extra facts for the summary once every request is done (local mode: the sealed batch). */
  finish?: (issuedCount: number) => Promise<{ facts: Record<string, unknown>; text: string }>;
  /** Fails early (unknown organisation…) before anything is read or sent. */
  prepare?: () => Promise<void>;
};

export type IssueArgs = {
  file: string;
  out?: string;
  template?: string;
  batch?: string;
  format?: string;
  rejects?: string;
  idempotencyKey?: string;
};

/** Issues through a node's `POST /credentials/issue`, two requests in flight, bodies under 1 MiB. */
export function remoteIssueTarget(client: NodeClient): IssueTarget {
  return {
    where: `on ${client.url}`,
    issuer: {
      concurrency: 2,
      maxRequestBytes: 1024 * 1024 - 8 * 1024,
      async issue({ texts, key }) {
        let answer: { issued?: unknown };
        try {
          answer = await client.json('POST', '/credentials/issue', {
            body: { jsonText: `{"credentials":[${texts.join(',')}]}` },
            ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
          });
        } catch (error) {
          if (error instanceof NodeAnswerError && error.status === 422 && error.problems !== undefined)
            return { success: false, problems: error.problems.map(problemOf) };
          throw error;
        }
        const issued = Array.isArray(answer.issued) ? (answer.issued as Record<string, unknown>[]) : [];
        if (
          issued.length !== texts.length ||
          !issued.every((i) => typeof i.id === 'string' && typeof i.hash === 'string')
        )
          throw new ClearledgerError('CL_INTERNAL', `${client.url} answered the issue request in an unexpected shape.`);
        return {
          success: true,
          issued: issued.map((i) => ({
            id: i.id as string,
            hash: i.hash as string,
            credential: i.verifiableCredential,
          })),
        };
      },
    },
  };
}

/** The records of a recorded answer (`{ issued: [...] }`), as the run reports them. */
function replayedItems(body: unknown): IssuedItem[] {
  const issued = (body as { issued?: unknown } | null)?.issued;
  if (!Array.isArray(issued)) throw new ClearledgerError('CL_INTERNAL', 'A recorded issue answer has no records.');
  return issued.map((i: { id: string; hash: string; verifiableCredential: unknown }) => ({
    id: i.id,
    hash: i.hash,
    credential: i.verifiableCredential,
  }));
}

function problemOf(value: unknown): IssueProblem {
  const p = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    index: typeof p.index === 'number' ? p.index : -1,
    code: (typeof p.code === 'string' ? p.code : 'CL_CREDENTIAL_INVALID') as IssueProblem['code'],
    field: typeof p.field === 'string' ? p.field : '',
    message: typeof p.message === 'string' ? p.message : 'Rejected by the node.',
  };
}

/** Issues on this node's store (one batch after another), then seals what was issued into Merkle batches. */
export function localIssueTarget(node: NodeContext, orgId: string): IssueTarget {
  let signer: Awaited<ReturnType<NodeContext['signerFor']>> | undefined;
  return {
    where: `as ${orgId}`,
    prepare: async () => {
      signer = await node.signerFor(orgId);
    },
    issuer: {
      concurrency: 1,
      async issue({ credentials, key }) {
        const activeSigner = signer ?? (await node.signerFor(orgId));
        signer = activeSigner;
        const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        const run = (store: Store) =>
          issueCredentials(
            {
              store,
              crypto: node.crypto,
              now,
              signMany: node.signMany,
              // The view `clearledger verify` judges with: nothing is issued that it would call INVALID.
              ...(node.ledger === undefined ? {} : { ledger: node.ledger.view }),
            },
            { orgId, signer: activeSigner, credentials },
          );
        let result: Awaited<ReturnType<typeof run>>;
        if (key === undefined) result = await run(node.store);
        else {
          // The same request shape as over HTTP, so a key means the same in both modes.
          const once = await issueOnce(
            { store: node.store, crypto: node.crypto, now: new Date().toISOString() },
            {
              orgId,
              key,
              request: { credentials },
              respond: (rows) => ({ statusCode: 201, body: issueResponseBody(rows, false) }),
            },
            run,
          );
          if (once.replayed) return { success: true, issued: replayedItems(once.body) };
          result = once.result;
        }
        if (!result.success) return result;
        return {
          success: true,
          issued: result.issued.map((i) => ({
            id: i.id,
            hash: i.hash,
            canonical: i.canonical,
            get credential() {
              return i.credential;
            },
          })),
        };
      },
    },
    finish: async (issuedCount) => {
      const batches: NonNullable<SealPendingBatchResult>[] = [];
      const maxSize = 100_000;
      if (issuedCount > 0) {
        for (;;) {
          const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
          const batch = await sealPendingBatch({ store: node.store, crypto: node.crypto, now }, { orgId, maxSize });
          if (batch === null) break;
          batches.push(batch);
          if (batch.size < maxSize) break;
        }
      }
      return {
        facts: { batch: batches[0] ?? null, batches },
        text:
          batches.length === 0
            ? ''
            : `; sealed in batch ${batches.map((b) => `${b.root.slice(0, 16)}…`).join(', ')}, awaiting anchoring`,
      };
    },
  };
}

type Input = {
  kind: 'object' | 'array' | 'csv';
  rows: RowSource[];
  columns?: Column[];
  /** The text a row not issued is written back as (--rejects). */
  rejectsText: (indexes: number[]) => string;
};

/** Reads the input file: a JSON object or array, or CSV rows merged over the template. */
export function readIssueInput(args: IssueArgs): Input {
  const format = args.format ?? (extname(args.file).toLowerCase() === '.csv' ? 'csv' : 'json');
  if (format !== 'csv' && format !== 'json')
    throw new ClearledgerError('CL_INPUT_INVALID', '--format must be csv or json.', { field: '--format' });
  if (format === 'json') {
    if (args.template !== undefined)
      throw new ClearledgerError('CL_INPUT_INVALID', '--template applies to CSV input only.', { field: '--template' });
    const input = readJsonFile(args.file);
    const list = Array.isArray(input) ? input : [input];
    if (list.length === 0 || !list.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c))) {
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        'The file must hold a credential object or a non-empty array of them.',
        { field: args.file },
      );
    }
    const credentials = list as Record<string, unknown>[];
    return {
      kind: Array.isArray(input) ? 'array' : 'object',
      rows: credentials.map((credential, index) => ({ index, build: () => ({ success: true, credential }) })),
      rejectsText: (indexes) =>
        JSON.stringify(
          indexes.map((i) => credentials[i]),
          null,
          2,
        ) + '\n',
    };
  }
  let template: Record<string, unknown> | undefined;
  if (args.template !== undefined) {
    const value = readJsonFile(args.template);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new ClearledgerError('CL_INPUT_INVALID', `The template ${args.template} must hold one JSON object.`, {
        field: '--template',
      });
    template = value as Record<string, unknown>;
  }
  const { header, headerRaw, records } = parseCsv(readTextFile(args.file));
  const columns = parseHeader(header);
  if (records.length === 0) throw new ClearledgerError('CL_INPUT_INVALID', `${args.file} has a header but no rows.`);
  return {
    kind: 'csv',
    columns,
    rows: records.map((record, index) => ({
      index,
      line: record.line,
      build: () => rowToCredential(columns, record.cells, template),
    })),
    rejectsText: (indexes) =>
      [headerRaw, ...indexes.map((i) => records[i]!.raw)]
        .map((raw) => (raw.endsWith('\n') ? raw : `${raw}\n`))
        .join(''),
  };
}

/** Parses `--batch`. */
export function parseBatchSize(text: string | undefined): number {
  if (text === undefined) return 500;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 10_000)
    throw new ClearledgerError('CL_INPUT_INVALID', '--batch must be a whole number from 1 to 10000.', {
      field: '--batch',
    });
  return Number(text);
}

/**
 * Writes signed credentials as they come, in input order: a JSON array, one object, or NDJSON. The
 * file is checked for writing at once but only replaced once the first credential is issued.
 */
class CredentialSink {
  readonly #path: string | undefined;
  readonly #ndjson: boolean;
  readonly #single: boolean;
  #fd: number | undefined;
  #count = 0;
  constructor(path: string | undefined, single: boolean) {
    this.#path = path;
    this.#ndjson = path !== undefined && /\.(ndjson|jsonl)$/i.test(path);
    this.#single = single && !this.#ndjson;
    if (path !== undefined) closeSync(this.#open(path, 'a'));
  }
  add(items: readonly IssuedItem[]): void {
    const parts: string[] = [];
    for (const item of items) {
      if (this.#ndjson) parts.push(`${item.canonical ?? JSON.stringify(item.credential)}\n`);
      else if (this.#single) parts.push(`${JSON.stringify(item.credential, null, 2)}\n`);
      else
        parts.push(
          `${this.#count === 0 ? '[\n' : ',\n'}${JSON.stringify(item.credential, null, 2).replace(/^/gm, '  ')}`,
        );
      this.#count++;
    }
    if (parts.length > 0) this.#write(parts.join(''));
  }
  close(): void {
    if (this.#count > 0 && !this.#ndjson && !this.#single) this.#write('\n]\n');
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
  #open(path: string, flags: string): number {
    try {
      return openSync(path, flags);
    } catch (cause) {
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        `Cannot write ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`,
        { field: '--out' },
      );
    }
  }
  #write(text: string): void {
    if (this.#path === undefined) {
      process.stdout.write(text);
      return;
    }
    this.#fd ??= this.#open(this.#path, 'w');
    writeSync(this.#fd, text);
  }
}

type RejectedEntry = { index: number; line?: number } & RowProblem;

/**
 * `clearledger issue`: reads the input, issues it in batches through `target`, writes the signed
 * credentials and prints the summary. Exit 0 when every row was issued, 2 when any was rejected,
 * the failure's own code when the run stopped (node unreachable, token refused…).
 */
export async function issueCommand(target: IssueTarget, args: IssueArgs, out: Output): Promise<number> {
  const batchSize = parseBatchSize(args.batch);
  if (args.idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(args.idempotencyKey))
    throw new ClearledgerError('CL_INPUT_INVALID', '--idempotency-key must be 1 to 200 visible ASCII characters.', {
      field: '--idempotency-key',
    });
  const input = readIssueInput(args);
  await target.prepare?.();
  const printSigned = args.out !== undefined || (input.kind !== 'csv' && !out.json);
  const sink = printSigned ? new CredentialSink(args.out, input.kind === 'object') : undefined;
  const total = input.rows.length;
  const progress = new Progress(total, {
    stream: out.json || total <= 1 ? undefined : process.stderr,
    label: 'issued',
  });
  const started = performance.now();
  let run: Awaited<ReturnType<typeof issueInBatches>>;
  try {
    run = await issueInBatches(input.rows, {
      batchSize,
      issuer: target.issuer,
      onIssued: (items) => sink?.add(items),
      onProgress: (n) => progress.update(n),
      ...(args.idempotencyKey === undefined ? {} : { idempotencyKey: args.idempotencyKey }),
    });
  } finally {
    progress.finish();
    sink?.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const { outcomes } = run;
  const issuedCount = outcomes.filter((o) => o.status === 'issued').length;
  // Stopped before anything was issued (node unreachable, token refused): the error says it all.
  if (run.fatal !== undefined && issuedCount === 0 && !outcomes.some((o) => o.status === 'unknown')) throw run.fatal;
  const finished = await target.finish?.(issuedCount);

  const rowOf = (index: number) => {
    const line = input.rows[index]!.line;
    return line === undefined ? { index } : { index, line };
  };
  const issued: { id: string; hash: string; index: number; line?: number }[] = [];
  const rejected: RejectedEntry[] = [];
  const notIssued: { index: number; line?: number; reason: string }[] = [];
  const unknown: { index: number; line?: number }[] = [];
  outcomes.forEach((o: RowOutcome, index) => {
    if (o.status === 'issued') issued.push({ id: o.id, hash: o.hash, ...rowOf(index) });
    else if (o.status === 'rejected') {
      for (const p of o.problems) {
        const column = p.column ?? (input.columns === undefined ? undefined : columnOfPointer(input.columns, p.field));
        rejected.push({
          ...rowOf(index),
          code: p.code,
          field: p.field,
          message: p.message,
          ...(column === undefined ? {} : { column }),
        });
      }
    } else if (o.status === 'notIssued') notIssued.push({ ...rowOf(index), reason: o.reason });
    else unknown.push(rowOf(index));
  });
  const rejectedRows = outcomes.filter((o) => o.status === 'rejected').length;
  const notIssuedIndexes = outcomes.flatMap((o, i) => (o.status === 'rejected' || o.status === 'notIssued' ? [i] : []));
  if (args.rejects !== undefined && notIssuedIndexes.length > 0)
    writeFileSync(args.rejects, input.rejectsText(notIssuedIndexes));

  const counts = {
    total,
    issued: issuedCount,
    rejected: rejectedRows,
    notIssued: notIssued.length,
    unknown: unknown.length,
  };
  const perSecond = seconds > 0 ? Math.round(issuedCount / seconds) : issuedCount;
  const complete = issuedCount === total;
  const firstProblem = rejected[0];
  const error =
    run.fatal !== undefined
      ? run.fatal.toJSON()
      : complete
        ? undefined
        : {
            code: firstProblem?.code ?? 'CL_CREDENTIAL_INVALID',
            message: `${total - issuedCount} of ${total} row(s) were not issued.`,
            problems: rejected,
          };
  const facts = {
    issued,
    rejected,
    notIssued,
    ...(unknown.length === 0 ? {} : { unknown }),
    counts,
    requests: run.requests,
    seconds: Math.round(seconds * 1000) / 1000,
    perSecond,
    ...(issuedCount === 0 ? {} : { status: 'pending' }),
    ...(finished?.facts ?? {}),
    ...(args.out === undefined ? {} : { file: args.out }),
    ...(args.rejects === undefined || notIssuedIndexes.length === 0 ? {} : { rejectsFile: args.rejects }),
    ...(error === undefined ? {} : { error }),
  };
  out.result(facts, summaryText(input.kind, target.where, facts, finished?.text ?? '', run.fatal, args.rejects));
  if (run.fatal !== undefined) return exitCodeByCode[run.fatal.code];
  return complete ? exitCodes.ok : exitCodes.usage;
}

function summaryText(
  kind: Input['kind'],
  where: string,
  facts: {
    counts: { total: number; issued: number; rejected: number; notIssued: number; unknown: number };
    requests: number;
    seconds: number;
    perSecond: number;
    rejected: RejectedEntry[];
    notIssued: { index: number; line?: number; reason: string }[];
    unknown?: { index: number; line?: number }[];
  },
  finishedText: string,
  fatal: ClearledgerError | undefined,
  rejectsFile: string | undefined,
): string {
  const { counts } = facts;
  const n = (x: number) => x.toLocaleString('en-US');
  const row = (e: { index: number; line?: number }) => (e.line === undefined ? `#${e.index}` : `line ${e.line}`);
  const lines: string[] = [];
  if (counts.issued === 0 && counts.rejected > 0 && counts.rejected + counts.notIssued === counts.total) {
    lines.push('Nothing was issued; fix these problems and try again:');
  } else {
    const rate =
      counts.total > 1
        ? ` in ${n(facts.requests)} request(s), ${facts.seconds.toFixed(1)} s (${n(facts.perSecond)}/s)`
        : '';
    lines.push(`Issued ${n(counts.issued)} of ${n(counts.total)} credential(s) ${where}${rate}${finishedText}.`);
    if (counts.rejected > 0) lines.push(`${n(counts.rejected)} row(s) rejected:`);
  }
  for (const p of facts.rejected) {
    const field = p.column !== undefined && p.column !== p.field ? `${p.field} (${p.column})` : p.field;
    lines.push(`  ${row(p)} ${field || '-'}: ${p.message} [${p.code}]`);
  }
  const batchMates = facts.notIssued.filter((r) => r.reason === 'batch-rejected');
  if (batchMates.length > 0) {
    lines.push(
      `${n(batchMates.length)} row(s) not issued because another row of their request was rejected: ${ranges(kind, batchMates)}`,
    );
  }
  const notSent = facts.notIssued.filter((r) => r.reason !== 'batch-rejected');
  if (notSent.length > 0) lines.push(`${n(notSent.length)} row(s) not sent: ${ranges(kind, notSent)}`);
  if (facts.unknown !== undefined && facts.unknown.length > 0) {
    lines.push(
      `${n(facts.unknown.length)} row(s) may or may not have been issued (the request was lost on the way): ` +
        `${ranges(kind, facts.unknown)}; check with clearledger records list before issuing them again.`,
    );
  }
  if (fatal !== undefined) lines.push(`Stopped: ${fatal.code}: ${fatal.message}`);
  if (counts.rejected + counts.notIssued > 0 && counts.total > 1) {
    lines.push(
      rejectsFile === undefined
        ? 'Add --rejects <file> to collect the rows not issued, fix them and issue that file.'
        : `The rows not issued are in ${rejectsFile}: fix them and issue that file.`,
    );
  }
  return lines.join('\n');
}

/** `lines 7–9, 12, 17–21` (CSV) or `#2–4, #9` (JSON). */
function ranges(kind: Input['kind'], rows: readonly { index: number; line?: number }[]): string {
  const keys = rows.map((r) => r.line ?? r.index).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < keys.length; ) {
    let j = i;
    while (j + 1 < keys.length && keys[j + 1] === keys[j]! + 1) j++;
    const prefix = kind === 'csv' ? '' : '#';
    parts.push(j === i ? `${prefix}${keys[i]}` : `${prefix}${keys[i]}–${prefix}${keys[j]}`);
    i = j + 1;
  }
  const shown =
    parts.length > 40 ? [...parts.slice(0, 40), `… (${parts.length - 40} more ranges; --json lists them all)`] : parts;
  return `${kind === 'csv' ? 'lines ' : ''}${shown.join(', ')}`;
}
