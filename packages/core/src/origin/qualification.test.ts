import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nobleCrypto } from '../crypto/nobleCrypto.ts';
import { toBase64Url, toHex } from '../encoding/bytes.ts';
import { evaluateOrigin, type OriginEvaluation } from './evaluateOrigin.ts';
import { bomCommitment, originQualificationSubject } from './qualification.ts';
import { compileRuleSet } from './ruleSet.ts';
import { caftaDrRules } from './rules/caftaDrRules.ts';
import { usmcaRules } from './rules/usmcaRules.ts';
import type { EvaluateOriginInput } from './types.ts';

const usmca = compileRuleSet(usmcaRules);
const salt = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const HASH = 'cd'.repeat(32);

const biscuits: EvaluateOriginInput = {
  good: { hs6: '190590', description: 'Butter biscuits', transactionValue: '1000.25' },
  materials: [
    { id: 'flour', description: 'Wheat flour', hs6: '110100', value: '211.37', originating: false },
    { id: 'mix', description: 'Biscuit mix', hs6: '190120', value: '80.11', originating: false },
    {
      id: 'butter',
      hs6: '040510',
      value: '305.99',
      originating: true,
      evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: HASH },
    },
  ],
  importDate: '2024-03-01',
};

function evaluate(input: EvaluateOriginInput, rules = usmca): OriginEvaluation {
  const r = evaluateOrigin(rules, input, {
    accumulationEvidence: [
      { credentialHash: HASH, verdict: 'VALID', agreement: rules.ruleSet.agreement, coveredHs6: ['040510'] },
    ],
  });
  assert.ok(r.success);
  return r.data;
}

describe('bomCommitment', () => {
  it('is sha256 over the JCS of { bom, salt (base64url) }', () => {
    const commitment = bomCommitment(nobleCrypto, biscuits, salt);
    assert.match(commitment, /^sha256:[0-9a-f]{64}$/);
    // Keys in RFC 8785 order: "bom" < "salt"; inside, keys sorted too.
    const expected = nobleCrypto.sha256Utf8(
      `{"bom":${JSON.stringify({
        good: { description: 'Butter biscuits', hs6: '190590', transactionValue: '1000.25' },
        importDate: '2024-03-01',
        materials: [
          { description: 'Wheat flour', hs6: '110100', id: 'flour', originating: false, value: '211.37' },
          { description: 'Biscuit mix', hs6: '190120', id: 'mix', originating: false, value: '80.11' },
          {
            evidence: { credentialHash: HASH, kind: 'SUPPLIER_CERTIFICATION' },
            hs6: '040510',
            id: 'butter',
            originating: true,
            value: '305.99',
          },
        ],
      })},"salt":"${toBase64Url(salt)}"}`,
    );
    assert.equal(commitment, `sha256:${toHex(expected)}`);
  });

  it('does not depend on key order, and changes with the salt or any value', () => {
    const reordered = { importDate: biscuits.importDate, materials: biscuits.materials, good: biscuits.good };
    assert.equal(bomCommitment(nobleCrypto, reordered, salt), bomCommitment(nobleCrypto, biscuits, salt));
    const other = Uint8Array.from(salt, (b) => b ^ 0xff);
    assert.notEqual(bomCommitment(nobleCrypto, biscuits, other), bomCommitment(nobleCrypto, biscuits, salt));
    const changed = structuredClone(biscuits);
    changed.materials[0]!.value = '211.38';
    assert.notEqual(bomCommitment(nobleCrypto, changed, salt), bomCommitment(nobleCrypto, biscuits, salt));
  });

  it('refuses a salt shorter than 16 bytes', () => {
    assert.throws(() => bomCommitment(nobleCrypto, biscuits, new Uint8Array(15)), { code: 'CL_INPUT_INVALID' });
  });
});

describe('originQualificationSubject', () => {
  it('states the decision, rule, criterion and de minimis use without any value of the bill of materials', () => {
    const evaluation = evaluate(biscuits);
    const commitment = bomCommitment(nobleCrypto, biscuits, salt);
    const subject = originQualificationSubject(evaluation, { bomCommitment: commitment, id: 'did:example:producer' });
    assert.deepEqual(subject, {
      id: 'did:example:producer',
      type: 'OriginQualification',
      agreement: 'USMCA',
      hsEdition: 'HS2022',
      good: { hs6: '190590', description: 'Butter biscuits' },
      result: 'PASS',
      ruleRef: 'USMCA-4B-19.05',
      ruleSource: 'USMCA Annex 4-B; HTSUS General Note 11 (Chapter 19)',
      alternative: 0,
      criterion: 'PRODUCT_SPECIFIC_RULE',
      originCriterion: 'B',
      tariffShift: { level: 'CC', met: true, deMinimisUsed: true },
      deMinimisUsed: true,
      accumulationUsed: true,
      bomCommitment: commitment,
      importDate: '2024-03-01',
    });
    const text = JSON.stringify(subject);
    for (const secret of ['1000.25', '211.37', '80.11', '305.99', '8.01', 'flour', HASH]) {
      assert.ok(!text.includes(secret), `the subject must not disclose ${secret}`);
    }
  });

  it('names the RVC method relied on and its threshold, not the RVC (E-RO-4)', () => {
    const cafta = compileRuleSet(caftaDrRules);
    const input: EvaluateOriginInput = {
      good: { hs6: '870840', adjustedValue: '100' },
      materials: [
        { id: 'housing', hs6: '870899', value: '50', originating: false },
        { id: 'bolts', hs6: '731815', value: '30', originating: true, evidence: { kind: 'WHOLLY_OBTAINED' } },
      ],
      importDate: '2024-03-01',
    };
    const subject = originQualificationSubject(evaluate(input, cafta), {
      bomCommitment: bomCommitment(nobleCrypto, input, salt),
      period: { from: '2024-01-01', to: '2024-12-31' },
    });
    assert.deepEqual(subject.rvc, { method: 'BUILD_DOWN', thresholdPct: '45', met: true });
    assert.equal(subject.alternative, 1);
    assert.equal(subject.originCriterion, undefined);
    assert.deepEqual(subject.period, { from: '2024-01-01', to: '2024-12-31' });
    assert.ok(!JSON.stringify(subject).includes('50.00'));
    assert.throws(
      () =>
        originQualificationSubject(evaluate(input, cafta), {
          bomCommitment: bomCommitment(nobleCrypto, input, salt),
          rvcMethod: 'BUILD_UP',
        }),
      { code: 'CL_INPUT_INVALID' },
    );
  });

  it('records a FAIL without an alternative, and refuses a malformed commitment or period', () => {
    const failing = structuredClone(biscuits);
    failing.materials[1]!.value = '120';
    const evaluation = evaluate(failing);
    const subject = originQualificationSubject(evaluation, { bomCommitment: `sha256:${'0'.repeat(64)}` });
    assert.equal(subject.result, 'FAIL');
    assert.equal(subject.alternative, undefined);
    assert.equal(subject.criterion, undefined);
    assert.equal(subject.deMinimisUsed, false);
    assert.throws(() => originQualificationSubject(evaluation, { bomCommitment: 'sha256:xyz' }), {
      code: 'CL_INPUT_INVALID',
    });
    assert.throws(
      () =>
        originQualificationSubject(evaluation, {
          bomCommitment: `sha256:${'0'.repeat(64)}`,
          period: { from: '2024-12-31', to: '2024-01-01' },
        }),
      { code: 'CL_INPUT_INVALID' },
    );
  });
});
