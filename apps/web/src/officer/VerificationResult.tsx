import type { VerificationCheck } from '@clearledger/core';
import { useI18n } from '../app/context.ts';
import type { CheckEntry } from '../offline/checkHistory.ts';
import { CheckItem } from './CheckItem.tsx';
import { KeyFactsView } from './KeyFactsView.tsx';
import { keyFactsOf } from './keyFacts.ts';
import { checkLabels, checkSentence, ledgerSourceSentence, nextSteps, verdictLooks } from './verdictPresentation.ts';

function CheckRow({ check }: { check: VerificationCheck }) {
  const { t } = useI18n();
  const sentence = checkSentence(check);
  return (
    <CheckItem check={check} name={t(checkLabels[check.check])} testId="check-row" reasonTestId="check-reason">
      {sentence === null ? check.message : t(sentence.key, sentence.params)}
    </CheckItem>
  );
}

/** The verdict panel, every check with its reason, the ledger source, what to do next, and the record's facts. */
export function VerificationResult({ entry, rechecking }: { entry: CheckEntry; rechecking: boolean }) {
  const { t, dateTime } = useI18n();
  const { report } = entry;
  const look = verdictLooks[report.verdict];
  const source = ledgerSourceSentence(report);
  return (
    <>
      <div
        class={`verdict verdict-${look.tone}`}
        data-testid="verdict"
        data-verdict={report.verdict}
        data-source={report.ledgerSource?.kind ?? 'none'}
        data-rechecking={rechecking ? 'true' : 'false'}
        role="status"
        aria-live="assertive"
        aria-atomic="true"
      >
        <span class="verdict-icon" aria-hidden="true">
          {look.icon}
        </span>
        <div>
          <p class="verdict-label" data-testid="verdict-label">
            {t(look.label)}
          </p>
          <p class="verdict-summary">{t(look.summary)}</p>
        </div>
      </div>
      <p class="ledger-source" data-testid="ledger-source" data-kind={report.ledgerSource?.kind ?? 'none'}>
        {t(source.key, source.params)} · {t('check.checkedAt', { at: dateTime(report.verifiedAt) })}
        {rechecking && (
          <span class="muted" role="status">
            {' '}
            · {t('check.rechecking')}
          </span>
        )}
      </p>

      <section class="card" aria-labelledby="next-title" data-testid="next-steps">
        <h2 id="next-title">{t('check.nextSteps')}</h2>
        <ul class="next-steps">
          {nextSteps(report).map((key) => (
            <li key={key} data-key={key}>
              {t(key)}
            </li>
          ))}
        </ul>
      </section>

      <section class="card" aria-labelledby="checks-title">
        <h2 id="checks-title">{t('check.checks')}</h2>
        <ul class="checks" data-testid="checks">
          {report.checks.map((check) => (
            <CheckRow key={check.check} check={check} />
          ))}
        </ul>
      </section>

      <KeyFactsView facts={keyFactsOf(entry.credential)} hash={report.hash ?? entry.referenceHash ?? null} />
    </>
  );
}
