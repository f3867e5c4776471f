import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hs2022Headings } from '../hs/hs2022.generated.ts';
import { compareDecimals, decimal, formatUnits, unitsAtScale } from './decimal.ts';
import { type EvaluateOriginResult, evaluateOrigin, type OriginEvaluation } from './evaluateOrigin.ts';
import { type CompiledRuleSet, compileRuleSet } from './ruleSet.ts';
import { caftaDrRules } from './rules/caftaDrRules.ts';
import { usmcaRules } from './rules/usmcaRules.ts';
import type { EvaluateOriginInput, MaterialEvidence, OriginMaterial, RuleSet, TariffShiftLevel } from './types.ts';

const usmca = compileRuleSet(usmcaRules);
const cafta = compileRuleSet(caftaDrRules);
const HASH = 'ab'.repeat(32);
const certified: MaterialEvidence = { kind: 'SUPPLIER_CERTIFICATION', credentialHash: HASH, verified: true };

function evaluate(rules: CompiledRuleSet | RuleSet, input: EvaluateOriginInput): OriginEvaluation {
  const result = evaluateOrigin(rules, input);
  assert.ok(result.success, `unexpected problems: ${JSON.stringify(result.success ? [] : result.problems)}`);
  return result.data;
}

function problems(result: EvaluateOriginResult) {
  assert.equal(result.success, false, 'expected problems');
  return result.success ? [] : result.problems;
}

function material(id: string, hs6: string, value: string, extra: Partial<OriginMaterial> = {}): OriginMaterial {
  return { id, hs6, value, originating: false, ...extra };
}

function originating(id: string, hs6: string, value: string): OriginMaterial {
  return { id, hs6, value, originating: true, evidence: certified };
}

describe('worked examples (domain.md §3.6)', () => {
  describe('E-RO-1 tariff shift (CAFTA-DR example rule): biscuits of heading 19.05 from any other chapter', () => {
    const good = { hs6: '190590', description: 'Biscuits made in Guatemala', adjustedValue: '100' };
    const sugar = originating('sugar', '170199', '12');

    it('E-RO-1 non-originating flour of chapter 11 changes chapter → PASS', () => {
      const r = evaluate(cafta, {
        good,
        materials: [material('flour', '110100', '30'), sugar],
        importDate: '2024-03-01',
      });
      assert.equal(r.result, 'PASS');
      assert.equal(r.rule.ref, 'CAFTA-DR-4.1-19.05');
      assert.equal(r.passedBy, 0);
      assert.deepEqual(r.alternatives[0]!.tariffShift?.failing, []);
      assert.equal(r.alternatives[0]!.tariffShift?.deMinimis, undefined);
    });

    it('E-RO-1 non-originating mixes of heading 19.01 (chapter 19) above 10 % of AV → FAIL', () => {
      const r = evaluate(cafta, {
        good,
        materials: [material('flour', '110100', '30'), material('mix', '190120', '15'), sugar],
        importDate: '2024-03-01',
      });
      assert.equal(r.result, 'FAIL');
      const shift = r.alternatives[0]!.tariffShift!;
      assert.deepEqual(
        shift.failing.map((f) => [f.materialId, f.hs6, f.value]),
        [['mix', '190120', '15']],
      );
      assert.match(shift.failing[0]!.reason, /chapter 19 does not change chapter/);
      assert.deepEqual(shift.deMinimis, {
        basis: 'VALUE',
        failingValue: '15',
        base: '100',
        pct: '15.00',
        limitPct: '10',
        within: false,
      });
    });

    it('E-RO-1 the same mixes at 10 % of AV are within de minimis → PASS', () => {
      const r = evaluate(cafta, {
        good,
        materials: [material('flour', '110100', '30'), material('mix', '190120', '10'), sugar],
        importDate: '2024-03-01',
      });
      assert.equal(r.result, 'PASS');
      assert.equal(r.alternatives[0]!.tariffShift?.deMinimis?.pct, '10.00');
      assert.equal(r.alternatives[0]!.tariffShift?.deMinimis?.within, true);
    });
  });

  describe('E-RO-2 USMCA transaction value and net cost', () => {
    // Wooden furniture 9403.60: (A) change of heading, or (B) change of subheading + RVC 60 % TV / 50 % NC.
    const input = (partsValue: string): EvaluateOriginInput => ({
      good: { hs6: '940360', description: 'Wooden bedroom furniture', transactionValue: '10000', netCost: '8000' },
      materials: [material('parts', '940391', partsValue), originating('lumber', '440711', '2000')],
      importDate: '2024-03-01',
    });

    it('E-RO-2 TV 10,000, NC 8,000, VNM 3,500 → RVC_TV 65.00 % ≥ 60, RVC_NC 56.25 % ≥ 50 → PASS', () => {
      const r = evaluate(usmca, input('3500'));
      assert.equal(r.result, 'PASS');
      assert.equal(r.passedBy, 1);
      assert.equal(r.alternatives[0]!.result, 'FAIL', 'the parts of the same heading fail the change of heading');
      assert.deepEqual(r.alternatives[1]!.rvc, {
        pass: true,
        methods: [
          {
            method: 'TV',
            pass: true,
            pct: '65.00',
            exact: { numerator: '6500', denominator: '10000' },
            thresholdPct: '60',
          },
          {
            method: 'NC',
            pass: true,
            pct: '56.25',
            exact: { numerator: '4500', denominator: '8000' },
            thresholdPct: '50',
          },
        ],
      });
      assert.equal(r.totals.vnm, '3500');
      assert.equal(r.originCriterion, 'B');
    });

    it('E-RO-2 VNM 4,200 → RVC_TV 58.00 % ✗, RVC_NC 47.50 % ✗ → FAIL', () => {
      const r = evaluate(usmca, input('4200'));
      assert.equal(r.result, 'FAIL');
      assert.equal(r.passedBy, undefined);
      const methods = r.alternatives[1]!.rvc!.methods;
      assert.deepEqual(
        methods.map((m) => [m.method, m.pct, m.pass]),
        [
          ['TV', '58.00', false],
          ['NC', '47.50', false],
        ],
      );
      assert.ok(r.alternatives[1]!.reasons.some((s) => s.includes('58.00 % < 60 %')));
      assert.equal(r.criterion, undefined);
    });
  });

  describe('E-RO-3 automotive thresholds by date of importation (RO-05)', () => {
    const input = (importDate: string): EvaluateOriginInput => ({
      good: { hs6: '870323', description: 'Passenger vehicle', netCost: '20000' },
      materials: [
        material('engine', '840734', '3000'),
        material('harness', '854430', '2500'),
        originating('body', '870829', '8000'),
      ],
      importDate,
    });

    it('E-RO-3 RVC_NC 72.50 % imported 2022-03-01 (threshold 69 %) → PASS', () => {
      const r = evaluate(usmca, input('2022-03-01'));
      assert.equal(r.rule.ref, 'USMCA-4B-App-8703');
      assert.equal(r.result, 'PASS');
      assert.deepEqual(r.alternatives[0]!.rvc?.methods, [
        {
          method: 'NC',
          pass: true,
          pct: '72.50',
          exact: { numerator: '14500', denominator: '20000' },
          thresholdPct: '69',
        },
      ]);
    });

    it('E-RO-3 the same vehicle imported 2024-03-01 (threshold 75 %) → FAIL', () => {
      const r = evaluate(usmca, input('2024-03-01'));
      assert.equal(r.result, 'FAIL');
      assert.equal(r.alternatives[0]!.rvc?.methods[0]?.thresholdPct, '75');
      assert.equal(r.alternatives[0]!.rvc?.methods[0]?.pct, '72.50');
    });

    it('RO-05 thresholds change on 1 July: 72 % on 2023-06-30, 75 % on 2023-07-01', () => {
      assert.equal(evaluate(usmca, input('2023-06-30')).alternatives[0]!.rvc?.methods[0]?.thresholdPct, '72');
      assert.equal(evaluate(usmca, input('2023-06-30')).result, 'PASS');
      assert.equal(evaluate(usmca, input('2023-07-01')).alternatives[0]!.rvc?.methods[0]?.thresholdPct, '75');
    });

    it('RO-05 a core part has its own dated threshold per method (NC 69 / TV 79 in 2021-2022)', () => {
      const r = evaluate(usmca, {
        good: { hs6: '870840', description: 'Transmission', netCost: '1000', transactionValue: '1200' },
        materials: [material('gears', '848340', '260')],
        importDate: '2022-01-15',
      });
      assert.deepEqual(
        r.alternatives[0]!.rvc?.methods.map((m) => [m.method, m.pct, m.thresholdPct, m.pass]),
        [
          ['NC', '74.00', '69', true],
          ['TV', '78.33', '79', false],
        ],
      );
      assert.equal(r.result, 'PASS');
    });
  });

  it('E-RO-4 CAFTA-DR method choice: AV 100, VNM 50, VOM 30 → build-down 50 % ✔, build-up 30 % ✗ → PASS via build-down', () => {
    const r = evaluate(cafta, {
      good: { hs6: '870840', description: 'Gear box', adjustedValue: '100' },
      materials: [material('housing', '870899', '50'), originating('bolts', '731815', '30')],
      importDate: '2024-03-01',
    });
    assert.equal(r.rule.ref, 'CAFTA-DR-4.1-8708');
    assert.equal(r.result, 'PASS');
    assert.equal(r.passedBy, 1);
    assert.equal(r.alternatives[0]!.result, 'FAIL');
    assert.deepEqual(r.alternatives[1]!.rvc?.methods, [
      {
        method: 'BUILD_UP',
        pass: false,
        pct: '30.00',
        exact: { numerator: '30', denominator: '100' },
        thresholdPct: '35',
      },
      {
        method: 'BUILD_DOWN',
        pass: true,
        pct: '50.00',
        exact: { numerator: '50', denominator: '100' },
        thresholdPct: '45',
      },
    ]);
    assert.equal(r.criterion, 'PRODUCT_SPECIFIC_RULE');
    assert.equal(r.originCriterion, undefined, 'CAFTA-DR has no criterion letters');
  });

  describe('E-RO-5 USMCA de minimis by value', () => {
    const input = (mixValue: string): EvaluateOriginInput => ({
      good: { hs6: '190590', description: 'Biscuits', transactionValue: '1000' },
      materials: [material('flour', '110100', '200'), material('mix', '190120', mixValue)],
      importDate: '2024-03-01',
    });

    it('E-RO-5 a non-shifting material worth 80 of TV 1,000 is 8.00 % ≤ 10 % → shift satisfied, still in VNM', () => {
      const r = evaluate(usmca, input('80'));
      assert.equal(r.result, 'PASS');
      const dm = r.alternatives[0]!.tariffShift?.deMinimis;
      assert.equal(dm?.pct, '8.00');
      assert.equal(dm?.within, true);
      assert.equal(r.totals.vnm, '280', 'the de minimis material stays in VNM (RO-03)');
    });

    it('E-RO-5 the same material worth 120 is 12.00 % → FAIL', () => {
      const r = evaluate(usmca, input('120'));
      assert.equal(r.result, 'FAIL');
      assert.equal(r.alternatives[0]!.tariffShift?.deMinimis?.pct, '12.00');
      assert.equal(r.alternatives[0]!.tariffShift?.deMinimis?.within, false);
    });

    it('NAFTA (legacy) applies 7 %: the 8.00 % material fails there', () => {
      const nafta = compileRuleSet({
        ...usmcaRules,
        agreement: 'NAFTA',
        inForce: { from: '1994-01-01', to: '2020-06-30' },
      });
      const r = evaluate(nafta, { ...input('80'), importDate: '2019-03-01' });
      assert.equal(r.result, 'FAIL');
      assert.equal(r.alternatives[0]!.tariffShift?.deMinimis?.limitPct, '7');
    });
  });

  describe('E-RO-6 textile de minimis by weight of the classifying component (USMCA)', () => {
    const input = (yarnGrams: string): EvaluateOriginInput => ({
      good: { hs6: '610910', description: 'Cotton T-shirt', isTextile: true, weightGrams: '500' },
      materials: [
        material('yarn', '520512', '0.90', { weightGrams: yarnGrams }),
        { ...originating('fabric', '600622', '4.10'), weightGrams: '455' },
        material('buttons', '960621', '0.15', { weightGrams: '3' }),
      ],
      importDate: '2024-03-01',
    });

    it('E-RO-6 non-shifting fibres of 45 g in a 500 g component = 9.00 % ≤ 10 % → PASS', () => {
      const r = evaluate(usmca, input('45'));
      assert.equal(r.rule.ref, 'USMCA-4B-61.09');
      assert.equal(r.result, 'PASS');
      const shift = r.alternatives[0]!.tariffShift!;
      assert.deepEqual(
        shift.failing.map((f) => f.materialId),
        ['yarn'],
        'cotton yarn of 52.05 is excepted; buttons of chapter 96 shift',
      );
      assert.match(shift.failing[0]!.reason, /excepts/);
      assert.deepEqual(shift.deMinimis, {
        basis: 'WEIGHT',
        failingValue: '45',
        base: '500',
        pct: '9.00',
        limitPct: '10',
        within: true,
      });
    });

    it('E-RO-6 55 g = 11.00 % → FAIL', () => {
      const r = evaluate(usmca, input('55'));
      assert.equal(r.result, 'FAIL');
      assert.equal(r.alternatives[0]!.tariffShift?.deMinimis?.pct, '11.00');
    });

    it('E-RO-6 subject to the elastomeric rule: 35 g of non-shifting elastomeric yarn (7.00 %) passes, 40 g (8.00 %) fails', () => {
      const withElastane = (grams: string): EvaluateOriginInput => {
        const i = input('5');
        i.materials.push(material('elastane', '540244', '0.30', { weightGrams: grams, elastomeric: true }));
        return i;
      };
      const atLimit = evaluate(usmca, withElastane('35'));
      assert.equal(atLimit.result, 'PASS');
      assert.deepEqual(atLimit.alternatives[0]!.tariffShift?.deMinimis?.elastomeric, {
        weight: '35',
        pct: '7.00',
        limitPct: '7',
        within: true,
      });
      const over = evaluate(usmca, withElastane('40'));
      assert.equal(over.result, 'FAIL');
      assert.equal(over.alternatives[0]!.tariffShift?.deMinimis?.pct, '9.00', 'the total share alone would pass');
      assert.ok(over.alternatives[0]!.reasons.some((s) => /elastomeric content is 8.00 %/.test(s)));
      const caftaT = evaluate(cafta, withElastane('1'));
      assert.equal(caftaT.result, 'FAIL', 'CAFTA-DR: elastomeric yarns must be formed in a Party');
    });

    it('a failing fibre without a weight leaves the weight de minimis unassessed (FAIL with a reason)', () => {
      const i = input('45');
      delete i.materials[0]!.weightGrams;
      const r = evaluate(usmca, i);
      assert.equal(r.result, 'FAIL');
      assert.ok(r.alternatives[0]!.reasons.some((s) => /"yarn" has no weightGrams/.test(s)));
    });
  });
});

describe('rules RO-01 to RO-04', () => {
  const biscuits = (materials: OriginMaterial[]): EvaluateOriginInput => ({
    good: { hs6: '190590', transactionValue: '1000' },
    materials,
    importDate: '2024-03-01',
  });

  it('RO-01 HS codes of the good and the materials must be 6-digit strings of the rule set edition', () => {
    const bad = evaluateOrigin(usmca, {
      good: { hs6: '1905', transactionValue: '1000' },
      materials: [material('a', '19059', '1'), material('b', 190590 as unknown as string, '1')],
      importDate: '2024-03-01',
    });
    assert.deepEqual(
      problems(bad).map((p) => p.path),
      ['/good/hs6', '/materials/0/hs6', '/materials/1/hs6'],
    );
    // 8517.12 (mobile telephones) was split into 8517.13 and 8517.14 by HS 2022.
    const older = problems(
      evaluateOrigin(usmca, { ...biscuits([material('phone', '851712', '1')]), good: { hs6: '190590' } }),
    );
    assert.deepEqual(
      older.map((p) => [p.code, p.path]),
      [['CL_ORIGIN_HS_EDITION', '/materials/0/hs6']],
    );
    assert.match(older[0]!.message, /8517\.12 is not an HS 2022 subheading/);
    assert.equal(problems(evaluateOrigin(usmca, biscuits([]))).length, 1);
    const edition = problems(
      evaluateOrigin(usmca, { ...biscuits([material('a', '110100', '1')]), hsEdition: 'HS2017' as never }),
    );
    assert.deepEqual(
      edition.map((p) => [p.code, p.path]),
      [['CL_ORIGIN_HS_EDITION', '/hsEdition']],
    );
    assert.ok(evaluateOrigin(usmca, { ...biscuits([material('a', '110100', '1')]), hsEdition: 'HS2022' }).success);
  });

  it('RO-02 59.999 % is displayed as 60.00 but does not meet a 60 % threshold', () => {
    const r = evaluate(usmca, {
      good: { hs6: '940360', transactionValue: '100000' },
      materials: [material('parts', '940391', '40001')],
      importDate: '2024-03-01',
    });
    const tv = r.alternatives[1]!.rvc!.methods[0]!;
    assert.deepEqual([tv.method, tv.pct, tv.pass], ['TV', '60.00', false]);
    assert.equal(r.result, 'FAIL');
  });

  it('RO-03 a material within de minimis still counts in VNM for the RVC of the same alternative', () => {
    const rules: RuleSet = {
      agreement: 'USMCA',
      hsEdition: 'HS2022',
      source: 'test',
      rules: [
        {
          ref: 'T-8516',
          hs: '8516',
          description: 'change of heading and RVC 60 % TV',
          alternatives: [{ tariffShift: { level: 'CTH' }, rvc: { methods: ['TV'], thresholdPct: '60' } }],
        },
      ],
    };
    const r = evaluate(rules, {
      good: { hs6: '851660', transactionValue: '1000' },
      materials: [material('element', '851680', '95'), material('steel', '721049', '300')],
      importDate: '2024-03-01',
    });
    const alt = r.alternatives[0]!;
    assert.equal(alt.tariffShift?.deMinimis?.within, true);
    assert.deepEqual(alt.rvc?.methods[0]?.exact, { numerator: '605', denominator: '1000' });
    assert.equal(r.result, 'PASS');
    assert.ok(alt.reasons.some((s) => s.includes('stays in VNM')));
  });

  it('RO-04 a material marked originating without evidence is non-originating, and the explanation says so', () => {
    const r = evaluate(usmca, biscuits([{ id: 'mix', hs6: '190120', value: '500', originating: true }]));
    assert.equal(r.result, 'FAIL');
    assert.deepEqual(
      r.notes.map((n) => [n.materialId, n.treatedAs, n.basis]),
      [['mix', 'NON_ORIGINATING', 'NO_EVIDENCE']],
    );
    assert.match(r.notes[0]!.message, /RO-04/);
    assert.match(r.alternatives[0]!.tariffShift!.failing[0]!.reason, /claimed originating without evidence \(RO-04\)/);
    assert.equal(r.totals.vnm, '500');
  });

  it('RO-04 a wholly-obtained attestation is evidence', () => {
    const r = evaluate(
      usmca,
      biscuits([{ id: 'mix', hs6: '190120', value: '500', originating: true, evidence: { kind: 'WHOLLY_OBTAINED' } }]),
    );
    assert.equal(r.result, 'PASS');
    assert.equal(r.notes[0]!.basis, 'WHOLLY_OBTAINED');
    assert.equal(r.criterion, 'ORIGINATING_MATERIALS_ONLY');
    assert.equal(r.originCriterion, 'C');
  });

  it('RO-04 an unverified supplier certification does not count', () => {
    const r = evaluate(
      usmca,
      biscuits([
        {
          id: 'mix',
          hs6: '190120',
          value: '500',
          originating: true,
          evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: HASH, verified: false },
        },
      ]),
    );
    assert.equal(r.result, 'FAIL');
    assert.equal(r.notes[0]!.basis, 'UNVERIFIED_SUPPLIER_CERTIFICATION');
    assert.equal(r.accumulation, false);
    assert.match(r.alternatives[0]!.tariffShift!.failing[0]!.reason, /not verified/);
  });
});

describe('accumulation', () => {
  it('a verified supplier certification makes a material originating: it neither fails the shift nor counts in VNM', () => {
    const r = evaluate(usmca, {
      good: { hs6: '940360', transactionValue: '10000', netCost: '8000' },
      materials: [originating('parts', '940391', '4200'), material('hardware', '830242', '300')],
      importDate: '2024-03-01',
    });
    assert.equal(r.result, 'PASS');
    assert.equal(r.passedBy, 0);
    assert.equal(r.accumulation, true);
    assert.deepEqual(r.totals, { vnm: '300', vom: '4200', nonOriginatingCount: 1, originatingCount: 1 });
    assert.deepEqual(
      r.notes.map((n) => [n.materialId, n.treatedAs, n.basis]),
      [['parts', 'ORIGINATING', 'SUPPLIER_CERTIFICATION']],
    );
  });

  it('the certification counts even when the claimant did not mark the material originating', () => {
    const r = evaluate(usmca, {
      good: { hs6: '190590', transactionValue: '1000' },
      materials: [{ id: 'mix', hs6: '190120', value: '500', originating: false, evidence: certified }],
      importDate: '2024-03-01',
    });
    assert.equal(r.result, 'PASS');
    assert.equal(r.notes[0]!.treatedAs, 'ORIGINATING');
  });
});

describe('values, methods and problems', () => {
  const furniture = (good: Record<string, unknown>, extra: Partial<EvaluateOriginInput> = {}) =>
    ({
      good: { hs6: '940360', ...good },
      materials: [material('parts', '940391', '3500')],
      importDate: '2024-03-01',
      ...extra,
    }) as EvaluateOriginInput;

  it('reports a method whose value is missing as not computed; another method may still pass', () => {
    const r = evaluate(usmca, furniture({ netCost: '8000' }));
    assert.deepEqual(r.alternatives[1]!.rvc?.methods[0], {
      method: 'TV',
      pass: false,
      reason: 'transactionValue not given',
    });
    assert.equal(r.alternatives[1]!.rvc?.methods[1]?.pct, '56.25');
    assert.equal(r.result, 'PASS');
    assert.match(r.alternatives[0]!.reasons[0]!, /net cost/, 'de minimis falls back to net cost without TV');
  });

  it('a value a chosen method needs is required', () => {
    const result = evaluateOrigin(usmca, furniture({ netCost: '8000' }, { rvcMethods: ['TV'] }));
    assert.deepEqual(
      problems(result).map((p) => [p.code, p.path]),
      [['CL_INPUT_INVALID', '/good/transactionValue']],
    );
    const only = evaluate(usmca, furniture({ netCost: '8000', transactionValue: '10000' }, { rvcMethods: ['NC'] }));
    assert.deepEqual(
      only.alternatives[1]!.rvc?.methods.map((m) => m.method),
      ['NC'],
    );
  });

  it('without a base for de minimis, failing materials fail the shift with a reason (not a problem)', () => {
    const r = evaluate(usmca, {
      good: { hs6: '190590' },
      materials: [material('mix', '190120', '1')],
      importDate: '2024-03-01',
    });
    assert.equal(r.result, 'FAIL');
    assert.match(r.alternatives[0]!.reasons[0]!, /de minimis not assessed/);
  });

  it('bad input gives problems with JSON pointers', () => {
    const good = { hs6: '190590', transactionValue: '1000' };
    const ok = material('flour', '110100', '10');
    const cases: [unknown, string, RegExp?][] = [
      [null, ''],
      [{ good, materials: [ok], importDate: '2024-02-30' }, '/importDate'],
      [{ good, materials: [], importDate: '2024-03-01' }, '/materials'],
      [{ good: 'x', materials: [ok], importDate: '2024-03-01' }, '/good'],
      [
        { good: { ...good, transactionValue: '0' }, materials: [ok], importDate: '2024-03-01' },
        '/good/transactionValue',
        /greater than 0/,
      ],
      [
        { good: { ...good, transactionValue: '1e4' }, materials: [ok], importDate: '2024-03-01' },
        '/good/transactionValue',
      ],
      [
        { good: { ...good, netCost: 8000.5 }, materials: [ok], importDate: '2024-03-01' },
        '/good/netCost',
        /safe integer/,
      ],
      [{ good: { ...good, isTextile: 'yes' }, materials: [ok], importDate: '2024-03-01' }, '/good/isTextile'],
      [{ good, materials: [{ ...ok, value: '-1' }], importDate: '2024-03-01' }, '/materials/0/value', /negative/],
      [{ good, materials: [{ ...ok, value: 0.1 }], importDate: '2024-03-01' }, '/materials/0/value'],
      [
        { good, materials: [{ id: 'a', hs6: '110100', originating: false }], importDate: '2024-03-01' },
        '/materials/0/value',
        /required/,
      ],
      [{ good, materials: [{ ...ok, weightGrams: '-3' }], importDate: '2024-03-01' }, '/materials/0/weightGrams'],
      [{ good, materials: [ok, ok], importDate: '2024-03-01' }, '/materials/1/id'],
      [{ good, materials: [{ ...ok, id: '' }], importDate: '2024-03-01' }, '/materials/0/id'],
      [{ good, materials: [{ ...ok, originating: 'yes' }], importDate: '2024-03-01' }, '/materials/0/originating'],
      [{ good, materials: ['flour'], importDate: '2024-03-01' }, '/materials/0'],
      [
        {
          good,
          materials: [{ ...ok, evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: 'xyz', verified: true } }],
          importDate: '2024-03-01',
        },
        '/materials/0/evidence/credentialHash',
      ],
      [
        {
          good,
          materials: [{ ...ok, evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: HASH } }],
          importDate: '2024-03-01',
        },
        '/materials/0/evidence/verified',
      ],
      [
        { good, materials: [{ ...ok, evidence: { kind: 'AFFIDAVIT' } }], importDate: '2024-03-01' },
        '/materials/0/evidence/kind',
      ],
      [{ good, materials: [ok], importDate: '2024-03-01', rvcMethods: ['XX'] }, '/rvcMethods'],
    ];
    for (const [input, path, message] of cases) {
      const list = problems(evaluateOrigin(usmca, input as EvaluateOriginInput));
      const hit = list.find((p) => p.path === path);
      assert.ok(hit, `expected a problem at ${path} for ${JSON.stringify(input)}, got ${JSON.stringify(list)}`);
      if (message) assert.match(hit.message, message);
    }
  });

  it('a subheading without a rule, or an import date outside the rule set, is CL_ORIGIN_NO_RULE', () => {
    const noRule = problems(
      evaluateOrigin(usmca, {
        good: { hs6: '010121' },
        materials: [material('a', '010129', '1')],
        importDate: '2024-03-01',
      }),
    );
    assert.deepEqual(
      noRule.map((p) => [p.code, p.path]),
      [['CL_ORIGIN_NO_RULE', '/good/hs6']],
    );
    const early = problems(
      evaluateOrigin(usmca, {
        good: { hs6: '190590', transactionValue: '1' },
        materials: [material('a', '110100', '1')],
        importDate: '2020-06-30',
      }),
    );
    assert.deepEqual(
      early.map((p) => [p.code, p.path]),
      [['CL_ORIGIN_NO_RULE', '/importDate']],
    );
  });

  it('accepts a plain rule set (compiled once) and reports an invalid one as problems under /ruleSet', () => {
    assert.equal(evaluate(usmcaRules, furniture({ transactionValue: '10000' })).result, 'PASS');
    const broken = { ...usmcaRules, hsEdition: 'HS2017' } as unknown as RuleSet;
    assert.deepEqual(
      problems(evaluateOrigin(broken, furniture({}))).map((p) => p.path),
      ['/ruleSet/hsEdition'],
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (good, materials, importDate) => {
        evaluateOrigin(usmca, { good, materials, importDate } as unknown as EvaluateOriginInput);
        evaluateOrigin(usmca, good as EvaluateOriginInput);
        evaluateOrigin(usmca, {
          good: { hs6: '190590', transactionValue: '1000' },
          materials: [materials, { id: 'x', hs6: '110100', value: importDate, originating: false }],
          importDate: '2024-03-01',
        } as unknown as EvaluateOriginInput);
      }),
      { numRuns: 300 },
    );
  });
});

describe('properties', () => {
  const rvcOnly = compileRuleSet({
    agreement: 'USMCA',
    hsEdition: 'HS2022',
    source: 'test',
    rules: [
      {
        ref: 'T-85',
        hs: '85',
        description: 'RVC only',
        alternatives: [{ rvc: { methods: ['TV'], thresholdPct: '60' } }],
      },
    ],
  });
  const amount = fc.bigInt({ min: 0n, max: 10n ** 9n }).map((u) => formatUnits(u, 2));

  it('RVC never rises when the value of non-originating materials rises', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.array(fc.tuple(amount, fc.boolean()), { minLength: 1, maxLength: 20 }),
        fc.nat({ max: 19 }),
        amount,
        (tvUnits, list, pick, extra) => {
          const materials = list.map(([value, orig], i) =>
            orig ? originating(`m${i}`, '854149', value) : material(`m${i}`, '854149', value),
          );
          const input: EvaluateOriginInput = {
            good: { hs6: '854143', transactionValue: formatUnits(tvUnits, 2) },
            materials,
            importDate: '2024-03-01',
          };
          const before = evaluate(rvcOnly, input).alternatives[0]!.rvc!.methods[0]!.exact!;
          const i = pick % materials.length;
          const raised = materials.map((m, k) =>
            k === i
              ? material(
                  m.id,
                  m.hs6,
                  formatUnits(unitsAtScale(decimal(m.value as string), 2) + unitsAtScale(decimal(extra), 2), 2),
                )
              : m,
          );
          const after = evaluate(rvcOnly, { ...input, materials: raised }).alternatives[0]!.rvc!.methods[0]!.exact!;
          // Same denominator (TV): compare numerators.
          assert.equal(after.denominator, before.denominator);
          assert.ok(compareDecimals(decimal(after.numerator), decimal(before.numerator)) <= 0);
        },
      ),
    );
  });

  const levels: TariffShiftLevel[] = ['CC', 'CTH', 'CTSH'];
  const byLevel = new Map(
    levels.map((level) => [
      level,
      compileRuleSet({
        agreement: 'USMCA',
        hsEdition: 'HS2022',
        source: 'test',
        rules: [{ ref: `T-${level}`, hs: '01-97', description: level, alternatives: [{ tariffShift: { level } }] }],
      }),
    ]),
  );
  const divisor: Record<TariffShiftLevel, number> = { CC: 10_000, CTH: 100, CTSH: 1 };
  const subheadings = hs2022Headings.flatMap(([heading, suffixes]) =>
    Array.from({ length: suffixes.length / 2 }, (_, i) => heading + suffixes.slice(2 * i, 2 * i + 2)),
  );
  // Mostly codes of a few chapters, so that shared chapters and headings are frequent.
  const hs6 = fc.oneof(fc.constantFrom(...subheadings.filter((c) => c < '030000')), fc.constantFrom(...subheadings));

  it('a non-originating material that changes classification at the rule level never fails the shift', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...levels),
        hs6,
        fc.array(hs6, { minLength: 1, maxLength: 10 }),
        (level, good, codes) => {
          const rules = byLevel.get(level)!;
          const materials = codes.map((code, i) => material(`m${i}`, code, '1'));
          const r = evaluate(rules, {
            good: { hs6: good, transactionValue: '1000000' },
            materials,
            importDate: '2024-03-01',
          });
          const failing = new Set(r.alternatives[0]!.tariffShift!.failing.map((f) => f.materialId));
          materials.forEach((m, i) => {
            const shifts = Math.floor(Number(m.hs6) / divisor[level]) !== Math.floor(Number(good) / divisor[level]);
            assert.equal(failing.has(`m${i}`), !shifts, `${m.hs6} → ${good} at ${level}`);
          });
        },
      ),
    );
  });

  it('de minimis: exactly 10 % of the transaction value passes, one smallest step more fails', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n }), fc.integer({ min: 0, max: 11 }), (units, scale) => {
        const tv = formatUnits(units, scale);
        const tenth = formatUnits(units, scale + 1);
        const over = formatUnits(units * 10n ** BigInt(11 - scale) + 1n, 12);
        const at = (value: string) =>
          evaluate(usmca, {
            good: { hs6: '190590', transactionValue: tv },
            materials: [material('mix', '190120', value)],
            importDate: '2024-03-01',
          });
        assert.equal(at(tenth).result, 'PASS', `${tenth} of ${tv}`);
        assert.equal(at(over).result, 'FAIL', `${over} of ${tv}`);
      }),
    );
  });
});
