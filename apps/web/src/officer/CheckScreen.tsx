import { useEffect, useRef, useState } from 'preact/hooks';
import { isApiError } from '../api/client.ts';
import { useI18n, useServices } from '../app/context.ts';
import { can } from '../app/permissions.ts';
import { hrefOf } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import type { CheckEntry } from '../offline/checkHistory.ts';
import { ClaimsOnCertification, CoverageCard } from './CertificationPanels.tsx';
import { certificationAgreementOf } from './coverage.ts';
import { InstrumentPanel } from './instruments/InstrumentPanel.tsx';
import { instrumentKindOf } from './instruments/instrumentView.ts';
import { keyFactsOf } from './keyFacts.ts';
import { VerificationResult } from './VerificationResult.tsx';
import { type VerdictChange, verdictChange } from './verdictPresentation.ts';

/** Entries re-checked online during this visit, so a re-render does not ask the node again. */
const recheckedThisSession = new Set<string>();

/**
 * One check: the verdict as computed on the device, then — when online — the node's verdict against
 * the live ledger, which replaces it (the panel says which one it shows).
 */
export function CheckScreen({ id }: { id: string }) {
  const services = useServices();
  const { t } = useI18n();
  const version = useStore(services.historyVersion);
  const isOnline = useStore(services.online);
  const session = useStore(services.session);
  const [entry, setEntry] = useState<CheckEntry | null | undefined>(undefined);
  const [rechecking, setRechecking] = useState(false);
  const [recheckProblem, setRecheckProblem] = useState<string | null>(null);
  /** How the last re-check changed the verdict shown, if it did. */
  const [change, setChange] = useState<VerdictChange | null>(null);
  const current = useRef<CheckEntry | null>(null);

  useEffect(() => {
    let live = true;
    services.history.get(id).then((found) => {
      if (!live) return;
      if (current.current?.id !== found?.id) setChange(null);
      current.current = found;
      setEntry(found);
    });
    return () => {
      live = false;
    };
  }, [id, version]);

  async function recheck(target: CheckEntry) {
    recheckedThisSession.add(target.id);
    setRechecking(true);
    setRecheckProblem(null);
    try {
      const updated = await services.verification.recheck(target);
      const shown = current.current;
      if (shown?.id === updated.id) {
        const changed = verdictChange(shown.report, updated.report);
        if (changed !== null) setChange(changed);
        current.current = updated;
        setEntry(updated);
      }
    } catch (error) {
      setRecheckProblem(
        isApiError(error) && error.code === 'NETWORK'
          ? t('check.recheckUnreachable')
          : t('check.recheckFailed', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setRechecking(false);
    }
  }

  useEffect(() => {
    if (entry && isOnline && entry.report.ledgerSource?.kind !== 'live' && !recheckedThisSession.has(entry.id))
      void recheck(entry);
  }, [entry?.id, isOnline]);

  if (entry === undefined)
    return (
      <p class="muted" role="status">
        {t('app.loading')}
      </p>
    );
  if (entry === null)
    return (
      <section>
        <h1>{t('check.notFound')}</h1>
        <p>
          <a href={hrefOf({ name: 'verify' })}>{t('app.backToVerify')}</a>
        </p>
      </section>
    );
  const instrument = instrumentKindOf(keyFactsOf(entry.credential).types);
  return (
    <section class="stack" aria-labelledby="check-title">
      <h1 id="check-title" class="visually-hidden">
        {t('check.title')}
      </h1>
      <VerificationResult entry={entry} rechecking={rechecking} change={change} />
      {instrument !== null && (
        <InstrumentPanel
          kind={instrument}
          hash={entry.report.hash ?? entry.referenceHash ?? null}
          credential={entry.credential}
          verdict={entry.report.verdict}
        />
      )}
      {certificationAgreementOf(entry.credential) !== null && (
        <>
          <CoverageCard credential={entry.credential} verdict={entry.report.verdict} />
          <ClaimsOnCertification hash={entry.report.hash ?? entry.referenceHash ?? null} />
          {entry.report.verdict === 'VALID' && can(session, 'claims:file') && (
            <p>
              <a
                class="button button-primary"
                href={hrefOf({ name: 'fileClaim', check: entry.id })}
                data-testid="file-claim-from-check"
              >
                {t('check.fileClaim')}
              </a>
            </p>
          )}
        </>
      )}
      <div class="actions">
        {isOnline && (
          <button
            type="button"
            class="button button-secondary"
            data-testid="recheck-online"
            disabled={rechecking}
            onClick={() => void recheck(entry)}
          >
            {rechecking ? t('check.rechecking') : t('check.recheck')}
          </button>
        )}
        <a class="button button-primary" href={hrefOf({ name: 'verify' })} data-testid="verify-another">
          {t('check.verifyAnother')}
        </a>
      </div>
      {recheckProblem !== null && (
        <p class="notice notice-warn" role="status" data-testid="recheck-error">
          {recheckProblem}
        </p>
      )}
    </section>
  );
}
