import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type CarnetItemStates, type CarnetVoucher, checkVoucher, claimDeadline } from '@clearledger/core';
import { hashPassword } from '@clearledger/node';
import { ataCarnet } from '../../../test/fixtures/ataCarnet.ts';
import { type Json, networkApp } from '../../../test/helpers/networkApp.ts';
import { waitFor } from '../../../test/helpers/programs.ts';

const USCIB = 'did:web:uscib.example';
const HOLDER = 'did:web:films.example';
const REPRESENTATIVE = 'did:web:crew-logistics.example';
const ZOLL = 'did:web:zoll.example';
const TRADER = 'did:web:trader.example';
const DOUANE = 'did:web:douane.example';

const DAY = 86_400_000;
/** Noon UTC of the real day: every office (Los Angeles to Berlin) has the same date then. */
const noon = Date.parse(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
let dayOffset = 0;
/** The app's clock: noon of today, moved forward a day to see deadlines pass (the chain allows a day ahead). */
const clock = () => new Date(noon + dayOffset * DAY);
const dayAt = (days: number) => new Date(noon + days * DAY).toISOString().slice(0, 10);

/** The §4.8 carnet, valid from today for 300 days, holder and representative known by DID; `items` lines. */
const carnetCredential = (serial: number, items = 3) => {
  const base = ataCarnet();
  const generalList =
    items === 3
      ? base.generalList
      : Array.from({ length: items }, (_, i) => ({
          item: i + 1,
          description: `Stage light ST-${i + 1}`,
          pieces: 1,
          value: '1000.00',
          currency: 'USD',
          origin: 'US',
        }));
  const total = generalList.reduce((sum, g) => sum + Number(g.value), 0);
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
    type: ['VerifiableCredential', 'AtaCarnetCredential'],
    issuer: USCIB,
    credentialSubject: {
      ...base,
      carnetNumber: `US-${String(serial).padStart(6, '0')}`,
      holder: { ...base.holder, id: HOLDER },
      representatives: [{ name: 'Crew Logistics', id: REPRESENTATIVE }],
      issueDate: dayAt(0),
      validUntil: dayAt(300),
      generalList,
      securityDeposit: { type: 'BOND', amount: (total * 0.4).toFixed(2), currency: 'USD' },
    },
  };
};

describe('ATA carnets through the API: issue, register, vouchers at customs offices, claims', () => {
  let net: Awaited<ReturnType<typeof networkApp>>;
  before(async () => {
    net = await networkApp(
      [
        { who: 'uscib', did: USCIB, roles: ['CARNET_ISSUER'], country: 'US', role: 'STAFF' },
        { who: 'holder', did: HOLDER, roles: ['IMPORTER'], country: 'US', role: 'STAFF' },
        { who: 'representative', did: REPRESENTATIVE, roles: ['BROKER'], country: 'US', role: 'STAFF' },
        { who: 'zoll', did: ZOLL, roles: ['CUSTOMS'], country: 'DE', role: 'OFFICER' },
        { who: 'trader', did: TRADER, roles: ['IMPORTER'], country: 'US', role: 'STAFF' },
        { who: 'auditor', did: USCIB, roles: ['CARNET_ISSUER'], country: 'US', role: 'AUDITOR' },
      ],
      { clock },
    );
  });
  after(() => net.close());
  beforeEach(() => {
    dayOffset = 0;
  });

  /** Issues a carnet as USCIB and waits until it is anchored; answers its id and the carnet as USCIB sees it. */
  const issued = async (serial: number, items = 3) => {
    const res = await net.call('uscib', 'POST', '/credentials/issue', { credential: carnetCredential(serial, items) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = `carnet_${res.body.hash}`;
    await waitFor(
      async () =>
        (await net.call('uscib', 'GET', `/credentials/${encodeURIComponent(res.body.id)}`)).body.anchor === null
          ? undefined
          : true,
      20_000,
      'the carnet to be anchored',
    );
    const carnet = await net.call('uscib', 'GET', `/carnets/${id}`);
    assert.equal(carnet.status, 200, JSON.stringify(carnet.body));
    return { id, hash: res.body.hash as string, credentialId: res.body.id as string, carnet: carnet.body };
  };

  const voucher = (who: string, id: string, body: Json) => net.call(who, 'POST', `/carnets/${id}/vouchers`, body);
  const items = (...numbers: number[]) => numbers.map((item) => ({ item }));
  /** What must not change when a voucher is refused: the items' places, the chain's count, the vouchers recorded. */
  const snapshot = async (id: string) => {
    const seen = (await net.call('uscib', 'GET', `/carnets/${id}`)).body;
    return { items: seen.items, voucherCount: seen.voucherCount, vouchers: seen.vouchers.length, state: seen.state };
  };

  it('§4.8 carnet worked example through the API: export LA, import and re-export DE, re-import US; item 3 overdue, claimed by DE within a year, capped at 110 %', async () => {
    const { id, carnet } = await issued(1);
    assert.deepEqual([carnet.state, carnet.registered, carnet.home], ['ISSUED', true, 'US']);
    assert.equal(carnet.claimUntil, claimDeadline(dayAt(300)));
    assert.deepEqual(
      carnet.items.map((i: Json) => i.state),
      ['AT_HOME', 'AT_HOME', 'AT_HOME'],
    );
    assert.equal(carnet.holderParty.name, 'holder');

    // Export from Los Angeles (2704): yellow, not detached, dated by the node at the port.
    const exported = await voucher('officer', id, { kind: 'EXPORT', items: items(1, 2, 3), office: '2704' });
    assert.equal(exported.status, 201, JSON.stringify(exported.body));
    assert.deepEqual(
      [exported.body.voucher.colour, exported.body.voucher.detached, exported.body.voucher.date],
      ['YELLOW', false, dayAt(0)],
    );
    assert.deepEqual(
      [exported.body.voucher.country, exported.body.voucher.customsParty.id],
      ['US', net.node.operatorOrgId],
    );
    assert.equal(exported.body.carnet.state, 'ACTIVE');
    // Import DE: German customs set the re-export date (today, so that tomorrow shows it passed).
    const imported = await voucher('zoll', id, {
      kind: 'IMPORT',
      items: items(1, 2, 3),
      office: 'DE-FRA',
      deadline: dayAt(0),
    });
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    assert.deepEqual(imported.body.carnet.items[2], {
      item: 3,
      description: 'Lighting kit LK-9',
      pieces: 2,
      state: 'IN_COUNTRY',
      status: 'IN_COUNTRY',
      country: 'DE',
      deadline: dayAt(0),
      lastDate: dayAt(0),
    });
    // Re-export of items 1 and 2 (discharged in DE), re-import into the U.S. at New York.
    const reexported = await voucher('zoll', id, { kind: 'REEXPORT', items: items(1, 2), office: 'DE-FRA' });
    assert.equal(reexported.status, 201, JSON.stringify(reexported.body));
    const home = await voucher('officer', id, { kind: 'REIMPORT', items: items(1, 2), office: '1001' });
    assert.equal(home.status, 201, JSON.stringify(home.body));
    const today = (await net.call('holder', 'GET', `/carnets/${id}`)).body;
    assert.deepEqual(
      today.items.map((i: Json) => [i.state, i.country]),
      [
        ['AT_HOME', null],
        ['AT_HOME', null],
        ['IN_COUNTRY', 'DE'],
      ],
    );
    assert.deepEqual([today.overdue, today.discharged], [[], false]);
    // Not overdue yet: no claim today.
    const early = await net.call('zoll', 'POST', `/carnets/${id}/claims`, {
      item: 3,
      amount: '100.00',
      dutiesAndTaxes: '11500.00',
      currency: 'EUR',
    });
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.equal(early.body.error.code, 'CL_CARNET_ITEM_STATE');

    // Variant: item 3 never re-exported. The next day it is overdue in DE.
    dayOffset = 1;
    const overdue = (await net.call('zoll', 'GET', `/carnets/${id}`)).body;
    assert.deepEqual(overdue.overdue, [3]);
    assert.equal(overdue.items[2].status, 'OVERDUE');
    // Only customs of the country where it is overdue claims; at most duties + 10 % (€11,500 → €12,650).
    const claim = (who: string, amount: string) =>
      net.call(who, 'POST', `/carnets/${id}/claims`, { item: 3, amount, dutiesAndTaxes: '11500.00', currency: 'EUR' });
    const us = await claim('officer', '100.00');
    assert.equal(us.body.error.code, 'CL_CARNET_ITEM_STATE');
    const over = await claim('zoll', '12650.01');
    assert.equal(over.status, 422);
    assert.equal(over.body.error.code, 'CL_CARNET_CLAIM_EXCEEDS_CAP');
    assert.match(over.body.error.message, /12650\.00/);
    const notCustoms = await claim('holder', '12650.00');
    assert.equal(notCustoms.status, 403);
    const claimed = await claim('zoll', '12650.00');
    assert.equal(claimed.status, 201, JSON.stringify(claimed.body));
    assert.deepEqual(
      [
        claimed.body.claim.maxAmount,
        claimed.body.claim.date,
        claimed.body.claim.country,
        claimed.body.claim.customsParty.name,
      ],
      ['12650.00', dayAt(1), 'DE', 'zoll'],
    );
    assert.deepEqual([claimed.body.carnet.state, claimed.body.carnet.items[2].state], ['CLAIMED', 'CLAIMED']);
    // A claimed item moves no more.
    const late = await voucher('zoll', id, { kind: 'REEXPORT', items: items(3), office: 'DE-FRA' });
    assert.equal(late.body.error.code, 'CL_CARNET_ITEM_STATE');
    assert.equal((await claim('zoll', '1.00')).body.error.code, 'CL_CARNET_ITEM_STATE');

    // Every party sees the vouchers with office, date and customs by name.
    const cbp = exported.body.voucher.customsParty.name;
    assert.ok(cbp);
    for (const who of ['uscib', 'holder', 'representative', 'officer', 'zoll']) {
      const seen = await net.call(who, 'GET', `/carnets/${id}`);
      assert.equal(seen.status, 200, who);
      assert.deepEqual(
        seen.body.vouchers.map((v: Json) => [v.kind, v.office, v.date, v.customsParty.name]),
        [
          ['EXPORT', '2704', dayAt(0), cbp],
          ['IMPORT', 'DE-FRA', dayAt(0), 'zoll'],
          ['REEXPORT', 'DE-FRA', dayAt(0), 'zoll'],
          ['REIMPORT', '1001', dayAt(0), cbp],
        ],
        who,
      );
      assert.equal(seen.body.voucherCount, 4);
    }
    const listed = await net.call('holder', 'GET', '/carnets');
    assert.ok(listed.body.carnets.some((c: Json) => c.id === id));
    assert.equal((await net.call('trader', 'GET', `/carnets/${id}`)).status, 404);
    assert.ok(!(await net.call('trader', 'GET', '/carnets')).body.carnets.some((c: Json) => c.id === id));
  });

  it('refused vouchers change nothing: unknown item, second import, offices not their own, not customs, a client date', async () => {
    const { id } = await issued(2);
    const refused = async (who: string | null, body: Json, status: number, code: string) => {
      const before = await snapshot(id);
      const res = await voucher(who as string, id, body);
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.error.code, code, JSON.stringify(res.body));
      assert.deepEqual(await snapshot(id), before);
      return res;
    };
    // CA-02: an item not on the General List (refused whole: item 1 does not move either).
    const unknown = await refused(
      'officer',
      { kind: 'EXPORT', items: items(1, 4), office: '2704' },
      422,
      'CL_CARNET_ITEM_UNKNOWN',
    );
    assert.equal(unknown.body.error.field, '/items/1/item');
    assert.equal((await voucher('officer', id, { kind: 'EXPORT', items: items(1, 2), office: '2704' })).status, 201);
    assert.equal(
      (await voucher('zoll', id, { kind: 'IMPORT', items: items(1), office: 'DE-MUC', deadline: dayAt(30) })).status,
      201,
    );
    // A second importation without re-exportation.
    await refused(
      'zoll',
      { kind: 'IMPORT', items: items(1), office: 'DE-HAM', deadline: dayAt(30) },
      409,
      'CL_CARNET_ITEM_STATE',
    );
    // CBP endorsing for a German office, or naming Germany; German customs endorsing at a U.S. port.
    await refused('officer', { kind: 'IMPORT', items: items(2), office: 'DE-FRA' }, 403, 'CL_CARNET_OFFICE_NOT_OWN');
    await refused(
      'officer',
      { kind: 'IMPORT', items: items(2), office: '2704', country: 'DE' },
      403,
      'CL_CARNET_OFFICE_NOT_OWN',
    );
    await refused('zoll', { kind: 'REEXPORT', items: items(1), office: '2704' }, 403, 'CL_CARNET_OFFICE_NOT_OWN');
    await refused(
      'zoll',
      { kind: 'REEXPORT', items: items(1), office: 'FR-CDG', country: 'FR' },
      403,
      'CL_CARNET_OFFICE_NOT_OWN',
    );
    // Not a customs service (the holder itself, an unrelated trader), a read-only person, no token.
    await refused('holder', { kind: 'REEXPORT', items: items(1), office: 'DE-MUC' }, 403, 'CL_AUTH_FORBIDDEN');
    await refused('trader', { kind: 'REEXPORT', items: items(1), office: 'DE-MUC' }, 403, 'CL_AUTH_FORBIDDEN');
    await refused('auditor', { kind: 'REEXPORT', items: items(1), office: 'DE-MUC' }, 403, 'CL_AUTH_FORBIDDEN');
    await refused(null, { kind: 'REEXPORT', items: items(1), office: 'DE-MUC' }, 401, 'CL_AUTH_REQUIRED');
    // The date is the office's, never the client's.
    await refused(
      'zoll',
      { kind: 'REEXPORT', items: items(1), office: 'DE-MUC', date: dayAt(-10) },
      400,
      'CL_INPUT_INVALID',
    );
    // CA-05: a re-exportation from the U.S., not a country of use of this carnet.
    await refused(
      'officer',
      { kind: 'REEXPORT', items: items(2), office: '2704' },
      422,
      'CL_CARNET_COUNTRY_NOT_COVERED',
    );
    // A legal one still goes through after all that.
    const ok = await voucher('zoll', id, { kind: 'REEXPORT', items: items(1), office: 'DE-MUC' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.voucher.date, dayAt(0));
    assert.equal(ok.body.carnet.voucherCount, 3);
  });

  it('a customs service the carnet is new to endorses it when the holder presents it (credential and anchor receipt), verified first', async () => {
    const { id, credentialId } = await issued(3);
    assert.equal((await voucher('officer', id, { kind: 'EXPORT', items: items(1, 2, 3), office: '2709' })).status, 201);
    // French customs, hosted on this node after the carnet was issued: not a party to it.
    await net.node.hostOrganization({ did: DOUANE, name: 'douane', country: 'FR', roles: ['CUSTOMS'] });
    await net.node.store.putAccount({
      id: 'acct_douane',
      orgId: DOUANE,
      username: 'douane',
      displayName: 'douane',
      passwordHash: await hashPassword('a long enough password', { ln: 10, r: 8, p: 1 }),
      roles: ['OFFICER'],
      disabled: false,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: new Date().toISOString(),
    });
    const login = await net.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'douane', password: 'a long enough password' },
    });
    net.tokens.douane = login.json().accessToken;
    assert.equal((await net.call('douane', 'GET', `/carnets/${id}`)).status, 404);
    const unknown = await voucher('douane', id, { kind: 'IMPORT', items: items(1), office: 'FR-CDG' });
    assert.equal(unknown.status, 404);
    // What the holder shows at the office: the carnet as issued, with its anchor receipt.
    const record = await net.call('uscib', 'GET', `/credentials/${encodeURIComponent(credentialId)}`);
    assert.equal(record.status, 200, JSON.stringify(record.body));
    const presented = { verifiableCredential: record.body.verifiableCredential, anchor: record.body.anchor };
    // A tampered carnet does not verify: nothing moves.
    const tampered = structuredClone(presented);
    tampered.verifiableCredential.credentialSubject.validUntil = dayAt(360);
    const refused = await voucher('douane', id, {
      kind: 'IMPORT',
      items: items(1),
      office: 'FR-CDG',
      carnet: tampered,
    });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'CL_CARNET_NOT_ACTIVE');
    assert.equal((await net.call('uscib', 'GET', `/carnets/${id}`)).body.items[0].state, 'ABROAD');
    const done = await voucher('douane', id, { kind: 'IMPORT', items: items(1), office: 'FR-CDG', carnet: presented });
    assert.equal(done.status, 201, JSON.stringify(done.body));
    assert.deepEqual([done.body.voucher.country, done.body.carnet.items[0].country], ['FR', 'FR']);
    // Now a party to the carnet, it sees it and endorses by its id.
    assert.equal((await net.call('douane', 'GET', `/carnets/${id}`)).status, 200);
    const out = await voucher('douane', id, { kind: 'REEXPORT', items: items(1), office: 'FR-CDG' });
    assert.equal(out.status, 201, JSON.stringify(out.body));
  });

  it('200 carnet vouchers presented at 8 offices at once → exactly the legal ones succeed; 0 server errors; chain item places = what the store recorded', async () => {
    const ITEMS = 25;
    const { id } = await issued(4, ITEMS);
    const all = Array.from({ length: ITEMS }, (_, i) => i + 1);
    const out = await voucher('officer', id, { kind: 'EXPORT', items: items(...all), office: '2704' });
    assert.equal(out.status, 201, JSON.stringify(out.body));
    // Every item is ABROAD. Per item: 4 German offices import it and 2 U.S. ports re-import it (legal
    // while it is ABROAD: whichever comes first wins, the 5 others find it moved), a third U.S. port
    // re-exports it from the U.S. (never legal: not a country of use) and a fourth names item 25 + i
    // (never on the General List).
    type Sent = { who: string; body: Json; legalFromAbroad: boolean };
    const sent: Sent[] = [];
    for (const item of all) {
      for (const office of ['DE-FRA', 'DE-MUC', 'DE-HAM', 'DE-BER'])
        sent.push({
          who: 'zoll',
          body: { kind: 'IMPORT', items: items(item), office, deadline: dayAt(30) },
          legalFromAbroad: true,
        });
      for (const office of ['1001', '3901'])
        sent.push({ who: 'officer', body: { kind: 'REIMPORT', items: items(item), office }, legalFromAbroad: true });
      sent.push({
        who: 'officer',
        body: { kind: 'REEXPORT', items: items(item), office: '5301' },
        legalFromAbroad: false,
      });
      sent.push({
        who: 'officer',
        body: { kind: 'EXPORT', items: items(ITEMS + item), office: '2402' },
        legalFromAbroad: false,
      });
    }
    assert.equal(sent.length, 200);
    const answers = await Promise.all(sent.map((s) => voucher(s.who, id, s.body)));
    assert.deepEqual(
      answers.filter((a) => a.status >= 500),
      [],
    );
    const codes = new Map<string, number>();
    for (const a of answers) {
      const key = a.status === 201 ? '201' : `${a.status} ${a.body.error.code}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    // Exactly one legal voucher per item succeeds; every other is refused with its rule.
    assert.deepEqual(Object.fromEntries(codes), {
      '201': ITEMS,
      '409 CL_CARNET_ITEM_STATE': 5 * ITEMS,
      '422 CL_CARNET_COUNTRY_NOT_COVERED': ITEMS,
      '422 CL_CARNET_ITEM_UNKNOWN': ITEMS,
    });
    for (const item of all) {
      const won = sent.filter((s, i) => answers[i]!.status === 201 && s.body.items[0].item === item);
      assert.equal(won.length, 1, `item ${item}`);
      assert.equal(won[0]!.legalFromAbroad, true);
    }
    // The store's vouchers, replayed in their order through the rules, are each legal and lead to the
    // chain's item places.
    const seen = (await net.call('uscib', 'GET', `/carnets/${id}`)).body;
    assert.equal(seen.vouchers.length, 1 + ITEMS);
    assert.equal(seen.voucherCount, 1 + ITEMS);
    const carnet = carnetCredential(4, ITEMS).credentialSubject;
    let states: CarnetItemStates = {};
    for (const v of seen.vouchers as Json[]) {
      const replayed = checkVoucher({
        carnet: carnet as never,
        itemStates: states,
        voucher: {
          kind: v.kind,
          items: v.items,
          country: v.country,
          office: v.office,
          date: v.date,
          ...(v.deadline === null ? {} : { deadline: v.deadline }),
        } as CarnetVoucher,
        endorsingCustoms: { country: v.country },
      });
      assert.equal(replayed.ok, true, JSON.stringify(replayed));
      if (replayed.ok) states = replayed.nextItemStates;
    }
    for (const item of seen.items as Json[]) {
      const recorded = states[item.item]!;
      assert.deepEqual(
        [item.state, item.country, item.deadline, item.lastDate],
        [recorded.state, recorded.country ?? null, recorded.deadline ?? null, recorded.lastDate ?? null],
        `item ${item.item}`,
      );
    }
    const inGermany = seen.items.filter((i: Json) => i.state === 'IN_COUNTRY').length;
    const atHome = seen.items.filter((i: Json) => i.state === 'AT_HOME').length;
    assert.equal(inGermany + atHome, ITEMS);
  });
});
