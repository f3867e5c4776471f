import { useState } from 'preact/hooks';
import type {
  AnswerBody,
  AnswerDocument,
  ClearledgerApi,
  InformationRequest,
  ReviewAction,
} from '../../api/clearledgerApi.ts';
import { isApiError } from '../../api/client.ts';
import { useI18n, useServices } from '../../app/context.ts';
import { localToday } from '../../app/localDate.ts';
import { can, decidesClaims } from '../../app/permissions.ts';
import { hrefOf } from '../../app/routes.ts';
import { useStore } from '../../app/store.ts';
import type { MessageKey } from '../../i18n/index.ts';
import {
  answerFileProblems,
  bytesToBase64,
  dueStatus,
  formatBytes,
  MAX_ANSWER_BYTES,
  MAX_DOCUMENTS,
  mayAnswer,
  requestStateKeys,
  reviewActionsFor,
  uploaded,
} from '../caseView.ts';
import { ActorName, FormProblem, PartyName, saveBlob, useAction, useErrorText } from '../shared.tsx';

const reviewActionKeys: Record<ReviewAction, MessageKey> = {
  ACCEPT: 'review.action.ACCEPT',
  FIND_DEFECTIVE: 'review.action.FIND_DEFECTIVE',
  START_VERIFICATION: 'review.action.START_VERIFICATION',
  AFFIRM: 'review.action.AFFIRM',
  DENY: 'review.action.DENY',
};

/** A request's state as a badge. */
export function RequestStateBadge({ state }: { state: string }) {
  const { t } = useI18n();
  const key = requestStateKeys[state];
  const tone =
    state === 'IN_USE' || state === 'AFFIRMED'
      ? 'accepted'
      : state === 'DENIED'
        ? 'denied'
        : state === 'REQUESTED' || state === 'CORRECTION_REQUIRED'
          ? 'waiting'
          : 'sealed';
  return (
    <span class={`badge badge-${tone}`} data-testid="request-state" data-state={state}>
      {key === undefined ? state : t(key)}
    </span>
  );
}

/** The due date with the days left, or an overdue warning while the request still waits for an answer. */
export function DueLine({ request }: { request: InformationRequest }) {
  const { t, date } = useI18n();
  const status = dueStatus(request, localToday());
  const overdue = request.overdue || status?.overdue === true;
  return (
    <p
      class={overdue ? 'notice notice-danger' : 'small'}
      data-testid="request-due"
      data-overdue={overdue ? 'true' : 'false'}
      role={overdue ? 'alert' : undefined}
    >
      {overdue && <span aria-hidden="true">⚠ </span>}
      {t('request.due', { date: date(request.due) })}
      {status?.open &&
        ' · ' +
          (overdue
            ? t('request.overdue', { days: -status.daysLeft })
            : status.daysLeft === 0
              ? t('request.dueToday')
              : t('request.daysLeft', { days: status.daysLeft }))}
    </p>
  );
}

function DocumentButton({ requestId, document }: { requestId: string; document: AnswerDocument }) {
  const { api } = useServices();
  const { t } = useI18n();
  const { busy, problem, run } = useAction();
  return (
    <li data-testid="request-document" data-sha256={document.sha256}>
      <button
        type="button"
        class="link-button"
        data-testid="request-document-download"
        disabled={busy}
        onClick={() =>
          run(async () => {
            const blob = await api.requestDocument(requestId, document.sha256);
            saveBlob(blob.type === '' ? new Blob([blob], { type: document.mediaType }) : blob, document.name);
          })
        }
      >
        {t('request.download', { name: document.name })}
      </button>{' '}
      <span class="muted small">
        ({formatBytes(document.size)}, SHA-256 <span class="mono">{document.sha256.slice(0, 12)}…</span>)
      </span>
      {problem !== null && (
        <span class="field-error" role="alert">
          {' '}
          {problem}
        </span>
      )}
    </li>
  );
}

function ReviewForm({ request, onChange }: { request: InformationRequest; onChange: (r: InformationRequest) => void }) {
  const { api } = useServices();
  const { t } = useI18n();
  const actions = reviewActionsFor(request.state, localToday());
  const [action, setAction] = useState<ReviewAction | ''>('');
  const [note, setNote] = useState('');
  const { busy, problem, setProblem, run } = useAction();
  if (actions.length === 0) return null;
  const id = `review-${request.id}`;
  const noteShort = note.trim().length < 3;
  return (
    <form
      class="stack review-form"
      data-testid="review-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (action === '' || noteShort) {
          setProblem(t('review.error.missing'));
          return;
        }
        await run(async () => {
          onChange(await api.reviewRequest(request.id, { action, note: note.trim() }));
          setNote('');
          setAction('');
        });
      }}
    >
      <h4>{t('review.title')}</h4>
      <div class="field">
        <label for={`${id}-action`}>{t('review.action')}</label>
        <select
          id={`${id}-action`}
          data-testid="review-action"
          value={action}
          onChange={(e) => setAction((e.currentTarget as HTMLSelectElement).value as ReviewAction | '')}
        >
          <option value="">{t('form.choose')}</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {t(reviewActionKeys[a])}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-note`}>{t('review.note')}</label>
        <textarea
          id={`${id}-note`}
          data-testid="review-note"
          rows={3}
          value={note}
          maxLength={5000}
          aria-describedby={`${id}-note-hint`}
          onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <p id={`${id}-note-hint`} class="hint">
          {t('review.noteHint')}
        </p>
      </div>
      <FormProblem problem={problem} testId="review-error" />
      <button type="submit" class="button button-primary" data-testid="review-submit" disabled={busy}>
        {t('review.submit')}
      </button>
    </form>
  );
}

/** A document of an answer: a scan over 512 KiB is streamed to the node first and named by its hash; a small file goes inline. */
async function documentOf(
  api: ClearledgerApi,
  requestId: string,
  file: File,
): Promise<AnswerBody['documents'][number]> {
  if (uploaded(file)) {
    const stored = await api.uploadDocument(requestId, file);
    return { sha256: stored.sha256, name: file.name };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { name: file.name, mediaType: file.type || 'application/octet-stream', contentBase64: bytesToBase64(bytes) };
}

/** The answer of the party asked: text and documents (small files inline, scans up to 10 MiB uploaded). */
function AnswerForm({ request, onChange }: { request: InformationRequest; onChange: (r: InformationRequest) => void }) {
  const { api } = useServices();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const { busy, problem, setProblem, run } = useAction();
  const fileProblems = answerFileProblems(files);
  const id = `answer-${request.id}`;
  const correcting = request.state === 'CORRECTION_REQUIRED';
  return (
    <form
      class="stack card"
      data-testid="answer-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (text.trim() === '') {
          setProblem(t('answer.error.text'));
          return;
        }
        if (fileProblems.length > 0) return;
        await run(
          async () => {
            const documents = [];
            for (const file of files) documents.push(await documentOf(api, request.id, file));
            onChange(await api.answerRequest(request.id, { text: text.trim(), documents }));
            setText('');
            setFiles([]);
          },
          (error) =>
            isApiError(error) && error.code === 'CL_ORIGIN_CERTIFICATION_STATE'
              ? t('answer.error.closed', { message: error.message })
              : errorText(error),
        );
      }}
    >
      <h3>{t(correcting ? 'answer.titleCorrection' : 'answer.title')}</h3>
      <div class="field">
        <label for={`${id}-text`}>
          {t('answer.text')}
          <span aria-hidden="true"> *</span>
        </label>
        <textarea
          id={`${id}-text`}
          data-testid="answer-text"
          rows={5}
          required
          maxLength={20000}
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      <div class="field">
        <label for={`${id}-files`}>
          {t('answer.files')}
          <span class="muted"> ({t('form.optional')})</span>
        </label>
        <input
          id={`${id}-files`}
          data-testid="answer-files"
          type="file"
          multiple
          aria-describedby={`${id}-files-hint`}
          onChange={(e) => setFiles(Array.from((e.currentTarget as HTMLInputElement).files ?? []))}
        />
        <p id={`${id}-files-hint`} class="hint">
          {t('answer.filesHint', { count: MAX_DOCUMENTS, total: formatBytes(MAX_ANSWER_BYTES) })}
        </p>
        {files.length > 0 && (
          <ul class="small" data-testid="answer-file-list">
            {files.map((file) => (
              <li key={file.name}>
                {file.name} ({formatBytes(file.size)})
              </li>
            ))}
          </ul>
        )}
        {fileProblems.map((fp, i) => (
          <p key={i} class="field-error" role="alert" data-testid="answer-file-error">
            <span aria-hidden="true">⚠ </span>
            {fp.name === null
              ? t(fp.key, { count: MAX_DOCUMENTS, total: formatBytes(MAX_ANSWER_BYTES) })
              : `${fp.name}: ${t(fp.key)}`}
          </p>
        ))}
      </div>
      <FormProblem problem={problem} testId="answer-error" />
      <button
        type="submit"
        class="button button-primary"
        data-testid="answer-submit"
        disabled={busy || fileProblems.length > 0}
      >
        {busy ? t('answer.sending') : t('answer.submit')}
      </button>
    </form>
  );
}

/**
 * One information request: question, documents asked for, due date (days left or overdue), answers
 * with their documents, findings; the party asked answers here, the customs service that asked
 * reviews here.
 */
export function RequestPanel({
  request,
  onChange,
  heading = 'h3',
  title = 'request.title',
  showClaimLink = false,
}: {
  request: InformationRequest;
  onChange: (request: InformationRequest) => void;
  heading?: 'h2' | 'h3';
  title?: MessageKey;
  showClaimLink?: boolean;
}) {
  const { session } = useServices();
  const current = useStore(session);
  const { t, dateTime } = useI18n();
  const org = current?.organization.did ?? '';
  const reviews = decidesClaims(current) && request.from === org;
  const answers = can(current, 'requests:answer') && mayAnswer(request, org, localToday());
  const Heading = heading;
  return (
    <article class="card stack" data-testid="request-panel" data-id={request.id} data-state={request.state}>
      <div class="row-between">
        <Heading>{t(title)}</Heading>
        <RequestStateBadge state={request.state} />
      </div>
      <p class="request-question" data-testid="request-question">
        {request.question}
      </p>
      {request.documentsRequested.length > 0 && (
        <>
          <p class="small">{t('request.documentsRequested')}</p>
          <ul class="small">
            {request.documentsRequested.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </>
      )}
      <dl class="facts facts-compact">
        <dt>{t('request.from')}</dt>
        <dd data-testid="request-from">
          <PartyName party={request.fromParty} id={request.from} />
        </dd>
        <dt>{t('request.to')}</dt>
        <dd data-testid="request-to">
          <PartyName party={request.toParty} id={request.to} />
        </dd>
        <dt>{t('request.sent')}</dt>
        <dd>{dateTime(request.createdAt)}</dd>
        {showClaimLink && (
          <>
            <dt>{t('request.claim')}</dt>
            <dd>
              <a href={hrefOf({ name: 'claim', id: request.claimId })} data-testid="request-claim-link">
                {t('request.openClaim')}
              </a>
            </dd>
          </>
        )}
      </dl>
      <DueLine request={request} />

      {request.answers.length > 0 && (
        <section aria-label={t('request.answers')}>
          <h4>{t('request.answers')}</h4>
          <ol class="answers">
            {request.answers.map((answer, i) => (
              <li key={i} data-testid="request-answer">
                <p class="small muted">
                  {t('request.answeredAt', { at: dateTime(answer.at) })}
                  {request.answeredBy?.[i]?.name != null &&
                    ` · ${t('request.answeredBy', { name: request.answeredBy[i].name })}`}
                </p>
                <p class="pre-wrap">{answer.text}</p>
                {answer.documents.length > 0 && (
                  <ul class="documents">
                    {answer.documents.map((d) => (
                      <DocumentButton key={d.sha256} requestId={request.id} document={d} />
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
      {request.findings.length > 0 && (
        <section aria-label={t('request.findings')}>
          <h4>{t('request.findings')}</h4>
          <ul class="small" data-testid="request-findings">
            {request.findings.map((finding, i) => (
              <li key={i}>
                <strong>{t(reviewActionKeys[finding.event as ReviewAction] ?? 'event.request.deadline-missed')}</strong>{' '}
                · {dateTime(finding.at)}
                {request.foundBy?.[i] !== undefined && (
                  <>
                    {' · '}
                    <ActorName actor={request.foundBy[i]} orgId={request.from} />
                  </>
                )}
                : {finding.note}
              </li>
            ))}
          </ul>
        </section>
      )}
      {reviews && <ReviewForm request={request} onChange={onChange} />}
      {answers && <AnswerForm request={request} onChange={onChange} />}
    </article>
  );
}
