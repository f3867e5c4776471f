// What the carnets and in-bond commands share: calling the node with refused fields named by their
// flags, reading batch files (CSV with a header row, or a JSON array of objects) checked whole before
// anything is sent, and sending their rows one by one with a summary of what was refused.
import { extname } from 'node:path';
import { ClearledgerError, type ErrorCode } from '@clearledger/core';
import { parseCsv } from '../bulk/csvCredentials.ts';
import { exitCodeByCode, exitCodes } from '../exitCodeByCode.ts';
import { readJsonFile, readTextFile } from '../io.ts';
import type { Output } from '../output.ts';
import { NodeAnswerError, type NodeClient } from '../remote/nodeClient.ts';

/** The flags a command reads (the CLI's parsed options). */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** An organisation by name, as the node names parties (`name` is null when the node does not know it). */
export type Party = { id: string; name: string | null };

/** A problem with a value given, before anything is sent: the flag (or column) and why. */
export type InputProblem = { field: string; message: string };

/** A flag's value when it is a string. */
export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A CL_INPUT_INVALID error naming the flag (or argument) at fault. */
export const bad = (message: string, field: string) => new ClearledgerError('CL_INPUT_INVALID', message, { field });

/** One CL_INPUT_INVALID error of several problems, naming the first one's flag. */
export const badAll = (problems: readonly InputProblem[]) =>
  new ClearledgerError('CL_INPUT_INVALID', problems.map((p) => p.message).join(' '), { field: problems[0]!.field });

/** An organisation as "name (DID)", or its DID when the node does not know its name. */
export const named = (party: Party | undefined | null, id: string) =>
  party === undefined || party === null || party.name === null ? id : `${party.name} (${id})`;

/** Prints a value as indented JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Refuses a command that needs a token when there is none. */
export function needToken(client: NodeClient, command: string): void {
  if (client.token === undefined)
    throw new ClearledgerError(
      'CL_AUTH_REQUIRED',
      `clearledger ${command} needs an access token for ${client.url}: sign in with clearledger login, or give --token or CLEARLEDGER_TOKEN.`,
    );
}

/**
 * Calls the node; a refused body member (a JSON pointer in the error's field) is named by the flag
 * that sets it, from `flagOfField` (pointer → flag).
 */
export async function callNode<T>(
  client: NodeClient,
  method: string,
  path: string,
  json: unknown,
  flagOfField: Readonly<Record<string, string>>,
): Promise<T> {
  try {
    return await client.json<T>(method, path, json === undefined ? {} : { body: { json } });
  } catch (error) {
    if (error instanceof NodeAnswerError && error.field !== undefined) {
      const pointer = Object.keys(flagOfField).find((p) => error.field === p || error.field!.startsWith(`${p}/`));
      if (pointer !== undefined) {
        const flag = flagOfField[pointer]!;
        throw new ClearledgerError(error.code, `${error.message} (${flag})`, {
          field: flag,
          ...(error.details === undefined ? {} : { details: error.details }),
        });
      }
    }
    throw error;
  }
}

/** Checks `--limit` of a list: a whole number from 1 to 200 (default 50). */
export function limitOf(flags: Flags): number {
  const text = str(flags.limit) ?? '50';
  if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 200)
    throw bad('--limit must be a whole number from 1 to 200.', '--limit');
  return Number(text);
}

/**
 * Refuses a flag given to an action it does not apply to.
 *
 * @param flagActions - flag → the actions that take it.
 */
export function checkFlagsApply(
  command: string,
  action: string | undefined,
  flags: Flags,
  flagActions: Readonly<Record<string, readonly string[]>>,
): void {
  for (const [flag, actions] of Object.entries(flagActions))
    if (flags[flag] !== undefined && !actions.includes(action ?? ''))
      throw bad(
        `--${flag} applies to clearledger ${command} ${actions.join(', ')}, not to ${command} ${action}.`,
        `--${flag}`,
      );
}

/** A row of a batch file: its number (from 1), its line in a CSV file, its values by column. */
export type BatchRecord = { row: number; line?: number; values: Record<string, string | undefined> };

/** Where a row is, for messages: `row 2 (line 3)`. */
export const whereOf = (r: { row: number; line?: number }) =>
  r.line === undefined ? `row ${r.row}` : `row ${r.row} (line ${r.line})`;

const columnKey = (name: string) => name.trim().toLowerCase().replaceAll(/[-_ ]/g, '');

/**
 * Reads the rows of a batch file: `.csv` (a header row) or `.json` (an array of objects). Column
 * names are matched without case, dashes, underscores or spaces through `aliases` (name → column).
 *
 * @param what - what a row is, for messages ("voucher", "event").
 * @returns the rows, and the problems of their shape (unknown members, values that are not text or numbers).
 * @throws {ClearledgerError} CL_INPUT_INVALID when the file cannot be read, has unknown columns or no rows.
 */
export function readBatchRecords(
  file: string,
  aliases: Readonly<Record<string, string>>,
  what: string,
): { records: BatchRecord[]; problems: string[] } {
  const ext = extname(file).toLowerCase();
  const problems: string[] = [];
  const columns = [...new Set(Object.values(aliases))].join(', ');
  let records: BatchRecord[];
  if (ext === '.csv') {
    const { header, records: csv } = parseCsv(readTextFile(file));
    const names = header.map((h) => aliases[columnKey(h)]);
    const unknown = header.filter((_, i) => names[i] === undefined);
    if (unknown.length > 0)
      throw bad(
        `${file}: unknown column(s) ${unknown.map((h) => `"${h}"`).join(', ')}; the columns are ${columns}.`,
        '--batch',
      );
    const repeated = names.filter((c, i) => names.indexOf(c) !== i);
    if (repeated.length > 0) throw bad(`${file}: the column "${repeated[0]}" appears twice.`, '--batch');
    records = csv.map((r, i) => ({
      row: i + 1,
      line: r.line,
      values: Object.fromEntries(
        names.map((c, j) => [c!, r.cells[j] === undefined || r.cells[j] === '' ? undefined : r.cells[j]]),
      ),
    }));
  } else if (ext === '.json') {
    const value = readJsonFile(file);
    if (!Array.isArray(value)) throw bad(`${file} must hold a JSON array of ${what}s (objects).`, '--batch');
    records = value.map((item, i) => {
      const values: Record<string, string | undefined> = {};
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        problems.push(`row ${i + 1}: a ${what} is a JSON object.`);
        return { row: i + 1, values };
      }
      for (const [key, v] of Object.entries(item as Record<string, unknown>)) {
        const column = aliases[columnKey(key)];
        if (column === undefined) problems.push(`row ${i + 1}: unknown member "${key}" (the members are ${columns}).`);
        else if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))
          values[column] = String(v);
        else if (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'string'))
          values[column] = v.join(',');
        else if (v !== null) problems.push(`row ${i + 1}: "${key}" is a string or a number.`);
      }
      return { row: i + 1, values };
    });
  } else throw bad(`--batch takes a .csv or .json file (got ${file}).`, '--batch');
  if (records.length === 0) throw bad(`${file} holds no ${what}s.`, '--batch');
  return { records, problems };
}

/** Refuses a whole batch file (nothing sent) with the problems of its rows, the first twenty shown. */
export function refuseBatch(file: string, problems: readonly string[]): never {
  const shown = problems.slice(0, 20);
  throw bad(
    `${file}: nothing was sent; fix these rows first:\n  ${shown.join('\n  ')}${problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : ''}`,
    '--batch',
  );
}

/** Codes after which the rest of a batch is not sent (the node cannot be reached or refuses the caller). */
const stopCodes = new Set<string>([
  'CL_NODE_UNREACHABLE',
  'CL_AUTH_REQUIRED',
  'CL_AUTH_TOKEN_EXPIRED',
  'CL_AUTH_INVALID_CREDENTIALS',
  'CL_AUTH_FORBIDDEN',
  'CL_HTTP_RATE_LIMITED',
  'CL_HTTP_UNITS_EXHAUSTED',
]);

/** A refused row of a batch: where it is, what it was, the node's code and reason. */
export type RefusedRow = {
  row: number;
  line?: number;
  what: string;
  code: string;
  message: string;
  field?: string;
};

/**
 * Sends the rows of a batch one after the other. A refused row is recorded with its code and the
 * next row is sent; a code that concerns every row (node unreachable, token refused) stops the batch.
 * Prints each row as it goes (stderr) and the summary (stdout, or `{<doneKey>, refused, stopped?}` as JSON).
 *
 * @param verb - what was done to a row ("endorsed", "recorded").
 * @returns exit 0 when every row was accepted, 2 when some were refused, the stop code's exit code when stopped.
 */
export async function sendBatch<Row extends { row: number; line?: number }, Answer>(
  rows: readonly Row[],
  options: {
    send: (row: Row) => Promise<Answer>;
    /** What the row is, for the summary ("carnet_… EXPORT items 1, 2"). */
    describe: (row: Row) => string;
    /** The row's entry in the JSON summary once accepted. */
    record: (row: Row, answer: Answer) => Record<string, unknown>;
    /** The row's line once accepted (text mode). */
    text: (row: Row, answer: Answer) => string;
    doneKey: string;
    verb: string;
    out: Output;
  },
): Promise<number> {
  const { out } = options;
  const done: Record<string, unknown>[] = [];
  const refused: RefusedRow[] = [];
  let stopped: { code: string; message: string } | undefined;
  for (const row of rows) {
    const where = row.line === undefined ? {} : { line: row.line };
    try {
      const answer = await options.send(row);
      done.push({ row: row.row, ...where, ...options.record(row, answer) });
      if (!out.json) process.stderr.write(`row ${row.row}  ${options.text(row, answer)}\n`);
    } catch (error) {
      if (!(error instanceof ClearledgerError)) throw error;
      if (stopCodes.has(error.code)) {
        stopped = { code: error.code, message: error.message };
        break;
      }
      const what = options.describe(row);
      refused.push({
        row: row.row,
        ...where,
        what,
        code: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      });
      if (!out.json) process.stderr.write(`row ${row.row}  ${what}  refused  ${error.code}: ${error.message}\n`);
    }
  }
  const notSent = rows.length - done.length - refused.length;
  if (out.json)
    printJson({
      [options.doneKey]: done,
      refused,
      ...(stopped === undefined ? {} : { stopped: { ...stopped, notSent } }),
    });
  else {
    const lines = [
      `${done.length} ${options.verb}, ${refused.length} refused` +
        (stopped === undefined ? '' : `, ${notSent} not sent`),
    ];
    for (const r of refused) lines.push(`  ${whereOf(r)}  ${r.what}  ${r.code}: ${r.message}`);
    if (stopped !== undefined) lines.push(`  stopped: ${stopped.code}: ${stopped.message}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  if (stopped !== undefined) return exitCodeByCode[stopped.code as ErrorCode] ?? exitCodes.internal;
  return refused.length > 0 ? exitCodes.usage : exitCodes.ok;
}

/** Whether `text` is a calendar date YYYY-MM-DD that exists. */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** An exact decimal amount as the node takes it: up to 18 digits and 6 decimals. */
export const DECIMAL = /^\d{1,18}(\.\d{1,6})?$/;
