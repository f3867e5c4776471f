import {
  type CertificationAgreement,
  type CoverageReason,
  certificationCredentialTypes,
  coverage,
  type Verdict,
} from '@clearledger/core';
import type { MessageKey } from '../i18n/index.ts';
import { type Tone, toneUnder } from './verdictTone.ts';

/** What the officer sees for "does this certification cover an importation on this date". */
export type CoverageView =
  /** The record is not a certification of origin. */
  | { kind: 'not-certification' }
  /** The date typed is not a calendar date. */
  | { kind: 'bad-date' }
  /** The certification's period or signature date cannot be read. */
  | { kind: 'unreadable'; message: string }
  | {
      kind: 'result';
      agreement: CertificationAgreement;
      importDate: string;
      /** The claim is taken as made today (or on the import date, for a future importation). */
      claimDate: string;
      covered: boolean;
      acceptance: 'WITHIN' | 'EXPIRED';
      /** Last day a claim may rely on the certification (4 years after signature). */
      acceptedUntil: string;
      /** The blanket period, or null for a single shipment. */
      period: { from: string; to: string } | null;
      reasons: CoverageReason[];
    };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (text: string) => DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

/** The agreement of a certification credential, from its type; null for any other record. */
export function certificationAgreementOf(credential: unknown): CertificationAgreement | null {
  const types = (credential as { type?: unknown } | null)?.type;
  if (!Array.isArray(types)) return null;
  const found = (Object.entries(certificationCredentialTypes) as [CertificationAgreement, string][]).find(([, type]) =>
    types.includes(type),
  );
  return found?.[0] ?? null;
}

/**
 * Core's `coverage()` for a scanned certification and an import date: covered or not (CO-09, with
 * the reason), and whether a claim made today is within the acceptance period (CO-08) and until when.
 */
export function coverageFor(credential: unknown, importDate: string, today: string): CoverageView {
  const agreement = certificationAgreementOf(credential);
  const subject = (credential as { credentialSubject?: unknown } | null)?.credentialSubject as
    | { scope?: { type?: string; from?: string; to?: string }; signature?: { date?: string } }
    | undefined;
  if (agreement === null || typeof subject !== 'object' || subject === null || Array.isArray(subject))
    return { kind: 'not-certification' };
  if (!isDate(importDate)) return { kind: 'bad-date' };
  const claimDate = importDate > today ? importDate : today;
  try {
    const result = coverage(
      { agreement, scope: subject.scope as never, signature: subject.signature as never },
      { importDate, claimDate },
    );
    const scope = subject.scope;
    return {
      kind: 'result',
      agreement,
      importDate,
      claimDate,
      covered: result.covered,
      acceptance: result.acceptance,
      acceptedUntil: result.acceptedUntil,
      period:
        scope?.type === 'BLANKET' && typeof scope.from === 'string' && typeof scope.to === 'string'
          ? { from: scope.from, to: scope.to }
          : null,
      reasons: result.reasons,
    };
  } catch (error) {
    return { kind: 'unreadable', message: error instanceof Error ? error.message : String(error) };
  }
}

/** How the answer for an import date looks: its tone, icon and sentence (`{date}` is the import date). */
export type CoverageLook = { tone: Tone; icon: string; key: MessageKey };

/**
 * The answer for an import date as the officer should read it under the record's verdict. The
 * dates alone decide nothing: a record that is not VALID covers no importation, whatever its
 * period says, and only a VALID one within its acceptance period is shown green.
 *
 * @example
 * coverageLook({ covered: true, acceptance: 'WITHIN' }, 'INVALID'); // red ✗ "Covers no importation…"
 */
export function coverageLook(
  view: Pick<Extract<CoverageView, { kind: 'result' }>, 'covered' | 'acceptance'>,
  verdict: Verdict,
): CoverageLook {
  if (verdict === 'INVALID') return { tone: 'invalid', icon: '✗', key: 'coverage.invalidRecord' };
  if (!view.covered) return { tone: 'invalid', icon: '✗', key: 'coverage.notCovered' };
  if (verdict === 'INCONCLUSIVE') return { tone: 'inconclusive', icon: '!', key: 'coverage.coveredIfValid' };
  const tone = toneUnder(verdict, view.acceptance === 'WITHIN' ? 'valid' : 'invalid');
  return { tone, icon: tone === 'valid' ? '✓' : '!', key: 'coverage.covered' };
}
