import type { ErrorCode } from '../errors/codes.ts';
import { isKnownContext, VC_V2_CONTEXT } from './contexts.ts';
import type { Credential } from './types.ts';

/** One problem found in a credential's shape. */
export type FormatProblem = { code: ErrorCode; field: string; message: string };

/** Result of {@link checkCredentialFormat}. */
export type CheckCredentialFormatResult =
  | { success: true; data: Credential }
  | { success: false; problems: FormatProblem[] };

// XML Schema dateTimeStamp: a date-time with a time zone (Z or ±hh:mm).
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const URL_LIKE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/;

/** True when `value` is an XML Schema dateTimeStamp (what VC 2.0 requires for validFrom/validUntil). */
export function isDateTimeStamp(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Checks that a value is a VC Data Model 2.0 credential Clearledger can process: `@context` starts
 * with the VC 2.0 context and every context is known offline (no fetching), `type` includes
 * `VerifiableCredential`, `issuer` is a URL or an object with a URL `id`, `credentialSubject` is an
 * object or a non-empty array of objects, dates are dateTimeStamps with `validFrom ≤ validUntil`.
 * Problems are returned as values, each with the field it is about.
 */
export function checkCredentialFormat(value: unknown): CheckCredentialFormatResult {
  const problems: FormatProblem[] = [];
  const add = (field: string, message: string, code: ErrorCode = 'CL_CREDENTIAL_INVALID') =>
    problems.push({ code, field, message });

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      success: false,
      problems: [{ code: 'CL_CREDENTIAL_INVALID', field: '/', message: 'A credential must be a JSON object.' }],
    };
  }
  const vc = value as Record<string, unknown>;
  const context = vc['@context'];
  if (!Array.isArray(context) || context.length === 0) {
    add('/@context', '@context must be a non-empty array.');
  } else {
    if (context[0] !== VC_V2_CONTEXT) add('/@context/0', `The first @context must be "${VC_V2_CONTEXT}".`);
    context.forEach((entry, i) => {
      if (typeof entry !== 'string') add(`/@context/${i}`, 'Each @context entry must be a URL string.');
      else if (!isKnownContext(entry))
        add(`/@context/${i}`, `The context "${entry}" is not known offline.`, 'CL_CONTEXT_UNKNOWN');
    });
  }
  if (vc.id !== undefined && !(typeof vc.id === 'string' && URL_LIKE.test(vc.id))) add('/id', 'id must be a URL.');
  const type = vc.type;
  if (!Array.isArray(type) || !type.every((t) => typeof t === 'string' && t.length > 0)) {
    add('/type', 'type must be an array of names.');
  } else if (!type.includes('VerifiableCredential')) {
    add('/type', 'type must include "VerifiableCredential".');
  }
  const issuer = vc.issuer;
  const issuerUrl =
    typeof issuer === 'string'
      ? issuer
      : typeof issuer === 'object' && issuer !== null
        ? (issuer as { id?: unknown }).id
        : undefined;
  if (typeof issuerUrl !== 'string' || !URL_LIKE.test(issuerUrl))
    add('/issuer', 'issuer must be a URL or an object with a URL id.');
  const subject = vc.credentialSubject;
  const subjects = Array.isArray(subject) ? subject : [subject];
  if (subjects.length === 0 || !subjects.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s))) {
    add('/credentialSubject', 'credentialSubject must be an object or a non-empty array of objects.');
  }
  for (const field of ['validFrom', 'validUntil'] as const) {
    if (vc[field] !== undefined && !isDateTimeStamp(vc[field]))
      add(`/${field}`, `${field} must be a date-time with a time zone.`);
  }
  if (
    isDateTimeStamp(vc.validFrom) &&
    isDateTimeStamp(vc.validUntil) &&
    Date.parse(vc.validFrom) > Date.parse(vc.validUntil)
  ) {
    add('/validUntil', 'validUntil must not be before validFrom.');
  }
  return problems.length === 0 ? { success: true, data: vc as Credential } : { success: false, problems };
}
