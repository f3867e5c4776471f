import type { ClaimCheck, Verdict } from '@clearledger/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CaseEvent, Claim, FileClaimBody, InformationRequest } from '../../api/clearledgerApi.ts';
import { isApiError } from '../../api/client.ts';
import { useI18n, useServices } from '../../app/context.ts';
import { Loading } from '../../app/loading.tsx';
import { localToday } from '../../app/localDate.ts';
import { can, decidesClaims } from '../../app/permissions.ts';
import { hrefOf } from '../../app/routes.ts';
import { useStore } from '../../app/store.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { CheckItem } from '../../officer/CheckItem.tsx';
import { formatHtsus } from '../../officer/keyFacts.ts';
import { caseEventKeys, claimCheckKeys, claimOutcome, claimOutcomeKeys } from '../caseView.ts';
import {
  ActorName,
  FormProblem,
  ItemProblem,
  PartyName,
  ProblemText,
  SubmitOrCancel,
  useAction,
  useErrorText,
  useItem,
} from '../shared.tsx';
import { ClaimStateBadge } from './ClaimsScreen.tsx';
import { claimLineOf, correctionForm, formatUsd } from './claimForm.ts';
import { CertificationSourceError, ClaimFields, presentedCertification, useClaimForm } from './FileClaimScreen.tsx';
import { RequestPanel } from './RequestPanel.tsx';

/** An assessment's outcome as the verdict its checks are shown under: green only when it accepts. */
const verdictOfAssessment = { ACCEPT: 'VALID', DENY: 'INVALID', REVIEW: 'INCONCLUSIVE' } as const;

function CheckRow({ check, verdict }: { check: ClaimCheck; verdict: Verdict }) {
  const { t, lang } = useI18n();
  return (
    <CheckItem
      check={check}
      name={t(claimCheckKeys[check.check])}
      testId="claim-check"
      reasonTestId="claim-check-reason"
      verdict={verdict}
    >
      <ProblemText
        problem={{
          text: check.message,
          ...(check.rule === undefined ? {} : { rule: check.rule }),
          ...(lang === 'en' ? {} : { lang: 'en' }),
        }}
      />
    </CheckItem>
  );
}

/** Accept or deny a claim with a reason (customs, while the claim waits). */
function DecisionForm({ claim, onChange }: { claim: Claim; onChange: (c: Claim) => void }) {
  const { api } = useServices();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [outcome, setOutcome] = useState<'ACCEPTED' | 'DENIED' | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; conflict: boolean } | null>(null);
  return (
    <form
      class="card stack"
      data-testid="decision-form"
      aria-labelledby="decision-title"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (outcome === '' || reason.trim().length < 3) {
          setProblem({ text: t('decision.error.missing'), conflict: false });
          return;
        }
        setBusy(true);
        setProblem(null);
        try {
          onChange(await api.decideClaim(claim.id, { outcome, reason: reason.trim(), expectedVersion: claim.version }));
        } catch (error) {
          const conflict = isApiError(error) && error.code === 'CL_STORE_CONFLICT';
          setProblem({ text: conflict ? t('decision.error.conflict') : errorText(error), conflict });
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="decision-title">{t('decision.title')}</h2>
      <fieldset class="choice">
        <legend>{t('decision.outcome')}</legend>
        {(['ACCEPTED', 'DENIED'] as const).map((value) => (
          <label key={value} class="choice-option">
            <input
              type="radio"
              name="decision-outcome"
              value={value}
              checked={outcome === value}
              data-testid={`decision-${value}`}
              onChange={() => setOutcome(value)}
            />{' '}
            {t(value === 'ACCEPTED' ? 'decision.accept' : 'decision.deny')}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="decision-reason">{t('decision.reason')}</label>
        <textarea
          id="decision-reason"
          data-testid="decision-reason"
          rows={3}
          maxLength={2000}
          value={reason}
          onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      {problem !== null && (
        <p class="field-error" role="alert" data-testid="decision-error" data-conflict={String(problem.conflict)}>
          {problem.text}
        </p>
      )}
      <button type="submit" class="button button-primary" data-testid="decision-submit" disabled={busy}>
        {t('decision.submit')}
      </button>
    </form>
  );
}

/** Ask the certifier (or another party) for information on the claim, due in business days (customs). */
function AskForm({ claim, onAsked }: { claim: Claim; onAsked: (r: InformationRequest) => void }) {
  const { api } = useServices();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const askable = claim.askable ?? [];
  const [to, setTo] = useState(askable[0]?.id ?? '');
  const [question, setQuestion] = useState('');
  const [documents, setDocuments] = useState('');
  const [days, setDays] = useState('30');
  const { busy, problem, setProblem, run } = useAction();
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  if (!open)
    return (
      <button type="button" class="button button-secondary" data-testid="ask-open" onClick={() => setOpen(true)}>
        {t('ask.open')}
      </button>
    );
  const dueDays = Number(days);
  return (
    <form
      class="card stack"
      data-testid="ask-form"
      aria-labelledby="ask-title"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (question.trim().length < 3 || !Number.isInteger(dueDays) || dueDays < 1 || dueDays > 120) {
          setProblem(t('ask.error.missing'));
          return;
        }
        await run(async () => {
          const asked = await api.askInformation(claim.id, {
            ...(to.trim() === '' ? {} : { to: to.trim() }),
            question: question.trim(),
            documentsRequested: documents
              .split('\n')
              .map((d) => d.trim())
              .filter((d) => d !== ''),
            dueInBusinessDays: dueDays,
          });
          onAsked(asked);
          setOpen(false);
          setQuestion('');
          setDocuments('');
        });
      }}
    >
      <h2 id="ask-title">{t('ask.title')}</h2>
      <div class="field">
        <label for="ask-question">
          {t('ask.question')}
          <span aria-hidden="true"> *</span>
        </label>
        <textarea
          id="ask-question"
          ref={first}
          data-testid="ask-question"
          rows={4}
          maxLength={5000}
          value={question}
          onInput={(e) => setQuestion((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <div class="field">
        <label for="ask-documents">
          {t('ask.documents')}
          <span class="muted"> ({t('form.optional')})</span>
        </label>
        <textarea
          id="ask-documents"
          data-testid="ask-documents"
          rows={2}
          value={documents}
          aria-describedby="ask-documents-hint"
          onInput={(e) => setDocuments((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <p id="ask-documents-hint" class="hint">
          {t('ask.documentsHint')}
        </p>
      </div>
      <div class="grid">
        <div class="field">
          <label for="ask-to">{t('ask.to')}</label>
          <select
            id="ask-to"
            data-testid="ask-to"
            value={to}
            aria-describedby="ask-to-hint"
            onChange={(e) => setTo((e.currentTarget as HTMLSelectElement).value)}
          >
            {askable.map((party) => (
              <option key={party.id} value={party.id}>
                {party.name ?? party.id}
                {party.id === claim.certification?.issuer ? ` (${t('ask.certifier')})` : ''}
              </option>
            ))}
          </select>
          <p id="ask-to-hint" class="hint">
            {t('ask.toHint')}
          </p>
        </div>
        <div class="field">
          <label for="ask-days">{t('ask.days')}</label>
          <input
            id="ask-days"
            data-testid="ask-days"
            type="number"
            min={1}
            max={120}
            inputMode="numeric"
            value={days}
            onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
      </div>
      <FormProblem problem={problem} testId="ask-error" />
      <SubmitOrCancel label="ask.submit" testId="ask-submit" busy={busy} onCancel={() => setOpen(false)} />
    </form>
  );
}

/** The claimant corrects a claim that waits (19 CFR 182.11(c)): a new claim is assessed, this one becomes CORRECTED. */
function CorrectionForm({ claim }: { claim: Claim }) {
  const { api, decodeQr } = useServices();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const { form, problems, p, setSubmitted } = useClaimForm(() => correctionForm(claim.line, localToday()));
  const { busy, problem, run } = useAction();
  const kept = claim.certification?.verifiableCredential;
  if (!open)
    return (
      <button type="button" class="button button-secondary" data-testid="correct-open" onClick={() => setOpen(true)}>
        {t('correct.open')}
      </button>
    );
  // The same certification as filed, unless another one is pasted.
  const keep = form.source === 'PASTE' && form.pasted.trim() === '' && kept !== undefined;
  const shown = keep ? Object.fromEntries(Object.entries(problems).filter(([k]) => k !== 'pasted')) : problems;
  return (
    <form
      class="stack"
      data-testid="correction-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setSubmitted(true);
        if (Object.keys(shown).length > 0) return;
        await run(
          async () => {
            const certification = keep
              ? {
                  verifiableCredential: kept,
                  ...(claim.certification?.anchor ? { anchor: claim.certification.anchor } : {}),
                }
              : await presentedCertification(form, { api, decodeQr });
            const body: FileClaimBody = { ...claimLineOf(form), ...(certification === null ? {} : { certification }) };
            const fresh = await api.correctClaim(claim.id, body);
            location.hash = hrefOf({ name: 'claim', id: fresh.id });
          },
          (error) => (error instanceof CertificationSourceError ? t(error.key) : errorText(error)),
        );
      }}
    >
      <h2>{t('correct.title')}</h2>
      <p class="muted">{t(kept === undefined ? 'correct.intro' : 'correct.introKeep')}</p>
      <ClaimFields
        p={{ ...p, problems: shown }}
        keepLabel={kept === undefined ? undefined : 'correct.source.keep'}
        importer={claim.importer === undefined || claim.importer === claim.claimant ? '' : claim.importer}
      />
      <FormProblem problem={problem} testId="correction-error" />
      <SubmitOrCancel label="correct.submit" testId="correction-submit" busy={busy} onCancel={() => setOpen(false)} />
    </form>
  );
}

/** How the history says an automatic assessment or a decision came out ("Claim filed — denied"). */
const outcomeWords: Readonly<Record<string, MessageKey>> = {
  ACCEPT: 'event.outcome.accepted',
  ACCEPTED: 'event.outcome.accepted',
  DENY: 'event.outcome.denied',
  DENIED: 'event.outcome.denied',
  REVIEW: 'event.outcome.review',
};

/** What the reason of a denial asks the claimant to do before correcting the claim. */
const nextStepKeys: Readonly<Record<string, MessageKey>> = {
  CL_CLAIM_CERTIFICATION_INVALID: 'claim.next.certification',
  CL_CLAIM_CERTIFICATION_UNCERTAIN: 'claim.next.certification',
  CL_CLAIM_NOT_COVERED: 'claim.next.coverage',
  CL_CLAIM_ACCEPTANCE_EXPIRED: 'claim.next.coverage',
  CL_CLAIM_CLASSIFICATION_MISMATCH: 'claim.next.classification',
  CL_CLAIM_CRITERION_NOT_ALLOWED: 'claim.next.certification',
  CL_CLAIM_CERTIFICATION_REQUIRED: 'claim.next.required',
};

/** A denied claim says why in plain words and what to do next: correct it (a new claim is assessed). */
function DeniedNextSteps({ claim }: { claim: Claim }) {
  const { t } = useI18n();
  const key = nextStepKeys[claim.decision?.code ?? ''] ?? 'claim.next.other';
  return (
    <section class="card notice notice-warn stack" aria-labelledby="next-title" data-testid="claim-next-steps">
      <h2 id="next-title">{t('claim.next.title')}</h2>
      <p>{t(key)}</p>
      <p class="small">{t('claim.next.correct')}</p>
    </section>
  );
}

function EventList({ events }: { events: readonly CaseEvent[] }) {
  const { t, dateTime } = useI18n();
  return (
    <ol class="events" data-testid="claim-events">
      {events.map((event) => {
        const key = caseEventKeys[event.kind];
        const outcome = typeof event.data?.outcome === 'string' ? event.data.outcome : null;
        return (
          <li key={event.seq} data-testid="claim-event" data-kind={event.kind}>
            <strong>{key === undefined ? event.kind : t(key)}</strong>
            {outcome !== null && outcomeWords[outcome] !== undefined && ` — ${t(outcomeWords[outcome])}`} ·{' '}
            {dateTime(event.at)} ·{' '}
            <span class="small">
              <ActorName actor={event.actor} orgId={event.actorOrgId} />
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * One claim: the entry line, the certification it relies on, the automatic assessment with each
 * check's reason, the decision, the information requests and the history. Customs decides and asks
 * for information here; the claimant corrects a claim that waits.
 */
export function ClaimScreen({ id }: { id: string }) {
  const services = useServices();
  const { api, session } = services;
  const current = useStore(session);
  const { t, date, dateTime, lang } = useI18n();
  const {
    item: claim,
    setItem: setClaim,
    problem,
    reload,
  } = useItem(id, (key, options) => api.getClaim(key, options), 'claim.notFound');
  const [verifying, setVerifying] = useState(false);

  if (problem !== null)
    return (
      <ItemProblem problem={problem} testId="claim-error" back={{ name: 'claims' }} backLabel="claims.backToList" />
    );
  if (claim === null) return <Loading />;

  const outcome = claimOutcome(claim);
  const officer = decidesClaims(current);
  const claimant = current !== null && claim.claimant === current.organization.did && can(current, 'claims:file');
  const line = claim.line;
  const certification = claim.certification;
  const correctedBy = claim.events?.find((e) => e.kind === 'claim.corrected')?.data?.by;
  const tone = outcome === 'ACCEPTED' ? 'valid' : outcome === 'DENIED' ? 'invalid' : 'inconclusive';
  const icon = outcome === 'ACCEPTED' ? '✓' : outcome === 'DENIED' ? '✗' : '…';

  async function verifyCertification() {
    if (certification?.verifiableCredential === undefined) return;
    setVerifying(true);
    try {
      const checked = await services.verification.check(
        {
          kind: 'embedded',
          credential: certification.verifiableCredential,
          ...(certification.anchor ? { anchor: certification.anchor } : {}),
        },
        'portal',
      );
      if (checked.kind === 'checked') location.hash = hrefOf({ name: 'check', id: checked.entry.id });
    } finally {
      setVerifying(false);
    }
  }

  return (
    <section class="stack" aria-labelledby="claim-title" data-testid="claim-page" data-id={claim.id}>
      <p>
        <a href={hrefOf({ name: 'claims' })}>← {t('claims.backToList')}</a>
      </p>
      <div class="row-between">
        <h1 id="claim-title">{t('claims.entryLine', { entry: line.entryNumber, line: line.entryLine })}</h1>
        <ClaimStateBadge claim={claim} />
      </div>

      <div
        class={`verdict verdict-${tone}`}
        data-testid="claim-outcome"
        data-outcome={outcome}
        data-state={claim.state}
        role="status"
      >
        <span class="verdict-icon" aria-hidden="true">
          {icon}
        </span>
        <div>
          <p class="verdict-label">{t(claimOutcomeKeys[outcome])}</p>
          <p class="verdict-summary">
            {outcome === 'WAITING'
              ? t('claim.outcome.waitingExplain')
              : outcome === 'CORRECTED'
                ? t('claim.outcome.correctedExplain')
                : claim.decision?.by === 'system'
                  ? t('claim.outcome.automatic')
                  : t('claim.outcome.byOfficer')}
          </p>
        </div>
      </div>
      {typeof correctedBy === 'string' && (
        <p>
          <a href={hrefOf({ name: 'claim', id: correctedBy })} data-testid="claim-corrected-by">
            {t('claim.openCorrection')}
          </a>
        </p>
      )}

      {claim.decision !== null && (
        <section class="card" aria-labelledby="decision-facts" data-testid="claim-decision">
          <h2 id="decision-facts">{t('claim.decision')}</h2>
          <dl class="facts facts-compact">
            <dt>{t('claim.decision.outcome')}</dt>
            <dd data-testid="claim-decision-outcome" data-outcome={claim.decision.outcome}>
              {t(claimOutcomeKeys[claim.decision.outcome])}
            </dd>
            <dt>{t('claim.decision.reason')}</dt>
            <dd data-testid="claim-decision-reason">{claim.decision.reason}</dd>
            <dt>{t('claim.decision.by')}</dt>
            <dd data-testid="claim-decision-by">
              {claim.decidedBy == null ? (
                claim.decision.by === 'system' ? (
                  t('claim.bySystem')
                ) : (
                  t('party.unknown')
                )
              ) : (
                <ActorName actor={claim.decidedBy} orgId={claim.decidedBy.org.id} />
              )}
            </dd>
            <dt>{t('claim.decision.at')}</dt>
            <dd>{dateTime(claim.decision.at)}</dd>
            {claim.decision.record !== null && (
              <>
                <dt>{t('claim.decision.record')}</dt>
                <dd class="mono-wrap">{claim.decision.record}</dd>
              </>
            )}
          </dl>
        </section>
      )}

      {claimant && claim.state === 'DENIED' && (
        <>
          <DeniedNextSteps claim={claim} />
          <CorrectionForm claim={claim} />
        </>
      )}

      <section class="card" aria-labelledby="assessment-title">
        <h2 id="assessment-title">{t('claim.assessment')}</h2>
        <ul class="checks" data-testid="claim-checks" data-outcome={claim.assessment.outcome}>
          {claim.assessment.checks.map((check) => (
            <CheckRow key={check.check} check={check} verdict={verdictOfAssessment[claim.assessment.outcome]} />
          ))}
        </ul>
      </section>

      {officer && claim.state === 'MADE' && <DecisionForm claim={claim} onChange={setClaim} />}

      <section class="card" aria-labelledby="line-title" data-testid="claim-line">
        <h2 id="line-title">{t('claim.line')}</h2>
        <dl class="facts">
          <dt>{t('fileClaim.entryNumber')}</dt>
          <dd class="mono">{line.entryNumber}</dd>
          <dt>{t('fileClaim.entryLine')}</dt>
          <dd>{line.entryLine}</dd>
          <dt>{t('fileClaim.htsus')}</dt>
          <dd class="mono">{formatHtsus(line.htsus)}</dd>
          <dt>{t('fileClaim.importDate')}</dt>
          <dd>{date(line.importDate)}</dd>
          <dt>{t('fileClaim.claimDate')}</dt>
          <dd>{date(line.claimDate)}</dd>
          <dt>{t('fileClaim.valueUsd')}</dt>
          <dd data-testid="claim-value">{formatUsd(line.valueUsd, lang)}</dd>
          <dt>{t('claim.commercial')}</dt>
          <dd>{t(line.commercial ? 'common.yes' : 'common.no')}</dd>
          <dt>{t('claim.claimant')}</dt>
          <dd data-testid="claim-claimant">
            <PartyName party={claim.parties?.claimant} id={claim.claimant} />
          </dd>
          {claim.parties !== undefined && claim.parties.importer.id !== claim.claimant && (
            <>
              <dt>{t('claim.importer')}</dt>
              <dd>
                <PartyName party={claim.parties.importer} id={claim.parties.importer.id} />
              </dd>
            </>
          )}
        </dl>
      </section>

      <section class="card stack" aria-labelledby="certification-title" data-testid="claim-certification">
        <h2 id="certification-title">{t('claim.certification')}</h2>
        {certification === null ? (
          <p>{t('claim.noCertification')}</p>
        ) : (
          <>
            <dl class="facts facts-compact">
              <dt>{t('facts.hash')}</dt>
              <dd class="mono-wrap" data-testid="claim-certification-hash">
                {certification.hash}
              </dd>
              <dt>{t('facts.issuer')}</dt>
              <dd data-testid="claim-certifier">
                <PartyName party={claim.parties?.certifier} id={certification.issuer} />
              </dd>
              <dt>{t('facts.id')}</dt>
              <dd class="mono-wrap">{certification.id ?? t('facts.notStated')}</dd>
              {claim.assessment.goodsLine !== undefined && (
                <>
                  <dt>{t('claim.goodsLine')}</dt>
                  <dd>{claim.assessment.goodsLine}</dd>
                </>
              )}
            </dl>
            {certification.verifiableCredential !== undefined && (
              <button
                type="button"
                class="button button-secondary"
                data-testid="claim-verify-certification"
                disabled={verifying}
                onClick={() => void verifyCertification()}
              >
                {t('claim.verifyCertification')}
              </button>
            )}
          </>
        )}
      </section>

      <section class="stack" aria-labelledby="requests-title" data-testid="claim-requests">
        <h2 id="requests-title">{t('claim.requests')}</h2>
        {(claim.requests ?? []).length === 0 && <p class="muted">{t('claim.noRequests')}</p>}
        {(claim.requests ?? []).map((request) => (
          <RequestPanel
            key={request.id}
            request={request}
            onChange={() => {
              reload();
            }}
          />
        ))}
        {officer && claim.state !== 'CORRECTED' && <AskForm claim={claim} onAsked={() => reload()} />}
      </section>

      {claimant && claim.state === 'MADE' && <CorrectionForm claim={claim} />}

      {(claim.events ?? []).length > 0 && (
        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title">{t('claim.history')}</h2>
          <EventList events={claim.events ?? []} />
        </section>
      )}
    </section>
  );
}
