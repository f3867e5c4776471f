import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { entryNumberCheckDigit } from '@clearledger/core';
import { type Json, networkApp } from '../../../test/helpers/networkApp.ts';
import { waitFor } from '../../../test/helpers/programs.ts';
import { setBrokerAuthorization } from './certificate-of-origin/tradeIdentifiers.ts';

const ATF = 'did:web:atf.example';
const HOLDER = 'did:web:frontier-arms.example';
const DESIGNEE = 'did:web:frontier-logistics.example';
const BROKER = 'did:web:border-brokers.example';
const RIVAL = 'did:web:rival-arms.example';

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An ATF Form 6 permit (E-PM-1's shape) valid from today. */
const form6 = (serial: number, overrides: Json = {}) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
  type: ['VerifiableCredential', 'LpcoCredential'],
  issuer: ATF,
  credentialSubject: {
    type: 'Lpco',
    lpcoType: 'PERMIT',
    agency: { code: 'ATF', name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives' },
    program: 'ATF Form 6 Part I',
    number: `2026-${String(serial).padStart(6, '0')}`,
    holder: { id: HOLDER, name: 'Frontier Arms Importers LLC', importerNumber: '12-3456789AB', country: 'US' },
    designees: [{ id: DESIGNEE, name: 'Frontier Logistics' }],
    issuedOn: today(),
    expiresOn: inDays(700),
    singleUse: false,
    authorizedQuantity: { value: '500', unit: 'NO' },
    scope: { hs: ['930330'], countries: ['DE'], ports: ['2304', '2402'] },
    goodsDescription: 'Rifles, model X, caliber .308',
    ...overrides,
  },
});

/** Entry numbers with a valid check digit: filer FA1, serial n. */
const entry = (n: number) => {
  const base = `FA1${String(n).padStart(7, '0')}`;
  return `${base.slice(0, 3)}-${base.slice(3)}-${entryNumberCheckDigit(base)}`;
};

describe('permits (LPCO) through the API: issue, register, draw, reverse', () => {
  let net: Awaited<ReturnType<typeof networkApp>>;
  before(async () => {
    net = await networkApp([
      { who: 'atf', did: ATF, roles: ['PGA'], country: 'US', role: 'STAFF' },
      { who: 'holder', did: HOLDER, roles: ['IMPORTER'], country: 'US', role: 'STAFF' },
      { who: 'designee', did: DESIGNEE, roles: ['IMPORTER'], country: 'US', role: 'STAFF' },
      { who: 'broker', did: BROKER, roles: ['BROKER'], country: 'US', role: 'STAFF' },
      { who: 'rival', did: RIVAL, roles: ['IMPORTER'], country: 'US', role: 'STAFF' },
      { who: 'auditor', did: HOLDER, roles: ['IMPORTER'], country: 'US', role: 'AUDITOR' },
    ]);
  });
  after(() => net.close());

  /** Issues a permit as ATF and waits until it is anchored and registered. */
  const issued = async (serial: number, overrides: Json = {}) => {
    const res = await net.call('atf', 'POST', '/credentials/issue', { credential: form6(serial, overrides) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = `permit_${res.body.hash}`;
    await waitFor(
      async () =>
        (await net.call('atf', 'GET', `/credentials/${encodeURIComponent(res.body.id)}`)).body.anchor === null
          ? undefined
          : true,
      20_000,
      'the permit to be anchored',
    );
    const permit = await net.call('atf', 'GET', `/permits/${id}`);
    assert.equal(permit.status, 200, JSON.stringify(permit.body));
    return { id, hash: res.body.hash as string, permit: permit.body };
  };

  const draw = (who: string, permitId: string, n: number, quantity: string, overrides: Json = {}) =>
    net.call(who, 'POST', '/permits/draws', {
      permitId,
      entryNumber: entry(n),
      line: 1,
      quantity,
      unit: 'NO',
      port: '2304',
      hts: '9303.30.8030',
      country: 'DE',
      ...overrides,
    });

  it('E-PM-1 through the API: 200, 250, a refused 100 with the balance, 50 exhausts; parties see every use by name', async () => {
    const { id, permit } = await issued(1);
    assert.deepEqual([permit.state, permit.balance, permit.registered], ['ACTIVE', '500', true]);
    assert.equal(permit.holderParty.name, 'holder');
    const a = await draw('holder', id, 1, '200');
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.deepEqual([a.body.permit.balance, a.body.permit.state], ['300', 'PARTIALLY_USED']);
    assert.equal((await draw('holder', id, 2, '250')).body.permit.balance, '50');
    const c = await draw('holder', id, 3, '100');
    assert.equal(c.status, 409);
    assert.equal(c.body.error.code, 'CL_PERMIT_INSUFFICIENT_BALANCE');
    assert.equal(c.body.error.details.balance, '50');
    const refiled = await draw('holder', id, 3, '50');
    assert.equal(refiled.status, 201, JSON.stringify(refiled.body));
    assert.deepEqual([refiled.body.permit.balance, refiled.body.permit.state], ['0', 'EXHAUSTED']);
    for (const who of ['atf', 'officer', 'holder']) {
      const seen = await net.call(who, 'GET', `/permits/${id}`);
      assert.equal(seen.status, 200);
      assert.equal(seen.body.uses.length, 3, who);
      assert.deepEqual(
        seen.body.uses.map((u: Json) => [u.entryNumber, u.quantity, u.port, u.drawerParty.name]),
        [
          [entry(3), '50', '2304', 'holder'],
          [entry(2), '250', '2304', 'holder'],
          [entry(1), '200', '2304', 'holder'],
        ],
      );
    }
  });

  it('PM-05: a retried draw gets the first use back and draws nothing; a changed quantity under the same entry line is refused', async () => {
    const { id } = await issued(2);
    const first = await draw('holder', id, 10, '40');
    assert.equal(first.status, 201);
    const retry = await draw('holder', id, 10, '40');
    assert.equal(retry.status, 200);
    assert.equal(retry.body.replay, true);
    assert.equal(retry.body.use.useKey, first.body.use.useKey);
    assert.equal(retry.body.permit.balance, '460');
    const changed = await draw('holder', id, 10, '41');
    assert.equal(changed.status, 409);
    assert.equal(changed.body.error.code, 'CL_PERMIT_USE_KEY_REUSED');
    const otherPort = await draw('holder', id, 10, '40', { port: '2402' });
    assert.equal(otherPort.body.error.code, 'CL_PERMIT_USE_KEY_REUSED');
    assert.equal((await net.call('holder', 'GET', `/permits/${id}`)).body.balance, '460');
  });

  it('PM-07 / PM-08: another organisation, an unauthorised broker and out-of-scope lines are refused and draw nothing', async () => {
    const { id } = await issued(3);
    const presented = async () => {
      const permit = await net.call('atf', 'GET', `/permits/${id}`);
      const record = await net.call('atf', 'GET', `/credentials/${encodeURIComponent(permit.body.credentialId)}`);
      return { verifiableCredential: record.body.verifiableCredential, anchor: record.body.anchor };
    };
    // The rival does not take part in the permit: it cannot name it, and presenting it does not help.
    assert.equal((await draw('rival', id, 20, '1')).status, 404);
    const rival = await net.call('rival', 'POST', '/permits/draws', {
      permit: await presented(),
      entryNumber: entry(20),
      line: 1,
      quantity: '1',
      unit: 'NO',
      port: '2304',
      hts: '930330',
      country: 'DE',
    });
    assert.equal(rival.status, 403);
    assert.equal(rival.body.error.code, 'CL_PERMIT_NOT_HOLDER');
    // A broker the holder has not authorised, naming the holder.
    const broker = await net.call('broker', 'POST', '/permits/draws', {
      permit: await presented(),
      entryNumber: entry(21),
      line: 1,
      quantity: '1',
      unit: 'NO',
      port: '2304',
      hts: '930330',
      country: 'DE',
      importer: HOLDER,
    });
    assert.equal(broker.body.error.code, 'CL_PERMIT_NOT_HOLDER');
    for (const [overrides, field] of [
      [{ hts: '9304.00' }, '/hts'],
      [{ country: 'CN' }, '/country'],
      [{ port: '2704' }, '/port'],
    ] as const) {
      const out = await draw('holder', id, 22, '1', overrides);
      assert.equal(out.status, 422, JSON.stringify(out.body));
      assert.equal(out.body.error.code, 'CL_PERMIT_OUT_OF_SCOPE');
      assert.equal(out.body.error.field, field);
    }
    const unit = await draw('holder', id, 23, '1', { unit: 'KG' });
    assert.equal(unit.body.error.code, 'CL_PERMIT_QUANTITY_INVALID');
    assert.equal((await net.call('atf', 'GET', `/permits/${id}`)).body.balance, '500');
    // Authorised, the broker draws for the holder; the designee draws in its own name.
    await setBrokerAuthorization(net.node.store, {
      importer: HOLDER,
      broker: BROKER,
      authorize: true,
      by: 'test',
      at: new Date().toISOString(),
    });
    const allowed = await net.call('broker', 'POST', '/permits/draws', {
      permitId: id,
      entryNumber: entry(24),
      line: 1,
      quantity: '5',
      unit: 'NO',
      port: '2402',
      hts: '930330',
      country: 'DE',
      importer: HOLDER,
    });
    assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
    assert.equal(allowed.body.use.onBehalfOf, HOLDER);
    assert.equal((await draw('designee', id, 25, '5')).status, 201);
    assert.equal((await net.call('atf', 'GET', `/permits/${id}`)).body.balance, '490');
  });

  it('no token, a read-only person, a bad entry number and a client date are refused before anything is drawn', async () => {
    const { id } = await issued(4);
    assert.equal((await draw(null as never, id, 30, '1')).status, 401);
    const auditor = await draw('auditor', id, 30, '1');
    assert.equal(auditor.status, 403);
    assert.equal(auditor.body.error.code, 'CL_AUTH_FORBIDDEN');
    const wrong = `${entry(30).slice(0, -1)}${(Number(entry(30).slice(-1)) + 1) % 10}`;
    const digit = await draw('holder', id, 30, '1', { entryNumber: wrong });
    assert.equal(digit.body.error.code, 'CL_CLAIM_ENTRY_CHECK_DIGIT');
    const dated = await draw('holder', id, 30, '1', { usedAt: '2020-01-01' });
    assert.equal(dated.status, 400);
    assert.equal(dated.body.error.code, 'CL_INPUT_INVALID');
    const negative = await draw('holder', id, 30, '-1');
    assert.equal(negative.status, 400);
    assert.equal((await net.call('holder', 'GET', `/permits/${id}`)).body.uses.length, 0);
  });

  it('PM-06: only the issuing agency reverses a use, once; the use stays with its reversal', async () => {
    const { id } = await issued(5);
    const use = (await draw('holder', id, 40, '100')).body.use;
    const url = `/permits/${id}/uses/${use.useKey}/reverse`;
    assert.equal((await net.call('holder', 'POST', url, { reason: 'entry cancelled' })).status, 403);
    assert.equal((await net.call('officer', 'POST', url, { reason: 'entry cancelled' })).status, 403);
    const reversed = await net.call('atf', 'POST', url, { reason: 'entry cancelled' });
    assert.equal(reversed.status, 200, JSON.stringify(reversed.body));
    assert.deepEqual([reversed.body.balance, reversed.body.state], ['500', 'ACTIVE']);
    assert.equal(reversed.body.uses[0].reversed.reason, 'entry cancelled');
    const twice = await net.call('atf', 'POST', url, { reason: 'again' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'CL_PERMIT_USE_NOT_REVERSIBLE');
  });

  it('PM-01: a suspended permit is not drawn', async () => {
    const { id, permit } = await issued(6);
    assert.ok(permit.credentialId, JSON.stringify(permit));
    const status = await net.call('atf', 'POST', '/credentials/status', {
      credentialId: permit.credentialId,
      status: 'SUSPENDED',
      reason: 'inquiry',
    });
    assert.equal(status.status, 200, JSON.stringify(status.body));
    const refused = await draw('holder', id, 50, '1');
    assert.equal(refused.body.error.code, 'CL_PERMIT_NOT_USABLE');
    assert.equal((await net.call('holder', 'GET', `/permits/${id}`)).body.state, 'SUSPENDED');
  });

  it('a permit an agency issues with an invalid subject is refused at issuance with its rule', async () => {
    const res = await net.call('atf', 'POST', '/credentials/issue', {
      credential: form6(7, { authorizedQuantity: { value: '0', unit: 'NO' } }),
    });
    assert.equal(res.status, 422);
    assert.match(JSON.stringify(res.body), /CL_PERMIT_INVALID/);
    const notAgency = await net.call('holder', 'POST', '/credentials/issue', {
      credential: { ...form6(8), issuer: HOLDER },
    });
    assert.equal(notAgency.status, 422);
  });
});
