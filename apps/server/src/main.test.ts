import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const root = new URL('../../../', import.meta.url).pathname;

/** Starts `npm start`'s command on a free loopback port and resolves with its URL once it listens. */
function start(
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/main.ts', '--port', '0', '--data-dir', dataDir],
    {
      cwd: root,
      // SQLite in the temporary folder, whatever DATABASE_URL the test run itself has.
      env: { ...process.env, DATABASE_URL: '', CLEARLEDGER_KEY_PASSPHRASE: '', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node did not start in 30 s:\n${out}`));
    }, 30_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code}:\n${out}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start (the real program on loopback)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-start-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the data folder and keys on first run, serves /health, stops cleanly on SIGTERM', async () => {
    const { child, url, output } = await start(join(dataDir, 'node'));
    assert.match(output(), /Created a new node/);
    assert.match(output(), /signing key\s+z6Mk/);
    const res = await fetch(`${url}/health`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
    assert.ok(existsSync(join(dataDir, 'node', 'clearledger.sqlite')));
    assert.equal(
      statSync(join(dataDir, 'node', 'master.key')).mode & 0o777,
      0o600,
      'master key readable by the owner only',
    );
    const code = exited(child);
    child.kill('SIGTERM');
    assert.equal(await code, 0);
    assert.match(output(), /stopped/);
  });

  it('reopens the same node on the second run and stops cleanly on SIGINT', async () => {
    const { child, output } = await start(join(dataDir, 'node'));
    assert.match(output(), /Opened the node/);
    const code = exited(child);
    child.kill('SIGINT');
    assert.equal(await code, 0);
  });

  it('refuses bad configuration with a clear message and exit code 1', async () => {
    await assert.rejects(
      start(join(dataDir, 'bad'), { CLEARLEDGER_ORG_ROLES: 'EMPEROR' }),
      /CL_CONFIG_INVALID: CLEARLEDGER_ORG_ROLES/,
    );
  });
});
