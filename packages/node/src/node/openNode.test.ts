import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '@clearledger/store';
import Database from 'better-sqlite3';
import { readNodeConfig } from '../config/NodeConfig.ts';
import { openNode } from './openNode.ts';

const clock = () => new Date().toISOString();

describe('openNode', () => {
  it('creates the operator organisation and an encrypted key once, then reuses them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-node-'));
    try {
      const config = readNodeConfig({}, dataDir, { dataDir });
      const first = await openNode(config, clock);
      assert.equal(first.firstRun, true);
      const signer = await first.signerFor(first.operatorOrgId);
      const [key] = await first.store.listKeys(first.operatorOrgId);
      assert.equal(key!.publicKeyMultibase, signer.publicKeyMultibase);
      const seedText = Buffer.from(signer.seed).toString('base64url');
      assert.ok(!key!.encryptedSecret!.includes(seedText), 'the seed is not stored in clear');
      assert.ok(
        !readFileSync(join(dataDir, 'clearledger.sqlite')).includes(Buffer.from(signer.seed)),
        'no raw seed bytes in the database file',
      );
      await first.close();

      const second = await openNode(config, clock);
      assert.equal(second.firstRun, false);
      assert.equal((await second.signerFor(second.operatorOrgId)).publicKeyMultibase, signer.publicKeyMultibase);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a first start that fails half-way leaves no organisation without a key: the next start is a first run', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-node-'));
    const file = join(dataDir, 'clearledger.sqlite');
    try {
      await (await openStore({ kind: 'sqlite', file })).close();
      // The first key cannot be written (as if the node were killed right after the organisation).
      const db = new Database(file);
      db.exec("CREATE TRIGGER no_keys BEFORE INSERT ON keys BEGIN SELECT RAISE(ABORT, 'killed'); END");
      const config = readNodeConfig({}, dataDir, { dataDir });
      await assert.rejects(openNode(config, clock));
      assert.deepEqual(db.prepare('SELECT COUNT(*) AS n FROM organizations').get(), { n: 0 });
      assert.equal(db.prepare("SELECT value FROM settings WHERE name = 'node.operatorOrgId'").get(), undefined);
      db.exec('DROP TRIGGER no_keys');
      db.close();

      const node = await openNode(config, clock);
      assert.equal(node.firstRun, true);
      assert.match((await node.signerFor(node.operatorOrgId)).publicKeyMultibase, /^z6Mk/);
      await node.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('with a passphrase: refuses to start without it or with a wrong one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-node-'));
    try {
      const env = { CLEARLEDGER_KEY_PASSPHRASE: 'correct horse battery staple' };
      const node = await openNode(readNodeConfig(env, dataDir, { dataDir }), clock);
      await node.close();
      await assert.rejects(
        openNode(
          readNodeConfig({ CLEARLEDGER_KEY_PASSPHRASE: 'wrong horse battery staple' }, dataDir, { dataDir }),
          clock,
        ),
        {
          code: 'CL_KEYSTORE_LOCKED',
        },
      );
      await assert.rejects(openNode(readNodeConfig({}, dataDir, { dataDir }), clock), {
        code: 'CL_KEYSTORE_LOCKED',
        message: /CLEARLEDGER_KEY_PASSPHRASE/,
      });
      const again = await openNode(readNodeConfig(env, dataDir, { dataDir }), clock);
      assert.ok((await again.signerFor(again.operatorOrgId)).publicKeyMultibase.startsWith('z6Mk'));
      await again.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects invalid configuration with the variable named', () => {
    assert.throws(() => readNodeConfig({ CLEARLEDGER_PORT: '70000' }, '/tmp'), {
      code: 'CL_CONFIG_INVALID',
      field: 'CLEARLEDGER_PORT',
    });
    assert.throws(() => readNodeConfig({ CLEARLEDGER_ORG_COUNTRY: 'usa' }, '/tmp'), { code: 'CL_CONFIG_INVALID' });
    assert.throws(() => readNodeConfig({ DATABASE_URL: 'mysql://x' }, '/tmp'), {
      code: 'CL_CONFIG_INVALID',
      field: 'DATABASE_URL',
    });
    assert.throws(() => readNodeConfig({ CLEARLEDGER_KEY_PASSPHRASE: 'short' }, '/tmp'), {
      code: 'CL_CONFIG_INVALID',
      field: 'CLEARLEDGER_KEY_PASSPHRASE',
    });
    for (const bad of ['-1', 'two', '1.5', '257'])
      assert.throws(() => readNodeConfig({ CLEARLEDGER_VERIFY_THREADS: bad }, '/tmp'), {
        code: 'CL_CONFIG_INVALID',
        field: 'CLEARLEDGER_VERIFY_THREADS',
      });
    assert.equal(readNodeConfig({ CLEARLEDGER_VERIFY_THREADS: '0' }, '/tmp').verifyThreads, 0);
    assert.ok((readNodeConfig({}, '/tmp').verifyThreads ?? 0) >= 1);
  });
  it("refuses a chain whose contracts are not this version's, with what to do, instead of failing on every anchor", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-node-'));
    try {
      const config = readNodeConfig({}, dataDir, { dataDir });
      const first = await openNode(config, clock, { ledger: true });
      const saved = JSON.parse((await first.store.getSetting('chain.contracts'))!) as Record<string, string>;
      // The registries' places swapped: the addresses hold code, but not the interface this node calls.
      await first.store.putSetting(
        'chain.contracts',
        JSON.stringify({ trustRegistry: saved.anchorRegistry, anchorRegistry: saved.trustRegistry }),
      );
      await first.close();
      await assert.rejects(openNode(config, clock, { ledger: true }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'CL_CONFIG_INVALID');
        assert.match(error.message, /earlier version/);
        return true;
      });
      // Put back, the same folder opens again: nothing was lost by the refusal.
      const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'clearledger.sqlite') });
      await store.putSetting('chain.contracts', JSON.stringify(saved));
      await store.close();
      const again = await openNode(config, clock, { ledger: true });
      await again.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
