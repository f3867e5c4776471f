import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hs2022Headings } from '../hs/hs2022.generated.ts';
import { compareDecimals, decimal, formatUnits, unitsAtScale } from './decimal.ts';
import { type EvaluateOriginResult, evaluateOrigin, type OriginEvaluation } from './evaluateOrigin.ts';
import { type CompiledRuleSet, compileRuleSet } from './ruleSet.ts';
import { caftaDrRules } from './rules/caftaDrRules.ts';
import { usmcaRules } from './rules/usmcaRules.ts';
import type {
  AccumulationEvidence,
  EvaluateOriginInput,
  MaterialEvidence,
  OriginMaterial,
  RuleSet,
  TariffShiftLevel,
} from './types.ts';

const usmca = compileRuleSet(usmcaRules);
const cafta = compileRuleSet(caftaDrRules);
const HASH = 'ab'.repeat(32);
const certified: MaterialEvidence = { kind: 'SUPPLIER_CERTIFICATION', credentialHash: HASH };

/**
 * What a verifier reports for the supplier credential HASH: VALID, of the rule set's agreement,
 * covering the subheading of every material that names it (the verification itself is tested in
 * verifyAccumulationEvidence.test.ts).
 */
function validEvidence(rules: CompiledRuleSet | RuleSet, input: EvaluateOriginInput): AccumulationEvidence[] {
  const covered = input.materials
    .filter((m) => m.evidence?.kind === 'SUPPLIER_CERTIFICATION' && m.evidence.credentialHash === HASH)
    .map((m) => m.hs6);
  const agreement = 'kind' in rules ? rules.ruleSet.agreement : rules.agreement;
  return [{ credentialHash: HASH, verdict: 'VALID', agreement, coveredHs6: covered }];
}

function evaluate(
  rules: CompiledRuleSet | RuleSet,
  input: EvaluateOriginInput,
  evidence: AccumulationEvidence[] = validEvidence(rules, input),
): OriginEvaluation {
  const result = evaluateOrigin(rules, input, { accumulationEvidence: evidence });
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
      good: { hs6: '610910', description: 'Cotton T-shirt', weightGrams: '500' },
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
      good: { hs6: '851650', transactionValue: '1000' },
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
    assert.equal(r.criterion, 'WHOLLY_OBTAINED', 'made only from wholly obtained goods: criterion A (Art. 4.3)');
    assert.equal(r.originCriterion, 'A');
  });

  it('RO-04 a supplier certification without verified evidence does not count', () => {
    const r = evaluate(
      usmca,
      biscuits([
        {
          id: 'mix',
          hs6: '190120',
          value: '500',
          originating: true,
          evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: HASH },
        },
      ]),
      [],
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
    assert.match(
      r.alternatives[0]!.reasons[0]!,
      /de minimis not assessed: transaction value \(or total cost\) not given/,
      'net cost is never the de minimis base',
    );
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
      [
        { good: { ...good, isTextile: true }, materials: [ok], importDate: '2024-03-01' },
        '/good/isTextile',
        /is not accepted: a good is a textile or apparel good when its subheading is in HS chapters 50–63/,
      ],
      [
        { good: { ...good, netCost: '900', totalCost: '800' }, materials: [ok], importDate: '2024-03-01' },
        '/good/totalCost',
        /must not be less than netCost/,
      ],
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
          materials: [{ ...ok, evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: HASH, verified: true } }],
          importDate: '2024-03-01',
        },
        '/materials/0/evidence/verified',
        /is not accepted: a supplier credential counts only once the caller has verified it/,
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

describe('E-RO-5 de minimis base (USMCA Art. 4.12.1): transaction value, or total cost — never net cost', () => {
  // Biscuits of 19.05 ("a change to heading 19.05 from any other chapter"): a non-shifting biscuit mix
  // of 19.01 is allowed while within 10 % of the base.
  const biscuits = (good: Record<string, unknown>, mix: string, extra: Partial<EvaluateOriginInput> = {}) =>
    ({
      good: { hs6: '190590', ...good },
      materials: [material('flour', '110100', '200'), material('mix', '190120', mix)],
      importDate: '2024-03-01',
      ...extra,
    }) as EvaluateOriginInput;
  const dm = (r: OriginEvaluation) => r.alternatives[0]!.tariffShift!.deMinimis!;

  it('E-RO-5 net cost 700, total cost 850, mix 80: 9.41 % of the total cost → PASS (80 / 700 = 11.43 % of net cost would FAIL)', () => {
    const r = evaluate(usmca, biscuits({ netCost: '700', totalCost: '850' }, '80'));
    assert.equal(r.result, 'PASS');
    assert.deepEqual([dm(r).base, dm(r).pct, dm(r).within], ['850', '9.41', true]);
    assert.match(r.alternatives[0]!.reasons[0]!, /9\.41 % of the total cost is within de minimis/);
  });

  it('E-RO-5 net cost 700 only, mix 65: not assessed without a transaction value or total cost → FAIL (65 / 700 = 9.29 % of net cost would PASS)', () => {
    const r = evaluate(usmca, biscuits({ netCost: '700' }, '65'));
    assert.equal(r.result, 'FAIL');
    assert.equal(dm(r).base, undefined);
    assert.match(
      r.alternatives[0]!.reasons[0]!,
      /de minimis not assessed: transaction value \(or total cost\) not given/,
    );
  });

  it('E-RO-5 with a transaction value, it is the base: TV 1,000, net cost 700, mix 80 → 8.00 % → PASS', () => {
    const r = evaluate(usmca, biscuits({ transactionValue: '1000', netCost: '700', totalCost: '850' }, '80'));
    assert.deepEqual([r.result, dm(r).base, dm(r).pct], ['PASS', '1000', '8.00']);
  });

  it('E-RO-5 where the net cost method is used, the total cost is the base: mix 90 is 10.59 % of 850 → FAIL (9.00 % of TV would PASS)', () => {
    const input = biscuits({ transactionValue: '1000', netCost: '700', totalCost: '850' }, '90', {
      rvcMethods: ['NC'],
    });
    const r = evaluate(usmca, input);
    assert.deepEqual([r.result, dm(r).base, dm(r).pct, dm(r).within], ['FAIL', '850', '10.59', false]);
    assert.match(r.alternatives[0]!.reasons[0]!, /total cost \(net cost method\) exceeds de minimis/);
    const noTotal = evaluate(
      usmca,
      biscuits({ transactionValue: '1000', netCost: '700' }, '90', { rvcMethods: ['NC'] }),
    );
    assert.equal(noTotal.result, 'FAIL');
    assert.match(
      noTotal.alternatives[0]!.reasons[0]!,
      /not assessed: total cost \(the net cost method is used\) not given/,
    );
  });

  it('CAFTA-DR keeps the adjusted value as its base', () => {
    const r = evaluate(cafta, biscuits({ adjustedValue: '1000', netCost: '700' }, '80'));
    assert.deepEqual([r.result, dm(r).base], ['PASS', '1000']);
  });
});

describe('de minimis exclusions (USMCA Annex 4-A, CAFTA-DR Art. 4.6.2)', () => {
  /**
   * One worked example per exclusion: the good (value 1,000) with one non-originating material that
   * fails the test rule's tariff shift and is 5.00 % of the value — within de minimis — so the good
   * PASSes with the control material and FAILs with the excluded one.
   */
  type Case = { ref: string; good: string; excluded: string; control: string; what: string };
  const usmcaCases: Case[] = [
    {
      ref: 'USMCA-4A(a)',
      good: '040690',
      excluded: '040221',
      control: '040721',
      what: 'cheese from milk powder (eggs control)',
    },
    {
      ref: 'USMCA-4A(b)',
      good: '190110',
      excluded: '040210',
      control: '110100',
      what: 'infant preparation from milk powder',
    },
    {
      ref: 'USMCA-4A(c)',
      good: '200912',
      excluded: '080510',
      control: '080810',
      what: 'orange juice from oranges (apples control)',
    },
    {
      ref: 'USMCA-4A(d)',
      good: '210111',
      excluded: '090121',
      control: '170199',
      what: 'instant coffee from roasted coffee',
    },
    { ref: 'USMCA-4A(e)', good: '150710', excluded: '151190', control: '120190', what: 'soya-bean oil from palm oil' },
    {
      ref: 'USMCA-4A(f)',
      good: '170199',
      excluded: '170114',
      control: '121293',
      what: 'refined sugar from raw cane sugar',
    },
    {
      ref: 'USMCA-4A(g)',
      good: '180610',
      excluded: '170199',
      control: '040210',
      what: 'sweetened cocoa powder from sugar',
    },
    {
      ref: 'USMCA-4A(h)',
      good: '200870',
      excluded: '080930',
      control: '080810',
      what: 'prepared peaches from fresh peaches',
    },
    {
      ref: 'USMCA-4A(i)',
      good: '220840',
      excluded: '220710',
      control: '170310',
      what: 'rum from ethyl alcohol (molasses control)',
    },
    {
      ref: 'USMCA-4A(j)',
      good: '841810',
      excluded: '841899',
      control: '841899',
      what: 'refrigerator-freezer from refrigerator parts',
    },
  ];
  const caftaCases: Case[] = [
    {
      ref: 'CAFTA-DR-4.6.2(a)',
      good: '040690',
      excluded: '040721',
      control: '110100',
      what: 'cheese from any material of chapter 4 (eggs; flour control)',
    },
    {
      ref: 'CAFTA-DR-4.6.2(b)',
      good: '190110',
      excluded: '040210',
      control: '110100',
      what: 'infant preparation from milk powder',
    },
    {
      ref: 'CAFTA-DR-4.6.2(c)',
      good: '200912',
      excluded: '080510',
      control: '080810',
      what: 'orange juice from oranges',
    },
    {
      ref: 'CAFTA-DR-4.6.2(d)',
      good: '150710',
      excluded: '151190',
      control: '120190',
      what: 'soya-bean oil from palm oil',
    },
    {
      ref: 'CAFTA-DR-4.6.2(e)',
      good: '200870',
      excluded: '080930',
      control: '080810',
      what: 'prepared peaches from peaches',
    },
    {
      ref: 'CAFTA-DR-4.6.2(f)',
      good: '170199',
      excluded: '170114',
      control: '121293',
      what: 'refined sugar from raw cane sugar',
    },
    {
      ref: 'CAFTA-DR-4.6.2(g)',
      good: '180610',
      excluded: '170199',
      control: '040210',
      what: 'sweetened cocoa powder from sugar',
    },
    { ref: 'CAFTA-DR-4.6.2(h)', good: '220840', excluded: '220710', control: '170310', what: 'rum from ethyl alcohol' },
    {
      ref: 'CAFTA-DR-4.6.2(i)',
      good: '190590',
      excluded: '190590',
      control: '190120',
      what: 'biscuits from biscuits of the same subheading (mix control)',
    },
  ];

  /** A test rule per good: a change of chapter, except from the chapters of both materials (so both fail the shift). */
  function ruleSetFor(agreement: 'USMCA' | 'CAFTA_DR', cases: Case[]): RuleSet {
    return {
      agreement,
      hsEdition: 'HS2022',
      source: 'test rules: change of chapter, except from the materials',
      rules: [...new Set(cases.map((c) => c.good))].map((good) => {
        const except = [
          ...new Set(
            cases
              .filter((c) => c.good === good)
              .flatMap((c) => [c.excluded.slice(0, 2), c.control.slice(0, 2)])
              .filter((ch) => ch !== good.slice(0, 2)),
          ),
        ];
        return {
          ref: `T-${good}`,
          hs: good,
          description: 'change of chapter, except from the materials of the test',
          alternatives: [{ tariffShift: except.length === 0 ? { level: 'CC' } : { level: 'CC', exceptFrom: except } }],
        };
      }),
    };
  }

  for (const [agreement, cases] of [
    ['USMCA', usmcaCases],
    ['CAFTA_DR', caftaCases],
  ] as const) {
    const rules = compileRuleSet(ruleSetFor(agreement, cases));
    const values = agreement === 'USMCA' ? { transactionValue: '1000' } : { adjustedValue: '1000' };
    for (const c of cases) {
      it(`${c.ref}: ${c.what} — the excluded material at 5.00 % FAILs, a material outside the exclusion PASSes`, () => {
        const controlGood = c.ref.endsWith('4A(j)') ? '841850' : c.good; // (j) excludes every material: control is another good
        const control = evaluate(
          c.ref.endsWith('4A(j)')
            ? compileRuleSet({
                ...ruleSetFor(agreement, cases),
                rules: [
                  {
                    ref: 'T-841850',
                    hs: '841850',
                    description: 'CTSH',
                    alternatives: [{ tariffShift: { level: 'CTH' } }],
                  },
                ],
              })
            : rules,
          {
            good: { hs6: controlGood, ...values },
            materials: [material('m', c.control, '50')],
            importDate: '2024-03-01',
          },
        );
        assert.equal(control.result, 'PASS', JSON.stringify(control.alternatives[0]));
        assert.equal(control.alternatives[0]!.tariffShift!.deMinimis!.within, true);

        const r = evaluate(rules, {
          good: { hs6: c.good, ...values },
          materials: [material('m', c.excluded, '50')],
          importDate: '2024-03-01',
        });
        assert.equal(r.result, 'FAIL');
        const shift = r.alternatives[0]!.tariffShift!;
        assert.equal(shift.deMinimis!.pct, '5.00', 'the share alone is within de minimis');
        assert.equal(shift.deMinimis!.within, false);
        assert.equal(shift.failing[0]!.deMinimisExcluded?.ref, c.ref);
        assert.deepEqual(
          shift.deMinimis!.excluded?.map((e) => [e.materialId, e.ref]),
          [['m', c.ref]],
        );
        assert.match(
          shift.failing[0]!.reason,
          new RegExp(`de minimis does not apply \\(${c.ref.replace(/[().]/g, '\\$&')}`),
        );
        assert.ok(r.alternatives[0]!.reasons.some((s) => s.includes('de minimis cannot be used for "m"')));
      });
    }
  }

  it('a rule set may add exclusions, and can never drop the agreement’s own', () => {
    const added = compileRuleSet({
      ...ruleSetFor('USMCA', usmcaCases),
      deMinimisExclusions: [
        {
          ref: 'RULING-1',
          goods: ['190590'],
          materials: ['1901'],
          description: 'test exclusion',
          source: 'test ruling',
        },
      ],
      rules: [{ ref: 'T-1905', hs: '1905', description: 'CC', alternatives: [{ tariffShift: { level: 'CC' } }] }],
    });
    const r = evaluate(added, {
      good: { hs6: '190590', transactionValue: '1000' },
      materials: [material('mix', '190120', '50')],
      importDate: '2024-03-01',
    });
    assert.equal(r.result, 'FAIL');
    assert.equal(r.alternatives[0]!.tariffShift!.failing[0]!.deMinimisExcluded?.ref, 'RULING-1');
    assert.equal(added.exclusions.length, 10 + 1);
  });
});

describe('textile or apparel follows from the HS chapter (50–63), never from the caller', () => {
  const tshirt = (extra: Record<string, unknown> = {}): EvaluateOriginInput => ({
    good: { hs6: '610910', description: 'Cotton T-shirt', transactionValue: '5', weightGrams: '500', ...extra },
    materials: [
      material('yarn', '520512', '0.90', { weightGrams: '45' }),
      { ...originating('fabric', '600622', '4.10'), weightGrams: '455' },
    ],
    importDate: '2024-03-01',
  });

  it('E-RO-6 a chapter-61 good is measured by weight: 45 g of 500 g = 9.00 % → PASS although its value share is 18 %', () => {
    const r = evaluate(usmca, tshirt());
    assert.equal(r.textile, true);
    assert.equal(r.result, 'PASS');
    assert.deepEqual(
      [r.alternatives[0]!.tariffShift!.deMinimis!.basis, r.alternatives[0]!.tariffShift!.deMinimis!.pct],
      ['WEIGHT', '9.00'],
    );
  });

  it('a good outside chapters 50–63 is measured by value even when weights are given', () => {
    const r = evaluate(usmca, {
      good: { hs6: '190590', transactionValue: '1000', weightGrams: '500' },
      materials: [material('mix', '190120', '120', { weightGrams: '10' })],
      importDate: '2024-03-01',
    });
    assert.equal(r.textile, false);
    assert.deepEqual(
      [r.result, r.alternatives[0]!.tariffShift!.deMinimis!.basis, r.alternatives[0]!.tariffShift!.deMinimis!.pct],
      ['FAIL', 'VALUE', '12.00'],
    );
  });

  it('a request still carrying isTextile (true or false) is refused with its path, never used', () => {
    for (const isTextile of [true, false]) {
      const list = problems(evaluateOrigin(usmca, tshirt({ isTextile }) as EvaluateOriginInput));
      assert.deepEqual(
        list.map((p) => [p.code, p.path]),
        [['CL_INPUT_INVALID', '/good/isTextile']],
      );
      assert.match(list[0]!.message, /derives from hs6; remove the field/);
    }
  });
});

describe('accumulation evidence: only what the caller’s verifier found counts (RO-04)', () => {
  const tables = (evidenceHs6 = '940391'): EvaluateOriginInput => ({
    good: { hs6: '940360', transactionValue: '10000', netCost: '8000' },
    materials: [
      {
        id: 'legs',
        hs6: evidenceHs6,
        value: '4200',
        originating: true,
        evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: HASH },
      },
      material('hardware', '830242', '300'),
    ],
    importDate: '2024-03-01',
  });
  const valid: AccumulationEvidence = {
    credentialHash: HASH,
    verdict: 'VALID',
    issuer: 'did:web:supplier.example',
    credentialType: 'USMCACertificationOfOrigin',
    agreement: 'USMCA',
    coveredHs6: ['940360', '940391'],
  };

  it('VALID, of the agreement and covering the material’s subheading: originating by accumulation → PASS', () => {
    const r = evaluate(usmca, tables(), [valid]);
    assert.equal(r.result, 'PASS');
    assert.equal(r.accumulation, true);
    assert.deepEqual(r.totals, { vnm: '300', vom: '4200', nonOriginatingCount: 1, originatingCount: 1 });
    assert.match(r.notes[0]!.message, /verified VALID \(issued by did:web:supplier\.example\), covering 9403\.91/);
  });

  const refused: [string, AccumulationEvidence[], string, RegExp][] = [
    ['no evidence for the hash', [], 'UNVERIFIED_SUPPLIER_CERTIFICATION', /was not verified/],
    [
      'not found',
      [{ credentialHash: HASH, verdict: 'NOT_FOUND', coveredHs6: [] }],
      'SUPPLIER_CERTIFICATION_REJECTED',
      /was not found/,
    ],
    [
      'INVALID',
      [{ ...valid, verdict: 'INVALID', reason: 'integrity: The signature does not match [CL_VERIFY_SIGNATURE]' }],
      'SUPPLIER_CERTIFICATION_REJECTED',
      /is INVALID: integrity: The signature does not match/,
    ],
    [
      'INCONCLUSIVE',
      [{ ...valid, verdict: 'INCONCLUSIVE', reason: 'anchor: not anchored yet' }],
      'SUPPLIER_CERTIFICATION_REJECTED',
      /is INCONCLUSIVE: anchor: not anchored yet/,
    ],
    [
      'another agreement',
      [{ ...valid, agreement: 'CAFTA_DR' }],
      'SUPPLIER_CERTIFICATION_REJECTED',
      /is a CAFTA_DR record; accumulation under USMCA needs one of USMCA/,
    ],
    [
      'not covering the material',
      [{ ...valid, coveredHs6: ['940360'] }],
      'SUPPLIER_CERTIFICATION_REJECTED',
      /covers 9403\.60, not the material's 9403\.91/,
    ],
  ];
  for (const [what, evidence, basis, reason] of refused) {
    it(`${what}: the material is non-originating, with the reason shown → FAIL`, () => {
      const r = evaluate(usmca, tables(), evidence);
      assert.equal(r.result, 'FAIL');
      assert.equal(r.accumulation, false);
      assert.deepEqual([r.notes[0]!.treatedAs, r.notes[0]!.basis], ['NON_ORIGINATING', basis]);
      assert.match(r.notes[0]!.message, reason);
      assert.equal(r.totals.vnm, '4500');
      assert.match(r.alternatives[0]!.tariffShift!.failing[0]!.reason, reason);
    });
  }
});

describe('origin criterion A/B/C/D the result supports (USMCA Art. 4.2)', () => {
  /** A power supply of 8504.40 (rule: change of subheading) with a non-originating converter module classified in 8504.40 itself. */
  const powerSupply = (moduleValue: string, extra: Partial<EvaluateOriginInput> = {}): EvaluateOriginInput => ({
    good: { hs6: '850440', description: 'Power supply', transactionValue: '10000', netCost: '8000' },
    materials: [material('module', '850440', moduleValue), material('housing', '392690', '500')],
    importDate: '2024-03-01',
    ...extra,
  });

  it('criterion D: a part in the good’s own subheading cannot shift; RVC_TV 65.00 % ≥ 60 → PASS under D', () => {
    const r = evaluate(usmca, powerSupply('3000'));
    assert.equal(r.alternatives[0]!.result, 'FAIL', 'the product-specific rule is not met (30 % > de minimis)');
    assert.equal(r.result, 'PASS');
    assert.equal(r.criterion, 'PARTS_SAME_SUBHEADING_RVC');
    assert.equal(r.originCriterion, 'D');
    assert.deepEqual(r.criterionD?.parts, ['module']);
    assert.deepEqual(
      r.criterionD?.rvc?.methods.map((m) => [m.method, m.pct, m.thresholdPct, m.pass]),
      [
        ['TV', '65.00', '60', true],
        ['NC', '56.25', '50', true],
      ],
    );
  });

  it('criterion D: VNM 5,000 → RVC_TV 50.00 % < 60, RVC_NC 37.50 % < 50 → FAIL', () => {
    const r = evaluate(usmca, powerSupply('4500'));
    assert.equal(r.result, 'FAIL');
    assert.equal(r.criterionD?.result, 'FAIL');
    assert.equal(r.originCriterion, undefined);
  });

  it('criterion D: only the chosen method counts (net cost chosen: 56.25 % ≥ 50)', () => {
    const r = evaluate(usmca, powerSupply('3000', { rvcMethods: ['NC'] }));
    assert.deepEqual(
      r.criterionD?.rvc?.methods.map((m) => m.method),
      ['NC'],
    );
    assert.equal(r.originCriterion, 'D');
  });

  it('criterion D needs a part in the good’s own subheading, and never applies to chapters 61–63 or under CAFTA-DR', () => {
    const noPart = evaluate(usmca, {
      good: { hs6: '940360', transactionValue: '10000' },
      materials: [material('parts', '940391', '4500')],
      importDate: '2024-03-01',
    });
    assert.equal(noPart.result, 'FAIL');
    assert.equal(noPart.criterionD?.result, 'FAIL');
    assert.match(noPart.criterionD!.reasons[0]!, /no non-originating part is classified in the good's own subheading/);
    const shirt = evaluate(usmca, {
      good: { hs6: '610910', transactionValue: '10000', weightGrams: '500' },
      materials: [material('shirt', '610910', '100', { weightGrams: '100' })],
      importDate: '2024-03-01',
    });
    assert.equal(shirt.criterionD, undefined);
    assert.equal(shirt.result, 'FAIL');
    const caftaR = evaluate(cafta, {
      good: { hs6: '190590', adjustedValue: '1000' },
      materials: [material('same', '190590', '500')],
      importDate: '2024-03-01',
    });
    assert.equal(caftaR.criterionD, undefined);
  });

  it('A when every material is wholly obtained, C when every material is originating, B under the rule', () => {
    const wholly = evaluate(usmca, {
      good: { hs6: '190590', transactionValue: '1000' },
      materials: [{ id: 'mix', hs6: '190120', value: '500', originating: true, evidence: { kind: 'WHOLLY_OBTAINED' } }],
      importDate: '2024-03-01',
    });
    assert.deepEqual([wholly.criterion, wholly.originCriterion], ['WHOLLY_OBTAINED', 'A']);
    const mixed = evaluate(usmca, {
      good: { hs6: '190590', transactionValue: '1000' },
      materials: [
        { id: 'mix', hs6: '190120', value: '500', originating: true, evidence: { kind: 'WHOLLY_OBTAINED' } },
        originating('sugar', '170199', '20'),
      ],
      importDate: '2024-03-01',
    });
    assert.deepEqual([mixed.criterion, mixed.originCriterion], ['ORIGINATING_MATERIALS_ONLY', 'C']);
    const b = evaluate(usmca, powerSupply('100'));
    assert.deepEqual([b.criterion, b.originCriterion, b.criterionD], ['PRODUCT_SPECIFIC_RULE', 'B', undefined]);
  });
});
