import type { Verdict } from '@clearledger/core';

/** The colours a verdict screen uses: green, amber, red, or grey (no judgement). */
export type Tone = 'valid' | 'inconclusive' | 'invalid' | 'neutral';

/**
 * The tone a part of a verdict screen may take under the record's verdict. Green belongs to a VALID
 * verdict alone: anything else that would be green (a check that passed, a date the record's
 * period covers) turns grey, so a passing detail of an INVALID or INCONCLUSIVE record never reads
 * as "good". Every coloured element on the screen asks this one function.
 *
 * @param verdict - the record's verdict.
 * @param wanted - the tone the part would have on its own.
 * @returns `wanted`, except `'neutral'` for `'valid'` when the verdict is not VALID.
 * @example
 * toneUnder('INVALID', 'valid'); // 'neutral'
 */
export function toneUnder(verdict: Verdict, wanted: Tone): Tone {
  return wanted === 'valid' && verdict !== 'VALID' ? 'neutral' : wanted;
}
