import { type KeyFact, recordKeyFacts } from '@clearledger/core';

/** What a list of records shows of one: its number, the importer by name, the period it covers. */
export type RecordSummary = {
  number: string | null;
  importer: string | null;
  period: { from: string | null; to: string | null } | null;
};

const NUMBER_LABEL = /Number$/;
const IMPORTER_LABELS = ['importer', 'holder', 'consignee'];

/**
 * A record's summary for lists, read from its family's key facts (so any family with a number, an
 * importer or holder and a period fact is summarised alike); nulls for what the record does not state.
 *
 * @param credential - the signed credential, as parsed.
 * @returns its number, importer's name and period.
 */
export function recordSummary(credential: unknown): RecordSummary {
  const facts: KeyFact[] = recordKeyFacts(credential)?.facts.facts ?? [];
  let number: string | null = null;
  let importer: string | null = null;
  let period: RecordSummary['period'] = null;
  for (const { label, value } of facts) {
    if (value === null) continue;
    if (number === null && NUMBER_LABEL.test(label) && value.kind === 'text') number = value.text;
    else if (importer === null && IMPORTER_LABELS.includes(label) && value.kind === 'parties')
      importer = value.parties.find((p) => p.name !== null)?.name ?? null;
    else if (period === null && value.kind === 'period') period = { from: value.from, to: value.to };
  }
  return { number, importer, period };
}
