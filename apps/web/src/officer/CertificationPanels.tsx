import type { Verdict } from '@clearledger/core';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ClaimSummary } from '../api/clearledgerApi.ts';
import { useI18n, useServices } from '../app/context.ts';
import { localToday } from '../app/localDate.ts';
import { can } from '../app/permissions.ts';
import { hrefOf } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import { claimOutcome, claimOutcomeKeys } from '../portal/caseView.ts';
import { type CoverageView, coverageFor, coverageLook } from './coverage.ts';
import { formatHtsus } from './keyFacts.ts';

const noticeOfTone = { valid: 'notice-valid', invalid: 'notice-danger', inconclusive: 'notice-warn', neutral: '' };

/** The answer for one import date, under the record's verdict (nothing green unless it is VALID). */
function CoverageResult({ view, verdict }: { view: Extract<CoverageView, { kind: 'result' }>; verdict: Verdict }) {
  const { t, date, lang } = useI18n();
  const look = coverageLook(view, verdict);
  return (
    <div
      class={`notice ${noticeOfTone[look.tone]}`}
      data-testid="coverage-result"
      data-covered={view.covered ? 'true' : 'false'}
      data-acceptance={view.acceptance}
      data-tone={look.tone}
    >
      <p class="coverage-verdict">
        <span aria-hidden="true">{look.icon} </span>
        <strong>{t(look.key, { date: date(view.importDate) })}</strong>
      </p>
      {verdict !== 'INVALID' && (
        <>
          {view.period !== null && (
            <p class="small">{t('coverage.period', { from: date(view.period.from), to: date(view.period.to) })}</p>
          )}
          <p class="small" data-testid="coverage-acceptance">
            {view.acceptance === 'WITHIN'
              ? t('coverage.acceptedUntil', { date: date(view.acceptedUntil) })
              : t('coverage.acceptanceEnded', { date: date(view.acceptedUntil) })}
          </p>
          {view.reasons.length > 0 && (
            <ul class="small" data-testid="coverage-reasons">
              {view.reasons.map((r, i) => (
                <li key={i} data-rule={r.rule}>
                  <span class="rule-badge">{r.rule}</span>{' '}
                  <span lang={lang === 'en' ? undefined : 'en'}>{r.message}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/**
 * "Does this certification cover an importation on this date?": core's `coverage()`, on this
 * device, read under the record's verdict.
 */
export function CoverageCard({ credential, verdict }: { credential: unknown; verdict: Verdict }) {
  const { t } = useI18n();
  const [importDate, setImportDate] = useState(localToday);
  const view = useMemo(() => coverageFor(credential, importDate, localToday()), [credential, importDate]);
  if (view.kind === 'not-certification') return null;
  return (
    <section class="card stack" aria-labelledby="coverage-title" data-testid="coverage">
      <h2 id="coverage-title">{t('coverage.title')}</h2>
      <div class="field">
        <label for="coverage-date">{t('coverage.importDate')}</label>
        <input
          id="coverage-date"
          type="date"
          data-testid="coverage-date"
          value={importDate}
          aria-describedby="coverage-hint"
          onInput={(e) => setImportDate((e.currentTarget as HTMLInputElement).value)}
        />
        <p id="coverage-hint" class="hint">
          {t('coverage.hint')}
        </p>
      </div>
      <div role="status" aria-live="polite">
        {view.kind === 'bad-date' && <p class="muted">{t('coverage.badDate')}</p>}
        {view.kind === 'unreadable' && (
          <p class="notice notice-warn" data-testid="coverage-result" data-covered="unknown">
            {t('coverage.unreadable')} <span lang="en">{view.message}</span>
          </p>
        )}
        {view.kind === 'result' && <CoverageResult view={view} verdict={verdict} />}
      </div>
    </section>
  );
}

/** Claims filed on this certification (`GET /origin/claims?certification=<hash>`), for a signed-in reader. */
export function ClaimsOnCertification({ hash }: { hash: string | null }) {
  const { api, session, online } = useServices();
  const { t, dateTime } = useI18n();
  const current = useStore(session);
  const isOnline = useStore(online);
  const [claims, setClaims] = useState<ClaimSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  const allowed = can(current, 'claims:decide') || can(current, 'claims:file');
  useEffect(() => {
    if (!allowed || !isOnline || hash === null) return;
    const controller = new AbortController();
    setFailed(false);
    api
      .listClaims({ certification: hash, limit: 50 }, { signal: controller.signal })
      .then((list) => setClaims(list.items))
      .catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'AbortError') setFailed(true);
      });
    return () => controller.abort();
  }, [hash, allowed, isOnline]);
  if (!allowed || hash === null) return null;
  return (
    <section class="card stack" aria-labelledby="cert-claims-title" data-testid="certification-claims">
      <h2 id="cert-claims-title">{t('coverage.claimsTitle')}</h2>
      {!isOnline && <p class="muted">{t('coverage.claimsOffline')}</p>}
      {failed && <p class="muted">{t('coverage.claimsFailed')}</p>}
      {isOnline && claims === null && !failed && (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {claims !== null &&
        (claims.length === 0 ? (
          <p data-testid="certification-claims-empty">{t('coverage.claimsNone')}</p>
        ) : (
          <ul class="claims-list">
            {claims.map((claim) => (
              <li key={claim.id} data-testid="certification-claim" data-state={claim.state}>
                <a href={hrefOf({ name: 'claim', id: claim.id })}>
                  {t('claims.entryLine', { entry: claim.line.entryNumber, line: claim.line.entryLine })}
                </a>{' '}
                · <span class="mono">{formatHtsus(claim.line.htsus)}</span> · {t(claimOutcomeKeys[claimOutcome(claim)])}{' '}
                · {dateTime(claim.createdAt)}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
