import { dayNumberOf } from './calendarDate.ts';
import type { CertificationProblem } from './types.ts';

/** Parameters of {@link checkCorrection}: two certification credentials. */
export type CheckCorrectionParameters = {
  /** The corrected certification; its `credentialSubject.supersedes` names the original. */
  correction: unknown;
  /** The certification being corrected. */
  original: unknown;
};

/** Result of {@link checkCorrection}. */
export type CheckCorrectionResult = { success: true } | { success: false; problems: CertificationProblem[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i;

const issuerOf = (vc: Json): unknown => (isObject(vc.issuer) ? vc.issuer.id : vc.issuer);
const sameName = (a: unknown, b: unknown) =>
  typeof a === 'string' &&
  typeof b === 'string' &&
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Checks that one certification correctly corrects another: `supersedes` is the original's URN id,
 * both are under the same agreement, the correction is issued by the same organisation and made by
 * the same certifier (role, name and, when both give one, tax id), and it is not signed before the
 * original. Problems point into the correction.
 */
export function checkCorrection(params: CheckCorrectionParameters): CheckCorrectionResult {
  const problems: CertificationProblem[] = [];
  const add = (field: string, message: string) =>
    problems.push({ code: 'CL_ORIGIN_CERTIFICATION_INVALID', rule: 'CORRECTION', field, message });
  const { correction, original } = params;
  if (!isObject(correction) || !isObject(correction.credentialSubject)) {
    add('/', 'The correction must be a certification credential with one credentialSubject.');
    return { success: false, problems };
  }
  if (!isObject(original) || !isObject(original.credentialSubject)) {
    add('/', 'The original must be a certification credential with one credentialSubject.');
    return { success: false, problems };
  }
  const c = correction.credentialSubject;
  const o = original.credentialSubject;

  if (!(typeof c.supersedes === 'string' && URN.test(c.supersedes)))
    add(
      '/credentialSubject/supersedes',
      'A correction must name the URN id of the certification it corrects in supersedes.',
    );
  else if (typeof original.id !== 'string' || c.supersedes !== original.id)
    add(
      '/credentialSubject/supersedes',
      `supersedes (${c.supersedes}) is not the id of the original certification (${String(original.id)}).`,
    );
  if (typeof correction.id === 'string' && correction.id === original.id)
    add('/id', 'A correction needs its own id, different from the certification it corrects.');
  if (c.agreement !== o.agreement)
    add(
      '/credentialSubject/agreement',
      `A correction stays under the agreement of the original (${String(o.agreement)}), not ${String(c.agreement)}.`,
    );
  if (issuerOf(correction) !== issuerOf(original))
    add(
      '/issuer',
      `Only the certifier of the original (${String(issuerOf(original))}) can issue its correction, not ${String(issuerOf(correction))}.`,
    );
  const cc = isObject(c.certifier) ? c.certifier : {};
  const oc = isObject(o.certifier) ? o.certifier : {};
  if (c.certifierRole !== o.certifierRole || !sameName(cc.name, oc.name))
    add(
      '/credentialSubject/certifier',
      `The correction must be made by the same certifier as the original (${String(oc.name)}, ${String(o.certifierRole)}).`,
    );
  else if (typeof cc.taxId === 'string' && typeof oc.taxId === 'string' && cc.taxId !== oc.taxId)
    add(
      '/credentialSubject/certifier/taxId',
      'The certifier of the correction has another tax id than the original’s.',
    );
  const signedOn = dayNumberOf(isObject(c.signature) ? c.signature.date : undefined);
  const originalOn = dayNumberOf(isObject(o.signature) ? o.signature.date : undefined);
  if (signedOn !== undefined && originalOn !== undefined && signedOn < originalOn)
    add('/credentialSubject/signature/date', 'A correction cannot be signed before the certification it corrects.');

  return problems.length === 0 ? { success: true } : { success: false, problems };
}
