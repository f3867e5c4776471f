import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startNode } from '../../../test/helpers/programs.ts';

describe('npm start (the real program on loopback)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-start-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the data folder and keys on first run, serves /health, stops cleanly on SIGTERM', async () => {
    const node = await startNode(join(dataDir, 'node'));
    assert.match(node.output(), /Created a new node/);
    assert.match(node.output(), /signing key\s+z6Mk/);
    assert.match(node.output(), /chain\s+embedded chain 1337 at http:\/\/127\.0\.0\.1:\d+/);
    const res = await fetch(`${node.url}/health`);
    assert.equal(res.status, 200);
    const health = (await res.json()) as { status: string; chain: { id: number; blockNumber: number } };
    assert.equal(health.status, 'ok');
    assert.equal(health.chain.id, 1337);
    assert.ok(health.chain.blockNumber >= 2, 'contracts deployed');
    assert.ok(existsSync(join(dataDir, 'node', 'clearledger.sqlite')));
    for (const secret of ['master.key', 'operator-token']) {
      assert.equal(statSync(join(dataDir, 'node', secret)).mode & 0o777, 0o600, `${secret} readable by the owner only`);
    }
    assert.equal(await node.stop('SIGTERM'), 0);
    assert.match(node.output(), /stopped/);
  });

  it('reopens the same node (and its chain) on the second run and stops cleanly on SIGINT', async () => {
    const node = await startNode(join(dataDir, 'node'));
    assert.match(node.output(), /Opened the node/);
    assert.equal(await node.stop('SIGINT'), 0);
  });

  it('refuses bad configuration with a clear message and exit code 1', async () => {
    await assert.rejects(
      startNode(join(dataDir, 'bad'), { CLEARLEDGER_ORG_ROLES: 'EMPEROR' }),
      /CL_CONFIG_INVALID: CLEARLEDGER_ORG_ROLES/,
    );
  });
});
