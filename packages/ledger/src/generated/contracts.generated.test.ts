import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

const script = new URL('../../scripts/compileContracts.ts', import.meta.url).pathname;

describe('generated contract ABIs and bytecode', () => {
  it('are exactly what the Solidity sources compile to (regenerate with npm run contracts -w @clearledger/ledger)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--check'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
