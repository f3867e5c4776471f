import { familyRegistry } from '@clearledger/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  CredentialList,
  CredentialListItem,
  CredentialQuery,
  LedgerStatus,
  RecordStatusFilter,
  RecordSummary,
} from '../api/clearledgerApi.ts';
import { isApiError } from '../api/client.ts';
import { useI18n, useServices } from '../app/context.ts';
import { can } from '../app/permissions.ts';
import { hrefOf } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import { useTypeName } from '../officer/KeyFactsView.tsx';

const PAGE_SIZE = 25;
/** The record types of the registered families, for the type filter. */
const knownTypes = familyRegistry.flatMap((family) => Object.keys(family.credentialTypes));
export const ledgerStatusKeys: Record<LedgerStatus, MessageKey> = {
  pending: 'ledger.pending',
  sealed: 'ledger.sealed',
  anchored: 'ledger.anchored',
};
/** The status filter: the ledger's steps, then what the issuer did on the chain. */
const statusFilterKeys: Record<RecordStatusFilter, MessageKey> = {
  ...ledgerStatusKeys,
  revoked: 'records.filter.revoked',
  suspended: 'records.filter.suspended',
};

/**
 * A record's status as one badge: REVOKED or SUSPENDED by its issuer above any ledger step (colour
 * is never the only signal: the word says it).
 */
export function RecordStatusBadge({ record }: { record: Pick<CredentialListItem, 'status' | 'standing'> }) {
  const { t } = useI18n();
  const standing = record.standing?.status;
  const shown = standing === undefined ? record.status : (standing.toLowerCase() as 'revoked' | 'suspended');
  return (
    <span class={`badge badge-${shown}`} data-testid="record-status" data-status={shown}>
      {standing === undefined ? t(ledgerStatusKeys[record.status] ?? 'ledger.pending') : t(`standing.${standing}`)}
    </span>
  );
}

/** "2025-01-01 – 2025-12-31", one end or the other, or null for no period. */
function usePeriodText(): (period: RecordSummary['period'] | undefined) => string | null {
  const { t, date } = useI18n();
  return (period) => {
    if (period === null || period === undefined) return null;
    if (period.from !== null && period.to !== null)
      return t('records.period', { from: date(period.from), to: date(period.to) });
    if (period.from !== null) return t('records.periodFrom', { from: date(period.from) });
    if (period.to !== null) return t('records.periodTo', { to: date(period.to) });
    return null;
  };
}

/** Cursors of the pages before the current one, per search, so "Previous" can go back. */
const previousCursors = new Map<string, (string | undefined)[]>();
const searchKey = (q: CredentialQuery) => JSON.stringify([q.q ?? '', q.type ?? '', q.status ?? '']);

function go(query: CredentialQuery) {
  location.hash = hrefOf({ name: 'records', query });
}

/** The organisation's records: search, filters by type and ledger status, keyset pagination. */
export function RecordsScreen({ query }: { query: CredentialQuery }) {
  const { api, session: sessionStore } = useServices();
  const session = useStore(sessionStore);
  const { t, dateTime } = useI18n();
  const typeName = useTypeName();
  const periodText = usePeriodText();
  const [list, setList] = useState<CredentialList | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [search, setSearch] = useState(query.q ?? '');
  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stack = previousCursors.get(searchKey(query)) ?? [];

  useEffect(() => {
    setSearch(query.q ?? '');
  }, [query.q]);

  useEffect(() => {
    const controller = new AbortController();
    setProblem(null);
    api
      .listCredentials({ ...query, limit: PAGE_SIZE }, { signal: controller.signal })
      .then(setList)
      .catch((error: unknown) => {
        if ((error as { name?: string }).name === 'AbortError') return;
        setList(null);
        setProblem(
          isApiError(error) && error.code === 'NETWORK' ? t('portal.offline') : String((error as Error).message),
        );
      });
    return () => controller.abort();
  }, [query.q, query.type, query.status, query.after]);

  const filters = (change: Partial<CredentialQuery>) => {
    const { after: _after, ...rest } = query;
    const next: CredentialQuery = { ...rest, ...change };
    for (const key of Object.keys(next) as (keyof CredentialQuery)[]) if (!next[key]) delete next[key];
    previousCursors.delete(searchKey(next));
    go(next);
  };

  return (
    <section class="stack" aria-labelledby="records-title">
      <div class="row-between">
        <h1 id="records-title">{t('records.title')}</h1>
        {can(session, 'credentials:issue') && (
          <a class="button button-primary" href={hrefOf({ name: 'issue' })} data-testid="records-issue">
            {t('records.issue')}
          </a>
        )}
      </div>
      <form
        class="filters"
        aria-label={t('records.search')}
        onSubmit={(e) => {
          e.preventDefault();
          filters({ q: search.trim() });
        }}
      >
        <div class="field">
          <label for="records-search">{t('records.search')}</label>
          <input
            id="records-search"
            data-testid="records-search"
            type="search"
            value={search}
            placeholder={t('records.searchPlaceholder')}
            onInput={(e) => {
              const value = (e.currentTarget as HTMLInputElement).value;
              setSearch(value);
              clearTimeout(debounce.current);
              debounce.current = setTimeout(() => filters({ q: value.trim() }), 400);
            }}
          />
        </div>
        <div class="field">
          <label for="records-type">{t('records.type')}</label>
          <select
            id="records-type"
            data-testid="records-type-filter"
            value={query.type ?? ''}
            onChange={(e) => filters({ type: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">{t('records.allTypes')}</option>
            {knownTypes.map((type) => (
              <option key={type} value={type}>
                {typeName(type)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="records-status">{t('records.status')}</label>
          <select
            id="records-status"
            data-testid="records-status-filter"
            value={query.status ?? ''}
            onChange={(e) =>
              filters({ status: (e.currentTarget as HTMLSelectElement).value as RecordStatusFilter | '' })
            }
          >
            <option value="">{t('records.allStatuses')}</option>
            {(Object.keys(statusFilterKeys) as RecordStatusFilter[]).map((status) => (
              <option key={status} value={status}>
                {t(statusFilterKeys[status])}
              </option>
            ))}
          </select>
        </div>
      </form>

      {problem !== null && (
        <p class="notice notice-warn" role="alert" data-testid="records-error">
          {problem}
        </p>
      )}
      {list === null && problem === null && (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {list !== null && (
        <>
          <p class="muted" data-testid="records-total" data-total={list.total} role="status">
            {t('records.total', { count: list.total })}
          </p>
          {list.items.length === 0 ? (
            <p data-testid="records-empty">{t('records.empty')}</p>
          ) : (
            <div class="table-wrap">
              <table class="records cards" data-testid="records-table">
                <caption class="visually-hidden">{t('records.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('records.col.number')}</th>
                    <th scope="col">{t('records.col.importer')}</th>
                    <th scope="col">{t('records.col.period')}</th>
                    <th scope="col">{t('records.col.status')}</th>
                    <th scope="col">{t('records.col.issued')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((item) => {
                    const summary = item.summary;
                    return (
                      <tr
                        key={item.id}
                        data-testid="record-row"
                        data-id={item.id}
                        data-status={item.status}
                        data-standing={item.standing?.status ?? 'ACTIVE'}
                      >
                        <td class="cell-main">
                          <span class="party-name">
                            <a
                              class="party-label"
                              href={hrefOf({ name: 'record', id: item.id })}
                              data-testid="record-link"
                            >
                              {summary?.number ?? typeName(item.type)}
                            </a>
                            <span class="party-id">{summary?.number == null ? item.id : typeName(item.type)}</span>
                          </span>
                        </td>
                        <td class="cell-wide" data-label={t('records.col.importer')}>
                          {summary?.importer ?? t('facts.notStated')}
                        </td>
                        <td class="cell-wide" data-label={t('records.col.period')}>
                          {periodText(summary?.period ?? null) ?? t('records.noPeriod')}
                        </td>
                        <td class="cell-status">
                          <RecordStatusBadge record={item} />
                        </td>
                        <td class="cell-wide" data-label={t('records.col.issued')}>
                          {dateTime(item.issuedAt)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <nav class="pager" aria-label={t('records.pages')}>
            <button
              type="button"
              class="button button-secondary"
              data-testid="records-prev"
              disabled={stack.length === 0}
              onClick={() => {
                const previous = [...stack];
                const after = previous.pop();
                previousCursors.set(searchKey(query), previous);
                const { after: _current, ...rest } = query;
                go(after === undefined ? rest : { ...rest, after });
              }}
            >
              {t('records.previous')}
            </button>
            <button
              type="button"
              class="button button-secondary"
              data-testid="records-next"
              disabled={list.next === null}
              onClick={() => {
                if (list.next === null) return;
                previousCursors.set(searchKey(query), [...stack, query.after]);
                go({ ...query, after: list.next });
              }}
            >
              {t('records.next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
