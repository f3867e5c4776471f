import type { ClaimSummary } from '../../api/clearledgerApi.ts';
import { useI18n, useServices } from '../../app/context.ts';
import { can } from '../../app/permissions.ts';
import { hrefOf } from '../../app/routes.ts';
import { useStore } from '../../app/store.ts';
import { formatHtsus } from '../../officer/keyFacts.ts';
import { claimOutcome, claimOutcomeKeys } from '../caseView.ts';
import { PagedListView, PartyName, usePagedList } from '../shared.tsx';

/** A claim's state as a badge: words and colour (colour is never the only signal). */
export function ClaimStateBadge({ claim }: { claim: Pick<ClaimSummary, 'state'> }) {
  const { t } = useI18n();
  const outcome = claimOutcome(claim);
  return (
    <span class={`badge badge-${outcome.toLowerCase()}`} data-testid="claim-state-badge" data-state={claim.state}>
      {t(claimOutcomeKeys[outcome])}
    </span>
  );
}

/**
 * Preference claims the organisation takes part in (`GET /origin/claims`): an importer's or broker's
 * own, or — for customs — those filed with it. Newest first, a page at a time.
 */
export function ClaimsScreen() {
  const { api, session: sessionStore } = useServices();
  const session = useStore(sessionStore);
  const { t, dateTime } = useI18n();
  const list = usePagedList((query, options) => api.listClaims(query, options));

  return (
    <section class="stack" aria-labelledby="claims-title">
      <div class="row-between">
        <h1 id="claims-title">{t('claims.title')}</h1>
        {can(session, 'claims:file') && (
          <a class="button button-primary" href={hrefOf({ name: 'fileClaim' })} data-testid="claims-file">
            {t('claims.file')}
          </a>
        )}
      </div>
      <p class="muted">{t('claims.intro')}</p>
      <PagedListView list={list} testId="claims" empty="claims.empty">
        {(items) => (
          <div class="table-wrap">
            <table class="cards" data-testid="claims-table">
              <caption class="visually-hidden">{t('claims.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('claims.col.entry')}</th>
                  <th scope="col">{t('claims.col.htsus')}</th>
                  <th scope="col">{t('claims.col.importer')}</th>
                  <th scope="col">{t('claims.col.certifier')}</th>
                  <th scope="col">{t('claims.col.state')}</th>
                  <th scope="col">{t('claims.col.filed')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((claim) => (
                  <tr key={claim.id} data-testid="claim-row" data-id={claim.id} data-state={claim.state}>
                    <td class="cell-main">
                      <a href={hrefOf({ name: 'claim', id: claim.id })}>
                        {t('claims.entryLine', { entry: claim.line.entryNumber, line: claim.line.entryLine })}
                      </a>
                    </td>
                    <td class="mono cell-wide" data-label={t('claims.col.htsus')}>
                      {formatHtsus(claim.line.htsus)}
                    </td>
                    <td class="cell-wide" data-label={t('claims.col.importer')}>
                      <PartyName party={claim.parties?.importer} id={claim.parties?.importer.id ?? claim.claimant} />
                    </td>
                    <td class="cell-wide" data-label={t('claims.col.certifier')}>
                      {claim.certification === null ? (
                        <span class="muted">{t('claim.noCertificationShort')}</span>
                      ) : (
                        <PartyName party={claim.parties?.certifier} id={claim.certification.issuer} />
                      )}
                    </td>
                    <td class="cell-status">
                      <ClaimStateBadge claim={claim} />
                    </td>
                    <td class="cell-wide" data-label={t('claims.col.filed')}>
                      {dateTime(claim.createdAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedListView>
    </section>
  );
}
