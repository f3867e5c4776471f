import type { Verdict } from '@clearledger/core';
import type { ComponentChildren } from 'preact';
import { useI18n, useServices } from '../app/context.ts';
import { useStore } from '../app/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { KeyFact, KeyFacts, KeyFactsTable, PartyFacts } from './keyFacts.ts';
import { organizationName } from './organizationName.ts';

/** A type's name for people: its `type.<type>` message, else as written. */
export function useTypeName(): (type: string) => string {
  const message = useMessage();
  return (type) => message(`type.${type}`, type);
}

function Fact({ label, testid, children }: { label: string; testid?: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testid}>{children}</dd>
    </>
  );
}

/** A party by name (and country) at a glance; its title, address, contacts and identifiers on demand. */
function Party({ party }: { party: PartyFacts }) {
  const { t } = useI18n();
  const details = [
    party.title,
    party.address,
    [party.phone, party.email].filter((s) => s !== null).join(' · ') || null,
  ].filter((s) => s !== null);
  const ids = [party.taxId, party.importerNumber].filter((s) => s !== null);
  return (
    <div class="party">
      <span>
        <strong data-testid="party-name">{party.name ?? t('facts.notStated')}</strong>
        {party.country && <span class="muted"> · {party.country}</span>}
      </span>
      {details.length + ids.length > 0 && (
        <details class="party-details">
          <summary>{t('facts.partyDetails')}</summary>
          {details.map((line, i) => (
            <span key={i}>{line}</span>
          ))}
          {ids.map((id) => (
            <span key={id} class="mono">
              {id}
            </span>
          ))}
        </details>
      )}
    </div>
  );
}

/**
 * A message by a key built from data (a family's fact label, a code word), or `fallback` when the
 * dictionary has no such message.
 */
function useMessage(): (key: string, fallback: string, params?: Record<string, string>) => string {
  const { t } = useI18n();
  return (key, fallback, params) => {
    const text = t(key as MessageKey, params);
    return text === key ? fallback : text;
  };
}

/** `certificationNumber` → `certification-number`. */
const kebab = (label: string) => label.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One fact a record's family gives, rendered by the kind of its value. */
function FamilyFact({ fact }: { fact: KeyFact }) {
  const { t, date } = useI18n();
  const message = useMessage();
  const { label, value } = fact;
  const body = (() => {
    if (value === null) return <span class="muted">{t('facts.notStated')}</span>;
    switch (value.kind) {
      case 'text':
        return <span class="mono-wrap">{value.text}</span>;
      case 'term':
        return message(`facts.${label}.${value.term.toLowerCase()}`, value.term);
      case 'parties':
        return (
          <>
            {value.role && <span class="badge">{message(`role.${value.role}`, value.role)}</span>}
            {value.parties.map((party, i) => (
              <Party key={i} party={party} />
            ))}
          </>
        );
      case 'period':
        return message(`facts.${label}.period`, `${value.from ?? '?'} – ${value.to ?? '?'}`, {
          from: date(value.from ?? '?'),
          to: date(value.to ?? '?'),
        });
      case 'shipment':
        return message(`facts.${label}.shipment`, value.invoiceNumber ?? '?', { invoice: value.invoiceNumber ?? '?' });
      case 'signature':
        return [value.signer, value.title, value.date ? date(value.date) : null].filter((s) => s !== null).join(' · ');
    }
  })();
  return (
    <Fact label={message(`facts.${label}`, label)} testid={`fact-${kebab(label)}`}>
      {body}
    </Fact>
  );
}

/** A table a record's family gives (a certification's goods): line number, then its columns. */
function FamilyTable({ table }: { table: KeyFactsTable }) {
  const message = useMessage();
  const headers = table.columns.map((column) => message(`facts.${table.label}.${column}`, column));
  return (
    <div class="table-wrap">
      <table class={`${table.label} stacked-table`} data-testid={table.label}>
        <caption>{message(`facts.${table.label}`, table.label)}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            {table.columns.map((column, c) => (
              <th key={column} scope="col">
                {headers[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i} data-testid={`${table.label}-line`}>
              <td data-label="#">{row.line ?? i + 1}</td>
              {row.cells.map((cell, c) => (
                <td key={c} data-label={headers[c]}>
                  {cell ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The issuer by name: the name its node registered (from the trust snapshot this device verified),
 * else the name the record gives itself, marked as such; its DID on demand.
 */
function Issuer({ did, statedName }: { did: string | null; statedName: string | null }) {
  const { t } = useI18n();
  const { trust } = useServices();
  const registered = organizationName(useStore(trust).stored?.snapshot ?? null, did);
  return (
    <>
      {registered !== null ? (
        <strong data-testid="issuer-name" data-source="registry">
          {registered}
        </strong>
      ) : statedName !== null ? (
        <>
          <strong data-testid="issuer-name" data-source="record">
            {statedName}
          </strong>{' '}
          <span class="muted small">{t('facts.issuerNameStated')}</span>
        </>
      ) : (
        <span class="muted" data-testid="issuer-name" data-source="none">
          {t('facts.issuerNotRegistered')}
        </span>
      )}
      {did !== null && (
        <details class="did-disclosure" data-testid="issuer-did">
          <summary>{t('facts.showDid')}</summary>
          <span class="mono-wrap">{did}</span>
        </details>
      )}
    </>
  );
}

/** How far the facts may be relied on, by verdict: only a VALID record's facts are the issuer's. */
function TrustMark({ verdict }: { verdict: Verdict }) {
  const { t } = useI18n();
  if (verdict === 'INVALID')
    return (
      <p class="trust-mark trust-mark-untrusted" data-testid="facts-untrusted">
        <span aria-hidden="true">✗ </span>
        <strong>{t('facts.untrusted')}</strong> {t('facts.untrustedWhy')}
      </p>
    );
  if (verdict === 'INCONCLUSIVE')
    return (
      <p class="trust-mark trust-mark-unconfirmed" data-testid="facts-unconfirmed">
        <span aria-hidden="true">! </span>
        <strong>{t('facts.unconfirmed')}</strong> {t('facts.unconfirmedWhy')}
      </p>
    );
  return null;
}

/**
 * The record's key facts: what it is (type, number), who (parties and issuer by name), the goods
 * and the period, then its identifiers and dates. With `verdict`, facts of a record that is not
 * VALID carry a mark saying they cannot be trusted.
 */
export function KeyFactsView({
  facts,
  hash,
  verdict = null,
}: {
  facts: KeyFacts;
  hash: string | null;
  verdict?: Verdict | null;
}) {
  const { t, dateTime } = useI18n();
  const typeName = useTypeName();
  const notStated = <span class="muted">{t('facts.notStated')}</span>;
  const trust =
    verdict === null
      ? 'unknown'
      : verdict === 'VALID'
        ? 'trusted'
        : verdict === 'INVALID'
          ? 'untrusted'
          : 'unconfirmed';
  return (
    <section
      class={`card facts-card facts-${trust}`}
      aria-labelledby="facts-title"
      data-testid="key-facts"
      data-trust={trust}
    >
      <h2 id="facts-title">{t('facts.title')}</h2>
      {verdict !== null && <TrustMark verdict={verdict} />}
      <dl class="facts">
        <Fact label={t('facts.type')} testid="fact-type">
          {facts.types.length === 0 ? notStated : facts.types.map(typeName).join(', ')}
        </Fact>
        {facts.record?.facts.map((fact) => (
          <FamilyFact key={fact.label} fact={fact} />
        ))}
        <Fact label={t('facts.issuer')} testid="fact-issuer">
          <Issuer did={facts.issuer} statedName={facts.issuerName} />
        </Fact>
      </dl>
      {facts.record?.tables
        .filter((table) => table.rows.length > 0)
        .map((table) => (
          <FamilyTable key={table.label} table={table} />
        ))}
      <dl class="facts facts-more">
        <Fact label={t('facts.id')} testid="fact-id">
          <span class="mono-wrap">{facts.id ?? t('facts.notStated')}</span>
        </Fact>
        {hash !== null && (
          <Fact label={t('facts.hash')} testid="fact-hash">
            <span class="mono-wrap">{hash}</span>
          </Fact>
        )}
        <Fact label={t('facts.issued')} testid="fact-issued">
          {facts.issuedAt ? dateTime(facts.issuedAt) : notStated}
        </Fact>
        <Fact label={t('facts.validity')} testid="fact-validity">
          {facts.validFrom ? t('facts.validFrom', { date: dateTime(facts.validFrom) }) : t('facts.validFromAny')}
          {' · '}
          {facts.validUntil ? t('facts.validUntil', { date: dateTime(facts.validUntil) }) : t('facts.validUntilAny')}
        </Fact>
      </dl>
    </section>
  );
}
