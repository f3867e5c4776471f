import type { AnchorReceipt, VerificationReport } from '../verify/types.ts';
import type { AccumulationCredentialType, AccumulationEvidence, Agreement } from './types.ts';

/** What a caller gives {@link verifyAccumulationEvidence}: where credentials come from and how they are verified. */
export type AccumulationEvidenceIo = {
  /** The signed supplier credential with this ledger hash (and its anchor receipt, if known), or null. */
  find(credentialHash: string): Promise<{ credential: unknown; anchor?: AnchorReceipt } | null>;
  /** The host's `verifyCredential` (crypto, ledger view, issuance policy, domain checks), bound to its context. */
  verify(credential: unknown, anchor: AnchorReceipt | undefined): Promise<VerificationReport>;
};

const HEX64 = /^[0-9a-f]{64}$/;
const AGREEMENTS: readonly Agreement[] = ['USMCA', 'CAFTA_DR', 'NAFTA'];
const CERTIFICATION_TYPES: Readonly<Record<string, Agreement>> = {
  USMCACertificationOfOrigin: 'USMCA',
  CAFTADRCertificationOfOrigin: 'CAFTA_DR',
  NAFTACertificateOfOrigin: 'NAFTA',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The ledger hashes of the supplier credentials a bill of materials names
 * (`materials[].evidence.credentialHash` of kind `SUPPLIER_CERTIFICATION`), each once, in order.
 */
export function accumulationCredentialHashes(billOfMaterials: unknown): string[] {
  const materials = isObject(billOfMaterials) ? billOfMaterials.materials : undefined;
  if (!Array.isArray(materials)) return [];
  const hashes: string[] = [];
  for (const m of materials) {
    const evidence = isObject(m) ? m.evidence : undefined;
    if (!isObject(evidence) || evidence.kind !== 'SUPPLIER_CERTIFICATION') continue;
    const hash = evidence.credentialHash;
    if (typeof hash === 'string' && HEX64.test(hash) && !hashes.includes(hash)) hashes.push(hash);
  }
  return hashes;
}

/**
 * What a verification report and the credential it is about say for accumulation: the verdict (a
 * report whose hash is not `credentialHash` counts as INVALID), the reason of the first check that is
 * not VALID, and from the credential its agreement and the subheadings it states as originating — an
 * `OriginQualificationCredential` its good when the result is PASS; a certification of origin every
 * goods line (`hs6`, or the first 6 digits of a CAFTA-DR `hsCode`). Another type states nothing.
 */
export function accumulationEvidence(
  credentialHash: string,
  credential: unknown,
  report: VerificationReport,
): AccumulationEvidence {
  const evidence: AccumulationEvidence = { credentialHash, verdict: report.verdict, coveredHs6: [] };
  if (report.hash !== undefined && report.hash !== credentialHash) {
    evidence.verdict = 'INVALID';
    evidence.reason = `the credential found has hash ${report.hash.slice(0, 12)}…, not the one the material names`;
  } else if (report.verdict !== 'VALID') {
    const check =
      report.checks.find((c) => c.status !== 'VALID' && c.status !== 'SKIPPED') ??
      report.checks.find((c) => c.status !== 'VALID');
    if (check !== undefined) evidence.reason = `${check.check}: ${check.message} [${check.code}]`;
  }
  if (report.issuer !== undefined) evidence.issuer = report.issuer;
  const vc = isObject(credential) ? credential : {};
  const types = Array.isArray(vc.type) ? vc.type.filter((t): t is string => typeof t === 'string') : [];
  const subject = isObject(vc.credentialSubject) ? vc.credentialSubject : {};
  const agreement = AGREEMENTS.find((a) => a === subject.agreement);
  if (types.includes('OriginQualificationCredential')) {
    evidence.credentialType = 'OriginQualificationCredential';
    if (agreement !== undefined) evidence.agreement = agreement;
    const good = isObject(subject.good) ? subject.good : {};
    if (subject.result === 'PASS' && typeof good.hs6 === 'string' && /^\d{6}$/.test(good.hs6))
      evidence.coveredHs6 = [good.hs6];
    return evidence;
  }
  const certification = types.find((t) => t in CERTIFICATION_TYPES);
  if (certification !== undefined) {
    evidence.credentialType = certification as AccumulationCredentialType;
    // The subject's agreement must be the one of the credential type.
    if (agreement !== undefined && CERTIFICATION_TYPES[certification] === agreement) evidence.agreement = agreement;
    const goods = Array.isArray(subject.goods) ? subject.goods : [];
    const covered: string[] = [];
    for (const g of goods) {
      if (!isObject(g)) continue;
      const code = typeof g.hs6 === 'string' ? g.hs6 : typeof g.hsCode === 'string' ? g.hsCode : '';
      const hs6 = code.replace(/\./g, '').slice(0, 6);
      if (/^\d{6}$/.test(hs6) && !covered.includes(hs6)) covered.push(hs6);
    }
    evidence.coveredHs6 = covered;
  }
  return evidence;
}

/**
 * Finds and verifies every supplier credential a bill of materials names, with the host's own
 * verifier (`io.verify`, i.e. `verifyCredential` with its ledger view: signature, issuer and role
 * as of issuance, anchor, status, validity, domain checks), and returns the evidence
 * `evaluateOrigin` takes. The engine never sees a claim that a credential was verified, only this.
 * A credential that cannot be found is `NOT_FOUND`; a `find` or `verify` that throws is INCONCLUSIVE
 * with its message.
 *
 * @example
 * const evidence = await verifyAccumulationEvidence({ find, verify }, bom);
 * const result = evaluateOrigin(rules, bom, { accumulationEvidence: evidence });
 */
export async function verifyAccumulationEvidence(
  io: AccumulationEvidenceIo,
  billOfMaterials: unknown,
): Promise<AccumulationEvidence[]> {
  const out: AccumulationEvidence[] = [];
  for (const hash of accumulationCredentialHashes(billOfMaterials)) {
    try {
      const found = await io.find(hash);
      if (found === null) {
        out.push({ credentialHash: hash, verdict: 'NOT_FOUND', coveredHs6: [] });
        continue;
      }
      const report = await io.verify(found.credential, found.anchor);
      out.push(accumulationEvidence(hash, found.credential, report));
    } catch (error) {
      out.push({
        credentialHash: hash,
        verdict: 'INCONCLUSIVE',
        reason: error instanceof Error ? error.message : String(error),
        coveredHs6: [],
      });
    }
  }
  return out;
}
