import type { Verdict } from '@clearledger/core';
import type { ComponentChildren } from 'preact';
import type { Carnet, InBondMovement, Permit, PermitUse } from '../../api/instrumentsApi.ts';
import { useI18n } from '../../app/context.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { ActorName, PartyName } from '../../portal/shared.tsx';
import type { Tone } from '../verdictTone.ts';
import { carnetItemTone, daysUntil, inBondTone, nearExhaustion, permitTone } from './instrumentView.ts';

const badgeOfTone: Readonly<Record<Tone, string>> = {
  valid: 'badge-accepted',
  invalid: 'badge-denied',
  inconclusive: 'badge-waiting',
  neutral: 'badge-corrected',
};

/** A state in words, coloured by its tone (colour is never the only signal). */
export function StateBadge({
  tone,
  label,
  state,
  testId,
}: {
  tone: Tone;
  label: string;
  state: string;
  testId: string;
}) {
  return (
    <span class={`badge ${badgeOfTone[tone]}`} data-testid={testId} data-state={state} data-tone={tone}>
      {label}
    </span>
  );
}

/** A message by a key built from data (a state, a kind), or the word itself when there is none. */
export function useWord(): (prefix: string, word: string) => string {
  const { t } = useI18n();
  return (prefix, word) => {
    const key = `${prefix}.${word}` as MessageKey;
    const text = t(key);
    return text === key ? word : text;
  };
}

function Fact({ label, testId, children }: { label: MessageKey; testId?: string; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <>
      <dt>{t(label)}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** A permit's state badge (under a record's verdict on the officer's screen). */
export function PermitStateBadge({ permit, verdict }: { permit: Pick<Permit, 'state'>; verdict?: Verdict }) {
  const word = useWord();
  return (
    <StateBadge
      tone={permitTone(permit.state, verdict)}
      label={word('permit.state', permit.state)}
      state={permit.state}
      testId="permit-state"
    />
  );
}

/** One use of a permit: entry and line, quantity, port, time, who drew it by name, and a reversal. */
export function PermitUseItem({ use, children }: { use: PermitUse; children?: ComponentChildren }) {
  const { t, dateTime } = useI18n();
  return (
    <li
      class="instrument-row"
      data-testid="permit-use"
      data-entry={use.entryNumber ?? ''}
      data-reversed={use.reversed !== null}
    >
      <p>
        <strong>
          {use.entryNumber === null
            ? t('permit.useElsewhere')
            : t('permit.useLine', { entry: use.entryNumber, line: use.line ?? '' })}
        </strong>{' '}
        <span data-testid="permit-use-quantity">
          {t('permit.quantityOf', { quantity: use.quantity, unit: use.unit })}
        </span>
      </p>
      <p class="small">
        {t('permit.usePort', { port: use.port })} · <time dateTime={use.at}>{dateTime(use.at)}</time>
      </p>
      <p class="small">
        <PartyName party={use.drawerParty} id={use.drawer} testId="permit-use-drawer" />
      </p>
      {use.reversed !== null && (
        <p class="small" data-testid="permit-use-reversed">
          <StateBadge tone="neutral" label={t('permit.reversed')} state="REVERSED" testId="permit-use-reversed-badge" />{' '}
          {use.reversed.reason === '' ? null : t('permit.reversedWhy', { reason: use.reversed.reason })}
        </p>
      )}
      {children}
    </li>
  );
}

/** A permit's live facts: state, balance of quantity, holder and agency by name, expiry. */
export function PermitFacts({ permit, verdict, today }: { permit: Permit; verdict?: Verdict; today: string }) {
  const { t, date } = useI18n();
  const days = daysUntil(permit.expiresOn, today);
  return (
    <dl class="facts" data-testid="permit-facts">
      <Fact label="permit.number">{permit.number}</Fact>
      <Fact label="permit.state" testId="permit-state-fact">
        <PermitStateBadge permit={permit} {...(verdict === undefined ? {} : { verdict })} />
      </Fact>
      <Fact label="permit.balance">
        <strong data-testid="permit-balance" data-balance={permit.balance}>
          {t('permit.balanceOf', { balance: permit.balance, quantity: permit.quantity, unit: permit.unit })}
        </strong>
        {nearExhaustion(permit) && (
          <span class="muted" data-testid="permit-low">
            {' '}
            · {t('permit.low')}
          </span>
        )}
      </Fact>
      <Fact label="permit.holder">
        <PartyName party={permit.holderParty} id={permit.holder} testId="permit-holder" />
      </Fact>
      <Fact label="permit.agency">
        <PartyName party={permit.issuerParty} id={permit.issuer} testId="permit-agency" />
      </Fact>
      <Fact label="permit.expires">
        {date(permit.expiresOn)}
        {days >= 0 && days <= 30 && <span class="muted"> · {t('permit.expiresInDays', { days })}</span>}
      </Fact>
    </dl>
  );
}

/** A carnet's items, each with its place (at home, abroad, in a country, overdue, claimed). */
export function CarnetItems({ carnet, verdict }: { carnet: Carnet; verdict?: Verdict }) {
  const { t, date } = useI18n();
  const word = useWord();
  return (
    <ul class="instrument-list" data-testid="carnet-items">
      {carnet.items.map((item) => (
        <li
          key={item.item}
          class="instrument-row"
          data-testid="carnet-item"
          data-item={item.item}
          data-status={item.status}
        >
          <p>
            <strong>{t('carnet.itemNumber', { item: item.item })}</strong> {item.description}{' '}
            <span class="muted">{t('carnet.pieces', { pieces: item.pieces })}</span>
          </p>
          <p class="small">
            <StateBadge
              tone={carnetItemTone(item.status, verdict)}
              label={word('carnet.status', item.status)}
              state={item.status}
              testId="carnet-item-status"
            />
            {item.country !== null && <> {t('carnet.inCountry', { country: item.country })}</>}
            {item.deadline !== null && <> · {t('carnet.reexportBy', { date: date(item.deadline) })}</>}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** A carnet's vouchers: kind, items, office and country, date, the customs by name. */
export function CarnetVouchers({ carnet }: { carnet: Carnet }) {
  const { t, date } = useI18n();
  const word = useWord();
  if (carnet.vouchers.length === 0) return <p class="muted">{t('carnet.noVouchers')}</p>;
  return (
    <ul class="instrument-list" data-testid="carnet-vouchers">
      {carnet.vouchers.map((v, i) => (
        <li key={i} class="instrument-row" data-testid="carnet-voucher" data-kind={v.kind}>
          <p>
            <strong>{word('carnet.kind', v.kind)}</strong>{' '}
            {t('carnet.voucherItems', { items: v.items.map((x) => x.item).join(', ') })}
          </p>
          <p class="small">{t('carnet.voucherAt', { office: v.office, country: v.country, date: date(v.date) })}</p>
          <p class="small">
            <PartyName party={v.customsParty} id={v.customs} testId="carnet-voucher-customs" />
          </p>
        </li>
      ))}
    </ul>
  );
}

/** A carnet's summary facts: number, state, holder and issuing association by name, validity. */
export function CarnetFacts({ carnet }: { carnet: Carnet }) {
  const { t, date } = useI18n();
  const word = useWord();
  return (
    <dl class="facts" data-testid="carnet-facts">
      <Fact label="carnet.number">{carnet.carnetNumber}</Fact>
      <Fact label="carnet.state">
        <span data-testid="carnet-state" data-state={carnet.state}>
          {word('carnet.state', carnet.state)}
        </span>
        {carnet.discharged && <span class="muted"> · {t('carnet.discharged')}</span>}
      </Fact>
      <Fact label="carnet.holder">
        <PartyName party={carnet.holderParty} id={carnet.holder} testId="carnet-holder" />
      </Fact>
      <Fact label="carnet.issuer">
        <PartyName party={carnet.issuerParty} id={carnet.issuer} testId="carnet-issuer" />
      </Fact>
      <Fact label="carnet.validUntil">{date(carnet.validUntil)}</Fact>
      <Fact label="carnet.overdue">
        <span data-testid="carnet-overdue" data-count={carnet.overdue.length}>
          {carnet.overdue.length === 0 ? t('carnet.noneOverdue') : carnet.overdue.join(', ')}
        </span>
      </Fact>
    </dl>
  );
}

const deadlineKeys: readonly [keyof InBondMovement['deadlines'], MessageKey][] = [
  ['deliverBy', 'inBond.deliverBy'],
  ['arrivalReportDue', 'inBond.arrivalReportDue'],
  ['exportBy', 'inBond.exportBy'],
  ['exportReportDue', 'inBond.exportReportDue'],
];

/** An in-bond movement's facts: state, route, carrier by name, deadlines and violations. */
export function InBondFacts({ movement, verdict }: { movement: InBondMovement; verdict?: Verdict }) {
  const { t, date } = useI18n();
  const word = useWord();
  return (
    <>
      <dl class="facts" data-testid="inbond-facts">
        <Fact label="inBond.number">{movement.inBondNumber}</Fact>
        <Fact label="inBond.state">
          <StateBadge
            tone={inBondTone(movement, verdict)}
            label={word('inBond.state', movement.state)}
            state={movement.state}
            testId="inbond-state"
          />
        </Fact>
        <Fact label="inBond.route" testId="inbond-destination">
          {t('inBond.routeOf', { from: movement.originPort, to: movement.destinationPort })}
          {movement.chain?.requestedPort && (
            <span class="muted"> · {t('inBond.diversionTo', { port: movement.chain.requestedPort })}</span>
          )}
        </Fact>
        <Fact label="inBond.carrier">
          <PartyName party={movement.liableCarrierParty} id={movement.liableCarrier} testId="inbond-carrier" />
        </Fact>
        {deadlineKeys.map(([field, label]) => {
          const due = movement.deadlines[field];
          return due === null ? null : (
            <Fact key={field} label={label} testId={`inbond-${field}`}>
              {date(due)}
            </Fact>
          );
        })}
      </dl>
      {movement.violations.length > 0 && (
        <ul class="instrument-list" data-testid="inbond-violations">
          {movement.violations.map((v, i) => (
            <li key={i} class="notice notice-danger" data-code={v.code}>
              <span class="rule-badge">{v.rule}</span> {word('inBond.violation', v.code)} ·{' '}
              {t('inBond.violationSince', { due: date(v.due), since: date(v.since) })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** An in-bond movement's timeline, oldest first: what happened, where, when, who by name. */
export function InBondTimeline({ movement }: { movement: InBondMovement }) {
  const { dateTime } = useI18n();
  const word = useWord();
  return (
    <ol class="instrument-list" data-testid="inbond-timeline">
      {movement.timeline.map((e) => (
        <li key={e.seq} class="instrument-row" data-testid="inbond-event" data-kind={e.kind}>
          <p>
            <strong>{word('inBond.event', e.kind)}</strong>
            {e.port !== undefined && <> · {e.port}</>}
            {e.newPort !== undefined && <> · {e.newPort}</>}
          </p>
          <p class="small">
            <time dateTime={e.happenedAt ?? e.reportedAt}>{dateTime(e.happenedAt ?? e.reportedAt)}</time>
          </p>
          <p class="small">
            <ActorName actor={e.by} orgId={e.actorOrgId} />
          </p>
        </li>
      ))}
    </ol>
  );
}
