import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inBondMovement } from '../../../../test/fixtures/inBondMovement.ts';
import { inBondDeadlines, inBondViolations } from './inBondDeadlines.ts';
import type { InBondEvent, InBondMovement } from './types.ts';

const customs = { id: 'did:web:cbp.example', roles: ['CUSTOMS'] };
const carrier = { id: 'did:web:pacific-rail.example', roles: ['BONDED_CARRIER'] };
const it61 = inBondMovement().credentialSubject as InBondMovement;
const te62 = inBondMovement({ entryType: '62' }).credentialSubject as InBondMovement;
const authorize = (at: string): InBondEvent => ({ kind: 'AUTHORIZE', by: customs, at });
const arrive = (at: string, extra: Partial<Extract<InBondEvent, { kind: 'ARRIVE' }>> = {}): InBondEvent => ({
  kind: 'ARRIVE',
  by: carrier,
  scope: 'ENTIRE',
  port: '3901',
  firmsCode: 'H123',
  at,
  ...extra,
});

describe('inBondDeadlines', () => {
  it('IB-T1 the clock starts at the later of vessel arrival and authorisation, on the origin port’s date', () => {
    assert.equal(inBondDeadlines(it61, []).clockStart, null);
    assert.equal(inBondDeadlines(it61, []).deliverBy, null);
    assert.equal(
      inBondDeadlines({ ...it61, vesselArrival: '2025-06-05' }, [authorize('2025-06-03T16:00:00Z')]).clockStart,
      '2025-06-05',
    );
    // 02:00 UTC on 4 June is still 3 June in Los Angeles.
    assert.equal(inBondDeadlines(it61, [authorize('2025-06-04T02:00:00Z')]).clockStart, '2025-06-03');
    assert.equal(inBondDeadlines(it61, [authorize('2025-06-04T08:00:00Z')]).deliverBy, '2025-07-04');
  });

  it('IB-T1 60 days by barge, plus exam holds and extensions', () => {
    const barge = { ...it61, conveyance: { mode: 'BARGE' as const } };
    assert.equal(inBondDeadlines(barge, [authorize('2025-06-03T16:00:00Z')]).deliverBy, '2025-08-02');
    assert.equal(
      inBondDeadlines(it61, [authorize('2025-06-03T16:00:00Z')], { examHoldDays: 3, extensionDays: 2 }).deliverBy,
      '2025-07-08',
    );
  });

  it('IB-T2 / IB-T4 two business days at the port, weekends, federal and local holidays skipped', () => {
    const events = [authorize('2025-06-03T16:00:00Z'), arrive('2025-06-27T15:00:00Z')];
    assert.equal(inBondDeadlines(it61, events).arrivalReportDue, '2025-07-01');
    assert.equal(inBondDeadlines(it61, events, { holidays: ['2025-07-01'] }).arrivalReportDue, '2025-07-02');
    // 03:00 UTC on Saturday 28 June is Friday evening in Chicago.
    assert.equal(inBondDeadlines(it61, [arrive('2025-06-28T03:00:00Z')]).arrivalReportDue, '2025-07-01');
  });

  it('IB-T3 a T&E partly arrived has no export date until its last portion arrives', () => {
    const by = { id: te62.carrier.id, roles: ['BONDED_CARRIER'] };
    const part = (at: string, ref: string): InBondEvent => ({
      kind: 'ARRIVE',
      by,
      scope: 'CONTAINER',
      ref,
      quantity: '20',
      port: '2304',
      firmsCode: 'L456',
      at,
    });
    const first = [authorize('2025-09-02T17:00:00Z'), part('2025-09-08T17:00:00Z', 'C1')];
    assert.equal(inBondDeadlines(te62, first).exportBy, null);
    // Partly arrived is not delivered: overdue once the deliver-by date (2025-10-02) has passed at Laredo.
    assert.deepEqual(inBondViolations(te62, first, '2025-10-01T12:00:00Z'), []);
    assert.deepEqual(inBondViolations(te62, first, '2025-10-03T12:00:00Z'), [
      { code: 'OVERDUE', rule: 'IB-08', due: '2025-10-02', since: '2025-10-03' },
    ]);
    const both = [...first, part('2025-09-10T17:00:00Z', 'C2')];
    assert.equal(inBondDeadlines(te62, both).exportBy, '2025-09-25');
  });
});

describe('inBondViolations', () => {
  const start = [authorize('2025-06-03T16:00:00Z')];

  it('IB-08 not delivered when the deliver-by date has passed at the destination: OVERDUE until it arrives', () => {
    assert.deepEqual(inBondViolations(it61, start, '2025-07-04T04:00:00Z'), []);
    assert.deepEqual(inBondViolations(it61, start, '2025-07-04T06:00:00Z'), [
      { code: 'OVERDUE', rule: 'IB-08', due: '2025-07-03', since: '2025-07-04' },
    ]);
    assert.deepEqual(inBondViolations(it61, [...start, arrive('2025-07-02T15:00:00Z')], '2025-08-01T00:00:00Z'), []);
    assert.deepEqual(
      inBondViolations(
        it61,
        [...start, { kind: 'DELETE', by: carrier, at: '2025-06-03T18:00:00Z' }],
        '2025-08-01T00:00:00Z',
      ),
      [],
    );
  });

  it('IB-08 an IE is delivered when exported', () => {
    const ie = { ...te62, entryType: '63' as const, destinationPort: '2709' };
    const by = { id: te62.carrier.id, roles: ['BONDED_CARRIER'] };
    const events: InBondEvent[] = [
      authorize('2025-09-02T17:00:00Z'),
      { kind: 'EXPORT', by, scope: 'ENTIRE', at: '2025-10-03T17:00:00Z' },
    ];
    assert.deepEqual(inBondViolations(ie, events, '2025-10-03T18:00:00Z'), [
      { code: 'OVERDUE', rule: 'IB-08', due: '2025-10-02', since: '2025-10-03' },
    ]);
  });

  it('IB-07 an export reported after two business days is a LATE_REPORT', () => {
    const by = { id: te62.carrier.id, roles: ['BONDED_CARRIER'] };
    const events: InBondEvent[] = [
      authorize('2025-09-02T17:00:00Z'),
      { kind: 'ARRIVE', by, scope: 'ENTIRE', port: '2304', firmsCode: 'L456', at: '2025-09-10T17:00:00Z' },
      { kind: 'EXPORT', by, scope: 'ENTIRE', at: '2025-09-24T18:00:00Z', reportedAt: '2025-09-29T14:00:00Z' },
    ];
    assert.deepEqual(inBondViolations(te62, events, '2025-09-29T15:00:00Z'), [
      { code: 'LATE_REPORT', rule: 'IB-07', due: '2025-09-26', since: '2025-09-27', event: 2 },
    ]);
  });

  it('IB-09 a T&E exported after its export-by date: GENERAL_ORDER_DUE from the day after', () => {
    const by = { id: te62.carrier.id, roles: ['BONDED_CARRIER'] };
    const events: InBondEvent[] = [
      authorize('2025-09-02T17:00:00Z'),
      { kind: 'ARRIVE', by, scope: 'ENTIRE', port: '2304', firmsCode: 'L456', at: '2025-09-10T17:00:00Z' },
      { kind: 'EXPORT', by, scope: 'ENTIRE', at: '2025-09-26T18:00:00Z' },
    ];
    assert.deepEqual(inBondViolations(te62, events, '2025-09-26T19:00:00Z'), [
      { code: 'GENERAL_ORDER_DUE', rule: 'IB-09', due: '2025-09-25', since: '2025-09-26' },
    ]);
  });
});
