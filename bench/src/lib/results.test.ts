import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { formatNumber, mergeResults } from './results.ts';

describe('benchmark results file', () => {
  it('merges new figures, drops retired metrics, keeps the rest, sorted, rounded to six digits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearledger-results-'));
    try {
      const file = pathToFileURL(join(dir, 'latest.json'));
      writeFileSync(file, JSON.stringify({ verify_offline_vs_raw_ed25519: 0.66, origin_rules_per_s: 52550, b: 1 }));
      const merged = mergeResults(
        { verify_offline_vs_raw_libsodium: 0.4812345678, b: 2 },
        ['verify_offline_vs_raw_ed25519'],
        file,
      );
      assert.deepEqual(merged, { b: 2, origin_rules_per_s: 52550, verify_offline_vs_raw_libsodium: 0.481235 });
      assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, 'utf8'))), [
        'b',
        'origin_rules_per_s',
        'verify_offline_vs_raw_libsodium',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a figure that is not a finite number, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearledger-results-'));
    try {
      const file = pathToFileURL(join(dir, 'latest.json'));
      writeFileSync(file, '{"a":1}');
      assert.throws(() => mergeResults({ a: 2, http_verify_rps: Number.NaN }, [], file), /http_verify_rps/);
      assert.equal(readFileSync(file, 'utf8'), '{"a":1}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('formats figures for the table', () => {
    assert.equal(formatNumber(12_345.6), '12,346');
    assert.equal(formatNumber(42.25), '42.3');
    assert.equal(formatNumber(0.4567), '0.46');
  });
});
