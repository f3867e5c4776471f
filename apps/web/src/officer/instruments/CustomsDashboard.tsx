import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Carnet, InBondMovement, Permit } from '../../api/instrumentsApi.ts';
import { useI18n, useServices } from '../../app/context.ts';
import { localToday } from '../../app/localDate.ts';
import { hrefOf } from '../../app/routes.ts';
import { useStore } from '../../app/store.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { type ActionProblem, ActionProblemText, useActionProblem } from './actionProblem.tsx';
import { type CustomsAttention, customsAttention, daysUntil } from './instrumentView.ts';

type Lists = { permits: Permit[]; carnets: Carnet[]; movements: InBondMovement[] };

function Group({
  title,
  testId,
  count,
  children,
}: {
  title: MessageKey;
  testId: string;
  count: number;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  return (
    <div class="dashboard-group" data-testid={testId} data-count={count}>
      <h3>
        {t(title)} <span class="badge">{count}</span>
      </h3>
      {count === 0 ? <p class="muted small">{t('dashboard.none')}</p> : <ul class="instrument-list">{children}</ul>}
    </div>
  );
}

/**
 * The customs landing's instruments section: overdue in-bond movements, carnet items overdue,
 * permits near exhaustion (balance under 10 %) or expiry (30 days or less), from the list endpoints.
 */
export function CustomsDashboard() {
  const { api, online: onlineStore } = useServices();
  const { t, date } = useI18n();
  const online = useStore(onlineStore);
  const toProblem = useActionProblem();
  const [lists, setLists] = useState<Lists | null>(null);
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  useEffect(() => {
    if (!online) return;
    const controller = new AbortController();
    const options = { signal: controller.signal };
    Promise.all([api.listPermits(options), api.listCarnets(options), api.listInBond(options)]).then(
      ([p, c, m]) => setLists({ permits: p.permits, carnets: c.carnets, movements: m.movements }),
      (error) => {
        if ((error as { name?: string }).name !== 'AbortError') setProblem(toProblem(error));
      },
    );
    return () => controller.abort();
  }, [online]);
  const today = localToday();
  const attention: CustomsAttention | null = lists === null ? null : customsAttention(lists, today);
  return (
    <section class="card" aria-labelledby="dashboard-title" data-testid="customs-dashboard">
      <h2 id="dashboard-title">{t('dashboard.title')}</h2>
      {!online && <p class="muted">{t('instrument.offline')}</p>}
      <ActionProblemText problem={problem} testId="dashboard-error" />
      {online && attention === null && problem === null && (
        <p class="muted" role="status">
          {t('app.loading')}
        </p>
      )}
      {attention !== null && (
        <div class="dashboard">
          <Group title="dashboard.overdueInBond" testId="dashboard-inbond" count={attention.overdueInBond.length}>
            {attention.overdueInBond.map((m) => (
              <li key={m.id} class="instrument-row" data-testid="dashboard-inbond-row">
                <a href={hrefOf({ name: 'inBond', id: m.id })}>{m.inBondNumber}</a>{' '}
                <span class="small">
                  {t('inBond.routeOf', { from: m.originPort, to: m.destinationPort })}
                  {m.deadlines.deliverBy !== null && (
                    <> · {t('inBond.deliverByShort', { date: date(m.deadlines.deliverBy) })}</>
                  )}
                </span>
              </li>
            ))}
          </Group>
          <Group
            title="dashboard.overdueCarnetItems"
            testId="dashboard-carnets"
            count={attention.overdueCarnetItems.length}
          >
            {attention.overdueCarnetItems.map(({ carnet, item }) => (
              <li key={`${carnet.id}:${item.item}`} class="instrument-row" data-testid="dashboard-carnet-row">
                <a href={hrefOf({ name: 'carnet', id: carnet.id })}>{carnet.carnetNumber}</a>{' '}
                <span class="small">
                  {t('carnet.itemNumber', { item: item.item })} {item.description}
                  {item.country !== null && <> · {item.country}</>}
                  {item.deadline !== null && <> · {t('carnet.reexportBy', { date: date(item.deadline) })}</>}
                </span>
              </li>
            ))}
          </Group>
          <Group
            title="dashboard.permitsLow"
            testId="dashboard-permits-low"
            count={attention.permitsNearExhaustion.length}
          >
            {attention.permitsNearExhaustion.map((p) => (
              <li key={p.id} class="instrument-row" data-testid="dashboard-permit-row">
                <a href={hrefOf({ name: 'permit', id: p.id })}>{p.number}</a>{' '}
                <span class="small">
                  {t('permit.balanceOf', { balance: p.balance, quantity: p.quantity, unit: p.unit })}
                </span>
              </li>
            ))}
          </Group>
          <Group
            title="dashboard.permitsExpiring"
            testId="dashboard-permits-expiring"
            count={attention.permitsNearExpiry.length}
          >
            {attention.permitsNearExpiry.map((p) => (
              <li key={p.id} class="instrument-row" data-testid="dashboard-permit-row">
                <a href={hrefOf({ name: 'permit', id: p.id })}>{p.number}</a>{' '}
                <span class="small">
                  {date(p.expiresOn)} · {t('permit.expiresInDays', { days: daysUntil(p.expiresOn, today) })}
                </span>
              </li>
            ))}
          </Group>
        </div>
      )}
    </section>
  );
}
