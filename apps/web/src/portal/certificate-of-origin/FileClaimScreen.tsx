import { certificateOfOriginFamily, certificationFactsOf, recordKeyFacts } from '@clearledger/core';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type {
  ClaimableCertification,
  ClaimImporter,
  ClearledgerApi,
  FileClaimBody,
  PresentedCertification,
} from '../../api/clearledgerApi.ts';
import { isApiError } from '../../api/client.ts';
import { useI18n, useServices } from '../../app/context.ts';
import { localToday } from '../../app/localDate.ts';
import { hrefOf } from '../../app/routes.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { formatHtsus, keyFactsOf } from '../../officer/keyFacts.ts';
import { type DecodeQrPayload, parseScanText } from '../../officer/parseScanText.ts';
import { decodeImageFile } from '../../officer/qrImage.ts';
import type { CheckEntry } from '../../offline/checkHistory.ts';
import { useErrorText } from '../shared.tsx';
import {
  type ClaimField,
  type ClaimFormInput,
  type ClaimFormProblems,
  claimLineOf,
  emptyClaimForm,
  exemptionOf,
  recordHashOfPdf,
  validateClaimForm,
} from './claimForm.ts';

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
  form: Pick<ClaimFormInput, 'source' | 'pasted' | 'recordId' | 'picked' | 'scanned'>,
  deps: { api: ClearledgerApi; decodeQr: DecodeQrPayload; checked?: CheckEntry | null },
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
  /** A certification naming the importer (or one of the organisation's own records) by its hash. */
  const byHash = async (hash: string): Promise<PresentedCertification> => {
    try {
      const found = await deps.api.claimableCertification(hash);
      return {
        verifiableCredential: found.verifiableCredential,
        ...(found.anchor === null ? {} : { anchor: found.anchor }),
      };
    } catch (error) {
      if (!(isApiError(error) && error.status === 404)) throw error;
      return fetched(() => deps.api.getCredentialByHash(hash));
    }
  };
  if (form.source === 'NONE') return null;
  if (form.source === 'RECORD') return fetched(() => deps.api.getCredential(form.recordId.trim()));
  if (form.source === 'PICK' || form.source === 'PDF') return byHash(form.picked);
  if (form.source === 'CHECK') {
    const entry = deps.checked;
    if (entry === null || entry === undefined || typeof entry.credential !== 'object' || entry.credential === null)
      throw new CertificationSourceError('fileClaim.error.notFound');
    return {
      verifiableCredential: entry.credential as Record<string, unknown>,
      ...(entry.anchor === undefined ? {} : { anchor: entry.anchor }),
    };
  }
  const parsed = parseScanText(form.source === 'PHOTO' ? form.scanned : form.pasted, deps.decodeQr);
  if (!parsed.success) throw new CertificationSourceError('fileClaim.error.unreadable', parsed.message);
  if (parsed.data.kind === 'reference') return byHash(parsed.data.hash);
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

/** Certifications that name the importer (or, for a broker, its client), loaded once per importer. */
function useClaimable(importer: string): ClaimableCertification[] | null {
  const { api } = useServices();
  const [items, setItems] = useState<ClaimableCertification[] | null>(null);
  useEffect(() => {
    let live = true;
    setItems(null);
    api.claimableCertifications(importer === '' ? undefined : importer).then(
      (r) => live && setItems(r.items),
      () => live && setItems([]),
    );
    return () => {
      live = false;
    };
  }, [importer]);
  return items;
}

const problemOf = (problem: ClaimFormProblems[ClaimField], t: (key: MessageKey) => string) =>
  problem === undefined ? null : 'key' in problem ? t(problem.key) : problem.message;

/** The list of certifications to pick from: number, certifier and period, by name. */
function PickList({ p, items }: { p: LineFieldProps; items: ClaimableCertification[] | null }) {
  const { t, date } = useI18n();
  const problem = problemOf(p.show('picked') ? p.problems.picked : undefined, t);
  if (items === null)
    return (
      <p class="muted" role="status">
        {t('app.loading')}
      </p>
    );
  if (items.length === 0) return <p data-testid="claim-pick-empty">{t('fileClaim.pick.none')}</p>;
  return (
    <fieldset class={`choice${problem === null ? '' : ' field-invalid'}`} data-testid="claim-pick-list">
      <legend>{t('fileClaim.pick.legend')}</legend>
      {items.map((c) => (
        <label key={c.hash} class="choice-option pick-option">
          <input
            type="radio"
            name="claim-pick"
            value={c.hash}
            checked={p.form.picked === c.hash}
            data-testid="claim-pick"
            data-number={c.certificationNumber ?? ''}
            onChange={() => p.change('picked', c.hash)}
          />{' '}
          <span>
            <strong>{c.certificationNumber ?? t('facts.notStated')}</strong> · {c.issuer.name}
            {c.period !== null && c.period.from !== null && (
              <span class="muted">
                {' '}
                · {date(c.period.from)} – {c.period.to === null ? '…' : date(c.period.to)}
              </span>
            )}
            <span class="muted small"> · {t('fileClaim.pick.for', { importer: c.importer.name })}</span>
          </span>
        </label>
      ))}
      {problem !== null && (
        <p class="field-error" data-testid="claim-error-picked">
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      )}
    </fieldset>
  );
}

/** A photo of the certification's QR code (or of its paper copy), decoded in the browser. */
function PhotoInput({ p }: { p: LineFieldProps }) {
  const { t } = useI18n();
  const [reading, setReading] = useState(false);
  const [unreadable, setUnreadable] = useState(false);
  const problem = unreadable
    ? t('fileClaim.error.photoUnreadable')
    : problemOf(p.show('scanned') ? p.problems.scanned : undefined, t);
  return (
    <div class={`field${problem === null ? '' : ' field-invalid'}`}>
      <label for="claim-photo">{t('fileClaim.photo')}</label>
      <input
        id="claim-photo"
        data-testid="claim-photo"
        type="file"
        accept="image/*"
        capture="environment"
        aria-describedby={`claim-photo-hint${problem === null ? '' : ' claim-photo-error'}`}
        onChange={async (e) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (file === undefined) return;
          setReading(true);
          setUnreadable(false);
          try {
            const text = await decodeImageFile(file);
            if (text === null) setUnreadable(true);
            p.change('scanned', text ?? '');
          } finally {
            setReading(false);
            p.touch('scanned');
          }
        }}
      />
      <p id="claim-photo-hint" class="hint">
        {reading ? t('fileClaim.photo.reading') : t('fileClaim.photo.hint')}
      </p>
      {problem !== null && (
        <p id="claim-photo-error" class="field-error" data-testid="claim-error-scanned">
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      )}
    </div>
  );
}

/** The PDF the node printed: the record's hash is read from the file, the record fetched by it. */
function PdfInput({ p }: { p: LineFieldProps }) {
  const { t } = useI18n();
  const [unreadable, setUnreadable] = useState(false);
  const problem = unreadable
    ? t('fileClaim.error.pdfUnreadable')
    : problemOf(p.show('picked') ? p.problems.picked : undefined, t);
  return (
    <div class={`field${problem === null ? '' : ' field-invalid'}`}>
      <label for="claim-pdf">{t('fileClaim.pdf')}</label>
      <input
        id="claim-pdf"
        data-testid="claim-pdf"
        type="file"
        accept="application/pdf"
        aria-describedby={`claim-pdf-hint${problem === null ? '' : ' claim-pdf-error'}`}
        onChange={async (e) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (file === undefined) return;
          const hash = recordHashOfPdf(new Uint8Array(await file.arrayBuffer()));
          setUnreadable(hash === null);
          p.change('picked', hash ?? '');
          p.touch('picked');
        }}
      />
      <p id="claim-pdf-hint" class="hint">
        {t('fileClaim.pdf.hint')}
      </p>
      {problem !== null && (
        <p id="claim-pdf-error" class="field-error" data-testid="claim-error-pdf">
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      )}
    </div>
  );
}

/** The entry line and the certification of a claim (filing and correcting use the same inputs). */
export function ClaimFields({
  p,
  keepLabel,
  checked,
  importer = '',
}: {
  p: LineFieldProps;
  keepLabel?: MessageKey | undefined;
  /** The check on this device the claim starts from, when it does. */
  checked?: CheckEntry | null;
  /** The importer of record the certifications to pick from must name ('' for the caller's organisation). */
  importer?: string;
}) {
  const { t } = useI18n();
  const exemption = exemptionOf(p.form);
  const preview = useCertificationPreview(
    p.form.source === 'PASTE' ? p.form.pasted : p.form.source === 'PHOTO' ? p.form.scanned : '',
  );
  const claimable = useClaimable(importer);
  const sourceProblem = p.form.source === 'PASTE' ? 'pasted' : 'recordId';
  const problem = p.show(sourceProblem) ? p.problems[sourceProblem] : undefined;
  const sources: [ClaimFormInput['source'], MessageKey][] = [
    ...(checked === null || checked === undefined
      ? []
      : [['CHECK', 'fileClaim.source.CHECK'] as [ClaimFormInput['source'], MessageKey]]),
    ['PICK', 'fileClaim.source.PICK'],
    ['PHOTO', 'fileClaim.source.PHOTO'],
    ['PDF', 'fileClaim.source.PDF'],
    ['PASTE', keepLabel ?? 'fileClaim.source.PASTE'],
    ['RECORD', 'fileClaim.source.RECORD'],
    ['NONE', 'fileClaim.source.NONE'],
  ];
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
          {sources.map(([value, label]) => (
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
        {p.form.source === 'CHECK' && checked !== null && checked !== undefined && (
          <p class="notice notice-info" data-testid="claim-from-check">
            {t('fileClaim.fromCheck', { summary: checkSummaryText(checked, t) })}
          </p>
        )}
        {p.form.source === 'PICK' && <PickList p={p} items={claimable} />}
        {p.form.source === 'PHOTO' && <PhotoInput p={p} />}
        {p.form.source === 'PDF' && <PdfInput p={p} />}
        {p.form.source === 'PHOTO' && preview !== null && (
          <p class="small" data-testid="claim-certification-preview" role="status">
            {preview}
          </p>
        )}
        {p.form.source === 'PDF' && p.form.picked !== '' && (
          <p class="small" data-testid="claim-pdf-read" role="status">
            {claimable?.find((c) => c.hash === p.form.picked)?.certificationNumber ??
              t('fileClaim.pdf.read', { hash: `${p.form.picked.slice(0, 12)}…` })}
          </p>
        )}
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

/** The certification number of a check's record, or its id. */
function checkSummaryText(entry: CheckEntry, t: (key: MessageKey) => string): string {
  const subject = (entry.credential as { credentialSubject?: unknown } | null)?.credentialSubject;
  const number = certificationFactsOf(Array.isArray(subject) ? subject[0] : subject).certificationNumber;
  return number ?? (entry.credential as { id?: string } | null)?.id ?? t('facts.notStated');
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
  const problems = useMemo(() => validateClaimForm(form, { today: localToday() }), [form]);
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

/** The importers of record the organisation files for; a broker picks one (a select, by name). */
function ImporterPicker({ p, importers }: { p: LineFieldProps; importers: ClaimImporter[] }) {
  const { t } = useI18n();
  return (
    <div class="field">
      <label for="claim-importer">{t('fileClaim.importer')}</label>
      <select
        id="claim-importer"
        data-testid="claim-field-importer"
        value={p.form.importer}
        aria-describedby="claim-importer-hint"
        onChange={(e) => p.change('importer', (e.currentTarget as HTMLSelectElement).value)}
      >
        {importers.map((i) => (
          <option key={i.did} value={i.did}>
            {i.own ? t('fileClaim.importer.own', { name: i.name }) : i.name}
          </option>
        ))}
      </select>
      <p id="claim-importer-hint" class="hint">
        {t('fileClaim.importer.hint')}
      </p>
    </div>
  );
}

/**
 * File a preference claim for one entry line (`POST /origin/claims`); the outcome shows on the claim's
 * page. A broker files on behalf of an importer that authorised it; the claim may start from a check
 * made on this device (`check`) or a certification's hash (`certification`).
 */
export function FileClaimScreen({ check, certification }: { check?: string; certification?: string } = {}) {
  const services = useServices();
  const { api, decodeQr } = services;
  const { t } = useI18n();
  const errorText = useErrorText();
  const { form, problems, p, setSubmitted } = useClaimForm(() => ({
    ...emptyClaimForm(localToday()),
    ...(certification === undefined ? {} : { source: 'PICK' as const, picked: certification }),
    ...(check === undefined ? {} : { source: 'CHECK' as const, checkId: check }),
  }));
  const [importers, setImporters] = useState<ClaimImporter[]>([]);
  const [checked, setChecked] = useState<CheckEntry | null>(null);
  useEffect(() => {
    let live = true;
    api.claimImporters().then(
      (r) => {
        if (!live) return;
        setImporters(r.items);
        // A broker files for a client: the first one is chosen until another is picked.
        if (!r.items.some((i) => i.own) && r.items[0] !== undefined) p.change('importer', r.items[0].did);
      },
      () => undefined,
    );
    if (check !== undefined)
      services.history.get(check).then((entry) => {
        if (live) setChecked(entry ?? null);
      });
    return () => {
      live = false;
    };
  }, []);
  const pickImporter = importers.length > 1 || (importers.length === 1 && !importers[0]!.own);
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
      const presented = await presentedCertification(form, { api, decodeQr, checked });
      const body: FileClaimBody = {
        ...claimLineOf(form),
        ...(presented === null ? {} : { certification: presented }),
        ...(form.importer === '' ? {} : { importer: form.importer }),
      };
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
        {pickImporter && (
          <fieldset class="card form-section">
            <legend>{t('fileClaim.section.importer')}</legend>
            <ImporterPicker p={p} importers={importers} />
          </fieldset>
        )}
        <ClaimFields p={p} checked={checked} importer={form.importer} />
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
