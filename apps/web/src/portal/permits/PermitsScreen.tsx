import { useState } from 'preact/hooks';
import type { Permit } from '../../api/instrumentsApi.ts';
import { useI18n, useServices } from '../../app/context.ts';
import { Loading } from '../../app/loading.tsx';
import { localToday } from '../../app/localDate.ts';
import { can } from '../../app/permissions.ts';
import { hrefOf } from '../../app/routes.ts';
import { useStore } from '../../app/store.ts';
import { type ActionProblem, ActionProblemText, useActionProblem } from '../../officer/instruments/actionProblem.tsx';
import { PermitFacts, PermitStateBadge, PermitUseItem } from '../../officer/instruments/InstrumentFacts.tsx';
import { useInstrumentList } from '../instrumentList.ts';
import { ItemProblem, PartyName, useItem } from '../shared.tsx';

/** Permits (LPCO) the organisation takes part in: state, balance, holder and agency by name. */
export function PermitsScreen() {
  const { api } = useServices();
  const { t } = useI18n();
  const list = useInstrumentList((options) => api.listPermits(options).then((r) => r.permits));
  return (
    <section class="stack" aria-labelledby="permits-title">
      <h1 id="permits-title">{t('permits.title')}</h1>
      <p class="muted">{t('permits.intro')}</p>
      <ActionProblemText problem={list.problem} testId="permits-error" />
      {list.items === null && list.problem === null && <Loading />}
      {list.items !== null &&
        (list.items.length === 0 ? (
          <p data-testid="permits-empty">{t('permits.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table class="cards" data-testid="permits-table">
              <caption class="visually-hidden">{t('permits.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('permit.number')}</th>
                  <th scope="col">{t('permit.balance')}</th>
                  <th scope="col">{t('permit.holder')}</th>
                  <th scope="col">{t('permit.agency')}</th>
                  <th scope="col">{t('permit.state')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((p) => (
                  <tr key={p.id} data-testid="permit-row" data-id={p.id} data-state={p.state}>
                    <td class="cell-main">
                      <a href={hrefOf({ name: 'permit', id: p.id })}>{p.number}</a>
                      <span class="small muted"> · {p.program}</span>
                    </td>
                    <td class="cell-wide" data-label={t('permit.balance')} data-testid="permit-row-balance">
                      {t('permit.balanceOf', { balance: p.balance, quantity: p.quantity, unit: p.unit })}
                    </td>
                    <td class="cell-wide" data-label={t('permit.holder')}>
                      <PartyName party={p.holderParty} id={p.holder} />
                    </td>
                    <td class="cell-wide" data-label={t('permit.agency')}>
                      <PartyName party={p.issuerParty} id={p.issuer} />
                    </td>
                    <td class="cell-status">
                      <PermitStateBadge permit={p} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

/** One permit: its live facts and every use (entry, port, time, who by name); the agency reverses a use. */
export function PermitScreen({ id }: { id: string }) {
  const { api, session: sessionStore } = useServices();
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const { item: permit, setItem, problem } = useItem(id, (x, options) => api.getPermit(x, options), 'permits.notFound');
  if (problem !== null)
    return <ItemProblem problem={problem} testId="permit-error" back={{ name: 'permits' }} backLabel="permits.back" />;
  if (permit === null) return <Loading />;
  const agency = can(session, 'instruments:act') && session?.organization.id === permit.issuer;
  const uses = permit.uses ?? [];
  return (
    <section class="stack" aria-labelledby="permit-title">
      <p>
        <a href={hrefOf({ name: 'permits' })}>{t('permits.back')}</a>
      </p>
      <h1 id="permit-title">{t('permit.titleOf', { number: permit.number })}</h1>
      <p class="muted">
        {permit.agency.name} · {permit.program}
      </p>
      <section class="card">
        <PermitFacts permit={permit} today={localToday()} />
      </section>
      <section class="card" aria-labelledby="permit-uses-title">
        <h2 id="permit-uses-title">{t('permit.uses')}</h2>
        {uses.length === 0 ? (
          <p class="muted" data-testid="permit-no-uses">
            {t('permit.noUses')}
          </p>
        ) : (
          <ul class="instrument-list" data-testid="permit-uses">
            {uses.map((use) => (
              <PermitUseItem key={use.useKey} use={use}>
                {agency && use.reversed === null && (
                  <ReverseUse
                    permitId={permit.id}
                    useKey={use.useKey}
                    onReversed={(next) => setItem({ ...permit, ...next })}
                  />
                )}
              </PermitUseItem>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

/** The agency's reversal of one use, with its reason (PM-06). */
function ReverseUse({
  permitId,
  useKey,
  onReversed,
}: {
  permitId: string;
  useKey: string;
  onReversed: (permit: Permit) => void;
}) {
  const { api } = useServices();
  const { t } = useI18n();
  const toProblem = useActionProblem();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  if (!open)
    return (
      <button
        type="button"
        class="button button-secondary button-small"
        data-testid="reverse-open"
        onClick={() => setOpen(true)}
      >
        {t('permit.reverse')}
      </button>
    );
  const fieldId = `reverse-reason-${useKey.slice(2, 12)}`;
  return (
    <form
      class="instrument-form"
      data-testid="reverse-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setProblem(null);
        try {
          onReversed(await api.reversePermitUse(permitId, useKey, reason));
        } catch (error) {
          setProblem(toProblem(error));
        } finally {
          setBusy(false);
        }
      }}
    >
      <div class="field">
        <label for={fieldId}>{t('permit.reverseReason')}</label>
        <textarea
          id={fieldId}
          data-testid="reverse-reason"
          required
          maxLength={500}
          value={reason}
          onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <ActionProblemText problem={problem} testId="reverse-error" />
      <div class="actions">
        <button
          type="submit"
          class="button button-primary"
          data-testid="reverse-submit"
          disabled={busy || reason.trim() === ''}
        >
          {t('permit.reverseSubmit')}
        </button>
        <button type="button" class="button button-secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
