import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ataCarnet } from '../../../../test/fixtures/ataCarnet.ts';
import { claimDeadline } from './calendar.ts';
import { checkVoucher } from './checkVoucher.ts';
import { checkCarnetClaim, isDischarged, maxClaimAmount, overdueItems } from './claims.ts';
import type { CarnetItemStates, CarnetVoucher } from './types.ts';
import { voucherColour } from './types.ts';
import { validateCarnet } from './validateCarnet.ts';

test('§4.8 carnet worked example: deposit 40 %, export LA, import and re-export DE, re-import US; item 3 overdue and claimed within a year, capped at 110 %', () => {
  const carnet = ataCarnet();
  // Issued 2025-03-01, valid until 2026-02-28 (one year, inclusive); GL US$50,000 → deposit US$20,000.
  assert.deepEqual(validateCarnet(carnet), { success: true, data: carnet });
  const short = validateCarnet({ ...carnet, securityDeposit: { type: 'BOND', amount: '19999.99', currency: 'USD' } });
  assert.equal(short.success, false);
  assert.match(!short.success ? short.problems[0]!.message : '', /20000/);

  const step = (itemStates: CarnetItemStates, voucher: CarnetVoucher, country = voucher.country) => {
    const result = checkVoucher({ carnet, itemStates, voucher, endorsingCustoms: { country } });
    assert.equal(result.ok, true, JSON.stringify(result));
    return result.ok ? result.nextItemStates : {};
  };
  const all = [{ item: 1 }, { item: 2 }, { item: 3 }];
  // Export from Los Angeles (2704), yellow, not detached.
  const exportVoucher: CarnetVoucher = {
    kind: 'EXPORT',
    items: all,
    country: 'US',
    office: '2704',
    date: '2025-03-10',
    detached: false,
  };
  assert.equal(voucherColour(exportVoucher.kind), 'YELLOW');
  const exported = step({}, exportVoucher);
  assert.deepEqual(exported[1], { state: 'ABROAD', lastDate: '2025-03-10' });
  // Import DE 2025-03-11, German customs set re-export by 2025-06-30.
  const imported = step(exported, {
    kind: 'IMPORT',
    items: all,
    country: 'DE',
    office: 'DE-FRA',
    date: '2025-03-11',
    deadline: '2025-06-30',
  });
  assert.deepEqual(imported[3], { state: 'IN_COUNTRY', country: 'DE', deadline: '2025-06-30', lastDate: '2025-03-11' });
  // Re-export 2025-06-20 → discharged in DE; re-import US 2025-06-21 → AT_HOME.
  const reexported = step(imported, {
    kind: 'REEXPORT',
    items: all,
    country: 'DE',
    office: 'DE-FRA',
    date: '2025-06-20',
  });
  assert.equal(isDischarged(reexported), false);
  const home = step(reexported, {
    kind: 'REIMPORT',
    items: all,
    country: 'US',
    office: '2704',
    date: '2025-06-21',
    detached: false,
  });
  for (const item of [1, 2, 3]) assert.equal(home[item]!.state, 'AT_HOME');
  assert.equal(isDischarged(home), true);

  // Variant: item 3 never re-exported → OVERDUE after 2025-06-30.
  const partly = step(imported, {
    kind: 'REEXPORT',
    items: [{ item: 1 }, { item: 2 }],
    country: 'DE',
    office: 'DE-FRA',
    date: '2025-06-20',
  });
  assert.deepEqual(overdueItems(partly, '2025-06-30'), []);
  assert.deepEqual(overdueItems(partly, '2025-07-01'), [3]);
  // DE may claim until 2027-02-28; duties and taxes €11,500 → at most €12,650.
  assert.equal(claimDeadline(carnet.validUntil), '2027-02-28');
  assert.equal(maxClaimAmount('11500.00'), '12650.00');
  const claim = {
    carnet,
    itemState: partly[3]!,
    country: 'DE',
    dutiesAndTaxes: '11500.00',
    currency: 'EUR',
  };
  assert.deepEqual(checkCarnetClaim({ ...claim, claimDate: '2027-02-28', amount: '12650.00' }), {
    ok: true,
    maxAmount: '12650.00',
    deadline: '2027-02-28',
  });
  const over = checkCarnetClaim({ ...claim, claimDate: '2027-02-28', amount: '12650.01' });
  assert.equal(over.ok ? null : over.code, 'CL_CARNET_CLAIM_EXCEEDS_CAP');
  const late = checkCarnetClaim({ ...claim, claimDate: '2027-03-01', amount: '12650.00' });
  assert.equal(late.ok ? null : late.code, 'CL_CARNET_CLAIM_LATE');
});
