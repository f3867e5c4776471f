/**
 * What a program's permits must be, beyond the rules of every permit: the longest term from
 * `issuedOn` to `expiresOn`, and whether each is single-use. A permit follows the first rule whose
 * `agency` equals its agency code and whose `programIncludes` occurs in its program (case ignored); a rule without agency fits any agency.
 */
export type PermitProgramRule = {
  /** The agency code; absent: any agency (a CITES permit may come from any Management Authority). */
  agency?: string;
  programIncludes: string;
  /** Longest term in calendar months (expiresOn ≤ issuedOn + months). */
  maxTermMonths?: number;
  /** True when every permit of the program is consumed by its first use. */
  singleUse?: boolean;
  /** Where the figure comes from. */
  source: string;
};

/** The program rules of domain specification §6.2. */
export const defaultPermitProgramRules: readonly PermitProgramRule[] = [
  {
    agency: 'ATF',
    programIncludes: 'Form 6',
    maxTermMonths: 24,
    source: 'ATF Form 6 import permit: term 2 years (27 CFR 447.42, rule effective 2014-04-08)',
  },
  {
    programIncludes: 'CITES export permit',
    maxTermMonths: 6,
    singleUse: true,
    source: 'CITES export permit: valid 6 months, one consignment',
  },
];

/** The program rule a permit follows, if any. */
export function permitProgramRuleOf(
  agency: unknown,
  program: unknown,
  rules: readonly PermitProgramRule[] = defaultPermitProgramRules,
): PermitProgramRule | undefined {
  if (typeof agency !== 'string' || typeof program !== 'string') return undefined;
  const text = program.toLowerCase();
  return rules.find(
    (r) => (r.agency === undefined || r.agency === agency) && text.includes(r.programIncludes.toLowerCase()),
  );
}
