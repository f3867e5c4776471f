import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AccumulationEvidence, bomCommitment, isHs2022Subheading, nobleCrypto } from '@clearledger/core';
import {
  accumulationEvidenceOf,
  type BomRowInput,
  billOfMaterials,
  commitmentOf,
  emptyBomRow,
  emptyQualifyForm,
  engineInput,
  evaluateForm,
  HS_EXAMPLE,
  isTextileGood,
  plainProblemOf,
  type QualifyFormInput,
  qualifyFieldOf,
  readWorkingFile,
  workingFile,
} from './qualifyForm.ts';

const row = (patch: Partial<BomRowInput>, uid = 'm1'): BomRowInput => ({ ...emptyBomRow(uid), ...patch });

/** Domain.md E-RO-2 on wooden furniture (USMCA 9403.30–9403.89: CTH, or CTSH + RVC 60 % TV / 50 % NC). */
function furniture(partsValue: string): QualifyFormInput {
  return {
    ...emptyQualifyForm('2025-06-10'),
    goodHs6: '9403.60',
    goodDescription: 'Wooden dining tables',
    transactionValue: '10,000',
    netCost: '8000',
    rows: [
      row({ description: 'Table parts (tops, legs), non-originating', hs6: '9403.91', value: partsValue }),
      row(
        {
          description: 'Oak boards from a Mexican sawmill',
          hs6: '440799',
          value: '1500',
          originating: true,
          evidence: 'WHOLLY_OBTAINED',
        },
        'm2',
      ),
    ],
  };
}

describe('the “qualify a product” form → core’s evaluateOrigin', () => {
  it('builds the engine input: HS without dots, amounts without separators, material ids, evidence, no textile fields', () => {
    const form = furniture('3,500.00');
    form.rows.push(
      row(
        {
          hs6: '3506.91',
          value: ' 20 ',
          originating: true,
          evidence: 'SUPPLIER_CERTIFICATION',
          credentialHash: 'AB'.repeat(32),
          weightGrams: '5',
        },
        'm3',
      ),
    );
    assert.deepEqual(engineInput(form), {
      good: { hs6: '940360', description: 'Wooden dining tables', transactionValue: '10000', netCost: '8000' },
      materials: [
        {
          id: 'M1',
          hs6: '940391',
          value: '3500.00',
          originating: false,
          description: 'Table parts (tops, legs), non-originating',
        },
        {
          id: 'M2',
          hs6: '440799',
          value: '1500',
          originating: true,
          description: 'Oak boards from a Mexican sawmill',
          evidence: { kind: 'WHOLLY_OBTAINED' },
        },
        {
          id: 'M3',
          hs6: '350691',
          value: '20',
          originating: true,
          evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: 'ab'.repeat(32) },
        },
      ],
      importDate: '2025-06-10',
    });
  });

  it('CAFTA-DR uses the adjusted value; a good of chapters 50–63 is a textile: it carries weights and elastomeric content', () => {
    const form: QualifyFormInput = {
      ...emptyQualifyForm('2025-06-10'),
      agreement: 'CAFTA_DR',
      goodHs6: '6109.10',
      transactionValue: '999',
      adjustedValue: '100',
      goodWeightGrams: '500',
      rows: [row({ hs6: '540233', value: '10', weightGrams: '45', elastomeric: true })],
    };
    assert.equal(isTextileGood(form.goodHs6), true);
    const input = engineInput(form);
    assert.deepEqual(input.good, { hs6: '610910', adjustedValue: '100', weightGrams: '500' });
    assert.deepEqual(input.materials[0], {
      id: 'M1',
      hs6: '540233',
      value: '10',
      originating: false,
      weightGrams: '45',
      elastomeric: true,
    });
  });

  it('E-RO-2: VNM 3,500 → RVC 65.00 % TV (≥ 60) and 56.25 % NC (≥ 50): qualifies under the second alternative', () => {
    const result = evaluateForm(furniture('3500'));
    assert.ok(result.success, JSON.stringify(!result.success && result.problems));
    const evaluation = result.data;
    assert.equal(evaluation.result, 'PASS');
    assert.equal(evaluation.rule.ref, 'USMCA-4B-9403.30-9403.89');
    assert.equal(evaluation.passedBy, 1);
    assert.equal(evaluation.originCriterion, 'B');
    const [byHeading, bySubheading] = evaluation.alternatives;
    assert.equal(byHeading?.result, 'FAIL', 'parts of heading 94.03 do not change heading');
    assert.deepEqual(
      byHeading?.tariffShift?.failing.map((f) => f.materialId),
      ['M1'],
    );
    assert.deepEqual(
      bySubheading?.rvc?.methods.map((m) => [m.method, m.pct, m.thresholdPct, m.pass]),
      [
        ['TV', '65.00', '60', true],
        ['NC', '56.25', '50', true],
      ],
    );
    assert.equal(evaluation.totals.vnm, '3500');
  });

  it('E-RO-2: VNM 4,200 → 58.00 % TV and 47.50 % NC: does not qualify, with the numbers', () => {
    const result = evaluateForm(furniture('4200'));
    assert.ok(result.success);
    assert.equal(result.data.result, 'FAIL');
    assert.deepEqual(
      result.data.alternatives[1]?.rvc?.methods.map((m) => [m.method, m.pct, m.pass]),
      [
        ['TV', '58.00', false],
        ['NC', '47.50', false],
      ],
    );
  });

  it('textile follows from the subheading: weights typed for a chapter-94 good are not sent, chapters 50 and 63 are textiles', () => {
    const form = furniture('3500');
    form.goodWeightGrams = '500';
    form.rows[0] = { ...form.rows[0]!, weightGrams: '45', elastomeric: true };
    const input = engineInput(form);
    assert.equal(input.good.weightGrams, undefined);
    assert.equal(input.materials[0]!.weightGrams, undefined);
    assert.deepEqual(['5001', '6310.10', '4911', '6401', ''].map(isTextileGood), [true, true, false, false, false]);
  });

  it('RO-04: a supplier certification not verified counts as non-originating, and the note says why', () => {
    const form = furniture('3500');
    form.rows[1] = { ...form.rows[1]!, evidence: 'SUPPLIER_CERTIFICATION', credentialHash: 'cd'.repeat(32) };
    const result = evaluateForm(form);
    assert.ok(result.success);
    assert.deepEqual(
      result.data.notes.map((n) => [n.materialId, n.basis]),
      [['M2', 'UNVERIFIED_SUPPLIER_CERTIFICATION']],
    );
    assert.equal(result.data.totals.vnm, '5000');
  });

  it('accumulation: the node’s verification of the row’s credential counts, for that hash only', () => {
    const hash = 'cd'.repeat(32);
    const verification: AccumulationEvidence = {
      credentialHash: hash,
      verdict: 'VALID',
      issuer: 'did:web:sawmill.example',
      credentialType: 'USMCACertificationOfOrigin',
      agreement: 'USMCA',
      coveredHs6: ['440799'],
    };
    const form = furniture('3500');
    form.rows[1] = { ...form.rows[1]!, evidence: 'SUPPLIER_CERTIFICATION', credentialHash: hash, verification };
    const counted = evaluateForm(form);
    assert.ok(counted.success);
    assert.deepEqual(
      [counted.data.notes[0]!.basis, counted.data.accumulation, counted.data.totals.vnm],
      ['SUPPLIER_CERTIFICATION', true, '3500'],
    );
    // Edited to another hash after the check: the old verification no longer counts.
    form.rows[1] = { ...form.rows[1]!, credentialHash: 'ef'.repeat(32) };
    assert.deepEqual(accumulationEvidenceOf(form), []);
    const edited = evaluateForm(form);
    assert.ok(edited.success);
    assert.equal(edited.data.notes[0]!.basis, 'UNVERIFIED_SUPPLIER_CERTIFICATION');
    // Verified but INVALID, or not covering the material: non-originating, with the reason.
    form.rows[1] = {
      ...form.rows[1]!,
      credentialHash: hash,
      verification: { ...verification, coveredHs6: ['940360'] },
    };
    const notCovering = evaluateForm(form);
    assert.ok(notCovering.success);
    assert.match(notCovering.data.notes[0]!.message, /covers 9403\.60, not the material's 4407\.99/);
  });

  it('a working file cannot carry a verification: it is checked again after loading', () => {
    const form = furniture('3500');
    form.rows[1] = {
      ...form.rows[1]!,
      evidence: 'SUPPLIER_CERTIFICATION',
      credentialHash: 'cd'.repeat(32),
      verification: { credentialHash: 'cd'.repeat(32), verdict: 'VALID', agreement: 'USMCA', coveredHs6: ['440799'] },
    };
    const file = workingFile(nobleCrypto, form, new Uint8Array(32).fill(9), {
      result: 'PASS',
      ruleRef: 'x',
      savedAt: '2025-06-10T00:00:00Z',
    });
    const reopened = readWorkingFile(JSON.parse(JSON.stringify(file)));
    assert.ok(reopened);
    assert.equal(reopened.form.rows[1]!.verification, null);
    assert.deepEqual(accumulationEvidenceOf(reopened.form), []);
  });

  it('the engine’s problems land on the inputs they are about', () => {
    const form = { ...furniture('3500'), goodHs6: '999999' };
    form.rows[0] = { ...form.rows[0]!, value: 'much' };
    const result = evaluateForm(form);
    assert.ok(!result.success);
    assert.deepEqual(result.problems.map((p) => qualifyFieldOf(p.path)).sort(), ['goodHs6', 'rows.0.value']);
    assert.equal(qualifyFieldOf('/materials/3/evidence/credentialHash'), 'rows.3.credentialHash');
    assert.equal(qualifyFieldOf('/good/adjustedValue'), 'adjustedValue');
    assert.equal(qualifyFieldOf('/hsEdition'), null);
  });

  it('the bill of materials stays private: a salted commitment (core’s bomCommitment) and a working file that reopens', () => {
    const form = furniture('3500');
    const salt = new Uint8Array(32).fill(9);
    const commitment = commitmentOf(nobleCrypto, form, salt);
    assert.match(commitment, /^sha256:[0-9a-f]{64}$/);
    assert.equal(commitment, bomCommitment(nobleCrypto, billOfMaterials(form), salt));
    assert.notEqual(commitment, commitmentOf(nobleCrypto, form, new Uint8Array(32).fill(8)), 'the salt matters');
    const file = workingFile(nobleCrypto, form, salt, {
      result: 'PASS',
      ruleRef: 'x',
      savedAt: '2025-06-10T00:00:00Z',
    });
    assert.equal(file.commitment, commitment);
    const reopened = readWorkingFile(JSON.parse(JSON.stringify(file)));
    assert.ok(reopened);
    assert.equal(commitmentOf(nobleCrypto, reopened.form, reopened.salt), commitment);
    assert.equal(readWorkingFile({ type: 'something else' }), null);
  });
});

describe('problems in plain words', () => {
  const plain = (form: QualifyFormInput) => {
    const result = evaluateForm(form);
    assert.equal(result.success, false);
    return result.success ? [] : result.problems.map((p) => ({ path: p.path, ...plainProblemOf(p, form) }));
  };

  it('says what to type for each field, never the engine’s path or code', () => {
    const form = furniture('2500');
    const problems = plain({
      ...form,
      goodHs6: '94036',
      importDate: '',
      rows: [{ ...form.rows[0]!, hs6: '', value: '-3' }, ...form.rows.slice(1)],
    });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    assert.deepEqual(byPath['/good/hs6'], {
      path: '/good/hs6',
      key: 'qualify.error.hsFormat',
      params: { example: HS_EXAMPLE },
    });
    assert.equal(byPath['/importDate']?.key, 'qualify.error.date');
    assert.equal(byPath['/materials/0/hs6']?.key, 'qualify.error.hsRequired');
    assert.equal(byPath['/materials/0/value']?.key, 'qualify.error.amount');
    for (const p of problems) assert.ok(p.key.startsWith('qualify.') || p.key.startsWith('form.'), p.key);
  });

  it('tells a subheading outside HS 2022 and one without a rule apart', () => {
    const form = furniture('2500');
    assert.deepEqual(plain({ ...form, goodHs6: '9999.99' })[0], {
      path: '/good/hs6',
      key: 'qualify.hsUnknown',
      params: { code: '9999.99' },
    });
  });

  it('gives an example that is itself a valid HS 2022 subheading the field accepts', () => {
    assert.ok(isHs2022Subheading(HS_EXAMPLE.replace('.', '')));
    const result = evaluateForm({ ...furniture('2500'), goodHs6: HS_EXAMPLE });
    assert.equal(result.success, true);
  });
});
