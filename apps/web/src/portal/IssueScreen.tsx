import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type ApiProblem, isApiError } from '../api/client.ts';
import { type I18n, useI18n, useServices } from '../app/context.ts';
import { hrefOf } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import type { MessageKey } from '../i18n/index.ts';
import {
  buildUsmcaCredential,
  emptyGoodsLine,
  emptyUsmcaForm,
  type FieldPath,
  fieldForPointer,
  fieldValue,
  type UsmcaFormInput,
  usmcaParties,
  validateUsmcaForm,
  withField,
} from './usmcaForm.ts';

const idOf = (path: FieldPath) => `f-${path.replace(/\./g, '-')}`;
const errorIdOf = (path: FieldPath) => `e-${path.replace(/\./g, '-')}`;
const today = () => new Date().toISOString().slice(0, 10);

type FormApi = {
  form: UsmcaFormInput;
  /** Text of the problem to show for a field (local rule or the node's), or null. */
  problemOf(path: FieldPath): string | null;
  change(path: FieldPath, value: string | boolean): void;
  touch(path: FieldPath): void;
  i18n: I18n;
};

type TextFieldProps = {
  f: FormApi;
  path: FieldPath;
  label: MessageKey;
  type?: 'text' | 'email' | 'tel' | 'date';
  autocomplete?: string;
  hint?: MessageKey;
  optional?: boolean | undefined;
  upper?: boolean;
  maxLength?: number;
  inputMode?: 'numeric' | 'text';
};

function TextField({
  f,
  path,
  label,
  type = 'text',
  autocomplete,
  hint,
  optional,
  upper,
  maxLength,
  inputMode,
}: TextFieldProps) {
  const { t } = f.i18n;
  const problem = f.problemOf(path);
  const describedBy = [hint ? `${idOf(path)}-hint` : '', problem ? errorIdOf(path) : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${problem ? ' field-invalid' : ''}`}>
      <label for={idOf(path)}>
        {t(label)}
        {optional ? <span class="muted"> ({t('form.optional')})</span> : <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={idOf(path)}
        data-testid={`field-${path}`}
        name={path}
        type={type}
        value={fieldValue(f.form, path)}
        required={!optional}
        aria-invalid={problem ? 'true' : 'false'}
        aria-describedby={describedBy || undefined}
        autocomplete={autocomplete ?? 'off'}
        maxLength={maxLength}
        inputMode={inputMode}
        onInput={(e) => {
          const raw = (e.currentTarget as HTMLInputElement).value;
          f.change(path, upper ? raw.toUpperCase() : raw);
        }}
        onBlur={() => f.touch(path)}
      />
      {hint && (
        <p id={`${idOf(path)}-hint`} class="hint">
          {t(hint)}
        </p>
      )}
      {problem && (
        <p id={errorIdOf(path)} class="field-error" data-testid={`error-${path}`}>
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      )}
    </div>
  );
}

function SelectField({
  f,
  path,
  label,
  options,
  hint,
}: {
  f: FormApi;
  path: FieldPath;
  label: MessageKey;
  options: { value: string; label: string }[];
  hint?: MessageKey;
}) {
  const { t } = f.i18n;
  const problem = f.problemOf(path);
  const describedBy = [hint ? `${idOf(path)}-hint` : '', problem ? errorIdOf(path) : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${problem ? ' field-invalid' : ''}`}>
      <label for={idOf(path)}>
        {t(label)}
        <span aria-hidden="true"> *</span>
      </label>
      <select
        id={idOf(path)}
        data-testid={`field-${path}`}
        name={path}
        value={fieldValue(f.form, path)}
        required
        aria-invalid={problem ? 'true' : 'false'}
        aria-describedby={describedBy || undefined}
        onChange={(e) => {
          f.change(path, (e.currentTarget as HTMLSelectElement).value);
          f.touch(path);
        }}
        onBlur={() => f.touch(path)}
      >
        <option value="">{t('form.choose')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${idOf(path)}-hint`} class="hint">
          {t(hint)}
        </p>
      )}
      {problem && (
        <p id={errorIdOf(path)} class="field-error" data-testid={`error-${path}`}>
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      )}
    </div>
  );
}

function Choice({
  f,
  path,
  legend,
  options,
}: {
  f: FormApi;
  path: FieldPath;
  legend: MessageKey;
  options: { value: string; label: MessageKey }[];
}) {
  const { t } = f.i18n;
  const problem = f.problemOf(path);
  const current = fieldValue(f.form, path);
  return (
    <fieldset class={`choice${problem ? ' field-invalid' : ''}`} data-testid={`field-${path}`}>
      <legend>{t(legend)}</legend>
      {options.map((o) => (
        <label key={o.value} class="choice-option">
          <input
            type="radio"
            name={path}
            value={o.value}
            checked={current === o.value}
            data-testid={`field-${path}-${o.value}`}
            onChange={() => {
              f.change(path, o.value);
              f.touch(path);
            }}
          />{' '}
          {t(o.label)}
        </label>
      ))}
      {problem && (
        <p id={errorIdOf(path)} class="field-error" data-testid={`error-${path}`}>
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      )}
    </fieldset>
  );
}

function Section({ title, children, testid }: { title: string; children: ComponentChildren; testid?: string }) {
  return (
    <fieldset class="card form-section" data-testid={testid}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

function PartyFields({
  f,
  prefix,
  countries,
  contactOptional,
}: {
  f: FormApi;
  prefix: 'certifier' | 'exporter' | 'importer';
  countries: { value: string; label: string }[] | null;
  contactOptional?: boolean;
}) {
  return (
    <div class="grid">
      <TextField f={f} path={`${prefix}.name`} label="form.party.name" autocomplete="organization" />
      <TextField f={f} path={`${prefix}.street`} label="form.party.street" autocomplete="off" />
      <TextField f={f} path={`${prefix}.locality`} label="form.party.locality" />
      <TextField f={f} path={`${prefix}.region`} label="form.party.region" optional />
      <TextField f={f} path={`${prefix}.postalCode`} label="form.party.postalCode" optional />
      {countries === null ? (
        <TextField
          f={f}
          path={`${prefix}.country`}
          label="form.party.country"
          hint="form.party.countryHint"
          upper
          maxLength={2}
        />
      ) : (
        <SelectField f={f} path={`${prefix}.country`} label="form.party.country" options={countries} />
      )}
      <TextField f={f} path={`${prefix}.phone`} label="form.party.phone" type="tel" optional={contactOptional} />
      <TextField f={f} path={`${prefix}.email`} label="form.party.email" type="email" optional={contactOptional} />
    </div>
  );
}

/** The USMCA certification of origin form: inline validation as you type, the node's problems on their fields. */
export function IssueScreen() {
  const { api, session } = useServices();
  const i18n = useI18n();
  const { t, lang } = i18n;
  const current = useStore(session);
  const nextUid = useRef(2);
  const [form, setForm] = useState<UsmcaFormInput>(() => emptyUsmcaForm(today()));
  const [touched, setTouched] = useState<ReadonlySet<FieldPath>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverProblems, setServerProblems] = useState<Record<FieldPath, string>>({});
  const [generalProblems, setGeneralProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  // Focus moves to the problem summary once it is on screen (after the render that shows it).
  const [focusSummary, setFocusSummary] = useState(0);
  useEffect(() => {
    if (focusSummary > 0) summary.current?.focus();
  }, [focusSummary]);

  const problems = useMemo(() => validateUsmcaForm(form, { today: today() }), [form]);
  const countries = useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([lang], { type: 'region' });
    } catch {
      names = null;
    }
    return usmcaParties.map((code) => ({ value: code, label: `${names?.of(code) ?? code} (${code})` }));
  }, [lang]);

  const f: FormApi = {
    form,
    i18n,
    problemOf(path) {
      const server = serverProblems[path];
      if (server !== undefined) return server;
      const local = problems[path];
      if (local === undefined || !(submitted || touched.has(path))) return null;
      return t(local.key, local.params);
    },
    change(path, value) {
      setForm((previous) => withField(previous, path, value));
      if (serverProblems[path] !== undefined) {
        const { [path]: _gone, ...rest } = serverProblems;
        setServerProblems(rest);
      }
    },
    touch(path) {
      if (!touched.has(path)) setTouched(new Set([...touched, path]));
    },
  };

  const problemCount = Object.keys(problems).length;

  async function submit() {
    setSubmitted(true);
    setGeneralProblems([]);
    if (problemCount > 0 || current === null) {
      setFocusSummary((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const credential = buildUsmcaCredential(form, { issuer: current.organization.did, language: lang });
      const issued = await api.issue(credential);
      location.hash = hrefOf({ name: 'record', id: issued.id });
    } catch (error) {
      if (isApiError(error) && error.problems.length > 0) {
        const byField: Record<FieldPath, string> = {};
        const general: string[] = [];
        for (const p of error.problems as readonly ApiProblem[]) {
          const path = fieldForPointer(p.field, form);
          if (path === null) general.push(p.field ? `${p.field}: ${p.message}` : p.message);
          else byField[path] ??= p.message;
        }
        setServerProblems(byField);
        setGeneralProblems([error.message, ...general]);
      } else if (isApiError(error) && error.code === 'NETWORK') setGeneralProblems([t('portal.offline')]);
      else setGeneralProblems([error instanceof Error ? error.message : String(error)]);
      setFocusSummary((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const showSummary = (submitted && problemCount > 0) || generalProblems.length > 0;
  return (
    <section class="stack" aria-labelledby="issue-title">
      <h1 id="issue-title">{t('issue.title')}</h1>
      <p class="muted">{t('issue.intro')}</p>
      <div ref={summary} tabIndex={-1} class={showSummary ? 'notice notice-danger' : ''} role="alert">
        {showSummary && (
          <div data-testid="issue-server-errors">
            {submitted && problemCount > 0 && <p>{t('issue.problems', { count: problemCount })}</p>}
            {generalProblems.length > 0 && (
              <ul>
                {generalProblems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <form
        class="stack"
        data-testid="issue-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Section title={t('form.section.certification')}>
          <div class="grid">
            <TextField
              f={f}
              path="certificationNumber"
              label="form.certificationNumber"
              hint="form.certificationNumberHint"
            />
            <SelectField
              f={f}
              path="certifierRole"
              label="form.certifierRole"
              options={[
                { value: 'IMPORTER', label: t('role.IMPORTER') },
                { value: 'EXPORTER', label: t('role.EXPORTER') },
                { value: 'PRODUCER', label: t('role.PRODUCER') },
              ]}
            />
          </div>
        </Section>

        <Section title={t('form.section.certifier')}>
          <div class="grid">
            <TextField f={f} path="certifier.title" label="form.party.title" />
            <TextField f={f} path="certifier.taxId" label="form.party.taxId" optional />
          </div>
          <PartyFields f={f} prefix="certifier" countries={null} />
        </Section>

        <Section title={t('form.section.exporter')}>
          <Choice
            f={f}
            path="exporterMode"
            legend="form.exporterMode"
            options={[
              { value: 'LISTED', label: 'form.exporterMode.LISTED' },
              { value: 'SAME_AS_CERTIFIER', label: 'form.exporterMode.SAME_AS_CERTIFIER' },
              { value: 'UNKNOWN', label: 'form.exporterMode.UNKNOWN' },
            ]}
          />
          {form.exporterMode === 'LISTED' && <PartyFields f={f} prefix="exporter" countries={countries} />}
        </Section>

        <Section title={t('form.section.producer')}>
          <Choice
            f={f}
            path="producerMode"
            legend="form.producerMode"
            options={[
              { value: 'LISTED', label: 'form.producerMode.LISTED' },
              { value: 'VARIOUS', label: 'form.producerMode.VARIOUS' },
              { value: 'CONFIDENTIAL', label: 'form.producerMode.CONFIDENTIAL' },
            ]}
          />
          {form.producerMode === 'LISTED' && (
            <div class="grid">
              <TextField f={f} path="producer.name" label="form.party.name" />
              <SelectField f={f} path="producer.country" label="form.party.country" options={countries} />
            </div>
          )}
        </Section>

        <Section title={t('form.section.importer')}>
          <Choice
            f={f}
            path="importerMode"
            legend="form.importerMode"
            options={[
              { value: 'LISTED', label: 'form.importerMode.LISTED' },
              { value: 'UNKNOWN', label: 'form.importerMode.UNKNOWN' },
            ]}
          />
          {form.importerMode === 'LISTED' && (
            <>
              <PartyFields f={f} prefix="importer" countries={countries} contactOptional />
              <TextField f={f} path="importer.importerNumber" label="form.importerNumber" optional />
            </>
          )}
        </Section>

        <Section title={t('form.section.period')}>
          <Choice
            f={f}
            path="scopeType"
            legend="form.scopeType"
            options={[
              { value: 'BLANKET', label: 'form.scopeType.BLANKET' },
              { value: 'SINGLE', label: 'form.scopeType.SINGLE' },
            ]}
          />
          {form.scopeType === 'BLANKET' ? (
            <div class="grid">
              <TextField f={f} path="blanketFrom" label="form.blanketFrom" type="date" />
              <TextField f={f} path="blanketTo" label="form.blanketTo" type="date" hint="form.blanketHint" />
            </div>
          ) : (
            <TextField f={f} path="invoiceNumber" label="form.invoiceNumber" />
          )}
        </Section>

        <Section title={t('form.section.goods')} testid="goods-lines">
          {f.problemOf('goods') && (
            <p class="field-error" data-testid="error-goods">
              {f.problemOf('goods')}
            </p>
          )}
          {form.goods.map((line, i) => (
            <fieldset key={line.uid} class="goods-line" data-testid="goods-line-input">
              <legend>{t('form.goodsLine', { line: i + 1 })}</legend>
              <div class="grid">
                <TextField f={f} path={`goods.${i}.description`} label="form.goods.description" />
                <TextField
                  f={f}
                  path={`goods.${i}.hs6`}
                  label="form.goods.hs6"
                  hint="form.goods.hs6Hint"
                  inputMode="numeric"
                  maxLength={9}
                />
                <SelectField
                  f={f}
                  path={`goods.${i}.originCriterion`}
                  label="form.goods.originCriterion"
                  options={(['A', 'B', 'C', 'D'] as const).map((c) => ({
                    value: c,
                    label: `${c} — ${t(`form.criterion.${c}` as const)}`,
                  }))}
                />
                <SelectField
                  f={f}
                  path={`goods.${i}.countryOfOrigin`}
                  label="form.goods.countryOfOrigin"
                  options={countries}
                />
                <TextField f={f} path={`goods.${i}.invoiceReference`} label="form.goods.invoiceReference" optional />
              </div>
              <button
                type="button"
                class="button button-small button-secondary"
                data-testid={`remove-goods-line-${i}`}
                disabled={form.goods.length === 1}
                onClick={() => {
                  setForm((previous) => ({ ...previous, goods: previous.goods.filter((g) => g.uid !== line.uid) }));
                  setServerProblems({});
                }}
              >
                {t('form.goods.remove', { line: i + 1 })}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            class="button button-secondary"
            data-testid="add-goods-line"
            onClick={() => {
              const uid = `g${nextUid.current++}`;
              setForm((previous) => ({ ...previous, goods: [...previous.goods, emptyGoodsLine(uid)] }));
            }}
          >
            {t('form.goods.add')}
          </button>
        </Section>

        <Section title={t('form.section.signature')}>
          <div class="grid">
            <TextField f={f} path="signer" label="form.signer" autocomplete="name" />
            <TextField f={f} path="signerTitle" label="form.signerTitle" autocomplete="organization-title" />
            <TextField f={f} path="signatureDate" label="form.signatureDate" type="date" />
          </div>
          <div class={`field checkbox${f.problemOf('attested') ? ' field-invalid' : ''}`}>
            <input
              id={idOf('attested')}
              type="checkbox"
              data-testid="field-attested"
              checked={form.attested}
              aria-describedby={f.problemOf('attested') ? errorIdOf('attested') : undefined}
              onChange={(e) => {
                f.change('attested', (e.currentTarget as HTMLInputElement).checked);
                f.touch('attested');
              }}
            />
            <label for={idOf('attested')}>{t('form.attest')}</label>
            {f.problemOf('attested') && (
              <p id={errorIdOf('attested')} class="field-error" data-testid="error-attested">
                <span aria-hidden="true">⚠ </span>
                {f.problemOf('attested')}
              </p>
            )}
          </div>
        </Section>

        <button type="submit" class="button button-primary button-large" data-testid="issue-submit" disabled={busy}>
          {busy ? t('issue.submitting') : t('issue.submit')}
        </button>
      </form>
    </section>
  );
}
