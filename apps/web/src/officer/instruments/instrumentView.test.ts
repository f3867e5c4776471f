import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Carnet, InBondMovement, Permit } from '../../api/instrumentsApi.ts';
import {
  carnetItemTone,
  customsAttention,
  inBondActionsOf,
  instrumentIdOf,
  instrumentKindOf,
  likelyVoucherKind,
  millionths,
  nearExhaustion,
  permitTone,
} from './instrumentView.ts';

const hash = 'ab'.repeat(32);
const permit = (over: Partial<Permit>): Permit =>
  ({
    id: `permit_${hash}`,
    number: '2026-000001',
    state: 'ACTIVE',
    quantity: '500',
    balance: '500',
    unit: 'NO',
    expiresOn: '2027-06-30',
    ...over,
  }) as Permit;
const movement = (over: Partial<InBondMovement>): InBondMovement =>
  ({
    id: 'inbond_1',
    inBondNumber: 'V12345678',
    state: 'EN_ROUTE',
    violations: [],
    deadlines: {
      clockStart: '2026-11-01',
      deliverBy: '2026-12-01',
      arrivalReportDue: null,
      exportBy: null,
      exportReportDue: null,
    },
    ...over,
  }) as InBondMovement;

describe('instrument views', () => {
  it('knows the three stateful records by type and names them as the node does', () => {
    assert.equal(instrumentKindOf(['LpcoCredential']), 'permit');
    assert.equal(instrumentKindOf(['AtaCarnetCredential']), 'carnet');
    assert.equal(instrumentKindOf(['InBondMovementCredential']), 'inBond');
    assert.equal(instrumentKindOf(['CertificationOfOriginCredential']), null);
    assert.equal(instrumentIdOf('permit', `0x${hash.toUpperCase()}`), `permit_${hash}`);
    assert.equal(instrumentIdOf('inBond', hash), `inbond_${hash}`);
    assert.equal(instrumentIdOf('carnet', 'not-a-hash'), null);
  });

  it('keeps green for a VALID record only', () => {
    assert.equal(permitTone('ACTIVE'), 'valid');
    assert.equal(permitTone('ACTIVE', 'INVALID'), 'neutral');
    assert.equal(permitTone('EXHAUSTED', 'VALID'), 'invalid');
    assert.equal(carnetItemTone('AT_HOME', 'INCONCLUSIVE'), 'neutral');
    assert.equal(carnetItemTone('OVERDUE', 'VALID'), 'invalid');
  });

  it('compares quantities as exact decimals: 49.99 of 500 is near exhaustion, 50 is not', () => {
    assert.equal(millionths('0.000001'), 1n);
    assert.equal(millionths('1.5e3'), null);
    assert.equal(nearExhaustion({ balance: '49.99', quantity: '500' }), true);
    assert.equal(nearExhaustion({ balance: '50', quantity: '500' }), false);
  });

  it('proposes the voucher that fits where a carnet’s items are', () => {
    const carnet = (home: string, ...statuses: string[]) =>
      ({ home, items: statuses.map((status, i) => ({ item: i + 1, status })) }) as unknown as Carnet;
    assert.equal(likelyVoucherKind(carnet('US', 'AT_HOME', 'AT_HOME'), 'US'), 'EXPORT');
    assert.equal(likelyVoucherKind(carnet('US', 'ABROAD'), 'US'), 'REIMPORT');
    assert.equal(likelyVoucherKind(carnet('FR', 'AT_HOME'), 'US'), 'IMPORT');
    assert.equal(likelyVoucherKind(carnet('FR', 'IN_COUNTRY', 'ABROAD'), 'US'), 'REEXPORT');
  });

  it('offers the in-bond action that fits the state', () => {
    assert.deepEqual(inBondActionsOf('EN_ROUTE'), ['ARRIVE']);
    assert.deepEqual(inBondActionsOf('DIVERSION_PENDING'), ['APPROVE_DIVERSION']);
    assert.deepEqual(inBondActionsOf('CONCLUDED'), []);
  });

  it('lists what customs should look at: overdue movements and items, permits near exhaustion or expiry', () => {
    const carnet = {
      id: 'carnet_1',
      items: [
        { item: 1, status: 'OVERDUE' },
        { item: 2, status: 'ABROAD' },
      ],
    } as unknown as Carnet;
    const attention = customsAttention(
      {
        permits: [
          permit({ id: 'low', balance: '40' }),
          permit({ id: 'soon', expiresOn: '2026-12-30' }),
          permit({ id: 'late', expiresOn: '2027-01-08' }),
          permit({ id: 'done', state: 'EXHAUSTED', balance: '0' }),
        ],
        carnets: [carnet],
        movements: [
          movement({ id: 'late' }),
          movement({ id: 'onTime', deadlines: { ...movement({}).deadlines, deliverBy: '2026-12-31' } }),
          movement({ id: 'arrived', state: 'ARRIVED' }),
          movement({
            id: 'flagged',
            state: 'ARRIVED',
            violations: [{ code: 'OVERDUE', rule: 'IB-08', due: '2026-12-01', since: '2026-12-02' }],
          }),
        ],
      },
      '2026-12-08',
    );
    assert.deepEqual(
      attention.overdueInBond.map((m) => m.id),
      ['late', 'flagged'],
    );
    assert.deepEqual(
      attention.overdueCarnetItems.map((o) => o.item.item),
      [1],
    );
    assert.deepEqual(
      attention.permitsNearExhaustion.map((p) => p.id),
      ['low'],
    );
    assert.deepEqual(
      attention.permitsNearExpiry.map((p) => p.id),
      ['soon'],
    );
  });
});
