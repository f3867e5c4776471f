import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isClearledgerError } from '@clearledger/core';
import { configPath, readCliConfig, writeCliConfig } from './cliConfig.ts';

const dir = mkdtempSync(join(tmpdir(), 'clearledger-config-'));

describe('CLI config file', { skip: process.platform === 'win32' }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--config, else CLEARLEDGER_CONFIG, else XDG_CONFIG_HOME (absolute), else ~/.config', () => {
    assert.deepEqual(configPath('/a.json', { CLEARLEDGER_CONFIG: '/b.json' }), { path: '/a.json', explicit: true });
    assert.deepEqual(configPath(undefined, { CLEARLEDGER_CONFIG: '/b.json' }), { path: '/b.json', explicit: true });
    assert.equal(configPath(undefined, { XDG_CONFIG_HOME: '/xdg' }).path, '/xdg/clearledger/config.json');
    assert.equal(
      configPath(undefined, { XDG_CONFIG_HOME: 'relative' }).path,
      join(homedir(), '.config/clearledger/config.json'),
    );
    assert.equal(configPath(undefined, {}).path, join(homedir(), '.config/clearledger/config.json'));
  });

  it('is written owner-only (folder 0700) and read back; a missing file is empty unless required', () => {
    const path = join(dir, 'nested', 'config.json');
    writeCliConfig(path, { node: 'https://node.example/', token: 't0k3n' });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'nested')).mode & 0o777, 0o700);
    assert.deepEqual(readCliConfig(path), { node: 'https://node.example', token: 't0k3n' });
    assert.deepEqual(readCliConfig(join(dir, 'none.json')), {});
    assert.throws(
      () => readCliConfig(join(dir, 'none.json'), true),
      (e: unknown) => isClearledgerError(e) && e.code === 'CL_CONFIG_INVALID',
    );
  });

  it('refuses a file holding a token that others may read; accepts one without a token', () => {
    const path = join(dir, 'open.json');
    writeFileSync(path, JSON.stringify({ node: 'http://127.0.0.1:8080', token: 'secret' }));
    for (const mode of [0o644, 0o640, 0o604]) {
      chmodSync(path, mode);
      assert.throws(
        () => readCliConfig(path),
        (e: unknown) => isClearledgerError(e) && e.code === 'CL_CONFIG_INVALID' && /chmod 600/.test(e.message),
      );
    }
    chmodSync(path, 0o600);
    assert.equal(readCliConfig(path).token, 'secret');
    writeFileSync(path, JSON.stringify({ node: 'http://127.0.0.1:8080' }));
    chmodSync(path, 0o644);
    assert.deepEqual(readCliConfig(path), { node: 'http://127.0.0.1:8080' });
  });

  it('refuses malformed files with CL_CONFIG_INVALID', () => {
    const path = join(dir, 'bad.json');
    for (const text of ['{', '[]', '{"node": 1}', '{"node": "ftp://x"}', '{"a":1,"a":2}']) {
      writeFileSync(path, text, { mode: 0o600 });
      assert.throws(
        () => readCliConfig(path),
        (e: unknown) => isClearledgerError(e) && e.code === 'CL_CONFIG_INVALID',
        text,
      );
    }
  });
});
