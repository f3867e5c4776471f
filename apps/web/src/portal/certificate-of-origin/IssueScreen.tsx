import { nobleCrypto } from '@clearledger/core';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type ApiProblem, isApiError } from '../../api/client.ts';
import { type I18n, useI18n, useServices } from '../../app/context.ts';
import { localToday } from '../../app/localDate.ts';
import { hrefOf } from '../../app/routes.ts';
import { useStore } from '../../app/store.ts';
import { type CountryOption, countryOptions, isoCountryCodes } from '../../i18n/countries.ts';
import { isLanguage, languageNames, type MessageKey } from '../../i18n/index.ts';
import { ProblemText, type ProblemView, useDownload } from '../shared.tsx';
import {
  buildCertificationCredential,
  type CertificationFormInput,
  certificationProblems,
  confidentialProducerFile,
  emptyGoodsLine,
  type FieldPath,
  type FieldProblem,
  type FormAgreement,
  fieldForPointer,
  fieldLabelKeys,
  fieldValue,
  formAgreements,
  formValidUntil,
  languagesOf,
  partiesOf,
  prefilledCertificationForm,
  producerCommitmentOf,
  withField,
} from './certificationForm.ts';

const idOf = (path: FieldPath) => `f-${path.replace(/\./g, '-')}`;
const errorIdOf = (path: FieldPath) => `e-${path.replace(/\./g, '-')}`;

type FormApi = {
  form: CertificationFormInput;
  /** The problem to show for a field (an input check, an agreement rule, or the node's), or null. */
  problemOf(path: FieldPath): ProblemView | null;
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
  placeholder?: string;
  maxLength?: number;
  inputMode?: 'numeric' | 'text';
};

function FieldError({ path, problem }: { path: FieldPath; problem: ProblemView }) {
  return (
    <p id={errorIdOf(path)} class="field-error" data-testid={`error-${path}`} data-rule={problem.rule}>
      <span aria-hidden="true">⚠ </span>
      <ProblemText problem={problem} />
    </p>
  );
}

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
  placeholder,
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
        placeholder={placeholder}
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
      {problem && <FieldError path={path} problem={problem} />}
    </div>
  );
}

function SelectField({
  f,
  path,
  label,
  options,
  groups,
  hint,
  noEmpty,
}: {
  f: FormApi;
  path: FieldPath;
  label: MessageKey;
  options: { value: string; label: string; lang?: string }[];
  /** Further options under headings, after `options` (countries of the agreement, then the others). */
  groups?: { label: string; options: CountryOption[] }[];
  hint?: MessageKey;
  /** The select always has a value (no "Choose…"). */
  noEmpty?: boolean;
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
        {!noEmpty && <option value="">{t('form.choose')}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
        {groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {hint && (
        <p id={`${idOf(path)}-hint`} class="hint">
          {t(hint)}
        </p>
      )}
      {problem && <FieldError path={path} problem={problem} />}
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
      {options.map((o, i) => (
        <label key={o.value} class="choice-option">
          <input
            type="radio"
            id={i === 0 ? idOf(path) : undefined}
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
      {problem && <FieldError path={path} problem={problem} />}
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
  phoneOptional,
  emailOptional,
}: {
  f: FormApi;
  prefix: 'certifier' | 'exporter' | 'importer';
  /** The countries to pick from: the agreement's Parties, and for the certifier every other country too. */
  countries: { parties: CountryOption[]; others?: { label: string; options: CountryOption[] } };
  phoneOptional?: boolean;
  emailOptional?: boolean;
}) {
  return (
    <div class="grid">
      <TextField f={f} path={`${prefix}.name`} label="form.party.name" autocomplete="organization" />
      <TextField f={f} path={`${prefix}.street`} label="form.party.street" autocomplete="off" />
      <TextField f={f} path={`${prefix}.locality`} label="form.party.locality" />
      <TextField f={f} path={`${prefix}.region`} label="form.party.region" optional />
      <TextField f={f} path={`${prefix}.postalCode`} label="form.party.postalCode" optional />
      <SelectField
        f={f}
        path={`${prefix}.country`}
        label="form.party.country"
        options={countries.others === undefined ? countries.parties : []}
        {...(countries.others === undefined
          ? {}
          : {
              groups: [{ label: f.i18n.t('form.countries.parties'), options: countries.parties }, countries.others],
            })}
      />
      <TextField f={f} path={`${prefix}.phone`} label="form.party.phone" type="tel" optional={phoneOptional} />
      <TextField f={f} path={`${prefix}.email`} label="form.party.email" type="email" optional={emailOptional} />
    </div>
  );
}

const agreementNames: Record<FormAgreement, MessageKey> = {
  USMCA: 'agreement.USMCA',
  CAFTA_DR: 'agreement.CAFTA_DR',
};

/** The file a certifier keeps for a confidential producer: the details and the salt behind the record's hash. */
function ProducerFileLink({ href, name, testid }: { href: string; name: string; testid: string }) {
  const { t } = useI18n();
  return (
    <a class="button button-secondary" href={href} download={name} data-testid={testid}>
      {t('issue.producerFile.download')}
    </a>
  );
}

/**
 * The certification of origin form (USMCA or CAFTA-DR): the form's input checks and the agreement's
 * rules (core's `validateCertification` on the credential it builds, the same rules the node applies)
 * inline as you type, and the node's problems on their fields.
 */
export function IssueScreen() {
  const { api, session } = useServices();
  const i18n = useI18n();
  const { t, lang } = i18n;
  const current = useStore(session);
  const nextUid = useRef(2);
  const [form, setForm] = useState<CertificationFormInput>(() => prefilledCertificationForm(localToday(), current));
  const [touched, setTouched] = useState<ReadonlySet<FieldPath>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverProblems, setServerProblems] = useState<Record<FieldPath, string>>({});
  const [generalProblems, setGeneralProblems] = useState<ProblemView[]>([]);
  const [busy, setBusy] = useState(false);
  /** Set once a certification with a confidential producer is issued: its record and the file to keep. */
  const [issuedConfidential, setIssuedConfidential] = useState<{ id: string; file: string } | null>(null);
  // The salt of a confidential producer's hash: random, kept in this page and in the file the certifier saves.
  const [salt, setSalt] = useState(() => nobleCrypto.randomBytes(32));
  const summary = useRef<HTMLDivElement>(null);
  // Focus moves to the problem summary once it is on screen (after the render that shows it).
  const [focusSummary, setFocusSummary] = useState(0);
  useEffect(() => {
    if (focusSummary > 0) summary.current?.focus();
  }, [focusSummary]);

  const issuer = current?.organization.did ?? 'did:web:unknown.example';
  const producerHash = useMemo(
    () => producerCommitmentOf(nobleCrypto, form, salt),
    [form.producerMode, form.producer.name, form.producer.country, salt],
  );
  const problems = useMemo(
    () => certificationProblems(form, { today: localToday(), issuer, producerHash }),
    [form, issuer, producerHash],
  );
  const parties = partiesOf(form.agreement);
  const countries = useMemo(() => countryOptions(lang, parties), [lang, parties]);
  const otherCountries = useMemo(
    () => ({
      label: t('form.countries.others'),
      options: countryOptions(
        lang,
        isoCountryCodes.filter((code) => !parties.includes(code)),
      ),
    }),
    [lang, parties],
  );
  const producerFileText = useMemo(
    () =>
      producerHash === null
        ? null
        : `${JSON.stringify(confidentialProducerFile(form, { producerHash, salt, credentialId: null }), null, 2)}\n`,
    [producerHash, form.certificationNumber, form.agreement],
  );
  const producerFileUrl = useDownload(producerFileText, 'application/json');
  const issuedFileUrl = useDownload(issuedConfidential?.file ?? null, 'application/json');
  const producerFileName = `producer-${(form.certificationNumber.trim() || 'certification').replace(/[^A-Za-z0-9._-]+/g, '_')}.json`;

  const viewOf = (problem: FieldProblem): ProblemView =>
    'key' in problem
      ? { text: t(problem.key, problem.params) }
      : { text: problem.message, rule: problem.rule, ...(lang === 'en' ? {} : { lang: 'en' }) };

  const f: FormApi = {
    form,
    i18n,
    problemOf(path) {
      const server = serverProblems[path];
      if (server !== undefined) return { text: server, ...(lang === 'en' ? {} : { lang: 'en' }) };
      const found = problems.fields[path];
      if (found === undefined || !(submitted || touched.has(path))) return null;
      return viewOf(found);
    },
    change(path, value) {
      setForm((previous) => {
        const next = withField(previous, path, value);
        // A language the new agreement does not allow (CAFTA-DR: English or Spanish) goes back to English.
        return path === 'agreement' && !languagesOf(next.agreement).includes(next.language)
          ? { ...next, language: 'en' }
          : next;
      });
      if (serverProblems[path] !== undefined) {
        const { [path]: _gone, ...rest } = serverProblems;
        setServerProblems(rest);
      }
    },
    touch(path) {
      if (!touched.has(path)) setTouched(new Set([...touched, path]));
    },
  };

  const problemCount = Object.keys(problems.fields).length + problems.general.length;

  /** Moves focus to a field named in the summary (the goods list's "Add a goods line" when the list is empty). */
  function focusField(path: FieldPath) {
    const target =
      document.getElementById(idOf(path)) ??
      (path === 'goods' ? document.querySelector<HTMLElement>('[data-testid="add-goods-line"]') : null);
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  }

  async function submit() {
    setSubmitted(true);
    setGeneralProblems([]);
    if (problemCount > 0 || current === null) {
      setFocusSummary((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const credential = buildCertificationCredential(form, { issuer: current.organization.did, producerHash });
      const issued = await api.issue(credential);
      if (form.producerMode === 'CONFIDENTIAL' && producerHash !== null) {
        const file = confidentialProducerFile(form, { producerHash, salt, credentialId: issued.id });
        setIssuedConfidential({ id: issued.id, file: `${JSON.stringify(file, null, 2)}\n` });
        return;
      }
      location.hash = hrefOf({ name: 'record', id: issued.id });
    } catch (error) {
      const english = lang === 'en' ? {} : { lang: 'en' };
      if (isApiError(error) && error.problems.length > 0) {
        const byField: Record<FieldPath, string> = {};
        const general: ProblemView[] = [];
        for (const p of error.problems as readonly ApiProblem[]) {
          const path = fieldForPointer(p.field, form);
          // A problem no input of the form matches: its message, without the JSON pointer.
          if (path === null) general.push({ text: p.message, ...english });
          else byField[path] ??= p.message;
        }
        setServerProblems(byField);
        setGeneralProblems([{ text: error.message, ...english }, ...general]);
      } else if (isApiError(error) && error.code === 'NETWORK') setGeneralProblems([{ text: t('portal.offline') }]);
      else setGeneralProblems([{ text: error instanceof Error ? error.message : String(error), ...english }]);
      setFocusSummary((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  /** A blank form for the next certification, with a fresh salt. */
  function startOver() {
    setForm(prefilledCertificationForm(localToday(), current));
    setTouched(new Set());
    setSubmitted(false);
    setServerProblems({});
    setGeneralProblems([]);
    setSalt(nobleCrypto.randomBytes(32));
    setIssuedConfidential(null);
  }

  if (issuedConfidential !== null)
    return (
      <section class="stack" aria-labelledby="issued-title" data-testid="issue-confidential-done">
        <h1 id="issued-title">{t('issue.producerFile.issuedTitle')}</h1>
        <p class="notice notice-warn" role="status">
          {t('issue.producerFile.keep')}
        </p>
        <div class="actions">
          {issuedFileUrl !== null && (
            <ProducerFileLink href={issuedFileUrl} name={producerFileName} testid="issued-producer-file" />
          )}
          <a class="button button-primary" href={hrefOf({ name: 'record', id: issuedConfidential.id })}>
            {t('issue.producerFile.openRecord')}
          </a>
          <button type="button" class="button button-secondary" data-testid="issue-another" onClick={startOver}>
            {t('issue.another')}
          </button>
        </div>
      </section>
    );

  const usmca = form.agreement === 'USMCA';
  const validUntil = formValidUntil(form);
  /** How the summary names a field: its section and label ("2. Certifier — Name"). */
  const labelOf = (path: FieldPath) =>
    fieldLabelKeys(path, form.agreement)
      .map((l) => t(l.key, l.params))
      .join(' — ') || path;
  // Every field with a problem, in the order the form shows them, each a link to its input.
  const fieldItems = [...new Set([...Object.keys(serverProblems), ...(submitted ? Object.keys(problems.fields) : [])])]
    .map((path) => ({ path, problem: f.problemOf(path) }))
    .filter((item): item is { path: FieldPath; problem: ProblemView } => item.problem !== null)
    .sort((a, b) => {
      const x = document.getElementById(idOf(a.path));
      const y = document.getElementById(idOf(b.path));
      if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
      return x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
  const showSummary = (submitted && problemCount > 0) || generalProblems.length > 0;
  const summaryItems: ProblemView[] = [
    ...(submitted ? problems.general.map((p) => viewOf({ rule: p.rule, message: p.message })) : []),
    ...generalProblems,
  ];
  return (
    <section class="stack" aria-labelledby="issue-title">
      <h1 id="issue-title">{t(usmca ? 'issue.title' : 'issue.titleCaftaDr')}</h1>
      <p class="muted">{t('issue.intro')}</p>
      <div ref={summary} tabIndex={-1} class={showSummary ? 'notice notice-danger' : ''} role="alert">
        {showSummary && (
          <div data-testid="issue-server-errors">
            {submitted && problemCount > 0 && <p>{t('issue.problems', { count: problemCount })}</p>}
            {fieldItems.length > 0 && (
              <ul data-testid="issue-summary-fields">
                {fieldItems.map(({ path, problem }) => (
                  <li key={path}>
                    <a
                      href={`#${idOf(path)}`}
                      data-testid={`summary-link-${path}`}
                      onClick={(e) => {
                        e.preventDefault();
                        focusField(path);
                      }}
                    >
                      {labelOf(path)}: <ProblemText problem={problem} />
                    </a>
                  </li>
                ))}
              </ul>
            )}
            {summaryItems.length > 0 && (
              <ul>
                {summaryItems.map((p, i) => (
                  <li key={i}>
                    <ProblemText problem={p} />
                  </li>
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
            <SelectField
              f={f}
              path="agreement"
              label="form.agreement"
              noEmpty
              options={formAgreements.map((a) => ({ value: a, label: t(agreementNames[a]) }))}
            />
            <SelectField
              f={f}
              path="language"
              label="form.language"
              hint="form.languageHint"
              noEmpty
              options={languagesOf(form.agreement).map((l) => ({
                value: l,
                label: isLanguage(l) ? languageNames[l] : l,
                lang: l,
              }))}
            />
            {form.language !== 'en' && (
              <TextField
                f={f}
                path="englishTranslationRef"
                label="form.englishTranslationRef"
                hint="form.englishTranslationRefHint"
                placeholder="https://…"
              />
            )}
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
            <TextField f={f} path="certifier.title" label="form.party.title" optional={!usmca} />
            <TextField f={f} path="certifier.taxId" label="form.party.taxId" optional />
          </div>
          <PartyFields
            f={f}
            prefix="certifier"
            countries={{ parties: countries, others: otherCountries }}
            emailOptional={!usmca}
          />
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
          {form.exporterMode === 'LISTED' && (
            <PartyFields
              f={f}
              prefix="exporter"
              countries={{ parties: countries }}
              phoneOptional={!usmca}
              emailOptional={!usmca}
            />
          )}
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
          {form.producerMode !== 'VARIOUS' && (
            <div class="grid">
              <TextField f={f} path="producer.name" label="form.party.name" />
              <SelectField f={f} path="producer.country" label="form.party.country" options={countries} />
            </div>
          )}
          {form.producerMode === 'CONFIDENTIAL' && (
            <div class="notice notice-info" data-testid="producer-confidential">
              <p>{t('form.producer.confidentialExplain')}</p>
              {producerHash === null ? (
                <p class="muted">{t('form.producer.confidentialPending')}</p>
              ) : (
                <>
                  <p>
                    {t('form.producer.commitment')}{' '}
                    <span class="mono-wrap" data-testid="producer-commitment">
                      {producerHash}
                    </span>
                  </p>
                  {producerFileUrl !== null && (
                    <ProducerFileLink href={producerFileUrl} name={producerFileName} testid="producer-file-download" />
                  )}
                </>
              )}
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
              <PartyFields f={f} prefix="importer" countries={{ parties: countries }} phoneOptional emailOptional />
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
              <p class="field" data-testid="valid-until" aria-live="polite">
                <strong>{t('form.validUntil')}</strong>{' '}
                {validUntil === null ? (
                  <span class="muted">{t('form.validUntilPending')}</span>
                ) : (
                  t('form.validUntilDate', { date: { date: validUntil } })
                )}
              </p>
            </div>
          ) : (
            <TextField f={f} path="invoiceNumber" label="form.invoiceNumber" />
          )}
        </Section>

        <Section title={t('form.section.goods')} testid="goods-lines">
          {f.problemOf('goods') && <FieldError path="goods" problem={f.problemOf('goods')!} />}
          {form.goods.map((line, i) => (
            <fieldset key={line.uid} class="goods-line" data-testid="goods-line-input">
              <legend>{t('form.goodsLine', { line: i + 1 })}</legend>
              <div class="grid">
                <TextField f={f} path={`goods.${i}.description`} label="form.goods.description" />
                <TextField
                  f={f}
                  path={`goods.${i}.hs6`}
                  label={usmca ? 'form.goods.hs6' : 'form.goods.hsCode'}
                  hint={usmca ? 'form.goods.hs6Hint' : 'form.goods.hsCodeHint'}
                  inputMode="numeric"
                  maxLength={usmca ? 9 : 14}
                />
                {usmca ? (
                  <>
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
                  </>
                ) : (
                  <TextField
                    f={f}
                    path={`goods.${i}.ruleRef`}
                    label="form.goods.ruleRef"
                    hint="form.goods.ruleRefHint"
                    placeholder="GN29(b)(i)"
                  />
                )}
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
            <TextField
              f={f}
              path="signerTitle"
              label="form.signerTitle"
              autocomplete="organization-title"
              optional={!usmca}
            />
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
            <label for={idOf('attested')}>{t(usmca ? 'form.attest' : 'form.attest.CAFTA_DR')}</label>
            {f.problemOf('attested') && <FieldError path="attested" problem={f.problemOf('attested')!} />}
          </div>
        </Section>

        <button type="submit" class="button button-primary button-large" data-testid="issue-submit" disabled={busy}>
          {busy ? t('issue.submitting') : t('issue.submit')}
        </button>
      </form>
    </section>
  );
}
