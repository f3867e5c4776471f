import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

const script = new URL('../../../../scripts/generateHsData.ts', import.meta.url).pathname;

describe('generated HS 2022 nomenclature', () => {
  it('is exactly what reference-data/hs generates (regenerate with node --import tsx scripts/generateHsData.ts)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--check'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
