/** How an agreement is written in a file name. */
const agreementNames: Readonly<Record<string, string>> = { USMCA: 'USMCA', CAFTA_DR: 'CAFTA-DR', NAFTA: 'NAFTA' };

const safe = (text: string) =>
  text
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');

/**
 * The name a record's paper copy (PDF, QR image) is saved under, without extension: a certification
 * by its agreement and number (`USMCA-MX-MAJ-2026-00003`), another record by the first `…Number` its
 * subject states (`P-42`), else by the start of its ledger hash. Only letters, digits, `.`, `_`, `-`.
 *
 * @param credential - the credential, as parsed (possibly hostile or malformed).
 * @param hash - its ledger hash (64 hex digits), the fallback.
 * @returns the base name.
 * @example
 * recordPaperName(certification, hash); // 'USMCA-MX-MAJ-2026-00003'
 */
export function recordPaperName(credential: unknown, hash: string): string {
  const vc = (typeof credential === 'object' && credential !== null ? credential : {}) as Record<string, unknown>;
  const first = Array.isArray(vc.credentialSubject) ? vc.credentialSubject[0] : vc.credentialSubject;
  const subject = (typeof first === 'object' && first !== null ? first : {}) as Record<string, unknown>;
  const number =
    typeof subject.certificationNumber === 'string'
      ? subject.certificationNumber
      : Object.entries(subject).find(([key, value]) => /Number$/.test(key) && typeof value === 'string')?.[1];
  const named = typeof number === 'string' ? safe(number).slice(0, 100) : '';
  if (named === '') return hash.slice(0, 16);
  const agreement =
    typeof subject.certificationNumber === 'string' && typeof subject.agreement === 'string'
      ? agreementNames[subject.agreement]
      : undefined;
  return agreement === undefined || named.startsWith(`${agreement}-`) ? named : `${agreement}-${named}`;
}
