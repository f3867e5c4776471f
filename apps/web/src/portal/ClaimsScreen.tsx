import { useEffect, useState } from 'preact/hooks';
import type { ClaimSummary } from '../api/clearledgerApi.ts';
import { useI18n, useServices } from '../app/context.ts';
import { can } from '../app/permissions.ts';
import { hrefOf } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import { formatHtsus } from '../officer/keyFacts.ts';
import { claimOutcome, claimOutcomeKeys } from './caseView.ts';
import { useErrorText } from './shared.tsx';

/** A claim's state as a badge: words and colour (colour is never the only signal). */
export function ClaimStateBadge({ claim }: { claim: Pick<ClaimSummary, 'state'> }) {
  const { t } = useI18n();
  const outcome = claimOutcome(claim);
  return (
    <span class={`badge badge-${outcome.toLowerCase()}`} data-testid="claim-state-badge" data-state={claim.state}>
      {t(claimOutcomeKeys[outcome])}
    </span>
  );
}

/**
 * Preference claims the organisation takes part in (`GET /origin/claims`): an importer's or broker's
 * own, or — for customs — those filed with it. Newest first, a page at a time.
 */
export function ClaimsScreen() {
  const { api, session: sessionStore } = useServices();
  const session = useStore(sessionStore);
  const { t, dateTime } = useI18n();
  const errorText = useErrorText();
  const [items, setItems] = useState<ClaimSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (before: string | null, signal?: AbortSignal) => {
    setLoading(true);
    setProblem(null);
    try {
      const page = await api.listClaims(before === null ? {} : { before }, signal === undefined ? {} : { signal });
      setItems((previous) => (before === null ? page.items : [...(previous ?? []), ...page.items]));
      setNext(page.next);
    } catch (error) {
      if ((error as { name?: string }).name !== 'AbortError') setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
  }, []);

  return (
    <section class="stack" aria-labelledby="claims-title">
      <div class="row-between">
        <h1 id="claims-title">{t('claims.title')}</h1>
        {can(session, 'claims:file') && (
          <a class="button button-primary" href={hrefOf({ name: 'fileClaim' })} data-testid="claims-file">
            {t('claims.file')}
          </a>
        )}
      </div>
      <p class="muted">{t('claims.intro')}</p>
      {problem !== null && (
        <p class="notice notice-warn" role="alert" data-testid="claims-error">
          {problem}
        </p>
      )}
      {items === null && problem === null && (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {items !== null &&
        (items.length === 0 ? (
          <p data-testid="claims-empty">{t('claims.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="claims-table">
              <caption class="visually-hidden">{t('claims.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('claims.col.entry')}</th>
                  <th scope="col">{t('claims.col.htsus')}</th>
                  <th scope="col">{t('claims.col.state')}</th>
                  <th scope="col">{t('claims.col.filed')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((claim) => (
                  <tr key={claim.id} data-testid="claim-row" data-id={claim.id} data-state={claim.state}>
                    <td>
                      <a href={hrefOf({ name: 'claim', id: claim.id })}>
                        {t('claims.entryLine', { entry: claim.line.entryNumber, line: claim.line.entryLine })}
                      </a>
                    </td>
                    <td class="mono">{formatHtsus(claim.line.htsus)}</td>
                    <td>
                      <ClaimStateBadge claim={claim} />
                    </td>
                    <td>{dateTime(claim.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {next !== null && (
        <button
          type="button"
          class="button button-secondary"
          data-testid="claims-more"
          disabled={loading}
          onClick={() => void load(next)}
        >
          {t('claims.more')}
        </button>
      )}
    </section>
  );
}
