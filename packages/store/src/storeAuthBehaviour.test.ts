import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  AccessTokenRecord,
  AccountRecord,
  AuditEntry,
  ClientRecord,
  NewAuditEntry,
  Store,
} from '@clearledger/core';
import { migrations } from './index.ts';
import { type DialectAdapter, forEachDialect } from './testing/eachDialect.ts';
import { clockValue, now, organization, rejectsWith } from './testing/fixtures.ts';

// ---------------------------------------------------------------------------------------------
// Helpers

function account(orgId: string, id: string, username: string, overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id,
    orgId,
    username,
    displayName: `Person ${id}`,
    passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo',
    roles: ['STAFF'],
    disabled: false,
    failedLogins: 0,
    lockedUntil: null,
    createdAt: '2026-01-02T00:00:00.000Z',
    ...overrides,
  };
}

function client(orgId: string, clientId: string, overrides: Partial<ClientRecord> = {}): ClientRecord {
  return {
    clientId,
    orgId,
    name: `Client ${clientId}`,
    secretHash: '$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0$c2VjcmV0aGFzaA',
    scopes: ['credentials:read'],
    disabled: false,
    createdAt: '2026-01-02T00:00:00.000Z',
    ...overrides,
  };
}

function token(orgId: string, tokenHash: string, expiresAt: string): AccessTokenRecord {
  return {
    tokenHash,
    orgId,
    subjectKind: 'account',
    subjectId: 'acc-1',
    scopes: ['credentials:issue'],
    expiresAt,
    createdAt: '2026-01-31T11:00:00.000Z',
  };
}

function audit(orgId: string, overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    orgId,
    actorKind: 'account',
    actorId: 'acc-1',
    action: 'credential.issue',
    target: 'urn:uuid:audited',
    ip: '127.0.0.1',
    userAgent: 'clearledger-cli/0.1',
    outcome: 'success',
    statusCode: 201,
    customsMatter: false,
    at: clockValue,
    details: null,
    ...overrides,
  };
}

/** Every page of `listAudit` for a viewer, following `beforeId`. */
async function allAuditPages(
  store: Store,
  viewer: Parameters<Store['listAudit']>[0],
  limit: number,
  action?: string,
): Promise<{ ids: number[]; sizes: number[] }> {
  const ids: number[] = [];
  const sizes: number[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = await store.listAudit(viewer, {
      limit,
      ...(beforeId === undefined ? {} : { beforeId }),
      ...(action === undefined ? {} : { action }),
    });
    sizes.push(page.length);
    if (page.length === 0) break;
    ids.push(...page.map((e) => e.id));
    beforeId = page.at(-1)!.id;
  }
  return { ids, sizes };
}

// ---------------------------------------------------------------------------------------------
// The behaviour suite, run once per adapter

function storeAuthBehaviour(adapter: DialectAdapter): void {
  describe(`Store accounts, clients, tokens and audit (${adapter.name})`, () => {
    let store: Store;

    before(async () => {
      store = adapter.fresh().store;
      await store.migrate();
    });

    after(async () => {
      await store?.close();
      await adapter.teardown();
    });

    it('upgrades a database that has only the first migration, keeping its data', async () => {
      const { store: old, reopen } = adapter.fresh({ migrations: migrations.slice(0, 1) });
      try {
        await old.migrate();
        await old.putOrganization(organization('org-upgrade'));
      } finally {
        await old.close();
      }
      const upgraded = reopen();
      try {
        assert.deepEqual(await upgraded.migrate(), { applied: migrations.slice(1).map((m) => m.id) });
        assert.equal((await upgraded.getOrganization('org-upgrade'))?.id, 'org-upgrade');
        await upgraded.putAccount(account('org-upgrade', 'acc-upgrade', 'upgrade'));
        assert.equal((await upgraded.findAccountByUsername('UPGRADE'))?.id, 'acc-upgrade');
      } finally {
        await upgraded.close();
      }
    });

    it('stores accounts with lower-cased usernames and finds them in any case', async () => {
      await store.putOrganization(organization('org-acc-a'));
      await store.putOrganization(organization('org-acc-b'));
      const alice = account('org-acc-a', 'acc-alice', 'Alice.Officer', {
        displayName: 'Alice Müller-Łukasiewicz 😀',
        roles: ['ADMIN', 'OFFICER', 'rôle "quoted"'],
        failedLogins: 2,
        lockedUntil: '2026-01-31T12:15:00.000Z',
      });
      await store.putAccount(alice);
      const stored = { ...alice, username: 'alice.officer' };
      assert.deepEqual(await store.getAccount('org-acc-a', 'acc-alice'), stored);
      for (const name of ['alice.officer', 'ALICE.OFFICER', 'aLiCe.OfFiCeR']) {
        assert.deepEqual(await store.findAccountByUsername(name), stored);
      }
      assert.equal(await store.findAccountByUsername('alice'), null);
      assert.equal(await store.findAccountByUsername('alice.officer%'), null);

      await store.putAccount(account('org-acc-a', 'acc-zed', 'zed', { roles: [] }));
      await store.putAccount(account('org-acc-a', 'acc-bob', 'Bob'));
      await store.putAccount(account('org-acc-b', 'acc-carol', 'carol'));
      assert.deepEqual(
        (await store.listAccounts('org-acc-a')).map((a) => [a.username, a.roles]),
        [
          ['alice.officer', ['ADMIN', 'OFFICER', 'rôle "quoted"']],
          ['bob', ['STAFF']],
          ['zed', []],
        ],
      );
      assert.deepEqual(
        (await store.listAccounts('org-acc-b')).map((a) => a.id),
        ['acc-carol'],
      );
      assert.deepEqual(await store.listAccounts('org-acc-missing'), []);
    });

    it('refuses a username that exists in any case, or an existing id, and stores nothing', async () => {
      await store.putOrganization(organization('org-accdup-a'));
      await store.putOrganization(organization('org-accdup-b'));
      await store.putAccount(account('org-accdup-a', 'acc-dup-1', 'dup.user'));

      // Usernames are unique node-wide: another organisation cannot take one either.
      await rejectsWith(store.putAccount(account('org-accdup-b', 'acc-dup-2', 'DUP.User')), 'CL_STORE_CONFLICT');
      await rejectsWith(store.putAccount(account('org-accdup-a', 'acc-dup-3', 'dup.user')), 'CL_STORE_CONFLICT');
      await rejectsWith(store.putAccount(account('org-accdup-b', 'acc-dup-1', 'someone.else')), 'CL_STORE_CONFLICT');
      await rejectsWith(store.getAccount('org-accdup-b', 'acc-dup-2'), 'CL_STORE_NOT_FOUND');
      await rejectsWith(store.getAccount('org-accdup-a', 'acc-dup-3'), 'CL_STORE_NOT_FOUND');
      assert.equal(await store.findAccountByUsername('someone.else'), null);
      assert.equal((await store.findAccountByUsername('Dup.User'))?.orgId, 'org-accdup-a');
      assert.deepEqual(await store.listAccounts('org-accdup-b'), []);

      await rejectsWith(store.putAccount(account('org-accdup-missing', 'acc-dup-4', 'orphan')), 'CL_STORE_NOT_FOUND');
      assert.equal(await store.findAccountByUsername('orphan'), null);
    });

    it('updates an account field by field; another organisation cannot read or change it', async () => {
      await store.putOrganization(organization('org-accup-a'));
      await store.putOrganization(organization('org-accup-b'));
      const original = account('org-accup-a', 'acc-up', 'updatable');
      await store.putAccount(original);

      await rejectsWith(store.getAccount('org-accup-b', 'acc-up'), 'CL_STORE_NOT_FOUND');
      await rejectsWith(store.updateAccount('org-accup-b', 'acc-up', { disabled: true }), 'CL_STORE_NOT_FOUND');
      await rejectsWith(store.updateAccount('org-accup-b', 'acc-up', {}), 'CL_STORE_NOT_FOUND');
      await rejectsWith(store.updateAccount('org-accup-a', 'acc-missing', { disabled: true }), 'CL_STORE_NOT_FOUND');
      assert.deepEqual(await store.getAccount('org-accup-a', 'acc-up'), original);

      await store.updateAccount('org-accup-a', 'acc-up', {});
      await store.updateAccount('org-accup-a', 'acc-up', { failedLogins: 5, lockedUntil: '2026-01-31T12:30:00.000Z' });
      assert.deepEqual(await store.getAccount('org-accup-a', 'acc-up'), {
        ...original,
        failedLogins: 5,
        lockedUntil: '2026-01-31T12:30:00.000Z',
      });
      const change = {
        displayName: 'Renamed',
        passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$bmV3$bmV3aGFzaA',
        roles: ['OFFICER', 'ADMIN'],
        disabled: true,
        failedLogins: 0,
        lockedUntil: null,
      };
      await store.updateAccount('org-accup-a', 'acc-up', change);
      assert.deepEqual(await store.getAccount('org-accup-a', 'acc-up'), { ...original, ...change });
      assert.deepEqual(await store.findAccountByUsername('UPDATABLE'), { ...original, ...change });
    });

    it('stores, finds, lists and updates OAuth clients within their organisation', async () => {
      await store.putOrganization(organization('org-cli-a'));
      await store.putOrganization(organization('org-cli-b'));
      const broker = client('org-cli-a', 'cli-broker', { scopes: ['credentials:issue', 'credentials:read', 'ü "x"'] });
      await store.putClient(broker);
      await store.putClient(client('org-cli-a', 'cli-agency', { scopes: [] }));
      await store.putClient(client('org-cli-b', 'cli-other'));

      assert.deepEqual(await store.findClient('cli-broker'), broker);
      assert.equal(await store.findClient('CLI-BROKER'), null);
      assert.equal(await store.findClient('cli-missing'), null);
      assert.deepEqual(
        (await store.listClients('org-cli-a')).map((c) => [c.clientId, c.scopes]),
        [
          ['cli-agency', []],
          ['cli-broker', ['credentials:issue', 'credentials:read', 'ü "x"']],
        ],
      );

      // Client ids are unique node-wide.
      await rejectsWith(store.putClient(client('org-cli-b', 'cli-broker')), 'CL_STORE_CONFLICT');
      await rejectsWith(store.putClient(client('org-cli-a', 'cli-broker', { name: 'again' })), 'CL_STORE_CONFLICT');
      assert.deepEqual(await store.findClient('cli-broker'), broker);
      await rejectsWith(store.putClient(client('org-cli-missing', 'cli-orphan')), 'CL_STORE_NOT_FOUND');

      await rejectsWith(store.updateClient('org-cli-b', 'cli-broker', { disabled: true }), 'CL_STORE_NOT_FOUND');
      await rejectsWith(store.updateClient('org-cli-b', 'cli-broker', {}), 'CL_STORE_NOT_FOUND');
      await rejectsWith(store.updateClient('org-cli-a', 'cli-missing', { disabled: true }), 'CL_STORE_NOT_FOUND');
      assert.deepEqual(await store.findClient('cli-broker'), broker);

      await store.updateClient('org-cli-a', 'cli-broker', { scopes: ['credentials:read'] });
      assert.deepEqual(await store.findClient('cli-broker'), { ...broker, scopes: ['credentials:read'] });
      await store.updateClient('org-cli-a', 'cli-broker', { disabled: true, secretHash: '$argon2id$rotated' });
      assert.deepEqual(await store.findClient('cli-broker'), {
        ...broker,
        scopes: ['credentials:read'],
        disabled: true,
        secretHash: '$argon2id$rotated',
      });
    });

    it('stores tokens by hash, deletes them idempotently, and deletes the expired ones', async () => {
      await store.putOrganization(organization('org-tok'));
      const hash = (n: number) => n.toString(16).padStart(64, '0');
      const expired = token('org-tok', hash(1), '2026-01-31T11:59:59.999Z');
      const expiringNow = token('org-tok', hash(2), clockValue);
      const live = { ...token('org-tok', hash(3), '2026-01-31T12:00:00.001Z'), subjectKind: 'client' as const };
      for (const t of [expired, expiringNow, live]) await store.putAccessToken(t);

      assert.deepEqual(await store.findAccessToken(hash(3)), live);
      assert.deepEqual(await store.findAccessToken(hash(1)), expired);
      assert.equal(await store.findAccessToken(hash(9)), null);
      await rejectsWith(store.putAccessToken(token('org-tok', hash(3), clockValue)), 'CL_STORE_CONFLICT');
      await rejectsWith(store.putAccessToken(token('org-tok-missing', hash(4), clockValue)), 'CL_STORE_NOT_FOUND');

      assert.equal(await store.deleteExpiredAccessTokens(clockValue), 2);
      assert.equal(await store.findAccessToken(hash(1)), null);
      assert.equal(await store.findAccessToken(hash(2)), null);
      assert.deepEqual(await store.findAccessToken(hash(3)), live);
      assert.equal(await store.deleteExpiredAccessTokens(clockValue), 0);

      await store.deleteAccessToken(hash(3));
      await store.deleteAccessToken(hash(3));
      await store.deleteAccessToken(hash(9));
      assert.equal(await store.findAccessToken(hash(3)), null);
    });

    it('appends audit entries with increasing ids and reads them back newest first, details intact', async () => {
      const org = 'org-audit';
      await store.putOrganization(organization(org));
      const entries: NewAuditEntry[] = [
        audit(org, { action: 'auth.login', actorKind: 'anonymous', actorId: 'alice', outcome: 'failure' }),
        audit(org, {
          statusCode: 201,
          details: {
            type: 'CertificateOfOrigin',
            lines: [1, 2.5, null, true],
            nested: { note: 'Zürich \'q\' "dq" 😀' },
          },
        }),
        audit(org, { target: null, ip: null, userAgent: null, actorKind: 'system', actorId: 'anchor-worker' }),
        audit(org, { action: 'credential.status', customsMatter: true, statusCode: 200, details: {} }),
      ];
      const ids: number[] = [];
      for (const entry of entries) ids.push(await store.appendAudit(entry));
      for (let i = 1; i < ids.length; i++) assert.ok(ids[i]! > ids[i - 1]!, `ids increase: ${ids}`);

      const expected: AuditEntry[] = entries.map((entry, i) => ({ ...entry, id: ids[i]! })).reverse();
      assert.deepEqual(await store.listAudit({ orgId: org, customs: false }), expected);
      assert.deepEqual(await store.listAudit({ orgId: org, customs: false }, { limit: 2 }), expected.slice(0, 2));
      assert.deepEqual(await store.listAudit({ orgId: org, customs: false }, { beforeId: ids[2]! }), expected.slice(2));
      assert.deepEqual(
        (await store.listAudit({ orgId: org, customs: false }, { action: 'credential.issue' })).map((e) => e.id),
        [ids[2]!, ids[1]!],
      );
      assert.deepEqual(await store.listAudit({ orgId: org, customs: false }, { action: 'no.such.action' }), []);
      assert.deepEqual(await store.listAudit({ orgId: 'org-audit-missing', customs: false }), []);
    });

    it('pages the audit log by id and rejects bad limits and cursors', async () => {
      const org = 'org-audit-page';
      await store.putOrganization(organization(org));
      const ids: number[] = [];
      for (let i = 0; i < 25; i++) {
        ids.push(await store.appendAudit(audit(org, { action: i % 3 === 0 ? 'auth.login' : 'credential.issue' })));
      }
      const viewer = { orgId: org, customs: false };
      const all = await allAuditPages(store, viewer, 10);
      assert.deepEqual(all.sizes, [10, 10, 5, 0]);
      assert.deepEqual(all.ids, [...ids].reverse());
      const logins = await allAuditPages(store, viewer, 4, 'auth.login');
      assert.deepEqual(logins.sizes, [4, 4, 1, 0]);
      assert.deepEqual(logins.ids, ids.filter((_, i) => i % 3 === 0).reverse());
      assert.equal((await store.listAudit(viewer, { limit: 1000 })).length, 25);
      assert.equal((await store.listAudit(viewer)).length, 25);

      for (const limit of [0, -1, 1.5, 1001, Number.NaN]) {
        await rejectsWith(store.listAudit(viewer, { limit }), 'CL_INPUT_INVALID');
      }
      for (const beforeId of [0, -5, 2.5, Number.POSITIVE_INFINITY]) {
        await rejectsWith(store.listAudit(viewer, { beforeId }), 'CL_INPUT_INVALID');
      }
      await rejectsWith(
        store.appendAudit(audit(org, { details: { amount: 10n } as Record<string, unknown> })),
        'CL_INPUT_INVALID',
      );
    });

    it("never shows an organisation another's entries; customs also sees others' customs matters of its country only", async () => {
      // A database of its own: customs sees every customs matter of its country, including other tests'.
      const { store } = adapter.fresh();
      await store.migrate();
      try {
        const [trader, broker, customs, otherCustoms] = [
          'org-audit-trader',
          'org-audit-broker',
          'org-audit-customs',
          'org-audit-cbsa',
        ];
        for (const id of [trader, broker, customs, otherCustoms]) await store.putOrganization(organization(id));
        const appended: AuditEntry[] = [];
        const append = async (entry: NewAuditEntry) => {
          appended.push({ ...entry, id: await store.appendAudit(entry) });
        };
        for (let i = 0; i < 12; i++) {
          await append(audit(trader, { action: 'auth.login', target: `trader-private-${i}` }));
          await append(
            audit(trader, {
              action: 'credential.issue',
              customsMatter: true,
              target: `trader-claim-${i}`,
              jurisdiction: i % 3 === 0 ? ['CA'] : i % 3 === 1 ? ['US'] : ['MX', 'US'],
            }),
          );
          await append(
            audit(broker, {
              action: 'credential.issue',
              customsMatter: i % 2 === 0,
              target: `broker-${i}`,
              jurisdiction: ['US'],
            }),
          );
          await append(
            audit(customs, { action: 'credential.status', customsMatter: i % 4 === 0, target: `customs-${i}` }),
          );
          // Another customs service's own customs matters (no jurisdiction): its log alone.
          await append(
            audit(otherCustoms, { action: 'credential.read-by-hash', customsMatter: true, target: `cbsa-${i}` }),
          );
        }
        const newestFirst = (keep: (e: AuditEntry) => boolean) =>
          appended
            .filter(keep)
            .map((e) => e.id)
            .reverse();

        for (const org of [trader, broker]) {
          const expected = newestFirst((e) => e.orgId === org);
          const seen = await store.listAudit({ orgId: org, customs: false }, { limit: 1000 });
          assert.ok(
            seen.every((e) => e.orgId === org),
            `${org} sees only its own entries`,
          );
          assert.deepEqual(
            seen.map((e) => e.id),
            expected,
          );
          assert.deepEqual((await allAuditPages(store, { orgId: org, customs: false }, 5)).ids, expected);
        }

        // Customs: all of its own entries, plus the customs matters of its country, in one newest-first order.
        const inUs = (e: AuditEntry) => e.customsMatter && (e.jurisdiction ?? []).includes('US');
        const customsView = newestFirst((e) => e.orgId === customs || inUs(e));
        const viewer = { orgId: customs, customs: true, country: 'US' };
        const seen = await store.listAudit(viewer, { limit: 1000 });
        assert.deepEqual(
          seen.map((e) => e.id),
          customsView,
        );
        assert.ok(seen.every((e) => e.orgId === customs || e.customsMatter));
        assert.ok(!seen.some((e) => e.target?.startsWith('trader-private-')));
        assert.ok(!seen.some((e) => e.orgId === otherCustoms), "another customs service's log stays its own");
        assert.ok(seen.some((e) => e.target?.startsWith('trader-claim-') && e.jurisdiction?.includes('MX')));
        assert.ok(!seen.some((e) => e.target?.startsWith('trader-claim-') && !e.jurisdiction?.includes('US')));
        assert.deepEqual(
          (await store.listAudit({ orgId: otherCustoms, customs: true, country: 'CA' }, { limit: 1000 })).map(
            (e) => e.id,
          ),
          newestFirst((e) => e.orgId === otherCustoms || (e.customsMatter && (e.jurisdiction ?? []).includes('CA'))),
        );
        // Without a country, a customs flag widens nothing.
        assert.deepEqual(
          (await store.listAudit({ orgId: customs, customs: true }, { limit: 1000 })).map((e) => e.id),
          newestFirst((e) => e.orgId === customs),
        );
        assert.ok(seen.some((e) => e.orgId === customs && !e.customsMatter));
        for (const limit of [1, 3, 7]) {
          assert.deepEqual((await allAuditPages(store, viewer, limit)).ids, customsView);
        }
        assert.deepEqual(
          (await allAuditPages(store, viewer, 4, 'credential.issue')).ids,
          newestFirst((e) => e.action === 'credential.issue' && inUs(e)),
        );
        // The customs flag widens the view only for customs matters: without it, customs sees its own only.
        assert.deepEqual(
          (await store.listAudit({ orgId: customs, customs: false }, { limit: 1000 })).map((e) => e.id),
          newestFirst((e) => e.orgId === customs),
        );
      } finally {
        await store.close();
      }
    });

    it('account, client, token and audit writes join a transaction and roll back with it', async () => {
      await store.putOrganization(organization('org-authtx'));
      const thrown = new Error('stop here');
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.putAccount(account('org-authtx', 'acc-tx', 'tx.user'));
          await tx.putClient(client('org-authtx', 'cli-tx'));
          await tx.putAccessToken(token('org-authtx', 'ab'.repeat(32), '2027-01-01T00:00:00.000Z'));
          await tx.appendAudit(audit('org-authtx'));
          // Reads inside see the transaction's own writes.
          assert.equal((await tx.findAccountByUsername('TX.USER'))?.id, 'acc-tx');
          throw thrown;
        }),
        (error) => error === thrown,
      );
      await rejectsWith(store.getAccount('org-authtx', 'acc-tx'), 'CL_STORE_NOT_FOUND');
      assert.equal(await store.findAccountByUsername('tx.user'), null);
      assert.equal(await store.findClient('cli-tx'), null);
      assert.equal(await store.findAccessToken('ab'.repeat(32)), null);
      assert.deepEqual(await store.listAudit({ orgId: 'org-authtx', customs: false }), []);

      // A conflict inside the transaction undoes the account written before it.
      await store.putAccount(account('org-authtx', 'acc-tx-existing', 'taken'));
      await rejectsWith(
        store.transaction(async (tx) => {
          await tx.putAccount(account('org-authtx', 'acc-tx-2', 'fresh.name'));
          await tx.putAccount(account('org-authtx', 'acc-tx-3', 'TAKEN'));
        }),
        'CL_STORE_CONFLICT',
      );
      assert.equal(await store.findAccountByUsername('fresh.name'), null);

      // The username freed by the rollback can be taken, and a committed transaction keeps everything.
      await store.transaction(async (tx) => {
        await tx.putAccount(account('org-authtx', 'acc-tx', 'tx.user'));
        await tx.updateAccount('org-authtx', 'acc-tx', { roles: ['ADMIN'] });
        await tx.appendAudit(audit('org-authtx', { action: 'account.create', target: 'acc-tx' }));
      });
      assert.deepEqual((await store.getAccount('org-authtx', 'acc-tx')).roles, ['ADMIN']);
      assert.deepEqual(
        (await store.listAudit({ orgId: 'org-authtx', customs: false })).map((e) => e.action),
        ['account.create'],
      );
    });
  });
}

forEachDialect('Store accounts, clients, tokens and audit', storeAuthBehaviour, now);
