import { useEffect, useState } from 'preact/hooks';
import { useI18n, useServices } from '../app/context.ts';
import { hrefOf } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import { type CheckSummary, summarizeCheck } from '../offline/checkHistory.ts';
import { useTypeName } from './KeyFactsView.tsx';
import { verdictLooks } from './verdictPresentation.ts';

/** Every check made on this device, newest first; each opens its report again. */
export function HistoryScreen() {
  const services = useServices();
  const { t, dateTime } = useI18n();
  const typeName = useTypeName();
  const version = useStore(services.historyVersion);
  const [rows, setRows] = useState<CheckSummary[] | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    let live = true;
    services.history.list().then((entries) => {
      if (live) setRows(entries.map(summarizeCheck));
    });
    return () => {
      live = false;
    };
  }, [version]);

  return (
    <section class="stack" aria-labelledby="history-title">
      <h1 id="history-title">{t('history.title')}</h1>
      <p class="muted">{t('history.intro')}</p>
      {rows === null ? (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      ) : rows.length === 0 ? (
        <p data-testid="history-empty">{t('history.empty')}</p>
      ) : (
        <ol class="history" data-testid="history-list">
          {rows.map((row) => {
            const look = verdictLooks[row.verdict];
            return (
              <li key={row.id}>
                <a
                  class={`history-row tone-${look.tone}`}
                  href={hrefOf({ name: 'check', id: row.id })}
                  data-testid="history-row"
                  data-id={row.id}
                  data-verdict={row.verdict}
                >
                  <span class="history-verdict">
                    <span aria-hidden="true">{look.icon} </span>
                    {t(look.label)}
                  </span>
                  <span class="history-type">{row.type === null ? t('facts.notStated') : typeName(row.type)}</span>
                  <span class="history-time">{dateTime(row.at)}</span>
                  <span class="history-id mono-wrap">{row.credentialId ?? '—'}</span>
                  <span class="history-issuer mono-wrap">{row.issuer ?? '—'}</span>
                </a>
              </li>
            );
          })}
        </ol>
      )}
      {rows !== null && rows.length > 0 && (
        <div class="actions">
          {confirming ? (
            <>
              <span>{t('history.clearConfirm')}</span>
              <button
                type="button"
                class="button button-danger"
                data-testid="history-clear-confirm"
                onClick={async () => {
                  await services.history.clear();
                  setConfirming(false);
                  services.historyVersion.update((n) => n + 1);
                }}
              >
                {t('history.clearYes')}
              </button>
              <button type="button" class="button button-secondary" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button
              type="button"
              class="button button-secondary"
              data-testid="history-clear"
              onClick={() => setConfirming(true)}
            >
              {t('history.clear')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
