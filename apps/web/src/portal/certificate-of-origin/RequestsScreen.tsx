import type { CaseEvent } from '../../api/clearledgerApi.ts';
import { useI18n, useServices } from '../../app/context.ts';
import { Loading } from '../../app/loading.tsx';
import { localToday } from '../../app/localDate.ts';
import { hrefOf } from '../../app/routes.ts';
import { caseEventKeys, dueStatus } from '../caseView.ts';
import { ActorName, ItemProblem, PagedListView, useItem, usePagedList } from '../shared.tsx';
import { RequestPanel, RequestStateBadge } from './RequestPanel.tsx';

/** The first line of a question, shortened for a list. */
function excerpt(text: string, max = 90): string {
  const first = text.split('\n')[0] ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/**
 * Information requests the organisation received (an exporter or producer answers them) or sent (a
 * customs service), newest first; overdue ones are marked.
 */
export function RequestsScreen() {
  const { api } = useServices();
  const { t, date } = useI18n();
  const list = usePagedList((query, options) => api.listRequests(query, options));

  return (
    <section class="stack" aria-labelledby="requests-list-title">
      <h1 id="requests-list-title">{t('requests.title')}</h1>
      <p class="muted">{t('requests.intro')}</p>
      <PagedListView list={list} testId="requests" empty="requests.empty">
        {(items) => (
          <ul class="history" data-testid="requests-list">
            {items.map((request) => {
              const status = dueStatus(request, localToday());
              const overdue = request.overdue || status?.overdue === true;
              return (
                <li key={request.id}>
                  <a
                    class={`history-row ${overdue ? 'tone-invalid' : status?.open ? 'tone-inconclusive' : 'tone-valid'}`}
                    href={hrefOf({ name: 'request', id: request.id })}
                    data-testid="request-row"
                    data-id={request.id}
                    data-state={request.state}
                    data-overdue={overdue ? 'true' : 'false'}
                  >
                    <span class="history-verdict">
                      <RequestStateBadge state={request.state} />
                    </span>
                    <span class="history-time">
                      {overdue && <span aria-hidden="true">⚠ </span>}
                      {overdue
                        ? t('requests.overdueSince', { date: date(request.due) })
                        : t('request.due', { date: date(request.due) })}
                    </span>
                    <span class="history-type">{excerpt(request.question)}</span>
                    <span class="history-issuer" data-testid="request-parties">
                      {t('requests.fromTo', {
                        from: request.fromParty?.name ?? t('party.unknown'),
                        to: request.toParty?.name ?? t('party.unknown'),
                      })}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        )}
      </PagedListView>
    </section>
  );
}

/** One information request: the panel (answer or review) and its history. */
export function RequestScreen({ id }: { id: string }) {
  const { api } = useServices();
  const { t, dateTime } = useI18n();
  const {
    item: request,
    setItem: setRequest,
    problem,
    reload,
  } = useItem(id, (key, options) => api.getRequest(key, options), 'request.notFound');

  if (problem !== null)
    return (
      <ItemProblem
        problem={problem}
        testId="request-error"
        back={{ name: 'requests' }}
        backLabel="requests.backToList"
      />
    );
  if (request === null) return <Loading />;
  const events: CaseEvent[] = request.events ?? [];
  return (
    <section class="stack" aria-labelledby="request-page-title" data-testid="request-page" data-id={request.id}>
      <p>
        <a href={hrefOf({ name: 'requests' })}>← {t('requests.backToList')}</a>
      </p>
      <h1 id="request-page-title">{t('request.pageTitle')}</h1>
      <RequestPanel
        request={request}
        heading="h2"
        title="request.question"
        showClaimLink
        onChange={(updated) => {
          setRequest({ ...updated, events: request.events ?? [] });
          reload();
        }}
      />
      {events.length > 0 && (
        <section class="card" aria-labelledby="request-history-title">
          <h2 id="request-history-title">{t('claim.history')}</h2>
          <ol class="events" data-testid="request-events">
            {events.map((event) => {
              const key = caseEventKeys[event.kind];
              return (
                <li key={event.seq} data-kind={event.kind}>
                  <strong>{key === undefined ? event.kind : t(key)}</strong> · {dateTime(event.at)} ·{' '}
                  <span class="small">
                    <ActorName actor={event.actor} orgId={event.actorOrgId} />
                  </span>
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </section>
  );
}
