import type { ComponentChildren } from 'preact';
import { useI18n } from '../app/context.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { KeyFacts, PartyFacts } from './keyFacts.ts';

const typeNames: Record<string, MessageKey> = {
  USMCACertificationOfOrigin: 'type.USMCACertificationOfOrigin',
  CAFTADRCertificationOfOrigin: 'type.CAFTADRCertificationOfOrigin',
  NAFTACertificateOfOrigin: 'type.NAFTACertificateOfOrigin',
  OriginQualificationCredential: 'type.OriginQualificationCredential',
  InformationRequestCredential: 'type.InformationRequestCredential',
  InformationResponseCredential: 'type.InformationResponseCredential',
  OriginClaimDecisionCredential: 'type.OriginClaimDecisionCredential',
};

const roleNames: Record<string, MessageKey> = {
  IMPORTER: 'role.IMPORTER',
  EXPORTER: 'role.EXPORTER',
  PRODUCER: 'role.PRODUCER',
};

const producerModes: Record<string, MessageKey> = {
  VARIOUS: 'facts.producer.various',
  CONFIDENTIAL: 'facts.producer.confidential',
};

/** A type's name for people (unknown types as written). */
export function useTypeName(): (type: string) => string {
  const { t } = useI18n();
  return (type) => {
    const key = typeNames[type];
    return key === undefined ? type : t(key);
  };
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

/** The record's key facts: type, issuer, id, dates; for a USMCA certification its parties and goods. */
export function KeyFactsView({ facts, hash }: { facts: KeyFacts; hash: string | null }) {
  const { t, date, dateTime } = useI18n();
  const typeName = useTypeName();
  const u = facts.usmca;
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
        {u !== null && (
          <>
            {u.certificationNumber && (
              <Fact label={t('facts.certificationNumber')} testid="fact-certification-number">
                <span class="mono-wrap">{u.certificationNumber}</span>
              </Fact>
            )}
            <Fact label={t('facts.certifier')} testid="fact-certifier">
              {u.certifierRole && (
                <span class="badge">
                  {roleNames[u.certifierRole] ? t(roleNames[u.certifierRole]!) : u.certifierRole}
                </span>
              )}
              {u.certifier ? <Party party={u.certifier} /> : notStated}
            </Fact>
            <Fact label={t('facts.exporter')} testid="fact-exporter">
              {u.exporter ? <Party party={u.exporter} /> : notStated}
            </Fact>
            <Fact label={t('facts.producer')} testid="fact-producer">
              {u.producer.parties.length > 0
                ? u.producer.parties.map((p, i) => <Party key={i} party={p} />)
                : u.producer.mode && producerModes[u.producer.mode]
                  ? t(producerModes[u.producer.mode]!)
                  : notStated}
            </Fact>
            <Fact label={t('facts.importer')} testid="fact-importer">
              {u.importer ? <Party party={u.importer} /> : notStated}
            </Fact>
            <Fact label={t('facts.scope')} testid="fact-scope">
              {u.scope === null
                ? notStated
                : u.scope.type === 'BLANKET'
                  ? t('facts.scope.blanket', { from: date(u.scope.from ?? '?'), to: date(u.scope.to ?? '?') })
                  : t('facts.scope.single', { invoice: u.scope.invoiceNumber ?? '?' })}
            </Fact>
            {u.signature && (
              <Fact label={t('facts.signature')} testid="fact-signature">
                {[u.signature.signer, u.signature.title, u.signature.date ? date(u.signature.date) : null]
                  .filter((s) => s !== null)
                  .join(' · ')}
              </Fact>
            )}
          </>
        )}
      </dl>
      {u !== null && u.goods.length > 0 && (
        <div class="table-wrap">
          <table class="goods" data-testid="goods">
            <caption>{t('facts.goods')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('facts.goods.description')}</th>
                <th scope="col">{t('facts.goods.hs')}</th>
                <th scope="col">{t('facts.goods.criterion')}</th>
                <th scope="col">{t('facts.goods.origin')}</th>
              </tr>
            </thead>
            <tbody>
              {u.goods.map((g, i) => (
                <tr key={i} data-testid="goods-line">
                  <td>{g.line ?? i + 1}</td>
                  <td>{g.description ?? '—'}</td>
                  <td class="mono">{g.hs ?? '—'}</td>
                  <td>{g.originCriterion ?? '—'}</td>
                  <td>{g.countryOfOrigin ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
