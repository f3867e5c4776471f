import { extname } from 'node:path';
import {
  type AnchorReceipt,
  ClearledgerError,
  parseJsonOrThrow,
  type VerificationCheck,
  type VerificationReport,
} from '@clearledger/core';
import { Progress } from '../bulk/progress.ts';
import { exitCodes } from '../exitCodeByCode.ts';
import { MAX_INPUT_BYTES, readJsonFile, readTextFile } from '../io.ts';
import type { Output } from '../output.ts';

/** Records not VALID listed one per line before the summary; --json lists them all. */
const MAX_LISTED = 20;

/** One record to verify: the signed credential and, when known, its anchor receipt. */
export type VerifyItem = { credential: unknown; anchor?: AnchorReceipt };

/**
 * What a verify file holds: one record (a credential or an envelope), or many — a JSON array, or
 * one JSON value per line in a `.ndjson` / `.jsonl` file (what `clearledger issue --out` writes).
 */
export function readVerifyInput(
  file: string,
): { kind: 'single'; value: unknown } | { kind: 'many'; items: VerifyItem[] } {
  const ext = extname(file).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl') {
    const lines = readTextFile(file).split('\n');
    const items: VerifyItem[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        items.push(itemOf(parseJsonOrThrow(line, { maxBytes: MAX_INPUT_BYTES, maxDepth: 64 })));
      } catch (error) {
        if (error instanceof ClearledgerError)
          throw new ClearledgerError(error.code, `${file} line ${i + 1}: ${error.message}`, { field: `line ${i + 1}` });
        throw error;
      }
    });
    if (items.length === 0) throw new ClearledgerError('CL_INPUT_INVALID', `${file} holds no records.`);
    return { kind: 'many', items };
  }
  const value = readJsonFile(file);
  if (!Array.isArray(value)) return { kind: 'single', value };
  if (value.length === 0) throw new ClearledgerError('CL_INPUT_INVALID', `${file} is an empty array.`);
  return { kind: 'many', items: value.map(itemOf) };
}

/** A bare credential, an export envelope {credential, anchor}, or a record {verifiableCredential, anchor}. */
export function itemOf(value: unknown): VerifyItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { credential: value };
  const v = value as Record<string, unknown>;
  if ('proof' in v) return { credential: v };
  const credential =
    'credential' in v ? v.credential : 'verifiableCredential' in v ? v.verifiableCredential : undefined;
  if (credential === undefined) return { credential: v };
  const anchor = typeof v.anchor === 'object' && v.anchor !== null ? (v.anchor as AnchorReceipt) : undefined;
  return { credential, ...(anchor === undefined ? {} : { anchor }) };
}

/**
 * Verifies many records, `concurrency` at a time, and prints one line per record that is not VALID
 * and the count of each verdict. Exit 0 when all are VALID, 1 when any is INVALID, else 3.
 */
export async function verifyManyCommand(
  items: readonly VerifyItem[],
  verifyOne: (item: VerifyItem) => Promise<VerificationReport>,
  concurrency: number,
  out: Output,
): Promise<number> {
  const reports: VerificationReport[] = new Array(items.length);
  const progress = new Progress(items.length, { stream: out.json ? undefined : process.stderr, label: 'verified' });
  const started = performance.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      reports[i] = await verifyOne(items[i]!);
      progress.update(++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  } finally {
    progress.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  const verdicts = { VALID: 0, INVALID: 0, INCONCLUSIVE: 0 };
  for (const r of reports) verdicts[r.verdict]++;
  const notPassing = (c: VerificationCheck) =>
    c.status !== 'VALID' && !(c.status === 'SKIPPED' && c.code === 'CL_VERIFY_NOT_APPLICABLE');
  const results = reports.map((r, index) => ({
    index,
    ...(r.credentialId === undefined ? {} : { id: r.credentialId }),
    verdict: r.verdict,
    checks: r.checks.filter(notPassing),
  }));
  const perSecond = Math.round(items.length / Math.max(seconds, 0.001));
  const n = (x: number) => x.toLocaleString('en-US');
  if (out.json) {
    process.stdout.write(
      JSON.stringify(
        { total: items.length, verdicts, seconds: Math.round(seconds * 1000) / 1000, perSecond, results },
        null,
        2,
      ) + '\n',
    );
  } else {
    const lines: string[] = [];
    const reasons = new Map<string, number>();
    let listed = 0;
    for (const r of results) {
      if (r.verdict === 'VALID') continue;
      const first = r.checks.find((c) => c.status === 'INVALID') ?? r.checks[0];
      if (first !== undefined) reasons.set(first.code, (reasons.get(first.code) ?? 0) + 1);
      if (++listed > MAX_LISTED) continue;
      lines.push(
        `#${r.index} ${r.verdict} ${r.id ?? ''}${first === undefined ? '' : `  ${first.check}: ${first.message} [${first.code}]`}`,
      );
    }
    if (listed > MAX_LISTED) lines.push(`… and ${n(listed - MAX_LISTED)} more not VALID (--json lists every record)`);
    if (reasons.size > 0)
      lines.push(`reasons: ${[...reasons].map(([code, count]) => `${code} ×${n(count)}`).join(', ')}`);
    lines.push(
      `${n(items.length)} record(s): ${n(verdicts.VALID)} VALID, ${n(verdicts.INVALID)} INVALID, ${n(verdicts.INCONCLUSIVE)} INCONCLUSIVE (${seconds.toFixed(1)} s, ${n(perSecond)}/s)`,
    );
    process.stdout.write(lines.join('\n') + '\n');
  }
  return verdicts.INVALID > 0 ? exitCodes.invalid : verdicts.INCONCLUSIVE > 0 ? exitCodes.inconclusive : exitCodes.ok;
}
