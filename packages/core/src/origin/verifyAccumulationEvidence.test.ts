import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anchoredUsmcaRecord } from '../../../../test/fixtures/anchoredUsmcaRecord.ts';
import { certificationDomainChecks } from '../certificate-of-origin/certificationDomainChecks.ts';
import { nobleCrypto as crypto } from '../crypto/nobleCrypto.ts';
import { snapshotLedgerView } from '../ledger/snapshotLedgerView.ts';
import type { AnchorReceipt } from '../verify/types.ts';
import { verifyCredential } from '../verify/verifyCredential.ts';
import { evaluateOrigin } from './evaluateOrigin.ts';
import { compileRuleSet } from './ruleSet.ts';
import { usmcaRules } from './rules/usmcaRules.ts';
import type { EvaluateOriginInput } from './types.ts';
import {
  accumulationCredentialHashes,
  accumulationEvidence,
  verifyAccumulationEvidence,
} from './verifyAccumulationEvidence.ts';

const usmca = compileRuleSet(usmcaRules);
const NOW = '2025-06-10T10:00:00Z';
/** The supplier's USMCA certification (goods 9403.60, 9401.61, 9403.50, 9403.40, 9403.91), signed and anchored. */
const supplier = anchoredUsmcaRecord();
const ledger = snapshotLedgerView(supplier.snapshot);

/** The host's verifier: the node's verifyCredential with a ledger view and the certification domain checks. */
const verify = (credential: unknown, anchor: AnchorReceipt | undefined) =>
  verifyCredential(
    { crypto, now: NOW, ledger, domainChecks: certificationDomainChecks },
    { credential, ...(anchor === undefined ? {} : { anchor }) },
  );

/** Domain.md E-RO-2 furniture: tables of 9403.60 whose legs (9403.91) come from the supplier. */
function tables(hash: string, legsHs6 = '940391'): EvaluateOriginInput {
  return {
    good: { hs6: '940360', description: 'Wooden dining tables', transactionValue: '10000', netCost: '8000' },
    materials: [
      {
        id: 'legs',
        hs6: legsHs6,
        value: '4200',
        originating: true,
        evidence: { kind: 'SUPPLIER_CERTIFICATION', credentialHash: hash },
      },
      { id: 'hardware', hs6: '830242', value: '300', originating: false },
    ],
    importDate: '2025-06-10',
  };
}

async function run(
  input: EvaluateOriginInput,
  records: Record<string, { credential: unknown; anchor?: AnchorReceipt }>,
) {
  const evidence = await verifyAccumulationEvidence({ find: async (h) => records[h] ?? null, verify }, input);
  const r = evaluateOrigin(usmca, input, { accumulationEvidence: evidence });
  assert.ok(r.success, JSON.stringify(!r.success && r.problems));
  return { evidence, evaluation: r.data };
}

describe('verifyAccumulationEvidence: the supplier credential is verified by the host, then counted', () => {
  it('a VALID, anchored USMCA certification covering the legs makes them originating: VNM 300 → PASS', async () => {
    const { evidence, evaluation } = await run(tables(supplier.hash), {
      [supplier.hash]: { credential: supplier.credential, anchor: supplier.anchor },
    });
    assert.deepEqual(evidence, [
      {
        credentialHash: supplier.hash,
        verdict: 'VALID',
        issuer: 'did:web:producer.example',
        credentialType: 'USMCACertificationOfOrigin',
        agreement: 'USMCA',
        coveredHs6: ['940360', '940161', '940350', '940340', '940391'],
      },
    ]);
    assert.equal(evaluation.result, 'PASS');
    assert.equal(evaluation.accumulation, true);
    assert.equal(evaluation.totals.vnm, '300');
  });

  it('the same bill of materials without the verified credential: the legs are non-originating → FAIL (RVC 55 %)', async () => {
    const { evaluation } = await run(tables(supplier.hash), {});
    assert.equal(evaluation.result, 'FAIL');
    assert.equal(evaluation.notes[0]!.basis, 'SUPPLIER_CERTIFICATION_REJECTED');
    assert.match(evaluation.notes[0]!.message, /was not found/);
    assert.equal(evaluation.totals.vnm, '4500');
  });

  it('a tampered credential is INVALID and does not count, with the failing check as the reason', async () => {
    const tampered = structuredClone(supplier.credential) as unknown as {
      credentialSubject: { goods: { hs6: string }[] };
    };
    tampered.credentialSubject.goods[0]!.hs6 = '940391';
    const { evidence, evaluation } = await run(tables(supplier.hash), {
      [supplier.hash]: { credential: tampered, anchor: supplier.anchor },
    });
    assert.equal(evidence[0]!.verdict, 'INVALID');
    assert.equal(evaluation.result, 'FAIL');
    assert.match(evaluation.notes[0]!.message, /is INVALID: /);
  });

  it('without the anchor on the ledger the verdict is INCONCLUSIVE: not counted', async () => {
    const unanchored = snapshotLedgerView({ ...supplier.snapshot, anchors: [] });
    const evidence = await verifyAccumulationEvidence(
      {
        find: async () => ({ credential: supplier.credential, anchor: supplier.anchor }),
        verify: (credential, anchor) =>
          verifyCredential(
            { crypto, now: NOW, ledger: unanchored, domainChecks: certificationDomainChecks },
            { credential, ...(anchor === undefined ? {} : { anchor }) },
          ),
      },
      tables(supplier.hash),
    );
    assert.notEqual(evidence[0]!.verdict, 'VALID');
    const r = evaluateOrigin(usmca, tables(supplier.hash), { accumulationEvidence: evidence });
    assert.ok(r.success);
    assert.equal(r.data.result, 'FAIL');
    assert.match(r.data.notes[0]!.message, /anchor/);
  });

  it('a VALID credential presented for another hash, or not covering the material, does not count', async () => {
    const other = 'ef'.repeat(32);
    const { evidence } = await run(tables(other), {
      [other]: { credential: supplier.credential, anchor: supplier.anchor },
    });
    assert.equal(evidence[0]!.verdict, 'INVALID');
    assert.match(evidence[0]!.reason!, /not the one the material names/);
    const { evaluation } = await run(tables(supplier.hash, '940399'), {
      [supplier.hash]: { credential: supplier.credential, anchor: supplier.anchor },
    });
    assert.equal(evaluation.result, 'FAIL');
    assert.match(
      evaluation.notes[0]!.message,
      /covers 9403\.60, 9401\.61, 9403\.50, 9403\.40, 9403\.91, not the material's 9403\.99/,
    );
  });

  it('a verifier that throws makes the evidence INCONCLUSIVE with its message', async () => {
    const evidence = await verifyAccumulationEvidence(
      {
        find: async () => {
          throw new Error('node unreachable');
        },
        verify,
      },
      tables(supplier.hash),
    );
    assert.deepEqual(evidence, [
      { credentialHash: supplier.hash, verdict: 'INCONCLUSIVE', reason: 'node unreachable', coveredHs6: [] },
    ]);
  });

  it('accumulationCredentialHashes lists each well-formed supplier hash once', () => {
    const input = tables(supplier.hash);
    input.materials.push(
      { ...input.materials[0]!, id: 'legs2' },
      {
        id: 'x',
        hs6: '830242',
        value: '1',
        originating: true,
        evidence: { kind: 'WHOLLY_OBTAINED' },
      },
    );
    assert.deepEqual(accumulationCredentialHashes(input), [supplier.hash]);
    assert.deepEqual(accumulationCredentialHashes(null), []);
  });

  it('accumulationEvidence reads an origin qualification (its good when PASS) and a CAFTA-DR certification (first 6 digits)', () => {
    const report = { verdict: 'VALID' as const, checks: [], verifiedAt: NOW, hash: supplier.hash };
    const oqc = (result: string) => ({
      type: ['VerifiableCredential', 'OriginQualificationCredential'],
      credentialSubject: { type: 'OriginQualification', agreement: 'USMCA', good: { hs6: '940391' }, result },
    });
    assert.deepEqual(accumulationEvidence(supplier.hash, oqc('PASS'), report).coveredHs6, ['940391']);
    assert.deepEqual(accumulationEvidence(supplier.hash, oqc('FAIL'), report).coveredHs6, []);
    const caftaCert = {
      type: ['VerifiableCredential', 'CAFTADRCertificationOfOrigin'],
      credentialSubject: { agreement: 'CAFTA_DR', goods: [{ hsCode: '9403600000' }] },
    };
    const e = accumulationEvidence(supplier.hash, caftaCert, report);
    assert.deepEqual([e.agreement, e.coveredHs6], ['CAFTA_DR', ['940360']]);
    // A USMCA credential type whose subject claims another agreement states no agreement.
    const mixed = {
      type: ['VerifiableCredential', 'USMCACertificationOfOrigin'],
      credentialSubject: { agreement: 'CAFTA_DR', goods: [] },
    };
    assert.equal(accumulationEvidence(supplier.hash, mixed, report).agreement, undefined);
  });
});
