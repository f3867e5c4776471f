import type { Verdict } from '@clearledger/core';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Carnet, InBondMovement, Permit, VoucherKind } from '../../api/instrumentsApi.ts';
import { useI18n, useServices } from '../../app/context.ts';
import { localToday } from '../../app/localDate.ts';
import { can, hasOrgRole } from '../../app/permissions.ts';
import { hrefOf } from '../../app/routes.ts';
import { useStore } from '../../app/store.ts';
import { type ActionProblem, ActionProblemText, useActionProblem } from './actionProblem.tsx';
import {
  CarnetFacts,
  CarnetItems,
  CarnetVouchers,
  InBondFacts,
  InBondTimeline,
  PermitFacts,
  PermitUseItem,
  useWord,
} from './InstrumentFacts.tsx';
import { type InstrumentKind, inBondActionsOf, instrumentIdOf, likelyVoucherKind } from './instrumentView.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const firstOf = (v: unknown): string => (Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

const titles = {
  permit: 'instrument.permitTitle',
  carnet: 'instrument.carnetTitle',
  inBond: 'instrument.inBondTitle',
} as const;

/**
 * Under a stateful record's verdict: the instrument's live facts from the node (when online and
 * signed in), then the one action that fits now, its effect shown at once.
 */
export function InstrumentPanel({
  kind,
  hash,
  credential,
  verdict,
}: {
  kind: InstrumentKind;
  hash: string | null;
  credential: unknown;
  verdict: Verdict;
}) {
  const services = useServices();
  const { t } = useI18n();
  const online = useStore(services.online);
  const session = useStore(services.session);
  const id = instrumentIdOf(kind, hash);
  const titleId = `instrument-title-${kind}`;
  let body: ComponentChildren;
  if (!online)
    body = (
      <p class="muted" data-testid="instrument-offline">
        {t('instrument.offline')}
      </p>
    );
  else if (session === null)
    body = (
      <p class="muted" data-testid="instrument-sign-in">
        {t('instrument.signIn')}{' '}
        <a href={hrefOf({ name: 'login', next: location.hash.slice(1) || '/' })}>{t('nav.signIn')}</a>
      </p>
    );
  else if (id === null) body = <p class="muted">{t('instrument.noHash')}</p>;
  else if (kind === 'permit') body = <LivePermit id={id} credential={credential} verdict={verdict} />;
  else if (kind === 'carnet') body = <LiveCarnet id={id} verdict={verdict} />;
  else body = <LiveInBond id={id} credential={credential} verdict={verdict} />;
  return (
    <section class="card" aria-labelledby={titleId} data-testid="instrument-panel" data-kind={kind}>
      <h2 id={titleId}>{t(titles[kind])}</h2>
      {body}
    </section>
  );
}

/** Loads one instrument by id; `problem` is the node's message and code. */
function useLive<T>(id: string, get: (id: string) => Promise<T>) {
  const toProblem = useActionProblem();
  const [item, setItem] = useState<T | null>(null);
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  useEffect(() => {
    let live = true;
    setItem(null);
    setProblem(null);
    get(id).then(
      (found) => live && setItem(found),
      (error) => live && setProblem(toProblem(error)),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return { item, setItem, problem };
}

function Loading() {
  const { t } = useI18n();
  return (
    <p class="muted" role="status">
      {t('app.loading')}
    </p>
  );
}

/** What an action just changed, announced. */
function Changed({ text, testId }: { text: string; testId: string }) {
  return (
    <p class="notice notice-info" role="status" data-testid={testId}>
      {text}
    </p>
  );
}

function LivePermit({ id, credential, verdict }: { id: string; credential: unknown; verdict: Verdict }) {
  const { api, session: sessionStore } = useServices();
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const { item: permit, setItem, problem } = useLive(id, (x) => api.getPermit(x));
  const [changed, setChanged] = useState<string | null>(null);
  if (problem !== null) return <ActionProblemText problem={problem} testId="instrument-error" />;
  if (permit === null) return <Loading />;
  const draws = can(session, 'instruments:act') && (hasOrgRole(session, 'IMPORTER') || hasOrgRole(session, 'BROKER'));
  const uses = permit.uses ?? [];
  return (
    <div class="stack">
      <PermitFacts permit={permit} verdict={verdict} today={localToday()} />
      {changed !== null && <Changed text={changed} testId="permit-drawn" />}
      {draws && (
        <DrawForm
          permit={permit}
          credential={credential}
          onDrawn={(next, before) => {
            setItem(next);
            setChanged(
              t('permit.drawn', {
                quantity: next.uses?.[0]?.quantity ?? '',
                unit: next.unit,
                before,
                after: next.balance,
              }),
            );
          }}
        />
      )}
      <h3>{t('permit.uses')}</h3>
      {uses.length === 0 ? (
        <p class="muted" data-testid="permit-no-uses">
          {t('permit.noUses')}
        </p>
      ) : (
        <ul class="instrument-list" data-testid="permit-uses">
          {uses.slice(0, 5).map((use) => (
            <PermitUseItem key={use.useKey} use={use} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Draw down a permit for an entry line: the permit's scope fills port, HTS and country. */
function DrawForm({
  permit,
  credential,
  onDrawn,
}: {
  permit: Permit;
  credential: unknown;
  onDrawn: (permit: Permit, before: string) => void;
}) {
  const { api, session: sessionStore } = useServices();
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const toProblem = useActionProblem();
  const scope = obj(obj(obj(credential).credentialSubject).scope);
  const [form, setForm] = useState({
    entryNumber: '',
    line: '1',
    quantity: '',
    port: firstOf(scope.ports),
    hts: firstOf(scope.hs),
    country: firstOf(scope.countries),
  });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  const field = (name: keyof typeof form, label: string, extra: Record<string, string> = {}) => (
    <div class="field">
      <label for={`draw-${name}`}>{label}</label>
      <input
        id={`draw-${name}`}
        data-testid={`draw-${name}`}
        value={form[name]}
        required
        {...extra}
        onInput={(e) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value.trim() })}
      />
    </div>
  );
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const before = permit.balance;
      const orgId = session?.organization.id;
      const result = await api.drawPermit({
        permitId: permit.id,
        entryNumber: form.entryNumber.toUpperCase(),
        line: Number(form.line),
        quantity: form.quantity,
        unit: permit.unit,
        port: form.port,
        hts: form.hts,
        country: form.country.toUpperCase(),
        ...(orgId !== undefined && orgId !== permit.holder && hasOrgRole(session, 'BROKER')
          ? { importer: permit.holder }
          : {}),
      });
      const uses = [result.use, ...(permit.uses ?? []).filter((u) => u.useKey !== result.use.useKey)];
      onDrawn({ ...permit, ...result.permit, uses }, before);
      setForm({ ...form, entryNumber: '', quantity: '' });
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="instrument-form" data-testid="draw-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('permit.draw')}</h3>
      <div class="form-grid">
        {field('entryNumber', t('permit.entryNumber'), { autocomplete: 'off', placeholder: 'AB1-2345678-7' })}
        {field('line', t('permit.line'), { inputmode: 'numeric', pattern: '\\d{1,4}' })}
        {field('quantity', t('permit.quantityIn', { unit: permit.unit }), {
          inputmode: 'decimal',
          pattern: '\\d{1,18}(\\.\\d{1,6})?',
        })}
        {field('port', t('permit.port'), { inputmode: 'numeric', pattern: '\\d{4}' })}
        {field('hts', t('permit.hts'), { inputmode: 'decimal' })}
        {field('country', t('permit.country'), { maxlength: '2', autocapitalize: 'characters' })}
      </div>
      <ActionProblemText problem={problem} testId="draw-error" />
      <button type="submit" class="button button-primary" data-testid="draw-submit" disabled={busy}>
        {busy ? t('instrument.working') : t('permit.drawSubmit')}
      </button>
    </form>
  );
}

const voucherKinds: readonly VoucherKind[] = ['IMPORT', 'REEXPORT', 'EXPORT', 'REIMPORT', 'TRANSIT'];

function LiveCarnet({ id, verdict }: { id: string; verdict: Verdict }) {
  const { api, session: sessionStore } = useServices();
  const { t } = useI18n();
  const session = useStore(sessionStore);
  const { item: carnet, setItem, problem } = useLive(id, (x) => api.getCarnet(x));
  const [changed, setChanged] = useState<string | null>(null);
  if (problem !== null) return <ActionProblemText problem={problem} testId="instrument-error" />;
  if (carnet === null) return <Loading />;
  const endorses = can(session, 'instruments:act') && hasOrgRole(session, 'CUSTOMS');
  return (
    <div class="stack">
      <CarnetFacts carnet={carnet} />
      {changed !== null && <Changed text={changed} testId="carnet-endorsed" />}
      <h3>{t('carnet.items')}</h3>
      <CarnetItems carnet={carnet} verdict={verdict} />
      {endorses && (
        <VoucherForm
          carnet={carnet}
          onEndorsed={(next, text) => {
            setItem(next);
            setChanged(text);
          }}
        />
      )}
      <h3>{t('carnet.vouchers')}</h3>
      <CarnetVouchers carnet={carnet} />
    </div>
  );
}

/** Endorse a voucher at one of the customs' own offices: kind, items, office. */
function VoucherForm({ carnet, onEndorsed }: { carnet: Carnet; onEndorsed: (carnet: Carnet, text: string) => void }) {
  const { api, session: sessionStore } = useServices();
  const { t } = useI18n();
  const word = useWord();
  const session = useStore(sessionStore);
  const toProblem = useActionProblem();
  const [kind, setKind] = useState<VoucherKind>(() => likelyVoucherKind(carnet, session?.organization.country ?? ''));
  const [items, setItems] = useState<number[]>([]);
  const [office, setOffice] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const chosen = items.length === 0 ? carnet.items.map((i) => i.item) : items;
      const result = await api.endorseVoucher(carnet.id, {
        kind,
        items: chosen.map((item) => ({ item })),
        office: office.toUpperCase(),
      });
      const places = result.carnet.items
        .filter((i) => chosen.includes(i.item))
        .map((i) => `${i.item}: ${word('carnet.status', i.status)}`)
        .join(', ');
      onEndorsed(result.carnet, t('carnet.endorsed', { kind: word('carnet.kind', kind), places }));
      setItems([]);
      setKind(likelyVoucherKind(result.carnet, session?.organization.country ?? ''));
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="instrument-form" data-testid="voucher-form" onSubmit={(e) => void submit(e)}>
      <h3>{t('carnet.endorse')}</h3>
      <div class="field">
        <label for="voucher-kind">{t('carnet.kindLabel')}</label>
        <select
          id="voucher-kind"
          data-testid="voucher-kind"
          value={kind}
          onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as VoucherKind)}
        >
          {voucherKinds.map((k) => (
            <option key={k} value={k}>
              {word('carnet.kind', k)}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="choice">
        <legend>{t('carnet.itemsLabel')}</legend>
        {carnet.items.map((i) => (
          <div class="field checkbox" key={i.item}>
            <input
              type="checkbox"
              id={`voucher-item-${i.item}`}
              data-testid="voucher-item"
              checked={items.includes(i.item)}
              onChange={(e) =>
                setItems(
                  (e.currentTarget as HTMLInputElement).checked
                    ? [...items, i.item]
                    : items.filter((x) => x !== i.item),
                )
              }
            />
            <label for={`voucher-item-${i.item}`}>
              {t('carnet.itemNumber', { item: i.item })} {i.description}
            </label>
          </div>
        ))}
        <p class="small muted">{t('carnet.allItemsHint')}</p>
      </fieldset>
      <div class="field">
        <label for="voucher-office">{t('carnet.office')}</label>
        <input
          id="voucher-office"
          data-testid="voucher-office"
          required
          value={office}
          pattern="[A-Za-z0-9][A-Za-z0-9\-]{0,31}"
          onInput={(e) => setOffice((e.currentTarget as HTMLInputElement).value.trim())}
        />
      </div>
      <ActionProblemText problem={problem} testId="voucher-error" />
      <button type="submit" class="button button-primary" data-testid="voucher-submit" disabled={busy}>
        {busy ? t('instrument.working') : t('carnet.endorseSubmit')}
      </button>
    </form>
  );
}

function LiveInBond({ id, credential, verdict }: { id: string; credential: unknown; verdict: Verdict }) {
  // An arrival names the destination facility: the filing's FIRMS code.
  const firmsCode = obj(obj(credential).credentialSubject).firmsCode;
  const { api, session: sessionStore } = useServices();
  const { t } = useI18n();
  const word = useWord();
  const session = useStore(sessionStore);
  const toProblem = useActionProblem();
  const { item: movement, setItem, problem } = useLive(id, (x) => api.getInBond(x));
  const [changed, setChanged] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionProblem, setActionProblem] = useState<ActionProblem | null>(null);
  if (problem !== null) return <ActionProblemText problem={problem} testId="instrument-error" />;
  if (movement === null) return <Loading />;
  const acts = can(session, 'instruments:act');
  const actions = inBondActionsOf(movement.state).filter((a) =>
    a === 'ARRIVE' ? hasOrgRole(session, 'BONDED_CARRIER') : hasOrgRole(session, 'CUSTOMS'),
  );
  const act = async (action: 'ARRIVE' | 'APPROVE_DIVERSION') => {
    setBusy(true);
    setActionProblem(null);
    try {
      const before: InBondMovement = movement;
      const next = await api.inBondEvent(
        movement.id,
        action === 'ARRIVE'
          ? {
              kind: 'ARRIVE',
              port: movement.destinationPort,
              ...(typeof firmsCode === 'string' ? { firmsCode } : {}),
            }
          : { kind: 'DIVERSION_DECISION', approved: true },
      );
      setItem(next);
      setChanged(
        t('inBond.changed', {
          from: word('inBond.state', before.state),
          to: word('inBond.state', next.state),
          port: next.destinationPort,
        }),
      );
    } catch (error) {
      setActionProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="stack">
      <InBondFacts movement={movement} verdict={verdict} />
      {changed !== null && <Changed text={changed} testId="inbond-changed" />}
      {acts && actions.length > 0 && (
        <div class="actions">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              class="button button-primary"
              data-testid={a === 'ARRIVE' ? 'inbond-arrive' : 'inbond-approve-diversion'}
              disabled={busy}
              onClick={() => void act(a)}
            >
              {a === 'ARRIVE'
                ? t('inBond.arrive', { port: movement.destinationPort })
                : t('inBond.approveDiversion', { port: movement.chain?.requestedPort ?? '' })}
            </button>
          ))}
        </div>
      )}
      <ActionProblemText problem={actionProblem} testId="inbond-error" />
      <h3>{t('inBond.timeline')}</h3>
      <InBondTimeline movement={movement} />
    </div>
  );
}
