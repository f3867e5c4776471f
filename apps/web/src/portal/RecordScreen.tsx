import { recordPaperName } from '@clearledger/core';
import { useEffect, useState } from 'preact/hooks';
import type { CredentialRecord, CredentialStatusChange, LedgerStatus, QrText } from '../api/clearledgerApi.ts';
import { isApiError } from '../api/client.ts';
import { useI18n, useServices } from '../app/context.ts';
import { can } from '../app/permissions.ts';
import { hrefOf } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import { KeyFactsView, useTypeName } from '../officer/KeyFactsView.tsx';
import { keyFactsOf } from '../officer/keyFacts.ts';
import { RecordQr } from './RecordQr.tsx';
import { ledgerStatusKeys, RecordStatusBadge } from './RecordsScreen.tsx';

const steps = ['pending', 'sealed', 'anchored'] as const;
const ledgerExplainKeys: Record<LedgerStatus, MessageKey> = {
  pending: 'ledger.pending.explain',
  sealed: 'ledger.sealed.explain',
  anchored: 'ledger.anchored.explain',
};
type StatusTarget = CredentialStatusChange['status'];
const statusDoneKeys: Record<StatusTarget, MessageKey> = {
  REVOKED: 'record.status.done.REVOKED',
  SUSPENDED: 'record.status.done.SUSPENDED',
  ACTIVE: 'record.status.done.ACTIVE',
};
const statusConfirmKeys: Record<StatusTarget, MessageKey> = {
  REVOKED: 'record.status.confirm.REVOKED',
  SUSPENDED: 'record.status.confirm.SUSPENDED',
  ACTIVE: 'record.status.confirm.ACTIVE',
};

function LedgerStatusView({ record }: { record: CredentialRecord }) {
  const { t, dateTime } = useI18n();
  const reached = steps.indexOf(record.status);
  const anchor = record.anchor;
  return (
    <section class="card" aria-labelledby="ledger-title" data-testid="ledger-status" data-status={record.status}>
      <h2 id="ledger-title">{t('record.ledger')}</h2>
      <ol class="stepper">
        {steps.map((step, i) => (
          <li
            key={step}
            class={`step ${i < reached ? 'step-done' : i === reached ? 'step-current' : 'step-todo'}`}
            aria-current={i === reached ? 'step' : undefined}
          >
            <span aria-hidden="true">{i <= reached ? '●' : '○'} </span>
            {t(ledgerStatusKeys[step])}
          </li>
        ))}
      </ol>
      <p class="small">{t(ledgerExplainKeys[record.status])}</p>
      {anchor !== null && (
        <dl class="facts facts-compact">
          {anchor.blockNumber !== undefined && (
            <>
              <dt>{t('record.block')}</dt>
              <dd data-testid="ledger-block">{anchor.blockNumber}</dd>
            </>
          )}
          {anchor.txHash !== undefined && (
            <>
              <dt>{t('record.transaction')}</dt>
              <dd class="mono-wrap" data-testid="ledger-tx">
                {anchor.txHash}
              </dd>
            </>
          )}
          {anchor.anchoredAt !== undefined && (
            <>
              <dt>{t('record.anchoredAt')}</dt>
              <dd>{dateTime(anchor.anchoredAt)}</dd>
            </>
          )}
          <dt>{t('record.batchRoot')}</dt>
          <dd class="mono-wrap">{anchor.root}</dd>
        </dl>
      )}
    </section>
  );
}

/** What the issuer did to the record on the chain, said first: it no longer verifies (revoked) or not for now (suspended). */
function StandingNotice({ record }: { record: CredentialRecord }) {
  const { t } = useI18n();
  const standing = record.standing;
  if (standing === undefined || standing === null) return null;
  return (
    <div
      class={`notice ${standing.status === 'REVOKED' ? 'notice-danger' : 'notice-warn'}`}
      role="status"
      data-testid="record-standing"
      data-status={standing.status}
    >
      <p>
        <strong>{t(`standing.${standing.status}`)}</strong> — {t(`standing.${standing.status}.explain`)}
      </p>
      {standing.reason !== undefined && <p class="small">{t('standing.reason', { reason: standing.reason })}</p>}
    </div>
  );
}

/** Which status changes make sense now: none once revoked; reinstate or revoke while suspended; suspend or revoke otherwise. */
function allowedChanges(record: CredentialRecord): ReadonlySet<StatusTarget> {
  const standing = record.standing?.status;
  if (standing === 'REVOKED') return new Set();
  if (standing === 'SUSPENDED') return new Set(['ACTIVE', 'REVOKED']);
  return new Set(['SUSPENDED', 'REVOKED']);
}

function StatusActions({ record, onChanged }: { record: CredentialRecord; onChanged: () => void }) {
  const { api } = useServices();
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState<StatusTarget | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  // The chain stores at most 32 bytes of reason.
  const reasonTooLong = new TextEncoder().encode(reason.trim()).length > 32;
  const labels = {
    REVOKED: t('record.status.revoke'),
    SUSPENDED: t('record.status.suspend'),
    ACTIVE: t('record.status.reinstate'),
  } as const;
  const testids = { REVOKED: 'revoke-button', SUSPENDED: 'suspend-button', ACTIVE: 'reinstate-button' } as const;
  const allowed = allowedChanges(record);
  async function apply(status: StatusTarget) {
    setBusy(true);
    setResult(null);
    try {
      const done = await api.setStatus({ credentialId: record.id, status, reason: reason.trim() });
      onChanged();
      setResult({
        ok: true,
        text:
          typeof done?.blockNumber === 'number'
            ? `${t(statusDoneKeys[status])} ${t('record.status.recorded', { block: done.blockNumber })}`
            : t(statusDoneKeys[status]),
      });
    } catch (error) {
      setResult({
        ok: false,
        text:
          isApiError(error) && error.code === 'CL_AUTH_FORBIDDEN'
            ? t('record.status.forbidden')
            : t('record.status.failed', { message: error instanceof Error ? error.message : String(error) }),
      });
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  }
  return (
    <section class="card" aria-labelledby="status-title" data-testid="status-actions">
      <h2 id="status-title">{t('record.status.title')}</h2>
      {allowed.size === 0 && (
        <p class="small" data-testid="status-final">
          {t('record.status.final')}
        </p>
      )}
      <div class="field">
        <label for="status-reason">{t('record.status.reason')}</label>
        <input
          id="status-reason"
          data-testid="status-reason"
          value={reason}
          maxLength={32}
          disabled={allowed.size === 0}
          onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
          aria-describedby="status-reason-hint"
        />
        <p id="status-reason-hint" class="hint">
          {t('record.status.reasonHint')}
        </p>
      </div>
      {confirm === null ? (
        <div class="actions">
          {(['SUSPENDED', 'ACTIVE', 'REVOKED'] as const).map((status) => (
            <button
              key={status}
              type="button"
              class={`button ${status === 'REVOKED' ? 'button-danger' : 'button-secondary'}`}
              data-testid={testids[status]}
              disabled={busy || !allowed.has(status) || reasonTooLong || (status !== 'ACTIVE' && reason.trim() === '')}
              onClick={() => setConfirm(status)}
            >
              {labels[status]}
            </button>
          ))}
        </div>
      ) : (
        <div class="actions">
          <span>{t(statusConfirmKeys[confirm])}</span>
          <button
            type="button"
            class="button button-danger"
            data-testid="status-confirm"
            disabled={busy}
            onClick={() => void apply(confirm)}
          >
            {labels[confirm]}
          </button>
          <button type="button" class="button button-secondary" onClick={() => setConfirm(null)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {result !== null && (
        <p
          class={`notice ${result.ok ? 'notice-info' : 'notice-danger'}`}
          role="status"
          data-testid="status-result"
          data-ok={result.ok ? 'true' : 'false'}
        >
          {result.text}
        </p>
      )}
    </section>
  );
}

/** One record of the organisation: facts, ledger status, PDF, QR text, verification, status changes. */
export function RecordScreen({ id }: { id: string }) {
  const services = useServices();
  const { api, session } = services;
  const { t, lang } = useI18n();
  const typeName = useTypeName();
  const current = useStore(session);
  const mayChangeStatus = can(current, 'credentials:status');
  const [record, setRecord] = useState<CredentialRecord | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [pdf, setPdf] = useState<{ url: string; name: string } | null>(null);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [qr, setQr] = useState<QrText | null>(null);
  const [qrProblem, setQrProblem] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);

  const [version, setVersion] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    if (version === 0) setRecord(null);
    setProblem(null);
    api
      .getCredential(id, { signal: controller.signal })
      .then(setRecord)
      .catch((error: unknown) => {
        if ((error as { name?: string }).name === 'AbortError') return;
        setProblem(
          isApiError(error) && error.status === 404
            ? t('record.notFound')
            : isApiError(error) && error.code === 'NETWORK'
              ? t('portal.offline')
              : String((error as Error).message),
        );
      });
    return () => controller.abort();
  }, [id, version]);

  // Until the record is anchored, follow its ledger status (the node anchors within about a second).
  const waiting = record !== null && record.status !== 'anchored';
  useEffect(() => {
    if (!waiting) return undefined;
    const controller = new AbortController();
    const timer = setInterval(() => {
      api
        .getCredential(id, { signal: controller.signal })
        .then((fresh) => {
          if (fresh.status !== record?.status) setRecord(fresh);
        })
        .catch(() => undefined);
    }, 2_000);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [id, waiting]);

  useEffect(() => () => (pdf ? URL.revokeObjectURL(pdf.url) : undefined), [pdf]);

  if (problem !== null)
    return (
      <section class="stack">
        <p class="notice notice-warn" role="alert" data-testid="record-error">
          {problem}
        </p>
        <p>
          <a href={hrefOf({ name: 'records', query: {} })}>{t('record.backToList')}</a>
        </p>
      </section>
    );
  if (record === null)
    return (
      <p class="muted" role="status">
        {t('app.loading')}
      </p>
    );

  async function printPdf() {
    if (record === null) return;
    // Open the tab now, while the click still counts as a user gesture; fill it once the PDF arrives.
    const tab = window.open('', '_blank');
    setPdfBusy(true);
    try {
      const blob = await api.credentialPdf(record.id, lang);
      const url = URL.createObjectURL(
        blob.type === 'application/pdf' ? blob : new Blob([blob], { type: 'application/pdf' }),
      );
      setPdf({ url, name: `${recordPaperName(record.verifiableCredential, record.hash)}.pdf` });
      if (tab !== null) tab.location.href = url;
    } catch (error) {
      tab?.close();
      setQrProblem(t('record.pdfFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setPdfBusy(false);
    }
  }

  async function showQr() {
    if (record === null) return;
    setQrProblem(null);
    try {
      setQr(await api.credentialQr(record.id));
    } catch (error) {
      setQrProblem(t('record.qrFailed', { message: error instanceof Error ? error.message : String(error) }));
    }
  }

  async function verify() {
    if (record === null) return;
    setVerifying(true);
    try {
      const outcome = await services.verification.check(
        {
          kind: 'embedded',
          credential: record.verifiableCredential,
          ...(record.anchor === null ? {} : { anchor: record.anchor }),
        },
        'portal',
      );
      if (outcome.kind === 'checked') location.hash = hrefOf({ name: 'check', id: outcome.entry.id });
    } finally {
      setVerifying(false);
    }
  }

  return (
    <section class="stack" aria-labelledby="record-title" data-testid="record-page" data-id={record.id}>
      <p>
        <a href={hrefOf({ name: 'records', query: {} })}>← {t('record.backToList')}</a>
      </p>
      <div class="row-between">
        <h1 id="record-title">{record.summary?.number ?? typeName(record.type)}</h1>
        <RecordStatusBadge record={record} />
      </div>
      {record.summary?.number != null && <p class="muted">{typeName(record.type)}</p>}
      <StandingNotice record={record} />
      <div class="actions">
        <button
          type="button"
          class="button button-primary"
          data-testid="print-pdf"
          disabled={pdfBusy}
          onClick={() => void printPdf()}
        >
          {pdfBusy ? t('record.pdfLoading') : t('record.printPdf')}
        </button>
        <button type="button" class="button button-secondary" data-testid="show-qr" onClick={() => void showQr()}>
          {t('record.showQr')}
        </button>
        <button
          type="button"
          class="button button-secondary"
          data-testid="verify-record"
          disabled={verifying}
          onClick={() => void verify()}
        >
          {t('record.verify')}
        </button>
      </div>
      {pdf !== null && (
        <p>
          <a href={pdf.url} download={pdf.name} data-testid="pdf-link">
            {t('record.downloadPdf')}
          </a>
        </p>
      )}
      {qrProblem !== null && (
        <p class="notice notice-warn" role="alert" data-testid="record-action-error">
          {qrProblem}
        </p>
      )}
      {qr !== null && (
        <RecordQr id={record.id} qr={qr} name={recordPaperName(record.verifiableCredential, record.hash)} />
      )}
      <LedgerStatusView record={record} />
      <KeyFactsView facts={keyFactsOf(record.verifiableCredential)} hash={record.hash} />
      {mayChangeStatus && <StatusActions record={record} onChanged={() => setVersion((v) => v + 1)} />}
    </section>
  );
}
