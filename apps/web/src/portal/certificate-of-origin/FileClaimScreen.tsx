import { certificateOfOriginFamily, certificationFactsOf, recordKeyFacts } from '@clearledger/core';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ClearledgerApi, FileClaimBody, PresentedCertification } from '../../api/clearledgerApi.ts';
import { isApiError } from '../../api/client.ts';
import { useI18n, useServices } from '../../app/context.ts';
import { hrefOf } from '../../app/routes.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { formatHtsus, keyFactsOf } from '../../officer/keyFacts.ts';
import { type DecodeQrPayload, parseScanText } from '../../officer/parseScanText.ts';
import { useErrorText } from '../shared.tsx';
import {
  type ClaimField,
  type ClaimFormInput,
  type ClaimFormProblems,
  claimLineOf,
  emptyClaimForm,
  exemptionOf,
  validateClaimForm,
} from './claimForm.ts';

const today = () => new Date().toISOString().slice(0, 10);
const idOf = (field: ClaimField) => `claim-${field}`;

/** Why the certification could not be taken from what was given. */
export class CertificationSourceError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly detail?: string,
  ) {
    super(key);
  }
}

/**
 * The certification a claim relies on, from the form: a pasted QR text or JSON (a reference QR code
 * is fetched by its hash), or a record the account can read by its id; null for none.
 */
export async function presentedCertification(
  form: Pick<ClaimFormInput, 'source' | 'pasted' | 'recordId'>,
  deps: { api: ClearledgerApi; decodeQr: DecodeQrPayload },
): Promise<PresentedCertification | null> {
  const fetched = async (load: () => ReturnType<ClearledgerApi['getCredential']>) => {
    try {
      const record = await load();
      return {
        verifiableCredential: record.verifiableCredential as unknown as Record<string, unknown>,
        ...(record.anchor === null ? {} : { anchor: record.anchor }),
      };
    } catch (error) {
      if (isApiError(error) && error.status === 404) throw new CertificationSourceError('fileClaim.error.notFound');
      throw error;
    }
  };
  if (form.source === 'NONE') return null;
  if (form.source === 'RECORD') return fetched(() => deps.api.getCredential(form.recordId.trim()));
  const parsed = parseScanText(form.pasted, deps.decodeQr);
  if (!parsed.success) throw new CertificationSourceError('fileClaim.error.unreadable', parsed.message);
  if (parsed.data.kind === 'reference') {
    const { hash } = parsed.data;
    return fetched(() => deps.api.getCredentialByHash(hash));
  }
  const credential = parsed.data.credential;
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential))
    throw new CertificationSourceError('fileClaim.error.unreadable');
  return {
    verifiableCredential: credential as Record<string, unknown>,
    ...(parsed.data.anchor === undefined ? {} : { anchor: parsed.data.anchor }),
  };
}

type LineFieldProps = {
  form: ClaimFormInput;
  problems: ClaimFormProblems;
  show: (field: ClaimField) => boolean;
  change: (field: ClaimField, value: string | boolean) => void;
  touch: (field: ClaimField) => void;
};

function ClaimInput({
  p,
  field,
  label,
  hint,
  type = 'text',
  optional,
  inputMode,
}: {
  p: LineFieldProps;
  field: ClaimField;
  label: MessageKey;
  hint?: MessageKey;
  type?: 'text' | 'date';
  optional?: boolean;
  inputMode?: 'numeric' | 'decimal';
}) {
  const { t } = useI18n();
  const problem = p.show(field) ? p.problems[field] : undefined;
  const describedBy = [hint ? `${idOf(field)}-hint` : '', problem ? `${idOf(field)}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${problem ? ' field-invalid' : ''}`}>
      <label for={idOf(field)}>
        {t(label)}
        {optional ? <span class="muted"> ({t('form.optional')})</span> : <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={idOf(field)}
        data-testid={`claim-field-${field}`}
        type={type}
        value={String(p.form[field])}
        required={!optional}
        inputMode={inputMode}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={problem ? 'true' : 'false'}
        aria-describedby={describedBy || undefined}
        onInput={(e) => p.change(field, (e.currentTarget as HTMLInputElement).value)}
        onBlur={() => p.touch(field)}
      />
      {hint && (
        <p id={`${idOf(field)}-hint`} class="hint">
          {t(hint)}
        </p>
      )}
      {problem && (
        <p id={`${idOf(field)}-error`} class="field-error" data-testid={`claim-error-${field}`}>
          <span aria-hidden="true">⚠ </span>
          {'key' in problem ? t(problem.key) : <span lang="en">{problem.message}</span>}
        </p>
      )}
    </div>
  );
}

/** The entry line and the certification of a claim (filing and correcting use the same inputs). */
export function ClaimFields({ p, keepLabel }: { p: LineFieldProps; keepLabel?: MessageKey | undefined }) {
  const { t } = useI18n();
  const exemption = exemptionOf(p.form);
  const preview = useCertificationPreview(p.form.source === 'PASTE' ? p.form.pasted : '');
  const sourceProblem = p.form.source === 'PASTE' ? 'pasted' : 'recordId';
  const problem = p.show(sourceProblem) ? p.problems[sourceProblem] : undefined;
  return (
    <>
      <fieldset class="card form-section">
        <legend>{t('fileClaim.section.line')}</legend>
        <div class="grid">
          <ClaimInput p={p} field="entryNumber" label="fileClaim.entryNumber" hint="fileClaim.entryNumberHint" />
          <ClaimInput p={p} field="entryLine" label="fileClaim.entryLine" inputMode="numeric" />
          <ClaimInput p={p} field="htsus" label="fileClaim.htsus" hint="fileClaim.htsusHint" inputMode="numeric" />
          <ClaimInput
            p={p}
            field="valueUsd"
            label="fileClaim.valueUsd"
            hint="fileClaim.valueUsdHint"
            inputMode="decimal"
          />
          <ClaimInput p={p} field="importDate" label="fileClaim.importDate" type="date" />
        </div>
        <div class="field checkbox">
          <input
            id={idOf('commercial')}
            type="checkbox"
            data-testid="claim-field-commercial"
            checked={p.form.commercial}
            onChange={(e) => p.change('commercial', (e.currentTarget as HTMLInputElement).checked)}
          />
          <label for={idOf('commercial')}>{t('fileClaim.commercial')}</label>
        </div>
      </fieldset>

      <fieldset class="card form-section">
        <legend>{t('fileClaim.section.certification')}</legend>
        <fieldset class="choice">
          <legend>{t('fileClaim.source')}</legend>
          {(
            [
              ['PASTE', keepLabel ?? 'fileClaim.source.PASTE'],
              ['RECORD', 'fileClaim.source.RECORD'],
              ['NONE', 'fileClaim.source.NONE'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} class="choice-option">
              <input
                type="radio"
                name="claim-source"
                value={value}
                checked={p.form.source === value}
                data-testid={`claim-source-${value}`}
                onChange={() => p.change('source', value)}
              />{' '}
              {t(label)}
            </label>
          ))}
        </fieldset>
        {p.form.source === 'PASTE' && (
          <div class={`field${problem ? ' field-invalid' : ''}`}>
            <label for={idOf('pasted')}>{t('fileClaim.pasted')}</label>
            <textarea
              id={idOf('pasted')}
              data-testid="claim-field-pasted"
              rows={4}
              class="mono"
              spellcheck={false}
              autocomplete="off"
              value={p.form.pasted}
              aria-invalid={problem ? 'true' : 'false'}
              aria-describedby={`${idOf('pasted')}-hint${problem ? ` ${idOf('pasted')}-error` : ''}`}
              onInput={(e) => p.change('pasted', (e.currentTarget as HTMLTextAreaElement).value)}
              onBlur={() => p.touch('pasted')}
            />
            <p id={`${idOf('pasted')}-hint`} class="hint">
              {t('fileClaim.pastedHint')}
            </p>
            {problem && (
              <p id={`${idOf('pasted')}-error`} class="field-error" data-testid="claim-error-pasted">
                <span aria-hidden="true">⚠ </span>
                {'key' in problem ? t(problem.key) : problem.message}
              </p>
            )}
            {preview !== null && (
              <p class="small" data-testid="claim-certification-preview" role="status">
                {preview}
              </p>
            )}
          </div>
        )}
        {p.form.source === 'RECORD' && (
          <ClaimInput p={p} field="recordId" label="fileClaim.recordId" hint="fileClaim.recordIdHint" />
        )}
        {p.form.source === 'NONE' && exemption !== null && (
          <p
            class={`notice ${exemption.required ? 'notice-warn' : 'notice-info'}`}
            data-testid="claim-exemption"
            data-required={exemption.required ? 'true' : 'false'}
          >
            <span class="rule-badge">CO-12</span>{' '}
            {t(exemption.required ? 'fileClaim.exemption.required' : 'fileClaim.exemption.notRequired')}
          </p>
        )}
      </fieldset>
    </>
  );
}

/** "Certification MX-…, by did:web:…, goods 9403.60, 9401.61" for pasted text that holds a record. */
function useCertificationPreview(text: string): string | null {
  const { decodeQr } = useServices();
  const { t } = useI18n();
  return useMemo(() => {
    if (text.trim() === '') return null;
    const parsed = parseScanText(text, decodeQr);
    if (!parsed.success) return null;
    if (parsed.data.kind === 'reference') return t('fileClaim.preview.reference', { hash: parsed.data.hash });
    const facts = keyFactsOf(parsed.data.credential);
    if (recordKeyFacts(parsed.data.credential)?.family !== certificateOfOriginFamily.id)
      return t('fileClaim.preview.notCertification');
    const subject = (parsed.data.credential as { credentialSubject?: unknown }).credentialSubject;
    const u = certificationFactsOf(Array.isArray(subject) ? subject[0] : subject);
    return t('fileClaim.preview', {
      number: u.certificationNumber ?? '—',
      issuer: facts.issuer ?? '—',
      goods: u.goods.map((g) => (g.hs === null ? '—' : formatHtsus(g.hs.replace(/\./g, '')))).join(', ') || '—',
    });
  }, [text, t]);
}

/** The claim form's state, problems and touched inputs, shared by filing and correcting. */
export function useClaimForm(initial: () => ClaimFormInput) {
  const [form, setForm] = useState<ClaimFormInput>(initial);
  const [touched, setTouched] = useState<ReadonlySet<ClaimField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const problems = useMemo(() => validateClaimForm(form, { today: today() }), [form]);
  const p: LineFieldProps = {
    form,
    problems,
    show: (field) => submitted || touched.has(field),
    change: (field, value) => setForm((previous) => ({ ...previous, [field]: value })),
    touch: (field) => {
      if (!touched.has(field)) setTouched(new Set([...touched, field]));
    },
  };
  return { form, problems, p, submitted, setSubmitted };
}

/** File a preference claim for one entry line (`POST /origin/claims`); the outcome shows on the claim's page. */
export function FileClaimScreen() {
  const { api, decodeQr } = useServices();
  const { t } = useI18n();
  const errorText = useErrorText();
  const { form, problems, p, setSubmitted } = useClaimForm(() => emptyClaimForm(today()));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ text: string; detail?: string } | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const [focusSummary, setFocusSummary] = useState(0);
  useEffect(() => {
    if (focusSummary > 0) summary.current?.focus();
  }, [focusSummary]);
  const count = Object.keys(problems).length;

  async function submit() {
    setSubmitted(true);
    setFailure(null);
    if (count > 0) {
      setFailure({ text: t('issue.problems', { count }) });
      setFocusSummary((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const certification = await presentedCertification(form, { api, decodeQr });
      const body: FileClaimBody = { ...claimLineOf(form), ...(certification === null ? {} : { certification }) };
      const claim = await api.fileClaim(body);
      location.hash = hrefOf({ name: 'claim', id: claim.id });
    } catch (error) {
      if (error instanceof CertificationSourceError)
        setFailure({ text: t(error.key), ...(error.detail === undefined ? {} : { detail: error.detail }) });
      else if (isApiError(error) && error.code === 'CL_STORE_CONFLICT')
        setFailure({ text: t('fileClaim.error.duplicate') });
      else setFailure({ text: t('fileClaim.error.failed'), detail: errorText(error) });
      setFocusSummary((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="stack" aria-labelledby="file-claim-title">
      <p>
        <a href={hrefOf({ name: 'claims' })}>← {t('claims.backToList')}</a>
      </p>
      <h1 id="file-claim-title">{t('fileClaim.title')}</h1>
      <p class="muted">{t('fileClaim.intro')}</p>
      <div ref={summary} tabIndex={-1} role="alert" class={failure === null ? '' : 'notice notice-danger'}>
        {failure !== null && (
          <div data-testid="file-claim-error">
            <p>{failure.text}</p>
            {failure.detail !== undefined && (
              <p class="small mono-wrap" lang="en">
                {failure.detail}
              </p>
            )}
          </div>
        )}
      </div>
      <form
        class="stack"
        data-testid="file-claim-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ClaimFields p={p} />
        <button
          type="submit"
          class="button button-primary button-large"
          data-testid="file-claim-submit"
          disabled={busy}
        >
          {busy ? t('fileClaim.submitting') : t('fileClaim.submit')}
        </button>
      </form>
    </section>
  );
}
