import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { atfForm6, citesPermit } from '../../../../test/fixtures/permits.ts';
import { nextPermitState } from './nextPermitState.ts';
import { fromChainQuantity, toChainQuantity } from './permitQuantity.ts';
import { validatePermit } from './validatePermit.ts';

function problemsOf(change: (s: Record<string, unknown>) => void, base = atfForm6) {
  const subject = structuredClone(base()) as unknown as Record<string, unknown>;
  change(subject);
  const r = validatePermit(subject);
  return r.success ? [] : r.problems.map((p) => `${p.rule} ${p.field}`);
}

describe('validatePermit', () => {
  it('accepts the example permits', () => {
    assert.deepEqual(
      problemsOf(() => {}),
      [],
    );
    assert.deepEqual(
      problemsOf(() => {}, citesPermit),
      [],
    );
  });

  it('finds each problem with its rule and field', () => {
    assert.deepEqual(
      problemsOf((s) => (s.expiresOn = '2024-04-30')),
      ['FORMAT /credentialSubject/expiresOn'],
    );
    assert.deepEqual(
      problemsOf((s) => (s.expiresOn = '2026-05-02')),
      ['TERM /credentialSubject/expiresOn'],
    );
    assert.deepEqual(
      problemsOf((s) => (s.expiresOn = '2025-09-02'), citesPermit),
      ['TERM /credentialSubject/expiresOn'],
    );
    assert.deepEqual(
      problemsOf((s) => (s.singleUse = false), citesPermit),
      ['PM-03 /credentialSubject/singleUse'],
    );
    assert.deepEqual(
      problemsOf((s) => (s.authorizedQuantity = { value: '0', unit: 'NO' })),
      ['PM-02 /credentialSubject/authorizedQuantity/value'],
    );
    assert.deepEqual(
      problemsOf((s) => (s.authorizedQuantity = { value: '1.1234567', unit: 'rifles' })),
      ['PM-02 /credentialSubject/authorizedQuantity/value', 'PM-02 /credentialSubject/authorizedQuantity/unit'],
    );
    assert.deepEqual(
      problemsOf((s) => (s.scope = { hs: ['9303', '93033000'], countries: ['de'], ports: ['712'], products: [] })),
      [
        'PM-08 /credentialSubject/scope/hs/0',
        'PM-08 /credentialSubject/scope/products',
        'PM-08 /credentialSubject/scope/countries/0',
        'PM-08 /credentialSubject/scope/ports/0',
      ],
    );
    assert.deepEqual(
      problemsOf((s) => (s.scope = { hs: [] })),
      ['PM-08 /credentialSubject/scope/hs'],
    );
    assert.deepEqual(
      problemsOf((s) => {
        (s.holder as Record<string, unknown>).id = 'importer.example';
        s.designees = [{ id: 'did:web:agent.example' }];
      }),
      ['PM-07 /credentialSubject/holder/id', 'PM-07 /credentialSubject/designees/0/name'],
    );
    assert.deepEqual(
      problemsOf((s) => (s.lpcoType = 'VISA')),
      ['FORMAT /credentialSubject/lpcoType'],
    );
    assert.equal(validatePermit('permit').success, false);
  });
});

describe('permit quantities on chain', () => {
  it('are millionths, written back canonically', () => {
    assert.equal(toChainQuantity('12.5'), 12_500_000n);
    assert.equal(toChainQuantity('0.000001'), 1n);
    assert.equal(fromChainQuantity(12_500_000n), '12.5');
    assert.equal(fromChainQuantity(0n), '0');
    assert.equal(fromChainQuantity(toChainQuantity('007.100')), '7.1');
    for (const bad of ['', '1e3', '-1', '1.', '.5', '1.1234567', ' 1'])
      assert.throws(() => toChainQuantity(bad), { code: 'CL_INPUT_INVALID' }, bad);
    assert.throws(() => fromChainQuantity(-1n), { code: 'CL_INPUT_INVALID' });
  });

  it('round-trip: every non-negative amount of millionths, and every decimal string', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (n) => toChainQuantity(fromChainQuantity(n)) === n));
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}(\.\d{1,6})?$/), (s) => {
        const canonical = fromChainQuantity(toChainQuantity(s));
        return canonical === fromChainQuantity(toChainQuantity(canonical)) && Number(canonical) === Number(s);
      }),
    );
  });
});

describe('nextPermitState (§6.3)', () => {
  const use = (quantity: bigint, balance: bigint, singleUse = false) =>
    ({ type: 'USE', quantity, balance, singleUse }) as const;
  const stateOf = (r: ReturnType<typeof nextPermitState>) => (r.ok ? r.state : r.code);

  it('issues or denies an application', () => {
    assert.equal(stateOf(nextPermitState('APPLIED', { type: 'ISSUE' })), 'ACTIVE');
    assert.equal(stateOf(nextPermitState('APPLIED', { type: 'DENY' })), 'DENIED');
    assert.equal(stateOf(nextPermitState('DENIED', { type: 'ISSUE' })), 'CL_PERMIT_NOT_USABLE');
    assert.equal(stateOf(nextPermitState('APPLIED', use(1n, 5n))), 'CL_PERMIT_NOT_USABLE');
  });

  it('draws down to PARTIALLY_USED, EXHAUSTED, or CONSUMED for a single-use permit', () => {
    assert.deepEqual(nextPermitState('ACTIVE', use(2n, 5n)), { ok: true, state: 'PARTIALLY_USED', balance: 3n });
    assert.deepEqual(nextPermitState('PARTIALLY_USED', use(3n, 3n)), { ok: true, state: 'EXHAUSTED', balance: 0n });
    assert.deepEqual(nextPermitState('ACTIVE', use(18n, 20n, true)), { ok: true, state: 'CONSUMED', balance: 2n });
    assert.equal(stateOf(nextPermitState('CONSUMED', use(2n, 2n, true))), 'CL_PERMIT_ALREADY_USED');
    assert.equal(stateOf(nextPermitState('EXHAUSTED', use(1n, 0n))), 'CL_PERMIT_INSUFFICIENT_BALANCE');
    assert.equal(stateOf(nextPermitState('ACTIVE', use(6n, 5n))), 'CL_PERMIT_INSUFFICIENT_BALANCE');
    assert.equal(stateOf(nextPermitState('ACTIVE', use(0n, 5n))), 'CL_PERMIT_QUANTITY_INVALID');
  });

  it('PM-06: a reversal gives the quantity back, to ACTIVE when all is back, else PARTIALLY_USED', () => {
    const reverse = (quantity: bigint, balance: bigint) =>
      ({ type: 'REVERSE', quantity, balance, authorized: 500n }) as const;
    assert.deepEqual(nextPermitState('EXHAUSTED', reverse(50n, 0n)), {
      ok: true,
      state: 'PARTIALLY_USED',
      balance: 50n,
    });
    assert.deepEqual(nextPermitState('PARTIALLY_USED', reverse(200n, 300n)), {
      ok: true,
      state: 'ACTIVE',
      balance: 500n,
    });
    assert.deepEqual(nextPermitState('CONSUMED', reverse(500n, 0n)), { ok: true, state: 'ACTIVE', balance: 500n });
    assert.equal(stateOf(nextPermitState('ACTIVE', reverse(1n, 500n))), 'CL_PERMIT_USE_NOT_REVERSIBLE');
    assert.equal(stateOf(nextPermitState('PARTIALLY_USED', reverse(201n, 300n))), 'CL_PERMIT_USE_NOT_REVERSIBLE');
  });

  it('suspends, reinstates to the previous state, revokes, expires and amends', () => {
    assert.equal(stateOf(nextPermitState('PARTIALLY_USED', { type: 'SUSPEND' })), 'SUSPENDED');
    assert.equal(
      stateOf(nextPermitState('SUSPENDED', { type: 'REINSTATE', previous: 'PARTIALLY_USED' })),
      'PARTIALLY_USED',
    );
    assert.equal(
      stateOf(nextPermitState('SUSPENDED', { type: 'REINSTATE', previous: 'EXHAUSTED' })),
      'CL_PERMIT_NOT_USABLE',
    );
    assert.equal(stateOf(nextPermitState('SUSPENDED', { type: 'REVOKE' })), 'REVOKED');
    assert.equal(stateOf(nextPermitState('ACTIVE', { type: 'EXPIRE' })), 'EXPIRED');
    assert.equal(stateOf(nextPermitState('ACTIVE', { type: 'AMEND' })), 'ACTIVE');
    assert.equal(stateOf(nextPermitState('EXPIRED', { type: 'SUSPEND' })), 'CL_PERMIT_NOT_USABLE');
    assert.equal(
      stateOf(nextPermitState('REVOKED', { type: 'REINSTATE', previous: 'ACTIVE' })),
      'CL_PERMIT_NOT_USABLE',
    );
  });
});
