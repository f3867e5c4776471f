import type { Verdict, VerificationCheck } from '@clearledger/core';
import type { ComponentChildren } from 'preact';
import { useI18n } from '../app/context.ts';
import { checkOutcome } from './verdictPresentation.ts';

/**
 * One check of a verification or an assessment: its icon and tone, its name and status, and its
 * reason. The tone follows the overall verdict it belongs to: a passed check is green only under VALID.
 */
export function CheckItem({
  check,
  name,
  testId,
  reasonTestId,
  verdict,
  children,
}: {
  check: { check: string } & Pick<VerificationCheck, 'status' | 'code'>;
  name: string;
  testId: string;
  reasonTestId: string;
  /** The verdict of the whole (for an assessment: ACCEPT as VALID, DENY as INVALID, REVIEW as INCONCLUSIVE). */
  verdict: Verdict;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  const outcome = checkOutcome(check, verdict);
  return (
    <li
      class={`check-row tone-${outcome.tone}`}
      data-testid={testId}
      data-check={check.check}
      data-status={check.status}
      data-code={check.code}
    >
      <span class="check-icon" aria-hidden="true">
        {outcome.icon}
      </span>
      <div>
        <p class="check-head">
          <strong>{name}</strong> — <span class="check-status">{t(outcome.label)}</span>
        </p>
        <p class="check-reason" data-testid={reasonTestId}>
          {children}
        </p>
      </div>
    </li>
  );
}
