import type { ComponentChildren } from 'preact';
import { useI18n } from '../app/context.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { KeyFact, KeyFacts, KeyFactsTable, PartyFacts } from './keyFacts.ts';

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

function Party({ party }: { party: PartyFacts }) {
  return (
    <div class="party">
      {party.name && <strong>{party.name}</strong>}
      {party.title && <span>{party.title}</span>}
      {(party.address || party.country) && (
        <span>{[party.address, party.country].filter((s) => s !== null).join(', ')}</span>
      )}
      {(party.phone || party.email) && <span>{[party.phone, party.email].filter((s) => s !== null).join(' · ')}</span>}
      {party.taxId && <span class="mono">{party.taxId}</span>}
      {party.importerNumber && <span class="mono">{party.importerNumber}</span>}
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
  return (
    <div class="table-wrap">
      <table class={table.label} data-testid={table.label}>
        <caption>{message(`facts.${table.label}`, table.label)}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            {table.columns.map((column) => (
              <th key={column} scope="col">
                {message(`facts.${table.label}.${column}`, column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i} data-testid={`${table.label}-line`}>
              <td>{row.line ?? i + 1}</td>
              {row.cells.map((cell, c) => (
                <td key={c}>{cell ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The record's key facts: type, issuer, id, dates, then what its record family says matters. */
export function KeyFactsView({ facts, hash }: { facts: KeyFacts; hash: string | null }) {
  const { t, dateTime } = useI18n();
  const typeName = useTypeName();
  const notStated = <span class="muted">{t('facts.notStated')}</span>;
  return (
    <section class="card" aria-labelledby="facts-title" data-testid="key-facts">
      <h2 id="facts-title">{t('facts.title')}</h2>
      <dl class="facts">
        <Fact label={t('facts.type')} testid="fact-type">
          {facts.types.length === 0 ? notStated : facts.types.map(typeName).join(', ')}
        </Fact>
        <Fact label={t('facts.issuer')} testid="fact-issuer">
          {facts.issuerName && <strong>{facts.issuerName} </strong>}
          <span class="mono-wrap">{facts.issuer ?? t('facts.notStated')}</span>
        </Fact>
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
        {facts.record?.facts.map((fact) => (
          <FamilyFact key={fact.label} fact={fact} />
        ))}
      </dl>
      {facts.record?.tables
        .filter((table) => table.rows.length > 0)
        .map((table) => (
          <FamilyTable key={table.label} table={table} />
        ))}
    </section>
  );
}
