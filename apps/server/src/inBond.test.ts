import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { addBusinessDays, portLocalDate } from '@clearledger/core';
import { hashPassword, openNode, readNodeConfig } from '@clearledger/node';
import { inBondMovement } from '../../../test/fixtures/inBondMovement.ts';
import { type Json, networkApp } from '../../../test/helpers/networkApp.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';

const RAIL = 'did:web:pacific-rail.example';
const HAUL = 'did:web:border-haul.example';
const RIVAL = 'did:web:rival-carrier.example';
const IMPORTER = 'did:web:lakeside-furniture.example';

const DAY = 86_400_000;
const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString();
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** A filing (E-IB-1's IT or E-IB-2's T&E) with its own in-bond number. */
const filing = (entryType: '61' | '62', number: string, subject: Json = {}) => {
  const vc = inBondMovement({ entryType }) as Json;
  if (subject.carrier !== undefined) vc.issuer = subject.carrier.id;
  return { ...vc, credentialSubject: { ...vc.credentialSubject, inBondNumber: number, ...subject } };
};

describe('in-bond movements through the API: file, register, events, deadlines, sweep', () => {
  let net: Awaited<ReturnType<typeof networkApp>>;
  before(async () => {
    net = await networkApp([
      { who: 'rail', did: RAIL, roles: ['BONDED_CARRIER'], country: 'US', role: 'STAFF' },
      { who: 'haul', did: HAUL, roles: ['BONDED_CARRIER'], country: 'US', role: 'STAFF' },
      { who: 'rival', did: RIVAL, roles: ['BONDED_CARRIER'], country: 'US', role: 'STAFF' },
      { who: 'importer', did: IMPORTER, roles: ['IMPORTER'], country: 'US', role: 'STAFF' },
      { who: 'auditor', did: RAIL, roles: ['BONDED_CARRIER'], country: 'US', role: 'AUDITOR' },
    ]);
  });
  after(() => net.close());

  /** Files a movement as `who` and answers the movement as GET shows it. */
  const filed = async (who: string, credential: Json) => {
    const res = await net.call(who, 'POST', '/credentials/issue', { credential });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const movement = await net.call(who, 'GET', `/in-bond/inbond_${res.body.hash}`);
    assert.equal(movement.status, 200, JSON.stringify(movement.body));
    return movement.body;
  };
  const act = (who: string | null, id: string, body: Json) => net.call(who, 'POST', `/in-bond/${id}/events`, body);
  const ok = async (who: string, id: string, body: Json) => {
    const res = await act(who, id, body);
    assert.equal(res.status, 200, `${body.kind}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const started = async (who: string, credential: Json) => {
    const m = await filed(who, credential);
    await ok('officer', m.id, { kind: 'AUTHORIZE' });
    await ok(who, m.id, { kind: 'DEPART' });
    return m.id as string;
  };
  /** What must not change when an event is refused: the state, the chain's event count, the timeline. */
  const snapshot = async (id: string) => {
    const m = (await net.call('officer', 'GET', `/in-bond/${id}`)).body;
    return { state: m.state, chain: m.chain, timeline: m.timeline.length, violations: m.violations.length };
  };
  const refused = async (who: string | null, id: string, body: Json, status: number, code: string) => {
    const before = await snapshot(id);
    const res = await act(who, id, body);
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.code, code);
    assert.deepEqual(await snapshot(id), before, `${code}: nothing changed`);
  };

  it('E-IB-1 IT 61 2704 → 3901 at today’s dates: filed and registered, authorised by customs, 30 days to deliver, arrival reported in time, concluded; the timeline names who and when', async () => {
    const m = await filed('rail', filing('61', '270400001'));
    assert.deepEqual([m.state, m.caseState, m.entryType, m.destinationPort], ['ON_FILE', 'ON_FILE', '61', '3901']);
    assert.ok(m.registered?.txHash, 'registered on the chain');
    assert.equal(m.chain.manifest, '200');
    assert.equal(m.deadlines.deliverBy, null, 'no clock before authorisation');
    assert.equal(m.nextDueAt, null);

    const authorised = await ok('officer', m.id, { kind: 'AUTHORIZE' });
    const today = portLocalDate(new Date().toISOString(), 'America/Los_Angeles');
    assert.equal(authorised.state, 'AUTHORIZED');
    assert.equal(authorised.deadlines.clockStart, today, 'later of vessel arrival (2025-06-02) and authorisation');
    assert.equal(authorised.deadlines.deliverBy, plusDays(today, 30));
    assert.ok(authorised.nextDueAt > new Date(Date.parse(`${plusDays(today, 30)}T00:00:00Z`)).toISOString());
    await ok('rail', m.id, { kind: 'DEPART' });
    const arrivedAt = isoIn(-3_600_000);
    const arrived = await ok('rail', m.id, {
      kind: 'ARRIVE',
      scope: 'ENTIRE',
      port: '3901',
      firmsCode: 'H123',
      at: arrivedAt,
    });
    assert.deepEqual([arrived.state, arrived.chain.arrived], ['ARRIVED', '200']);
    const arrivalDay = portLocalDate(arrivedAt, 'America/Chicago');
    assert.equal(arrived.deadlines.arrivalReportDue, addBusinessDays(arrivalDay, 2));
    assert.deepEqual(arrived.violations, []);
    assert.equal(arrived.nextDueAt, null, 'delivered: no deadline left to watch');
    const done = await ok('rail', m.id, { kind: 'CONCLUDE' });
    const customsName = (await net.node.store.getOrganization(net.node.operatorOrgId))?.name;
    assert.equal(done.state, 'CONCLUDED');
    for (const who of ['officer', 'rail']) {
      const seen = await net.call(who, 'GET', `/in-bond/${m.id}`);
      assert.equal(seen.status, 200);
      const events = seen.body.timeline.filter((t: Json) => /^[A-Z_]+$/.test(t.kind));
      assert.deepEqual(
        events.map((t: Json) => [t.kind, t.by.org.name]),
        [
          ['AUTHORIZE', customsName],
          ['DEPART', 'rail'],
          ['ARRIVE', 'rail'],
          ['CONCLUDE', 'rail'],
        ],
      );
      const arrival = events[2];
      assert.equal(arrival.happenedAt, arrivedAt, 'when the goods arrived');
      assert.ok(arrival.reportedAt > arrivedAt, 'reported at the server’s time');
      assert.ok(arrival.txHash);
    }
    const listed = await net.call('officer', 'GET', '/in-bond');
    assert.ok(listed.body.movements.some((x: Json) => x.id === m.id));
    assert.ok(!(await net.call('rival', 'GET', '/in-bond')).body.movements.some((x: Json) => x.id === m.id));
    assert.equal((await net.call('rival', 'GET', `/in-bond/${m.id}`)).status, 404);
  });

  it('E-IB-1 late report: an arrival dated 14 days ago reported now is a LATE_REPORT violation, recorded once', async () => {
    const id = await started('rail', filing('61', '270400002'));
    const at = isoIn(-14 * DAY);
    const m = await ok('rail', id, { kind: 'ARRIVE', scope: 'ENTIRE', port: '3901', firmsCode: 'H123', at });
    assert.deepEqual(
      m.violations.map((v: Json) => [v.code, v.rule, v.due]),
      [['LATE_REPORT', 'IB-07', addBusinessDays(portLocalDate(at, 'America/Chicago'), 2)]],
    );
    assert.equal(await net.app.sweepOverdueInBond(new Date()), 0);
    await ok('rail', id, { kind: 'CONCLUDE' });
    assert.equal((await net.call('rail', 'GET', `/in-bond/${id}`)).body.violations.length, 1);
  });

  it('E-IB-2 T&E 62 2709 → 2304: arrives by bill, exports what arrived, a further bill arrives while partly exported (still EXPORTED_PARTIAL), exported in full and concluded; export by = arrival + 15 days', async () => {
    const id = await started(
      'haul',
      filing('62', '270900001', {
        bills: [
          { number: 'COSU6400123456', quantity: '25', unit: 'PLT' },
          { number: 'COSU6400123457', quantity: '15', unit: 'PLT' },
        ],
      }),
    );
    const bill = (kind: 'ARRIVE' | 'EXPORT', ref: string, quantity: string) => ({
      kind,
      scope: 'BILL',
      ref,
      quantity,
      ...(kind === 'ARRIVE' ? { port: '2304', firmsCode: 'L123' } : {}),
    });
    assert.equal((await ok('haul', id, bill('ARRIVE', 'COSU6400123456', '25'))).state, 'ARRIVED_PARTIAL');
    assert.equal((await ok('haul', id, bill('EXPORT', 'COSU6400123456', '25'))).state, 'EXPORTED_PARTIAL');
    const more = await ok('haul', id, bill('ARRIVE', 'COSU6400123457', '15'));
    assert.deepEqual(
      [more.state, more.chain.state, more.chain.arrived],
      ['EXPORTED_PARTIAL', 'EXPORTED_PARTIAL', '40'],
    );
    const today = portLocalDate(new Date().toISOString(), 'America/Chicago');
    assert.equal(more.deadlines.exportBy, plusDays(today, 15));
    const all = await ok('haul', id, bill('EXPORT', 'COSU6400123457', '15'));
    assert.deepEqual([all.state, all.chain.exported], ['EXPORTED', '40']);
    assert.equal(all.deadlines.exportReportDue, addBusinessDays(today, 2));
    assert.equal((await ok('officer', id, { kind: 'CONCLUDE' })).state, 'CONCLUDED');
  });

  it('E-IB-2 not exported by day 15: the sweep records GENERAL_ORDER_DUE once, customs orders general order', async () => {
    const id = await started('haul', filing('62', '270900002'));
    await ok('haul', id, { kind: 'ARRIVE', scope: 'ENTIRE', port: '2304', firmsCode: 'L123' });
    assert.equal(await net.app.sweepOverdueInBond(new Date(Date.now() + 10 * DAY)), 0, 'nothing due yet');
    assert.equal(await net.app.sweepOverdueInBond(new Date(Date.now() + 17 * DAY)), 1);
    assert.equal(await net.app.sweepOverdueInBond(new Date(Date.now() + 18 * DAY)), 0, 'recorded once');
    const m = (await net.call('haul', 'GET', `/in-bond/${id}`)).body;
    assert.deepEqual(
      m.violations.map((v: Json) => [v.code, v.rule, v.due]),
      [['GENERAL_ORDER_DUE', 'IB-09', m.deadlines.exportBy]],
    );
    await refused('haul', id, { kind: 'GENERAL_ORDER' }, 403, 'CL_INBOND_NOT_CARRIER');
    assert.equal((await ok('officer', id, { kind: 'GENERAL_ORDER' })).state, 'GENERAL_ORDER');
  });

  it('E-IB-3 a diversion requested after arrival is refused; en route it waits for customs, approved it changes the destination', async () => {
    const id = await started('rail', filing('61', '270400003'));
    await refused('rail', id, { kind: 'ARRIVE', port: '3801', firmsCode: 'H123' }, 422, 'CL_INBOND_WRONG_PORT');
    assert.equal((await ok('rail', id, { kind: 'DIVERSION_REQUEST', newPort: '3801' })).state, 'DIVERSION_PENDING');
    await refused(
      'rail',
      id,
      { kind: 'ARRIVE', port: '3801', firmsCode: 'H123' },
      409,
      'CL_INBOND_DIVERSION_NOT_APPROVED',
    );
    await refused('rail', id, { kind: 'DIVERSION_DECISION', approved: true }, 403, 'CL_INBOND_NOT_CARRIER');
    const approved = await ok('officer', id, { kind: 'DIVERSION_DECISION', approved: true });
    assert.deepEqual(
      [approved.state, approved.destinationPort, approved.filedDestinationPort],
      ['EN_ROUTE', '3801', '3901'],
    );
    await ok('rail', id, { kind: 'ARRIVE', port: '3801', firmsCode: 'H123' });
    await refused('rail', id, { kind: 'DIVERSION_REQUEST', newPort: '3901' }, 409, 'CL_INBOND_EVENT_NOT_ALLOWED');
  });

  it('attacks are refused and change nothing: wrong port, future time, transfer to a non-bonded organisation, a carrier concluding what it does not carry, no token, a read-only person', async () => {
    const id = await started('rail', filing('61', '270400004'));
    await refused(
      'rail',
      id,
      { kind: 'ARRIVE', port: '2704', firmsCode: 'H123', at: isoIn(-60_000) },
      422,
      'CL_INBOND_WRONG_PORT',
    );
    await refused(
      'rail',
      id,
      { kind: 'ARRIVE', port: '3901', firmsCode: 'H123', at: isoIn(DAY) },
      422,
      'CL_INBOND_FUTURE_EVENT',
    );
    await refused(
      'rail',
      id,
      { kind: 'TRANSFER', toCarrier: IMPORTER, bondedCarrierId: '123-45-6789' },
      422,
      'CL_INBOND_CARRIER_NOT_BONDED',
    );
    await refused(null, id, { kind: 'ARRIVE', port: '3901', firmsCode: 'H123' }, 401, 'CL_AUTH_REQUIRED');
    await refused('auditor', id, { kind: 'ARRIVE', port: '3901', firmsCode: 'H123' }, 403, 'CL_AUTH_FORBIDDEN');
    await refused('rival', id, { kind: 'ARRIVE', port: '3901', firmsCode: 'H123' }, 404, 'CL_STORE_NOT_FOUND');
    // Liability moves to another bonded carrier; the former one no longer reports or concludes.
    const moved = await ok('rail', id, { kind: 'TRANSFER', toCarrier: HAUL, bondedCarrierId: '250304-00127' });
    assert.equal(moved.liableCarrier, HAUL);
    await refused('rail', id, { kind: 'ARRIVE', port: '3901', firmsCode: 'H123' }, 403, 'CL_INBOND_NOT_CARRIER');
    await ok('haul', id, { kind: 'ARRIVE', port: '3901', firmsCode: 'H123' });
    await refused('rail', id, { kind: 'CONCLUDE' }, 403, 'CL_INBOND_NOT_CARRIER');
    assert.equal((await ok('haul', id, { kind: 'CONCLUDE' })).state, 'CONCLUDED');
  });

  it('IB-01 an in-bond number is unique on the network: refused before issuance, and a keyed filing that slips through shows REJECTED with the code', async () => {
    await filed('rail', filing('61', '270400005'));
    const haulCarrier = { id: HAUL, name: 'Border Haul Logistics LLC', bondedCarrierId: '250304-00127', scac: 'BDHL' };
    const again = await net.call('haul', 'POST', '/credentials/issue', {
      credential: filing('61', '270400005', { carrier: haulCarrier }),
    });
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.error.code, 'CL_INBOND_NUMBER_TAKEN');
    const keyed = await net.app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: { authorization: `Bearer ${net.tokens.haul}`, 'idempotency-key': 'inbond-270400005-haul' },
      payload: { credential: filing('61', '270400005', { carrier: haulCarrier }) },
    });
    assert.equal(keyed.statusCode, 201, keyed.body);
    const m = (await net.call('haul', 'GET', `/in-bond/inbond_${keyed.json().hash}`)).body;
    assert.equal(m.state, 'REJECTED');
    assert.equal(m.registrationFailure.code, 'CL_INBOND_NUMBER_TAKEN');
    await refused('haul', m.id, { kind: 'DEPART' }, 409, 'CL_INBOND_EVENT_NOT_ALLOWED');
  });

  it('the sweep marks an overdue movement once, and a restarted app on the same store does not mark it again', async () => {
    const id = await started('rail', filing('61', '270400006'));
    const m = (await net.call('rail', 'GET', `/in-bond/${id}`)).body;
    assert.ok(m.nextDueAt, 'the deliver-by deadline is watched');
    const later = new Date(Date.now() + 32 * DAY);
    assert.equal(await net.app.sweepOverdueInBond(new Date()), 0);
    assert.equal(await net.app.sweepOverdueInBond(later), 1);
    assert.equal(await net.app.sweepOverdueInBond(later), 0, 'recorded once');
    const restarted = await buildApp({ node: net.node, rateLimits: { loginPerMinute: 10_000 } });
    try {
      assert.equal(await restarted.sweepOverdueInBond(new Date(Date.now() + 40 * DAY)), 0, 'not again after restart');
    } finally {
      await restarted.close();
    }
    const seen = (await net.call('officer', 'GET', `/in-bond/${id}`)).body;
    assert.deepEqual(
      seen.violations.map((v: Json) => [v.code, v.rule, v.due]),
      [['OVERDUE', 'IB-08', m.deadlines.deliverBy]],
    );
    assert.equal(seen.nextDueAt, null);
    // Delivered late afterwards: still one OVERDUE.
    await ok('rail', id, { kind: 'ARRIVE', port: '3901', firmsCode: 'H123' });
    assert.equal((await net.call('rail', 'GET', `/in-bond/${id}`)).body.violations.length, 1);
  });
});

describe('in-bond sweep across a node restart', () => {
  it('an overdue movement is marked once; the node reopened on the same data (store and chain) does not mark it again', async () => {
    const env = {
      CLEARLEDGER_ORG_ROLES: 'BONDED_CARRIER,CUSTOMS',
      CLEARLEDGER_ORG_COUNTRY: 'US',
      CLEARLEDGER_CHAIN_RPC_PORT: 'off',
    };
    const first = await tempNode(env, { ledger: true });
    const did = first.node.operatorOrgId;
    await first.node.store.putAccount({
      id: 'acct_carrier',
      orgId: did,
      username: 'carrier',
      displayName: 'carrier',
      passwordHash: await hashPassword('a long enough password', { ln: 10, r: 8, p: 1 }),
      roles: ['STAFF'],
      disabled: false,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: new Date().toISOString(),
    });
    const signIn = async (app: Awaited<ReturnType<typeof buildApp>>) => {
      const res = await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'carrier', password: 'a long enough password' },
      });
      const headers = { authorization: `Bearer ${res.json().accessToken}` };
      return async (method: 'GET' | 'POST', url: string, payload?: Json) => {
        const r = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
        return { status: r.statusCode, body: r.json() as Json };
      };
    };
    let node = first.node;
    let app = await buildApp({ node, rateLimits: { loginPerMinute: 10_000 } });
    try {
      let call = await signIn(app);
      const carrier = { id: did, name: 'Bench Rail', bondedCarrierId: '95-1234567AB', scac: 'PRBC' };
      const credential = { ...filing('61', '270400077', { carrier }), issuer: did };
      const issued = await call('POST', '/credentials/issue', { credential });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const id = `inbond_${issued.body.hash}`;
      for (const kind of ['AUTHORIZE', 'DEPART'])
        assert.equal((await call('POST', `/in-bond/${id}/events`, { kind })).status, 200, kind);
      assert.equal(await app.sweepOverdueInBond(new Date(Date.now() + 32 * DAY)), 1);

      await app.close();
      await node.close();
      node = await openNode(
        readNodeConfig(env, first.dataDir, { dataDir: first.dataDir }),
        () => new Date().toISOString(),
        { ledger: true },
      );
      app = await buildApp({ node, rateLimits: { loginPerMinute: 10_000 } });
      call = await signIn(app);
      assert.equal(await app.sweepOverdueInBond(new Date(Date.now() + 40 * DAY)), 0, 'not again after the restart');
      const seen = await call('GET', `/in-bond/${id}`);
      assert.equal(seen.status, 200);
      assert.deepEqual(
        seen.body.violations.map((v: Json) => v.code),
        ['OVERDUE'],
      );
      assert.equal(seen.body.chain.state, 'EN_ROUTE', 'the chain kept the movement');
      assert.equal(seen.body.nextDueAt, null);
    } finally {
      await app.close();
      await node.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
