import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type InBondMovementFacts, nextInBondState } from './nextInBondState.ts';
import type { InBondEvent, InBondState } from './types.ts';

const NOW = '2025-07-03T18:00:00Z';
const AT = '2025-07-03T15:00:00Z';
const carrier = { id: 'did:web:pacific-rail.example', roles: ['BONDED_CARRIER'] };
const other = { id: 'did:web:other-carrier.example', roles: ['BONDED_CARRIER'] };
const customs = { id: 'did:web:cbp.example', roles: ['CUSTOMS'] };

const facts = (change: Partial<InBondMovementFacts> = {}): InBondMovementFacts => ({
  state: 'EN_ROUTE',
  entryType: '61',
  destinationPort: '3901',
  manifestQuantity: '200',
  arrivedQuantity: '0',
  exportedQuantity: '0',
  liableCarrier: carrier.id,
  ...change,
});

type EventBody = InBondEvent extends infer E ? (E extends InBondEvent ? Omit<E, 'by' | 'at'> : never) : never;
const event = (body: EventBody, by = carrier, at = AT) => ({ ...body, by, at }) as InBondEvent;
const arrive = (change: Partial<Extract<InBondEvent, { kind: 'ARRIVE' }>> = {}) =>
  event({ kind: 'ARRIVE', scope: 'ENTIRE', port: '3901', firmsCode: 'H123', ...change } as EventBody);

function refused(from: InBondMovementFacts, e: InBondEvent, now = NOW) {
  const result = nextInBondState(from, e, now);
  assert.ok(!result.ok, `expected ${e.kind} to be refused`);
  return [result.code, result.rule];
}

function accepted(from: InBondMovementFacts, e: InBondEvent, now = NOW) {
  const result = nextInBondState(from, e, now);
  assert.ok(result.ok, !result.ok ? result.message : '');
  return result.facts;
}

describe('nextInBondState', () => {
  it('follows the life of an IT: authorise (customs), depart, arrive, conclude', () => {
    let f = accepted(facts({ state: 'ON_FILE' }), event({ kind: 'AUTHORIZE' }, customs));
    assert.equal(f.state, 'AUTHORIZED');
    f = accepted(f, event({ kind: 'DEPART' }));
    assert.equal(f.state, 'EN_ROUTE');
    f = accepted(f, arrive());
    assert.deepEqual([f.state, f.arrivedQuantity], ['ARRIVED', '200']);
    f = accepted(f, event({ kind: 'CONCLUDE' }, customs));
    assert.equal(f.state, 'CONCLUDED');
  });

  it('IB-05 an arrival is at the current destination and names a FIRMS code', () => {
    assert.deepEqual(refused(facts(), arrive({ port: '3801' })), ['CL_INBOND_WRONG_PORT', 'IB-05']);
    assert.deepEqual(
      refused(
        facts(),
        (({ firmsCode: _, ...rest }) => rest as InBondEvent)(arrive() as Extract<InBondEvent, { kind: 'ARRIVE' }>),
      ),
      ['CL_INBOND_WRONG_PORT', 'IB-05'],
    );
    assert.deepEqual(refused(facts(), arrive({ firmsCode: 'h1' })), ['CL_INBOND_WRONG_PORT', 'IB-05']);
  });

  it('IB-06 events only in the states of §5.2: export before arrival for 63 only, diversion en route only, one conclusion', () => {
    const notAllowed = ['CL_INBOND_EVENT_NOT_ALLOWED', 'IB-06'];
    const exportAll = event({ kind: 'EXPORT', scope: 'ENTIRE' });
    assert.deepEqual(refused(facts({ entryType: '62' }), exportAll), notAllowed);
    assert.deepEqual(refused(facts({ entryType: '61', state: 'ARRIVED' }), exportAll), notAllowed);
    assert.equal(accepted(facts({ entryType: '63', state: 'AUTHORIZED' }), exportAll).state, 'EXPORTED');
    assert.equal(
      accepted(facts({ entryType: '62', state: 'ARRIVED', arrivedQuantity: '200' }), exportAll).state,
      'EXPORTED',
    );
    assert.deepEqual(refused(facts({ entryType: '63' }), arrive()), notAllowed);
    assert.deepEqual(refused(facts({ state: 'AUTHORIZED' }), arrive()), notAllowed);
    for (const state of ['AUTHORIZED', 'ARRIVED_PARTIAL', 'DIVERSION_PENDING'] as InBondState[])
      assert.deepEqual(refused(facts({ state }), event({ kind: 'DIVERSION_REQUEST', newPort: '3801' })), notAllowed);
    assert.deepEqual(refused(facts({ state: 'CONCLUDED' }), event({ kind: 'CONCLUDE' })), notAllowed);
    assert.deepEqual(refused(facts({ entryType: '62', state: 'ARRIVED' }), event({ kind: 'CONCLUDE' })), notAllowed);
    assert.deepEqual(refused(facts(), event({ kind: 'DELETE' })), notAllowed);
    assert.equal(accepted(facts({ state: 'AUTHORIZED' }), event({ kind: 'DELETE' })).state, 'DELETED');
    assert.deepEqual(
      refused(facts({ state: 'EXPORTED', entryType: '62' }), event({ kind: 'GENERAL_ORDER' }, customs)),
      notAllowed,
    );
    assert.deepEqual(refused(facts({ state: 'ARRIVED' }), event({ kind: 'GENERAL_ORDER' }, customs)), notAllowed);
    assert.deepEqual(refused(facts({ state: 'EN_ROUTE' }), event({ kind: 'AUTHORIZE' }, customs)), notAllowed);
    assert.deepEqual(refused(facts(), event({ kind: 'DIVERSION_DECISION', approved: true }, customs)), notAllowed);
  });

  it('IB-07 an event is not dated after its report', () => {
    assert.deepEqual(refused(facts(), arrive(), '2025-07-03T14:59:59Z'), ['CL_INBOND_FUTURE_EVENT', 'IB-07']);
    assert.deepEqual(
      refused(facts({ state: 'AUTHORIZED' }), event({ kind: 'DEPART' }, carrier, '2025-07-04T00:00:00Z')),
      ['CL_INBOND_FUTURE_EVENT', 'IB-07'],
    );
    assert.equal(accepted(facts(), arrive(), AT).state, 'ARRIVED');
  });

  it('IB-10 arrivals and exports add up to at most the manifest quantity', () => {
    assert.deepEqual(refused(facts(), arrive({ scope: 'BILL', ref: 'B1', quantity: '200.000001' })), [
      'CL_INBOND_QUANTITY_EXCEEDED',
      'IB-10',
    ]);
    const partly = facts({ state: 'ARRIVED_PARTIAL', arrivedQuantity: '120', arrivedRefs: ['BILL:B1'] });
    assert.deepEqual(refused(partly, arrive({ scope: 'BILL', ref: 'B2', quantity: '81' })), [
      'CL_INBOND_QUANTITY_EXCEEDED',
      'IB-10',
    ]);
    const te = facts({ entryType: '62', state: 'EXPORTED_PARTIAL', arrivedQuantity: '200', exportedQuantity: '150' });
    assert.deepEqual(refused(te, event({ kind: 'EXPORT', scope: 'CONTAINER', ref: 'C2', quantity: '60' })), [
      'CL_INBOND_QUANTITY_EXCEEDED',
      'IB-10',
    ]);
  });

  it('IB-11 liability moves en route, only to a bonded carrier with a valid bonded carrier ID', () => {
    const to = { id: other.id, roles: ['BONDED_CARRIER'], bondedCarrierId: '123-45-6789' };
    const f = accepted(facts(), event({ kind: 'TRANSFER', toCarrier: to }));
    assert.equal(f.liableCarrier, other.id);
    assert.equal(f.state, 'EN_ROUTE');
    // The former carrier no longer reports; the new one does.
    assert.deepEqual(refused(f, arrive()), ['CL_INBOND_NOT_CARRIER', 'ACTOR']);
    assert.equal(accepted(f, { ...arrive(), by: other }).state, 'ARRIVED');
    const notBonded = ['CL_INBOND_CARRIER_NOT_BONDED', 'IB-11'];
    assert.deepEqual(
      refused(facts(), event({ kind: 'TRANSFER', toCarrier: { ...to, roles: ['IMPORTER'] } })),
      notBonded,
    );
    assert.deepEqual(
      refused(facts(), event({ kind: 'TRANSFER', toCarrier: { ...to, bondedCarrierId: '12345' } })),
      notBonded,
    );
    assert.deepEqual(refused(facts({ state: 'ARRIVED' }), event({ kind: 'TRANSFER', toCarrier: to })), [
      'CL_INBOND_EVENT_NOT_ALLOWED',
      'IB-06',
    ]);
  });

  it('IB-T5 no arrival at the requested port before customs approves; approved, the destination changes', () => {
    const pending = accepted(facts(), event({ kind: 'DIVERSION_REQUEST', newPort: '3801' }));
    assert.deepEqual([pending.state, pending.diversionPort], ['DIVERSION_PENDING', '3801']);
    const early = arrive({ port: '3801' });
    assert.deepEqual(refused(pending, early), ['CL_INBOND_DIVERSION_NOT_APPROVED', 'IB-T5']);
    // Denied: still en route to Chicago; Detroit is still not approved.
    const denied = accepted(pending, event({ kind: 'DIVERSION_DECISION', approved: false }, customs));
    assert.deepEqual([denied.state, denied.destinationPort], ['EN_ROUTE', '3901']);
    assert.deepEqual(refused(denied, early), ['CL_INBOND_DIVERSION_NOT_APPROVED', 'IB-T5']);
    const approved = accepted(pending, event({ kind: 'DIVERSION_DECISION', approved: true }, customs));
    assert.deepEqual(
      [approved.state, approved.destinationPort, approved.diversionPort],
      ['EN_ROUTE', '3801', undefined],
    );
    assert.equal(accepted(approved, early).state, 'ARRIVED');
    assert.deepEqual(refused(approved, arrive()), ['CL_INBOND_WRONG_PORT', 'IB-05']);
    assert.deepEqual(refused(facts(), event({ kind: 'DIVERSION_REQUEST', newPort: '3901' })), [
      'CL_INBOND_EVENT_NOT_ALLOWED',
      'IB-T5',
    ]);
  });

  it('only the liable carrier reports carrier events; customs authorises, decides diversions, orders general order, may conclude', () => {
    const notCarrier = ['CL_INBOND_NOT_CARRIER', 'ACTOR'];
    assert.deepEqual(refused(facts({ state: 'AUTHORIZED' }), event({ kind: 'DEPART' }, other)), notCarrier);
    assert.deepEqual(refused(facts({ state: 'AUTHORIZED' }), event({ kind: 'DEPART' }, customs)), notCarrier);
    assert.deepEqual(refused(facts({ state: 'ON_FILE' }), event({ kind: 'AUTHORIZE' })), notCarrier);
    assert.deepEqual(
      refused(facts({ state: 'DIVERSION_PENDING' }), event({ kind: 'DIVERSION_DECISION', approved: true })),
      notCarrier,
    );
    assert.deepEqual(refused(facts({ state: 'ARRIVED' }), event({ kind: 'CONCLUDE' }, other)), notCarrier);
    assert.equal(accepted(facts({ state: 'ARRIVED' }), event({ kind: 'CONCLUDE' })).state, 'CONCLUDED');
    assert.deepEqual(
      refused(facts({ entryType: '62', state: 'ARRIVED' }), event({ kind: 'GENERAL_ORDER' })),
      notCarrier,
    );
  });

  it('arrives by bill, then by the other bill: ARRIVED_PARTIAL, then ARRIVED; a bill arrives once', () => {
    const first = accepted(facts(), arrive({ scope: 'BILL', ref: 'MAEU250600001', quantity: '120' }));
    assert.deepEqual(
      [first.state, first.arrivedQuantity, first.arrivedRefs],
      ['ARRIVED_PARTIAL', '120', ['BILL:MAEU250600001']],
    );
    assert.deepEqual(refused(first, arrive({ scope: 'BILL', ref: 'MAEU250600001', quantity: '80' })), [
      'CL_INBOND_EVENT_NOT_ALLOWED',
      'IB-06',
    ]);
    assert.deepEqual(refused(first, arrive()), ['CL_INBOND_EVENT_NOT_ALLOWED', 'IB-06']);
    assert.deepEqual(refused(first, arrive({ scope: 'BILL', ref: 'MAEU250600002' })), ['CL_INPUT_INVALID', 'IB-10']);
    const all = accepted(first, arrive({ scope: 'BILL', ref: 'MAEU250600002', quantity: '80' }));
    assert.deepEqual([all.state, all.arrivedQuantity], ['ARRIVED', '200']);
    assert.deepEqual(refused(all, arrive({ scope: 'BILL', ref: 'X', quantity: '1' })), [
      'CL_INBOND_EVENT_NOT_ALLOWED',
      'IB-06',
    ]);
  });

  it('exports an IE by container from en route: EXPORTED_PARTIAL, then EXPORTED, then concluded once', () => {
    const ie = facts({ entryType: '63', destinationPort: '2704', manifestQuantity: '2.5' });
    const one = accepted(
      ie,
      event({ kind: 'EXPORT', scope: 'CONTAINER', ref: 'MSKU1234565', quantity: '1.25', port: '2704' }),
    );
    assert.deepEqual([one.state, one.exportedQuantity], ['EXPORTED_PARTIAL', '1.25']);
    assert.deepEqual(
      refused(one, event({ kind: 'EXPORT', scope: 'CONTAINER', ref: 'MSKU7654321', quantity: '1.25', port: '2709' })),
      ['CL_INBOND_WRONG_PORT', 'IB-05'],
    );
    assert.deepEqual(refused(one, event({ kind: 'CONCLUDE' }, customs)), ['CL_INBOND_EVENT_NOT_ALLOWED', 'IB-06']);
    const two = accepted(one, event({ kind: 'EXPORT', scope: 'CONTAINER', ref: 'MSKU7654321', quantity: '1.25' }));
    assert.deepEqual(
      [two.state, two.exportedQuantity, two.exportedRefs],
      ['EXPORTED', '2.5', ['CONTAINER:MSKU1234565', 'CONTAINER:MSKU7654321']],
    );
    const done = accepted(two, event({ kind: 'CONCLUDE' }, customs));
    assert.deepEqual(refused(done, event({ kind: 'CONCLUDE' })), ['CL_INBOND_EVENT_NOT_ALLOWED', 'IB-06']);
  });

  it('a T&E exports by bill what has arrived; general order while goods wait', () => {
    const te = facts({
      entryType: '62',
      destinationPort: '2304',
      manifestQuantity: '40',
      state: 'ARRIVED',
      arrivedQuantity: '40',
    });
    const part = accepted(te, event({ kind: 'EXPORT', scope: 'BILL', ref: 'COSU1', quantity: '10' }));
    assert.equal(part.state, 'EXPORTED_PARTIAL');
    // Partly arrived: only what has arrived leaves.
    const partly = facts({ entryType: '62', state: 'ARRIVED_PARTIAL', arrivedQuantity: '10' });
    assert.equal(
      accepted(partly, event({ kind: 'EXPORT', scope: 'BILL', ref: 'B1', quantity: '10' })).state,
      'EXPORTED_PARTIAL',
    );
    assert.deepEqual(refused(partly, event({ kind: 'EXPORT', scope: 'BILL', ref: 'B1', quantity: '11' })), [
      'CL_INBOND_QUANTITY_EXCEEDED',
      'IB-10',
    ]);
    assert.equal(
      accepted(
        facts({ entryType: '62', state: 'ARRIVED_PARTIAL', arrivedQuantity: '10' }),
        event({ kind: 'GENERAL_ORDER' }, customs),
      ).state,
      'GENERAL_ORDER',
    );
  });

  it('a T&E partly exported keeps receiving portions (still EXPORTED_PARTIAL) and may go to general order', () => {
    const exporting = facts({
      entryType: '62',
      destinationPort: '2304',
      manifestQuantity: '40',
      state: 'EXPORTED_PARTIAL',
      arrivedQuantity: '10',
      exportedQuantity: '10',
      arrivedRefs: ['BILL:B1'],
      exportedRefs: ['BILL:B1'],
    });
    const more = accepted(exporting, arrive({ port: '2304', scope: 'BILL', ref: 'B2', quantity: '30' }) as InBondEvent);
    assert.deepEqual(
      [more.state, more.arrivedQuantity, more.arrivedRefs],
      ['EXPORTED_PARTIAL', '40', ['BILL:B1', 'BILL:B2']],
    );
    assert.deepEqual(refused(exporting, arrive({ port: '2709', scope: 'BILL', ref: 'B2', quantity: '30' })), [
      'CL_INBOND_WRONG_PORT',
      'IB-05',
    ]);
    const rest = accepted(more, event({ kind: 'EXPORT', scope: 'BILL', ref: 'B2', quantity: '30' }));
    assert.deepEqual([rest.state, rest.exportedQuantity], ['EXPORTED', '40']);
    assert.equal(accepted(exporting, event({ kind: 'GENERAL_ORDER' }, customs)).state, 'GENERAL_ORDER');
    // An IE (63) partly exported receives no arrivals; an IT never exports.
    assert.deepEqual(refused({ ...exporting, entryType: '63' }, arrive({ port: '2304' })), [
      'CL_INBOND_EVENT_NOT_ALLOWED',
      'IB-06',
    ]);
    assert.deepEqual(refused({ ...exporting, entryType: '63' }, event({ kind: 'GENERAL_ORDER' }, customs)), [
      'CL_INBOND_EVENT_NOT_ALLOWED',
      'IB-06',
    ]);
  });
});
