import { ClearledgerError, isClearledgerError, parseJsonOrThrow } from '@clearledger/core';
import { parse } from 'csv-parse/sync';

/** How a cell's text becomes a JSON value: the header's `:number`, `:boolean` or `:json` suffix (default string). */
export type CellKind = 'string' | 'number' | 'boolean' | 'json';

/** One CSV column: its header as written, the path it sets in the credential, and the value kind. */
export type Column = { header: string; path: (string | number)[]; kind: CellKind };

/** One CSV record: the line it starts on (1-based, the header is line 1 or later), its cells and its text. */
export type CsvRecord = { line: number; cells: string[]; raw: string };

/** A problem with one row, before anything is sent: the column and what is wrong. */
export type RowProblem = { code: string; field: string; message: string; column?: string };

/** Largest array index a header may name (`goods.9999.hs6`): no header can allocate a huge array. */
export const MAX_ARRAY_INDEX = 9999;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks; a UTF-8 BOM is
 * skipped; empty lines are skipped) into its header and records, each with the line it starts on.
 *
 * @throws {ClearledgerError} CL_INPUT_INVALID when the text is not CSV (unclosed quote…) or has no header.
 */
export function parseCsv(text: string): { header: string[]; headerRaw: string; records: CsvRecord[] } {
  let parsed: { record: string[]; info: { bytes: number } }[];
  try {
    parsed = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as {
      record: string[];
      info: { bytes: number };
    }[];
  } catch (error) {
    throw new ClearledgerError('CL_INPUT_INVALID', `The CSV file cannot be read: ${(error as Error).message}`);
  }
  // info.bytes is where each record ends in the UTF-8 text: the record's own text is what lies
  // between the previous record's end and its end, after the empty lines skipped before it.
  const bytes = Buffer.from(text, 'utf8');
  const records: CsvRecord[] = [];
  let linesBefore = 0;
  let offset = 0;
  for (const { record, info } of parsed) {
    const segment = bytes
      .subarray(offset, info.bytes)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    offset = info.bytes;
    const skipped = /^(?:\r?\n)*/.exec(segment)![0];
    records.push({ line: linesBefore + countNewlines(skipped) + 1, cells: record, raw: segment.slice(skipped.length) });
    linesBefore += countNewlines(segment);
  }
  const first = records.shift();
  if (first === undefined) throw new ClearledgerError('CL_INPUT_INVALID', 'The CSV file is empty: it needs a header.');
  return { header: first.cells, headerRaw: first.raw, records };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Reads a CSV header: each cell is a dotted path into the credential (`credentialSubject.goods.0.hs6`;
 * a number is an array position), optionally followed by `:number`, `:boolean`, `:json` or `:string`.
 *
 * @throws {ClearledgerError} CL_INPUT_INVALID naming the column of an empty, malformed, forbidden or repeated header.
 */
export function parseHeader(header: readonly string[]): Column[] {
  const seen = new Set<string>();
  return header.map((cell, i) => {
    const text = cell.trim();
    const where = `CSV column ${i + 1}${text === '' ? '' : ` "${text}"`}`;
    const fail = (why: string) =>
      new ClearledgerError('CL_INPUT_INVALID', `${where}: ${why}`, { field: text || `#${i + 1}` });
    if (text === '')
      throw fail('the header is empty; every column needs a path such as credentialSubject.exporter.name.');
    const colon = text.lastIndexOf(':');
    let pathText = text;
    let kind: CellKind = 'string';
    if (colon !== -1) {
      const suffix = text.slice(colon + 1);
      if (suffix !== 'string' && suffix !== 'number' && suffix !== 'boolean' && suffix !== 'json')
        throw fail(`unknown type ":${suffix}"; use :number, :boolean, :json or :string.`);
      kind = suffix;
      pathText = text.slice(0, colon);
    }
    const segments = pathText.split('.');
    if (segments.some((s) => s === '')) throw fail('a path has no empty segments (a.b.0.c).');
    const path = segments.map((s) => {
      if (FORBIDDEN_SEGMENTS.has(s)) throw fail(`"${s}" may not be used as a key.`);
      if (/^\d+$/.test(s)) {
        const n = Number(s);
        if (n > MAX_ARRAY_INDEX || (s.length > 1 && s.startsWith('0')))
          throw fail(`"${s}" is not an array position from 0 to ${MAX_ARRAY_INDEX}.`);
        return n;
      }
      return s;
    });
    if (typeof path[0] === 'number') throw fail('a path starts with a key of the credential, not a number.');
    if (seen.has(pathText)) throw fail('the same path appears in two columns.');
    seen.add(pathText);
    return { header: text, path, kind };
  });
}

/**
 * One CSV row as a credential: a copy of the template with each non-empty cell set at its column's
 * path (empty cells are left out, so the template's value stays).
 */
export function rowToCredential(
  columns: readonly Column[],
  cells: readonly string[],
  template: Record<string, unknown> | undefined,
): { success: true; credential: Record<string, unknown> } | { success: false; problems: RowProblem[] } {
  if (cells.length !== columns.length) {
    return {
      success: false,
      problems: [
        {
          code: 'CL_INPUT_INVALID',
          field: '',
          message: `The row has ${cells.length} cell(s) but the header has ${columns.length}.`,
        },
      ],
    };
  }
  const credential: Record<string, unknown> = template === undefined ? {} : structuredClone(template);
  const problems: RowProblem[] = [];
  columns.forEach((column, i) => {
    const cell = cells[i]!;
    if (cell === '') return;
    const value = cellValue(column, cell);
    if (!value.success) {
      problems.push({ ...value.problem, field: column.header, column: column.header });
      return;
    }
    const set = setPath(credential, column.path, value.value);
    if (set !== null)
      problems.push({ code: 'CL_INPUT_INVALID', field: column.header, column: column.header, message: set });
  });
  return problems.length > 0 ? { success: false, problems } : { success: true, credential };
}

function cellValue(
  column: Column,
  cell: string,
): { success: true; value: unknown } | { success: false; problem: Omit<RowProblem, 'field'> } {
  const bad = (message: string, code = 'CL_INPUT_INVALID') => ({ success: false as const, problem: { code, message } });
  switch (column.kind) {
    case 'string':
      return { success: true, value: cell };
    case 'number': {
      const text = cell.trim();
      if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return bad(`"${cell}" is not a number.`);
      const n = Number(text);
      if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n)))
        return bad(`${text} is outside the range of exact numbers.`, 'CL_JSON_UNSAFE_NUMBER');
      return { success: true, value: n };
    }
    case 'boolean': {
      const text = cell.trim().toLowerCase();
      if (text === 'true') return { success: true, value: true };
      if (text === 'false') return { success: true, value: false };
      return bad(`"${cell}" is not true or false.`);
    }
    case 'json':
      try {
        return { success: true, value: parseJsonOrThrow(cell, { maxBytes: 1024 * 1024, maxDepth: 32 }) };
      } catch (error) {
        if (isClearledgerError(error)) return bad(`Not valid JSON: ${error.message}`, error.code);
        throw error;
      }
  }
}

/** Sets `value` at `path`, creating objects and arrays on the way; a message when the path is blocked. */
function setPath(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown): string | null {
  let current: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    const container = current as Record<string | number, unknown>;
    if (Array.isArray(current) && typeof segment !== 'number')
      return `${pathText(path, i)} is an array: the next part of the path must be a position (0, 1, …).`;
    if (last) {
      container[segment] = value;
      return null;
    }
    let child = Object.hasOwn(container, segment) ? container[segment] : undefined;
    if (child === undefined || child === null) {
      child = typeof path[i + 1] === 'number' ? [] : {};
      container[segment] = child;
    } else if (typeof child !== 'object') {
      return `${pathText(path, i + 1)} is ${JSON.stringify(child)} in the template, not an object or array.`;
    }
    current = child;
  }
  return null;
}

function pathText(path: readonly (string | number)[], upTo: number): string {
  return path.slice(0, upTo).join('.') || '(the credential)';
}

/**
 * The column a problem's JSON pointer (`/credentialSubject/goods/0/hs6`) is about: the column whose
 * path is the pointer or contains it (`credentialSubject.goods:json`).
 */
export function columnOfPointer(columns: readonly Column[], pointer: string): string | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const parts = pointer
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  let best: Column | undefined;
  for (const column of columns) {
    const path = column.path.map(String);
    if (path.length <= parts.length && path.every((p, i) => p === parts[i]) && path.length > (best?.path.length ?? 0))
      best = column;
  }
  return best?.header;
}
