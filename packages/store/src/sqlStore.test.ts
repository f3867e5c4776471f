import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrations } from './migrations.ts';
import { accountStore } from './modules/accountStore.ts';
import { auditStore } from './modules/auditStore.ts';
import { caseStore } from './modules/caseStore.ts';
import { credentialStore } from './modules/credentialStore.ts';
import { idempotencyStore } from './modules/idempotencyStore.ts';
import { organizationStore } from './modules/organizationStore.ts';
import { settingStore } from './modules/settingStore.ts';
import { tradeIdentifierStore } from './modules/tradeIdentifierStore.ts';
import type { SqlDriver } from './sql/SqlDriver.ts';
import { sqliteDriver } from './sql/sqliteDriver.ts';
import { sqlStore } from './sqlStore.ts';

describe('sqlStore composition', () => {
  it('migration ids are unique and strictly ascending, so every database migrates along one order', () => {
    const ids = migrations.map((m) => m.id);
    assert.deepEqual(ids, [...new Set(ids)].sort(), `migration ids out of order or repeated: ${ids.join(', ')}`);
    for (const id of ids) assert.match(id, /^\d{4}_[a-z0-9_]+$/);
  });

  it('each Store method comes from exactly one module, and together they are the whole store', async () => {
    const driver = sqliteDriver({ file: ':memory:' });
    try {
      const context = { db: driver as SqlDriver, now: () => '2026-01-01T00:00:00.000Z' };
      const modules = {
        organizationStore,
        credentialStore,
        caseStore,
        settingStore,
        accountStore,
        auditStore,
        idempotencyStore,
        tradeIdentifierStore,
      };
      const owner = new Map<string, string>();
      for (const [name, build] of Object.entries(modules)) {
        for (const method of Object.keys(build(context))) {
          assert.equal(owner.get(method), undefined, `${method} is in both ${owner.get(method)} and ${name}`);
          owner.set(method, name);
        }
      }
      const store = sqlStore(driver);
      const composed = Object.keys(store).filter((k) => !['dialect', 'migrate', 'transaction', 'close'].includes(k));
      assert.deepEqual(composed.sort(), [...owner.keys()].sort());
    } finally {
      await driver.close();
    }
  });
});
