// The worked examples of the domain specification (§5.4), one test each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inBondMovement } from '../../../../test/fixtures/inBondMovement.ts';
import { inBondDeadlines, inBondViolations } from './inBondDeadlines.ts';
import { type InBondMovementFacts, initialInBondFacts, nextInBondState } from './nextInBondState.ts';
import type { InBondEvent, InBondMovement } from './types.ts';
import { validateInBond } from './validateInBond.ts';

const customs = { id: 'did:web:cbp.example', roles: ['CUSTOMS'] };

function filing(entryType: '61' | '62'): InBondMovement {
  const result = validateInBond(inBondMovement({ entryType }).credentialSubject);
  assert.ok(result.success, JSON.stringify(!result.success && result.problems));
  return result.data;
}

/** Runs events through the state machine (each reported at its own time), failing on a refusal. */
function run(movement: InBondMovement, events: InBondEvent[]): InBondMovementFacts {
  let facts = initialInBondFacts(movement, movement.carrier.id);
  for (const event of events) {
    const next = nextInBondState(facts, event, event.reportedAt ?? event.at);
    assert.ok(next.ok, `${event.kind}: ${!next.ok && next.message}`);
    facts = next.facts;
  }
  return facts;
}

describe('in-bond movement: worked examples', () => {
  const it61 = filing('61');
  const carrier = { id: it61.carrier.id, roles: ['BONDED_CARRIER'] };
  const start: InBondEvent[] = [
    { kind: 'AUTHORIZE', by: customs, at: '2025-06-03T16:00:00Z' },
    { kind: 'DEPART', by: carrier, at: '2025-06-03T22:00:00Z' },
  ];
  const arrival = (at: string, reportedAt?: string): InBondEvent => ({
    kind: 'ARRIVE',
    by: carrier,
    scope: 'ENTIRE',
    port: '3901',
    firmsCode: 'H123',
    at,
    ...(reportedAt ? { reportedAt } : {}),
  });

  it('E-IB-1 IT 61 2704 → 3901: deliver by 2025-07-03; arrival Thu 07-03 on time, report due Tue 07-08 (4 July); arrival 07-07 OVERDUE', () => {
    const events = [...start, arrival('2025-07-03T15:00:00Z', '2025-07-07T14:00:00Z')];
    assert.equal(run(it61, events).state, 'ARRIVED');
    assert.deepEqual(inBondDeadlines(it61, events), {
      clockStart: '2025-06-03',
      deliverBy: '2025-07-03',
      arrivalReportDue: '2025-07-08',
      exportBy: null,
      exportReportDue: null,
    });
    assert.deepEqual(inBondViolations(it61, events, '2025-07-09T12:00:00Z'), []);
    // Reported on Wednesday 07-09: a day late.
    assert.deepEqual(
      inBondViolations(
        it61,
        [...start, arrival('2025-07-03T15:00:00Z', '2025-07-09T14:00:00Z')],
        '2025-07-09T15:00:00Z',
      ),
      [{ code: 'LATE_REPORT', rule: 'IB-07', due: '2025-07-08', since: '2025-07-09', event: 2 }],
    );
    const late = [...start, arrival('2025-07-07T15:00:00Z')];
    assert.equal(run(it61, late).state, 'ARRIVED');
    assert.deepEqual(inBondViolations(it61, late, '2025-07-07T16:00:00Z'), [
      { code: 'OVERDUE', rule: 'IB-08', due: '2025-07-03', since: '2025-07-04' },
    ]);
  });

  it('E-IB-2 T&E 62 2709 → 2304: arrival Wed 09-10 (report by Fri 09-12), export by 09-25, export 09-24 (report by Fri 09-26); not exported → GENERAL_ORDER on 09-26', () => {
    const te = filing('62');
    const by = { id: te.carrier.id, roles: ['BONDED_CARRIER'] };
    const arrived: InBondEvent[] = [
      { kind: 'AUTHORIZE', by: customs, at: '2025-09-02T17:00:00Z' },
      { kind: 'DEPART', by, at: '2025-09-02T19:00:00Z' },
      { kind: 'ARRIVE', by, scope: 'ENTIRE', port: '2304', firmsCode: 'L456', at: '2025-09-10T17:00:00Z' },
    ];
    assert.equal(run(te, arrived).state, 'ARRIVED');
    const d = inBondDeadlines(te, arrived);
    assert.equal(d.arrivalReportDue, '2025-09-12');
    assert.equal(d.exportBy, '2025-09-25');
    assert.equal(d.exportReportDue, null);

    const exported: InBondEvent[] = [
      ...arrived,
      { kind: 'EXPORT', by, scope: 'ENTIRE', port: '2304', at: '2025-09-24T18:00:00Z' },
    ];
    assert.equal(run(te, exported).state, 'EXPORTED');
    assert.equal(inBondDeadlines(te, exported).exportReportDue, '2025-09-26');
    assert.deepEqual(inBondViolations(te, exported, '2025-09-26T20:00:00Z'), []);

    // Not exported: nothing is due on 09-25 (Laredo's date), general order is due from 09-26.
    assert.deepEqual(inBondViolations(te, arrived, '2025-09-26T04:30:00Z'), []);
    assert.deepEqual(inBondViolations(te, arrived, '2025-09-26T15:00:00Z'), [
      { code: 'GENERAL_ORDER_DUE', rule: 'IB-09', due: '2025-09-25', since: '2025-09-26' },
    ]);
    const ordered = run(te, [...arrived, { kind: 'GENERAL_ORDER', by: customs, at: '2025-09-26T16:00:00Z' }]);
    assert.equal(ordered.state, 'GENERAL_ORDER');
  });

  it('E-IB-3 diversion requested while ARRIVED: rejected (IB-06)', () => {
    const facts = run(it61, [...start, arrival('2025-07-03T15:00:00Z')]);
    const result = nextInBondState(
      facts,
      { kind: 'DIVERSION_REQUEST', by: carrier, newPort: '3801', at: '2025-07-03T16:00:00Z' },
      '2025-07-03T16:00:00Z',
    );
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'CL_INBOND_EVENT_NOT_ALLOWED');
    assert.equal(!result.ok && result.rule, 'IB-06');
  });
});
