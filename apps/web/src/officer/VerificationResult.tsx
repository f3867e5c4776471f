import type { Verdict, VerificationCheck } from '@clearledger/core';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../app/context.ts';
import type { CheckEntry } from '../offline/checkHistory.ts';
import { CheckItem } from './CheckItem.tsx';
import { KeyFactsView } from './KeyFactsView.tsx';
import { keyFactsOf } from './keyFacts.ts';
import {
  checkLabels,
  checkPassed,
  checkSentence,
  ledgerSourceSentence,
  nextSteps,
  type VerdictChange,
  verdictLooks,
} from './verdictPresentation.ts';

function CheckRow({ check, verdict }: { check: VerificationCheck; verdict: Verdict }) {
  const { t } = useI18n();
  const sentence = checkSentence(check);
  return (
    <CheckItem
      check={check}
      name={t(checkLabels[check.check])}
      testId="check-row"
      reasonTestId="check-reason"
      verdict={verdict}
    >
      {sentence === null ? check.message : t(sentence.key, sentence.params)}
    </CheckItem>
  );
}

/** The checks: those that did not pass stay open; those that passed fold into one line that opens. */
function Checks({ checks, verdict }: { checks: VerificationCheck[]; verdict: Verdict }) {
  const { t } = useI18n();
  const failed = checks.filter((c) => !checkPassed(c));
  const passed = checks.filter(checkPassed);
  return (
    <section class="card" aria-labelledby="checks-title" data-testid="checks-card">
      <h2 id="checks-title">{t('check.checks')}</h2>
      {failed.length > 0 && (
        <ul class="checks" data-testid="checks">
          {failed.map((check) => (
            <CheckRow key={check.check} check={check} verdict={verdict} />
          ))}
        </ul>
      )}
      {passed.length > 0 && (
        <details class="checks-passed" data-testid="checks-passed">
          <summary data-testid="checks-passed-summary">
            {t('check.passedCount', { count: passed.length, total: checks.length })}
          </summary>
          <ul class="checks">
            {passed.map((check) => (
              <CheckRow key={check.check} check={check} verdict={verdict} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/**
 * The verdict panel, the record's key facts right under it, what to do next, then the checks
 * (passed ones folded). When `change` says the verdict just changed (an online re-check), the
 * panel says so, takes the focus and scrolls into view.
 */
export function VerificationResult({
  entry,
  rechecking,
  change = null,
}: {
  entry: CheckEntry;
  rechecking: boolean;
  change?: VerdictChange | null;
}) {
  const { t, dateTime } = useI18n();
  const { report } = entry;
  const look = verdictLooks[report.verdict];
  const source = ledgerSourceSentence(report);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (change === null || panel.current === null) return;
    panel.current.focus({ preventScroll: true });
    panel.current.scrollIntoView({ block: 'start' });
  }, [change]);
  return (
    <>
      <div
        ref={panel}
        tabIndex={-1}
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
          {change !== null && (
            <p class="verdict-change" data-testid="verdict-change" data-from={change.from} data-to={change.to}>
              {change.reason === null
                ? t('check.verdictChangedTo', { from: t(verdictLooks[change.from].label), to: t(look.label) })
                : t('check.verdictChanged', {
                    from: t(verdictLooks[change.from].label),
                    to: t(look.label),
                    reason: t(change.reason),
                  })}
            </p>
          )}
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

      <KeyFactsView
        facts={keyFactsOf(entry.credential)}
        hash={report.hash ?? entry.referenceHash ?? null}
        verdict={report.verdict}
      />

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

      <Checks checks={report.checks} verdict={report.verdict} />
    </>
  );
}
