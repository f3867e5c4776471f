import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** `bench/results/latest.json`: one flat object, metric name → number, merged by every benchmark. */
export const resultsFile = new URL('../../results/latest.json', import.meta.url);

/**
 * Merges metrics into the results file (atomic rename, keys sorted for readable diffs), dropping the
 * `retired` ones (metrics this benchmark no longer measures).
 */
export function mergeResults(
  metrics: Record<string, number>,
  retired: readonly string[] = [],
  file: URL = resultsFile,
): Record<string, number> {
  let current: Record<string, number> = {};
  try {
    current = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    current = {};
  }
  const merged: Record<string, number> = { ...current };
  for (const k of retired) delete merged[k];
  for (const [k, v] of Object.entries(metrics)) {
    if (!Number.isFinite(v)) throw new Error(`metric ${k} is not a finite number`);
    merged[k] = Number(v.toPrecision(6));
  }
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  const tmp = new URL(`${file.pathname.split('/').pop()}.tmp`, file);
  writeFileSync(tmp, JSON.stringify(sorted, null, 2) + '\n');
  renameSync(tmp, file);
  return sorted;
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) => r.map((c, i) => String(c).padEnd(widths[i]!)).join('  ');
  process.stdout.write(`\n${title}\n${line(cells[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of cells.slice(1)) process.stdout.write(line(r) + '\n');
}

export function formatNumber(n: number): string {
  if (Math.abs(n) >= 100 || Number.isInteger(n)) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}
