import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ataCarnet } from '../../../../test/fixtures/ataCarnet.ts';
import { familyOfType } from '../families/familyRegistry.ts';
import { defaultIssuancePolicy } from '../verify/issuancePolicy.ts';
import { claimDeadline, latestValidUntil } from './calendar.ts';
import { carnetDomainChecks } from './carnetDomainChecks.ts';
import { carnetKeyFacts } from './carnetFacts.ts';
import { type CheckVoucherParameters, checkVoucher } from './checkVoucher.ts';
import { checkCarnetClaim, checkProofOfReexport, isDischarged, itemStatusOn, maxClaimAmount } from './claims.ts';
import { carnetFamily } from './family.ts';
import { nextItemState } from './nextItemState.ts';
import { type CarnetItemState, type CarnetVoucher, voucherColour } from './types.ts';
import { validateCarnet } from './validateCarnet.ts';

const rulesOf = (subject: unknown) => {
  const result = validateCarnet(subject);
  return result.success ? [] : result.problems.map((p) => `${p.rule} ${p.field}`);
};

const ABROAD: CarnetItemState = { state: 'ABROAD', lastDate: '2025-03-10' };
const IN_DE: CarnetItemState = { state: 'IN_COUNTRY', country: 'DE', deadline: '2025-06-30', lastDate: '2025-03-11' };

function voucher(overrides: Partial<CarnetVoucher> = {}): CarnetVoucher {
  return { kind: 'IMPORT', items: [{ item: 1 }], country: 'DE', office: 'DE-FRA', date: '2025-03-11', ...overrides };
}

function check(
  overrides: Omit<Partial<CheckVoucherParameters>, 'voucher'> & { voucher?: Partial<CarnetVoucher> } = {},
) {
  const v = voucher(overrides.voucher);
  return checkVoucher({
    carnet: ataCarnet(),
    itemStates: { 1: ABROAD },
    endorsingCustoms: { country: v.country },
    ...overrides,
    voucher: v,
  });
}

const codeOf = (result: { ok: boolean; code?: string; rule?: string }) =>
  result.ok ? 'OK' : `${result.code} ${result.rule}`;

describe('validateCarnet', () => {
  it('CA-01: valid until at most the day before the same date a year later (inclusive as printed)', () => {
    assert.equal(latestValidUntil('2025-03-01'), '2026-02-28');
    assert.equal(latestValidUntil('2024-02-29'), '2025-02-28');
    assert.deepEqual(rulesOf({ ...ataCarnet(), validUntil: '2026-02-28' }), []);
    assert.deepEqual(rulesOf({ ...ataCarnet(), validUntil: '2026-03-01' }), ['CA-01 /validUntil']);
    assert.deepEqual(rulesOf({ ...ataCarnet(), validUntil: '2025-02-28' }), ['CA-01 /validUntil']);
  });

  it('General List: items numbered 1..n once, pieces ≥ 1, values as decimal strings', () => {
    const gl = ataCarnet().generalList;
    assert.deepEqual(
      rulesOf({
        ...ataCarnet(),
        generalList: [
          { ...gl[0]!, item: 1 },
          { ...gl[1]!, item: 1, pieces: 0 },
          { ...gl[2]!, item: 4, value: 5000.5 },
        ],
      }),
      [
        'GENERAL_LIST /generalList/1/item',
        'GENERAL_LIST /generalList/1/pieces',
        'GENERAL_LIST /generalList/2/item',
        'GENERAL_LIST /generalList/2/value',
      ],
    );
    assert.deepEqual(rulesOf({ ...ataCarnet(), generalList: [] }), ['GENERAL_LIST /generalList']);
  });

  it('CA-05: countries are contracting parties accepting the intended use; unknown or home country refused', () => {
    assert.deepEqual(rulesOf({ ...ataCarnet(), countries: ['DE', 'XK', 'US', 'DE'] }), [
      'CA-05 /countries/1',
      'CA-05 /countries/2',
      'CA-05 /countries/3',
    ]);
    assert.deepEqual(rulesOf({ ...ataCarnet(), countries: [] }), ['CA-05 /countries']);
    // The U.S. does not accept carnets for exhibitions and fairs (19 CFR 114.22).
    const german = {
      ...ataCarnet(),
      issuingAssociation: { name: 'DIHK', country: 'DE' },
      carnetNumber: 'DE-0001',
      intendedUse: 'EXHIBITIONS_FAIRS',
    };
    assert.deepEqual(rulesOf({ ...german, countries: ['US', 'FR'] }), ['CA-05 /countries/0']);
    assert.deepEqual(rulesOf({ ...german, countries: ['FR'] }), []);
  });

  it('security: a U.S. carnet is secured by at least 40 % of the General List value, in its currency', () => {
    const deposit = (amount: string, currency = 'USD') => ({
      ...ataCarnet(),
      securityDeposit: { type: 'CASH', amount, currency },
    });
    assert.deepEqual(rulesOf(deposit('20000')), []);
    assert.deepEqual(rulesOf(deposit('19999.99')), ['SECURITY /securityDeposit/amount']);
    assert.deepEqual(rulesOf(deposit('20000', 'EUR')), ['SECURITY /securityDeposit/currency']);
    // Not checked for an issuing country without a configured rate.
    assert.deepEqual(
      rulesOf({ ...deposit('1'), issuingAssociation: { name: 'DIHK', country: 'DE' }, countries: ['FR'] }),
      [],
    );
  });

  it('refuses a malformed subject field by field without throwing', () => {
    assert.deepEqual(rulesOf(null), ['FORMAT ']);
    const problems = rulesOf({ ...ataCarnet(), holder: { name: 'X' }, intendedUse: 'TOURISM', carnetNumber: '' });
    assert.deepEqual(problems, [
      'FORMAT /carnetNumber',
      'FORMAT /holder/id',
      'FORMAT /holder/address',
      'FORMAT /holder/country',
      'FORMAT /intendedUse',
    ]);
  });
});

describe('checkVoucher', () => {
  it('colours follow the kind', () => {
    assert.deepEqual((['EXPORT', 'IMPORT', 'REEXPORT', 'REIMPORT', 'TRANSIT'] as const).map(voucherColour), [
      'YELLOW',
      'WHITE',
      'WHITE',
      'YELLOW',
      'BLUE',
    ]);
  });

  it('CA-02: items not on the General List, named twice, or with more pieces are refused', () => {
    assert.equal(codeOf(check({ voucher: { items: [{ item: 4 }] } })), 'CL_CARNET_ITEM_UNKNOWN CA-02');
    assert.equal(codeOf(check({ voucher: { items: [{ item: 1 }, { item: 1 }] } })), 'CL_CARNET_ITEM_UNKNOWN CA-02');
    assert.equal(codeOf(check({ voucher: { items: [{ item: 2, pieces: 5 }] } })), 'CL_CARNET_ITEM_UNKNOWN CA-02');
    assert.equal(codeOf(check({ voucher: { items: [] } })), 'CL_CARNET_ITEM_UNKNOWN CA-02');
    assert.equal(codeOf(check({ itemStates: { 2: ABROAD }, voucher: { items: [{ item: 2, pieces: 4 }] } })), 'OK');
  });

  it('CA-03: a voucher after validUntil is refused; dates per item never go back', () => {
    assert.equal(codeOf(check({ voucher: { date: '2026-02-28' } })), 'OK');
    assert.equal(codeOf(check({ voucher: { date: '2026-03-01' } })), 'CL_CARNET_EXPIRED CA-03');
    assert.equal(codeOf(check({ voucher: { date: '2025-03-09' } })), 'CL_CARNET_DATE_ORDER CA-03');
    assert.equal(codeOf(check({ voucher: { date: '2025-02-28' } })), 'CL_CARNET_DATE_ORDER CA-03');
    assert.equal(
      codeOf(check({ voucher: { date: '2025-03-11', deadline: '2025-03-10' } })),
      'CL_CARNET_DATE_ORDER CA-03',
    );
  });

  it('CA-04: re-export by min(validUntil, the date customs set); the import keeps that deadline', () => {
    const reexport = (date: string, state = IN_DE) =>
      check({ itemStates: { 1: state }, voucher: { kind: 'REEXPORT', date } });
    assert.equal(codeOf(reexport('2025-06-30')), 'OK');
    assert.equal(codeOf(reexport('2025-07-01')), 'CL_CARNET_REEXPORT_LATE CA-04');
    const late = check({ voucher: { deadline: '2026-12-31' } });
    assert.equal(late.ok && late.nextItemStates[1]!.deadline, '2026-02-28');
    const none = check();
    assert.equal(none.ok && none.nextItemStates[1]!.deadline, '2026-02-28');
  });

  it('CA-05: white vouchers in listed countries accepting the use; yellow ones in the home country', () => {
    assert.equal(codeOf(check({ voucher: { country: 'GB' } })), 'CL_CARNET_COUNTRY_NOT_COVERED CA-05');
    assert.equal(
      codeOf(check({ itemStates: { 1: { state: 'AT_HOME' } }, voucher: { kind: 'EXPORT', country: 'DE' } })),
      'CL_CARNET_COUNTRY_NOT_COVERED CA-05',
    );
    assert.equal(
      codeOf(check({ voucher: { kind: 'REIMPORT', country: 'FR', date: '2025-06-21' } })),
      'CL_CARNET_COUNTRY_NOT_COVERED CA-05',
    );
    // A country that no longer accepts the use (a table passed as data).
    assert.equal(
      codeOf(check({ countries: { DE: ['COMMERCIAL_SAMPLES'], FR: ['PROFESSIONAL_EQUIPMENT'] } })),
      'CL_CARNET_COUNTRY_NOT_COVERED CA-05',
    );
  });

  it('CA-06: yellow vouchers of a U.S.-issued carnet are not detached', () => {
    const exportVoucher = { kind: 'EXPORT' as const, country: 'US', office: '2704', date: '2025-03-10' };
    const atHome = { 1: { state: 'AT_HOME' as const } };
    assert.equal(
      codeOf(check({ itemStates: atHome, voucher: { ...exportVoucher, detached: true } })),
      'CL_CARNET_VOUCHER_DETACHED CA-06',
    );
    assert.equal(codeOf(check({ itemStates: atHome, voucher: { ...exportVoucher, detached: false } })), 'OK');
    // White vouchers are detached and kept by customs.
    assert.equal(codeOf(check({ voucher: { detached: true } })), 'OK');
  });

  it('CA-09: a U.S. importation needs goods entitled to TIB and not by mail', () => {
    const german = {
      ...ataCarnet(),
      carnetNumber: 'DE-0001',
      issuingAssociation: { name: 'DIHK', country: 'DE' },
      countries: ['US', 'FR'],
    };
    const us = { voucher: { country: 'US', office: '2704' }, carnet: german };
    assert.equal(codeOf(check(us)), 'CL_CARNET_NOT_ENTITLED CA-09');
    assert.equal(codeOf(check({ ...us, entitledToTib: true, mailImportation: true })), 'CL_CARNET_NOT_ENTITLED CA-09');
    assert.equal(codeOf(check({ ...us, entitledToTib: true })), 'OK');
  });

  it('customs endorse only in their own country', () => {
    assert.equal(codeOf(check({ endorsingCustoms: { country: 'FR' } })), 'CL_CARNET_OFFICE_NOT_OWN OFFICE');
  });

  it('refuses every transition the contract refuses (CL_CARNET_ITEM_STATE)', () => {
    const refused: [CarnetItemState, CarnetVoucher['kind'], string][] = [
      [IN_DE, 'IMPORT', 'FR'], // second importation without re-exportation
      [IN_DE, 'IMPORT', 'DE'],
      [{ state: 'AT_HOME' }, 'IMPORT', 'DE'],
      [ABROAD, 'EXPORT', 'US'],
      [IN_DE, 'EXPORT', 'US'],
      [ABROAD, 'REEXPORT', 'DE'],
      [IN_DE, 'REEXPORT', 'FR'], // re-exported from another country
      [{ state: 'AT_HOME' }, 'REIMPORT', 'US'],
      [IN_DE, 'REIMPORT', 'US'],
      [{ state: 'AT_HOME' }, 'TRANSIT', 'FR'],
      [IN_DE, 'TRANSIT', 'FR'],
      [{ state: 'CLAIMED', country: 'DE' }, 'REEXPORT', 'DE'],
    ];
    for (const [state, kind, country] of refused) {
      assert.equal(nextItemState(state, { kind, country, date: '2025-04-01' }), null, `${state.state} ${kind}`);
      const result = check({ itemStates: { 1: state }, voucher: { kind, country, date: '2025-04-01' } });
      assert.equal(codeOf(result), 'CL_CARNET_ITEM_STATE ITEM_STATE', `${state.state} ${kind} ${country}`);
    }
  });

  it('allowed transitions follow the contract table', () => {
    const d = '2025-04-01';
    assert.deepEqual(nextItemState({ state: 'AT_HOME' }, { kind: 'EXPORT', country: 'US', date: d }), {
      state: 'ABROAD',
      lastDate: d,
    });
    assert.deepEqual(nextItemState(ABROAD, { kind: 'TRANSIT', country: 'FR', date: d }), {
      state: 'ABROAD',
      lastDate: d,
    });
    assert.deepEqual(nextItemState(ABROAD, { kind: 'IMPORT', country: 'FR', date: d, deadline: '2025-05-01' }), {
      state: 'IN_COUNTRY',
      country: 'FR',
      deadline: '2025-05-01',
      lastDate: d,
    });
    assert.deepEqual(nextItemState(IN_DE, { kind: 'REEXPORT', country: 'DE', date: d }), {
      state: 'ABROAD',
      lastDate: d,
    });
    assert.deepEqual(nextItemState(ABROAD, { kind: 'REIMPORT', country: 'US', date: d }), {
      state: 'AT_HOME',
      lastDate: d,
    });
    // Items the voucher does not name keep their state.
    const result = check({ itemStates: { 1: ABROAD, 2: IN_DE } });
    assert.deepEqual(result.ok && result.nextItemStates[2], IN_DE);
    assert.deepEqual(result.ok && result.nextItemStates[3], { state: 'AT_HOME' });
  });
});

describe('claims and proofs', () => {
  const claim = {
    carnet: ataCarnet(),
    itemState: IN_DE,
    claimDate: '2025-07-01',
    amount: '100',
    dutiesAndTaxes: '100',
    currency: 'EUR',
  };

  it('CA-07: claims until a year after validUntil and at most duties + 10 %, exactly', () => {
    assert.equal(claimDeadline('2026-02-28'), '2027-02-28');
    assert.equal(maxClaimAmount('11500.00'), '12650.00');
    assert.equal(maxClaimAmount('11500'), '12650');
    assert.equal(maxClaimAmount('0.01'), '0.011');
    assert.equal(maxClaimAmount('333.33'), '366.663');
    assert.equal(codeOf(checkCarnetClaim({ ...claim, amount: '110' })), 'OK');
    assert.equal(codeOf(checkCarnetClaim({ ...claim, amount: '110.000001' })), 'CL_CARNET_CLAIM_EXCEEDS_CAP CA-07');
    assert.equal(codeOf(checkCarnetClaim({ ...claim, claimDate: '2027-03-01' })), 'CL_CARNET_CLAIM_LATE CA-07');
  });

  it('CA-07: only an item still in the claiming country past its deadline can be claimed', () => {
    assert.equal(codeOf(checkCarnetClaim({ ...claim, claimDate: '2025-06-30' })), 'CL_CARNET_ITEM_STATE CA-07');
    assert.equal(codeOf(checkCarnetClaim({ ...claim, itemState: ABROAD })), 'CL_CARNET_ITEM_STATE CA-07');
    assert.equal(codeOf(checkCarnetClaim({ ...claim, country: 'FR' })), 'CL_CARNET_ITEM_STATE CA-07');
    assert.equal(itemStatusOn(IN_DE, '2025-06-30'), 'IN_COUNTRY');
    assert.equal(itemStatusOn(IN_DE, '2025-07-01'), 'OVERDUE');
  });

  it('CA-08: proof of re-export dated after the importation and by validUntil', () => {
    const proof = (proofDate: string) =>
      codeOf(checkProofOfReexport({ importDate: '2025-03-11', proofDate, validUntil: '2026-02-28' }));
    assert.equal(proof('2025-06-20'), 'OK');
    assert.equal(proof('2026-02-28'), 'OK');
    assert.equal(proof('2025-03-11'), 'CL_CARNET_PROOF_INVALID CA-08');
    assert.equal(proof('2026-03-01'), 'CL_CARNET_PROOF_INVALID CA-08');
  });

  it('discharged only once used and every item is home', () => {
    assert.equal(isDischarged({}), false);
    assert.equal(isDischarged({ 1: { state: 'AT_HOME' } }), false);
    assert.equal(isDischarged({ 1: { state: 'AT_HOME', lastDate: '2025-06-21' }, 2: ABROAD }), false);
  });
});

describe('carnet family', () => {
  it('owns AtaCarnetCredential, issued by CARNET_ISSUER', () => {
    assert.equal(familyOfType('AtaCarnetCredential'), carnetFamily);
    assert.deepEqual(defaultIssuancePolicy.AtaCarnetCredential, ['CARNET_ISSUER']);
  });

  it('verification: the subject validates, or INVALID with every problem pointing into the credential', async () => {
    const check = carnetDomainChecks.AtaCarnetCredential;
    const now = '2025-04-01T00:00:00Z';
    assert.equal((await check({ credentialSubject: ataCarnet() }, now))?.status, 'VALID');
    const bad = await check({ credentialSubject: { ...ataCarnet(), validUntil: '2026-03-01' } }, now);
    assert.equal(bad?.status, 'INVALID');
    assert.equal(bad?.code, 'CL_CARNET_INVALID');
    const problems = (bad?.details?.problems ?? []) as { field: string }[];
    assert.equal(problems[0]?.field, '/credentialSubject/validUntil');
    assert.equal((await check({ credentialSubject: [ataCarnet()] }, now))?.status, 'INVALID');
  });

  it('key facts: number, holder, representative, use, countries, period, security and the General List', () => {
    const { facts, tables } = carnetKeyFacts({ credentialSubject: ataCarnet() });
    assert.deepEqual(
      facts.map((f) => f.label),
      [
        'carnetNumber',
        'carnetHolder',
        'carnetRepresentative',
        'carnetUse',
        'carnetCountries',
        'carnetPeriod',
        'carnetSecurity',
      ],
    );
    assert.deepEqual(facts[3]!.value, { kind: 'term', term: 'PROFESSIONAL_EQUIPMENT' });
    assert.deepEqual(facts[4]!.value, { kind: 'text', text: 'DE, FR' });
    assert.deepEqual(facts[5]!.value, { kind: 'period', from: '2025-03-01', to: '2026-02-28' });
    assert.deepEqual(facts[6]!.value, { kind: 'text', text: 'BOND 20000.00 USD' });
    assert.equal(tables[0]!.label, 'carnetGeneralList');
    assert.deepEqual(tables[0]!.rows[0], {
      line: 1,
      cells: ['Camera body XYZ s/n 123', '1', '30000.00 USD', 'JP'],
      rest: { weightKg: '1.2' },
    });
    const hostile = carnetKeyFacts({ credentialSubject: 'x' });
    assert.ok(hostile.facts.every((f) => f.value === null));
    assert.deepEqual(hostile.tables, []);
  });
});
