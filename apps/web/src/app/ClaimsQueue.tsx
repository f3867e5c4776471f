import { useEffect, useState } from 'preact/hooks';
import type { ClaimSummary, Inbox } from '../api/clearledgerApi.ts';
import { formatHtsus } from '../officer/keyFacts.ts';
import { claimOutcome, claimOutcomeKeys } from '../portal/caseView.ts';
import { useI18n, useServices } from './context.ts';
import { hrefOf, type Route } from './routes.ts';
import { useStore } from './store.ts';

const QUEUE_SIZE = 10;

/**
 * The claims filed with a customs service, under Verify: those waiting for a decision first (oldest
 * waiting on top), then the latest decided, each by entry line, importer and outcome.
 */
export function ClaimsQueue() {
  const { api } = useServices();
  const { t, dateTime } = useI18n();
  const [claims, setClaims] = useState<ClaimSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    const options = { signal: controller.signal };
    Promise.all([
      api.listClaims({ state: 'MADE', limit: QUEUE_SIZE }, options),
      api.listClaims({ limit: QUEUE_SIZE }, options),
    ])
      .then(([waiting, latest]) => {
        const first = [...waiting.items].reverse();
        const rest = latest.items.filter((c) => c.state !== 'MADE');
        setClaims([...first, ...rest].slice(0, QUEUE_SIZE));
      })
      .catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'AbortError') setFailed(true);
      });
    return () => controller.abort();
  }, []);
  return (
    <section class="card stack" aria-labelledby="queue-title" data-testid="claims-queue">
      <div class="row-between">
        <h2 id="queue-title">{t('queue.title')}</h2>
        <a href={hrefOf({ name: 'claims' })}>{t('queue.all')}</a>
      </div>
      {failed && <p class="muted">{t('portal.offline')}</p>}
      {claims !== null && claims.length === 0 && <p class="muted">{t('queue.empty')}</p>}
      {claims !== null && claims.length > 0 && (
        <ul class="history" data-testid="queue-list">
          {claims.map((claim) => {
            const outcome = claimOutcome(claim);
            const tone = outcome === 'ACCEPTED' ? 'valid' : outcome === 'DENIED' ? 'invalid' : 'inconclusive';
            return (
              <li key={claim.id}>
                <a
                  class={`history-row tone-${tone}`}
                  href={hrefOf({ name: 'claim', id: claim.id })}
                  data-testid="queue-row"
                  data-state={claim.state}
                >
                  <span class="history-verdict">
                    <span class={`badge badge-${outcome.toLowerCase()}`}>{t(claimOutcomeKeys[outcome])}</span>
                  </span>
                  <span class="history-time">{dateTime(claim.createdAt)}</span>
                  <span class="history-type">
                    {t('claims.entryLine', { entry: claim.line.entryNumber, line: claim.line.entryLine })} ·{' '}
                    {formatHtsus(claim.line.htsus)}
                  </span>
                  <span class="history-issuer">
                    {claim.parties?.importer.name ?? t('party.unknown')}
                    {claim.parties?.certifier?.name != null && ` · ${claim.parties.certifier.name}`}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** What waits on the signed-in organisation (`GET /origin/inbox`), fetched again when the screen changes. */
export function useInbox(route: Route): Inbox | null {
  const { api, session } = useServices();
  const current = useStore(session);
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const token = current?.accessToken;
  useEffect(() => {
    if (token === undefined) {
      setInbox(null);
      return undefined;
    }
    const controller = new AbortController();
    api
      .inbox({ signal: controller.signal })
      .then(setInbox)
      .catch(() => undefined);
    return () => controller.abort();
  }, [token, route.name, (route as { id?: string }).id]);
  return inbox;
}
