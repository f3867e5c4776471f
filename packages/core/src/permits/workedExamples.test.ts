// The worked examples of the domain specification (§6.4), one test each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atfForm6, citesPermit, IMPORTER } from '../../../../test/fixtures/permits.ts';
import { type CheckPermitUseResult, checkPermitUse, type PermitFacts, type PermitUse } from './checkPermitUse.ts';
import { checkPriorNotice } from './checkPriorNotice.ts';
import type { Lpco } from './types.ts';
import { validatePermit } from './validatePermit.ts';

type Ledger = { facts: PermitFacts; permit: Lpco };

function ledgerOf(permit: Lpco): Ledger {
  return {
    permit,
    facts: {
      state: 'ACTIVE',
      balance: permit.authorizedQuantity.value,
      singleUse: permit.singleUse,
      expiresOn: permit.expiresOn,
      uses: [],
    },
  };
}

/** Checks a use and, when accepted, applies it to the ledger facts as the contract would. */
function draw(
  ledger: Ledger,
  entryNumber: string,
  quantity: string,
  today: string,
  hts = '9303300040',
): CheckPermitUseResult {
  const unit = ledger.permit.authorizedQuantity.unit;
  const result = checkPermitUse({
    permit: ledger.permit,
    facts: ledger.facts,
    use: {
      entryNumber,
      line: 1,
      quantity,
      unit,
      port: '2704',
      hts,
      country: ledger.permit.scope.countries![0]!,
      drawer: IMPORTER,
    },
    today,
  });
  if (result.ok && !result.replay) {
    const use: PermitUse = { entryNumber, line: 1, quantity, port: '2704' };
    ledger.facts = {
      ...ledger.facts,
      state: result.nextState,
      balance: result.balanceAfter,
      uses: [...ledger.facts.uses, use],
    };
  }
  return result;
}

describe('permits: worked examples', () => {
  it('E-PM-1 ATF Form 6: 500 rifles, 200 → 300, 250 → 50, 100 refused (balance 50), 50 → EXHAUSTED; a use after expiry is EXPIRED', () => {
    assert.ok(validatePermit(atfForm6()).success);
    const ledger = ledgerOf(atfForm6());
    assert.deepEqual(draw(ledger, 'ABC-0000001-1', '200', '2024-06-10'), {
      ok: true,
      replay: false,
      nextState: 'PARTIALLY_USED',
      balanceAfter: '300',
    });
    assert.deepEqual(draw(ledger, 'ABC-0000002-9', '250', '2025-01-15'), {
      ok: true,
      replay: false,
      nextState: 'PARTIALLY_USED',
      balanceAfter: '50',
    });
    const refused = draw(ledger, 'ABC-0000003-7', '100', '2025-08-01');
    assert.ok(!refused.ok);
    assert.equal(refused.code, 'CL_PERMIT_INSUFFICIENT_BALANCE');
    assert.equal(refused.rule, 'PM-02');
    assert.deepEqual(refused.details, { balance: '50' });
    assert.equal(ledger.facts.balance, '50');
    assert.deepEqual(draw(ledger, 'ABC-0000004-5', '50', '2025-08-02'), {
      ok: true,
      replay: false,
      nextState: 'EXHAUSTED',
      balanceAfter: '0',
    });

    // Any use dated 2026-05-02, the day after expiry, is refused as EXPIRED (the expiry date itself is fine).
    const fresh = ledgerOf(atfForm6());
    const late = draw(fresh, 'ABC-0000005-2', '10', '2026-05-02');
    assert.ok(!late.ok);
    assert.equal(late.code, 'CL_PERMIT_EXPIRED');
    assert.equal(late.rule, 'PM-01');
    assert.ok(draw(fresh, 'ABC-0000006-0', '10', '2026-05-01').ok);
  });

  it('E-PM-2 concurrency: two uses of 50 against a balance of 50, applied in sequence → the second is INSUFFICIENT_BALANCE', () => {
    const ledger = ledgerOf(atfForm6());
    ledger.facts = { ...ledger.facts, state: 'PARTIALLY_USED', balance: '50' };
    const before = ledger.facts;
    // Both ports checked against the same balance: both pass core's check …
    const at2304 = checkPermitUse({
      permit: ledger.permit,
      facts: before,
      use: {
        entryNumber: 'E1',
        line: 1,
        quantity: '50',
        unit: 'NO',
        port: '2304',
        hts: '930330',
        country: 'DE',
        drawer: IMPORTER,
      },
      today: '2025-09-01',
    });
    assert.ok(at2304.ok);
    // … the ledger applies one first; the other, retried against the new facts, is refused.
    assert.ok(draw(ledger, 'E1', '50', '2025-09-01').ok);
    const retried = draw(ledger, 'E2', '50', '2025-09-01');
    assert.ok(!retried.ok);
    assert.equal(retried.code, 'CL_PERMIT_INSUFFICIENT_BALANCE');
    assert.deepEqual(retried.details, { balance: '0' });
  });

  it('E-PM-3 CITES: 20 skins, 18 endorsed → CONSUMED; 2 more on the same permit → ALREADY_USED', () => {
    const permit = citesPermit();
    assert.ok(validatePermit(permit).success);
    const ledger = ledgerOf(permit);
    const first = draw(ledger, 'CIT-1', '18', '2025-04-01', '410390');
    assert.deepEqual(first, { ok: true, replay: false, nextState: 'CONSUMED', balanceAfter: '2' });
    const second = draw(ledger, 'CIT-2', '2', '2025-04-10', '410390');
    assert.ok(!second.ok);
    assert.equal(second.code, 'CL_PERMIT_ALREADY_USED');
    assert.equal(second.rule, 'PM-03');
  });

  it('E-PM-4 FDA prior notice: truck ETA 14:00 confirmed 12:30 is late; confirmed 35 days before via ABI is too early', () => {
    const late = checkPriorNotice({
      arrival: '2025-05-10T14:00:00-05:00',
      confirmedAt: '2025-05-10T12:30:00-05:00',
      mode: 'ROAD',
      system: 'ABI_ACE',
    });
    assert.ok(!late.ok);
    assert.equal(late.code, 'CL_PRIOR_NOTICE_TOO_LATE');
    assert.equal(late.leadMinutes, 90);
    const early = checkPriorNotice({
      arrival: '2025-05-10T14:00:00-05:00',
      confirmedAt: '2025-04-05T14:00:00-05:00',
      mode: 'ROAD',
      system: 'ABI_ACE',
    });
    assert.ok(!early.ok);
    assert.equal(early.code, 'CL_PRIOR_NOTICE_TOO_EARLY');
  });
});
