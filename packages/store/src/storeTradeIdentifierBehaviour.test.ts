import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '@clearledger/core';
import { type DialectAdapter, forEachDialect } from './testing/eachDialect.ts';
import { clockValue, now, organization, rejectsWith } from './testing/fixtures.ts';

function storeTradeIdentifierBehaviour(adapter: DialectAdapter): void {
  describe(`Store trade identifiers and broker authorisations (${adapter.name})`, () => {
    let store: Store;
    before(async () => {
      store = adapter.fresh().store;
      await store.migrate();
      for (const id of ['org-ti-importer', 'org-ti-rival', 'org-ti-broker'])
        await store.putOrganization(organization(id));
    });
    after(async () => {
      await store.close();
      await adapter.teardown();
    });

    const record = (orgId: string, importerNumbers: string[], filerCodes: string[]) => ({
      orgId,
      importerNumbers,
      filerCodes,
      recordedBy: 'customs#officer',
      recordedAt: clockValue,
    });

    it('records, replaces and reads back an organisation’s identifiers; an identifier names its holder', async () => {
      assert.deepEqual(await store.getTradeIdentifiers('org-ti-importer'), {
        orgId: 'org-ti-importer',
        importerNumbers: [],
        filerCodes: [],
        recordedBy: '',
        recordedAt: '',
      });
      await store.putTradeIdentifiers(record('org-ti-importer', ['36-441820100'], ['GLH', 'GL2']));
      assert.deepEqual(
        await store.getTradeIdentifiers('org-ti-importer'),
        record('org-ti-importer', ['36-441820100'], ['GL2', 'GLH']),
      );
      assert.equal(await store.findTradeIdentifierHolder('FILER_CODE', 'GLH'), 'org-ti-importer');
      assert.equal(await store.findTradeIdentifierHolder('IMPORTER_NUMBER', '36-441820100'), 'org-ti-importer');
      assert.equal(await store.findTradeIdentifierHolder('IMPORTER_NUMBER', 'GLH'), null, 'kinds are apart');
      await store.putTradeIdentifiers(record('org-ti-importer', ['36-441820100'], ['GLH']));
      assert.equal(await store.findTradeIdentifierHolder('FILER_CODE', 'GL2'), null, 'a replaced code is released');
    });

    it('an identifier belongs to one organisation: a conflicting record changes nothing', async () => {
      await store.putTradeIdentifiers(record('org-ti-rival', ['98-765432100'], ['RVL']));
      await rejectsWith(
        store.putTradeIdentifiers(record('org-ti-rival', ['98-765432100'], ['RVL', 'GLH'])),
        'CL_STORE_CONFLICT',
      );
      assert.deepEqual((await store.getTradeIdentifiers('org-ti-rival')).filerCodes, ['RVL']);
      assert.equal(await store.findTradeIdentifierHolder('FILER_CODE', 'GLH'), 'org-ti-importer');
      await rejectsWith(store.putTradeIdentifiers(record('org-ti-nobody', [], ['NOB'])), 'CL_STORE_NOT_FOUND');
    });

    it('an importer authorises and withdraws brokers (idempotent both ways)', async () => {
      const auth = {
        importerOrgId: 'org-ti-importer',
        brokerOrgId: 'org-ti-broker',
        authorizedBy: 'jk',
        authorizedAt: clockValue,
      };
      await store.putBrokerAuthorization(auth);
      await store.putBrokerAuthorization({ ...auth, authorizedBy: 'someone else' });
      assert.deepEqual(await store.listBrokerAuthorizations('org-ti-importer'), [auth]);
      assert.deepEqual(await store.listBrokerAuthorizations('org-ti-rival'), []);
      await store.deleteBrokerAuthorization('org-ti-importer', 'org-ti-broker');
      await store.deleteBrokerAuthorization('org-ti-importer', 'org-ti-broker');
      assert.deepEqual(await store.listBrokerAuthorizations('org-ti-importer'), []);
      await rejectsWith(store.putBrokerAuthorization({ ...auth, brokerOrgId: 'org-ti-nobody' }), 'CL_STORE_NOT_FOUND');
    });
  });
}

forEachDialect('Store trade identifiers and broker authorisations', storeTradeIdentifierBehaviour, now);
