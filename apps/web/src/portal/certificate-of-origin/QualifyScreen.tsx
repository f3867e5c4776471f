import {
  type AlternativeOutcome,
  accumulationEvidence,
  findProductRule,
  hsDescription,
  isHs2022Subheading,
  nobleCrypto,
  ORIGIN_QUALIFICATION_CREDENTIAL_TYPE,
  type OriginEvaluation,
  type OriginProblem,
  originQualificationSubject,
  parseJson,
  type RvcMethod,
  type TariffShiftLevel,
} from '@clearledger/core';
import { useMemo, useRef, useState } from 'preact/hooks';
import { useI18n, useServices } from '../../app/context.ts';
import { localToday } from '../../app/localDate.ts';
import { can } from '../../app/permissions.ts';
import { hrefOf } from '../../app/routes.ts';
import { useStore } from '../../app/store.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { formatHs } from '../../officer/keyFacts.ts';
import { ProblemText, useDownload, useErrorText } from '../shared.tsx';
import {
  type BomRowInput,
  commitmentOf,
  type EvidenceKind,
  emptyBomRow,
  emptyQualifyForm,
  evaluateForm,
  HS_EXAMPLE,
  isTextileGood,
  materialId,
  plainProblemOf,
  type QualifyAgreement,
  type QualifyFormInput,
  qualifyAgreements,
  qualifyFieldOf,
  readWorkingFile,
  ruleSetOf,
  workingFile,
} from './qualifyForm.ts';

const methodKeys: Record<RvcMethod, MessageKey> = {
  TV: 'qualify.method.TV',
  NC: 'qualify.method.NC',
  BUILD_DOWN: 'qualify.method.BUILD_DOWN',
  BUILD_UP: 'qualify.method.BUILD_UP',
};
const levelKeys: Record<TariffShiftLevel, MessageKey> = {
  CC: 'qualify.level.CC',
  CTH: 'qualify.level.CTH',
  CTSH: 'qualify.level.CTSH',
};
const agreementKeys: Record<QualifyAgreement, MessageKey> = {
  USMCA: 'agreement.USMCA',
  CAFTA_DR: 'agreement.CAFTA_DR',
};

type Outcome = { evaluation: OriginEvaluation; commitment: string } | { problems: OriginProblem[] };

/** The HS 2022 heading text for a typed subheading, or why it is not one. */
function HsHint({ code, id }: { code: string; id: string }) {
  const { t } = useI18n();
  const digits = code.replace(/[\s.]/g, '');
  if (!/^\d{6}$/.test(digits))
    return (
      <p id={id} class="hint" data-testid={`${id}-example`}>
        {t('qualify.hsHint', { example: HS_EXAMPLE })}
      </p>
    );
  const known = isHs2022Subheading(digits);
  return (
    <p id={id} class={known ? 'hint' : 'field-error'} data-testid="hs-description">
      {known ? <span lang="en">{hsDescription(digits)}</span> : t('qualify.hsUnknown', { code: formatHs(digits) })}
    </p>
  );
}

function FieldProblem({ id, text }: { id: string; text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <p id={id} class="field-error" data-testid={`qualify-error-${id}`}>
      <span aria-hidden="true">⚠ </span>
      {text}
    </p>
  );
}

function Amount({
  id,
  label,
  value,
  onInput,
  problem,
  hint,
  optional,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  problem?: string | undefined;
  hint?: string;
  optional?: boolean;
}) {
  const { t } = useI18n();
  const describedBy = [hint ? `${id}-hint` : '', problem ? `q-${id}` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${problem ? ' field-invalid' : ''}`}>
      <label for={id}>
        {label}
        {optional && <span class="muted"> ({t('form.optional')})</span>}
      </label>
      <input
        id={id}
        data-testid={id}
        inputMode="decimal"
        autocomplete="off"
        value={value}
        aria-invalid={problem ? 'true' : 'false'}
        aria-describedby={describedBy || undefined}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
      />
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      <FieldProblem id={`q-${id}`} text={problem} />
    </div>
  );
}

/** A supplier certification's hash, and a check of it on the ledger (the record must be readable and VALID). */
function SupplierEvidence({
  row,
  index,
  change,
  problem,
}: {
  row: BomRowInput;
  index: number;
  change: (patch: Partial<BomRowInput>) => void;
  problem: string | undefined;
}) {
  const { api } = useServices();
  const { t } = useI18n();
  const errorText = useErrorText();
  const [status, setStatus] = useState<{ key: MessageKey; detail?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `bom-${index}-hash`;
  const hash = row.credentialHash.trim().toLowerCase();
  const verified = row.verification?.verdict === 'VALID' && row.verification.credentialHash === hash;
  return (
    <div class={`field${problem ? ' field-invalid' : ''}`}>
      <label for={id}>{t('qualify.row.credentialHash')}</label>
      <input
        id={id}
        data-testid={`bom-hash-${index}`}
        class="mono"
        spellcheck={false}
        autocomplete="off"
        value={row.credentialHash}
        aria-describedby={`${id}-status${problem ? ` q-${id}` : ''}`}
        onInput={(e) => {
          change({ credentialHash: (e.currentTarget as HTMLInputElement).value, verification: null });
          setStatus(null);
        }}
      />
      <div class="actions">
        <button
          type="button"
          class="button button-small button-secondary"
          data-testid={`bom-verify-${index}`}
          disabled={busy || !/^[0-9a-f]{64}$/.test(hash)}
          onClick={async () => {
            setBusy(true);
            setStatus(null);
            try {
              const record = await api.getCredentialByHash(hash);
              const report = await api.verifyOnline(record.verifiableCredential, record.anchor ?? undefined);
              const ok = report.verdict === 'VALID';
              // The node's verdict and what the credential states as originating: the engine decides
              // whether it covers this material (agreement and subheading).
              change({ verification: accumulationEvidence(hash, record.verifiableCredential, report) });
              setStatus({ key: ok ? 'qualify.verify.valid' : 'qualify.verify.notValid', detail: report.verdict });
            } catch (error) {
              change({ verification: null });
              const notFound = (error as { status?: number }).status === 404;
              setStatus(
                notFound
                  ? { key: 'qualify.verify.notFound' }
                  : { key: 'qualify.verify.failed', detail: errorText(error) },
              );
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('qualify.verify')}
        </button>
      </div>
      <p
        id={`${id}-status`}
        class="hint"
        role="status"
        data-testid={`bom-verified-${index}`}
        data-verified={verified ? 'true' : 'false'}
      >
        {verified ? t('qualify.verify.valid') : status === null ? t('qualify.verify.unverified') : t(status.key)}
        {status?.detail !== undefined && !verified && <span lang="en"> ({status.detail})</span>}
      </p>
      <FieldProblem id={`q-${id}`} text={problem} />
    </div>
  );
}

function Percent({ value }: { value: string | undefined }) {
  return <span class="mono">{value === undefined ? '—' : `${value} %`}</span>;
}

function AlternativeCard({
  alternative,
  describe,
}: {
  alternative: AlternativeOutcome;
  describe: (id: string) => string;
}) {
  const { t, lang } = useI18n();
  const shift = alternative.tariffShift;
  const rvc = alternative.rvc;
  const pass = alternative.result === 'PASS';
  return (
    <article
      class={`card stack alternative tone-${pass ? 'valid' : 'invalid'}`}
      data-testid="qualify-alternative"
      data-index={alternative.index}
      data-result={alternative.result}
    >
      <h3>
        <span aria-hidden="true">{pass ? '✓ ' : '✗ '}</span>
        {t('qualify.alternative', { n: alternative.index + 1 })} — {t(pass ? 'qualify.pass' : 'qualify.fail')}
      </h3>
      {shift !== undefined && (
        <section data-testid="qualify-shift" data-satisfied={String(shift.satisfied)}>
          <h4>
            {t('qualify.shift')}: {t(levelKeys[shift.level])}
            {shift.exceptFrom !== undefined && ` (${t('qualify.exceptFrom', { codes: shift.exceptFrom.join(', ') })})`}
          </h4>
          <p>
            <span aria-hidden="true">{shift.satisfied ? '✓ ' : '✗ '}</span>
            {shift.failing.length === 0
              ? t('qualify.shift.all')
              : t(shift.satisfied ? 'qualify.shift.withinDeMinimis' : 'qualify.shift.fails', {
                  count: shift.failing.length,
                })}
          </p>
          {shift.failing.length > 0 && (
            <div class="table-wrap">
              <table data-testid="qualify-failing">
                <caption>{t('qualify.failing')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('qualify.col.material')}</th>
                    <th scope="col">{t('qualify.col.hs')}</th>
                    <th scope="col">{t('qualify.col.value')}</th>
                    <th scope="col">{t('qualify.col.why')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shift.failing.map((f) => (
                    <tr key={f.materialId} data-testid="qualify-failing-material" data-material={f.materialId}>
                      <td>{describe(f.materialId)}</td>
                      <td class="mono">{formatHs(f.hs6)}</td>
                      <td class="mono">{f.value}</td>
                      <td lang={lang === 'en' ? undefined : 'en'}>{f.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {shift.deMinimis !== undefined && (
            <p data-testid="qualify-de-minimis" data-within={String(shift.deMinimis.within)}>
              {t(shift.deMinimis.basis === 'WEIGHT' ? 'qualify.deMinimis.weight' : 'qualify.deMinimis.value')}:{' '}
              <span class="mono">
                {shift.deMinimis.failingValue} / {shift.deMinimis.base ?? '—'}
              </span>{' '}
              = <Percent value={shift.deMinimis.pct} /> {shift.deMinimis.within ? '≤' : '>'}{' '}
              <Percent value={shift.deMinimis.limitPct} /> —{' '}
              <strong>{t(shift.deMinimis.within ? 'qualify.within' : 'qualify.exceeds')}</strong>
              {shift.deMinimis.elastomeric !== undefined && (
                <>
                  <br />
                  {t('qualify.elastomericShare')}: <Percent value={shift.deMinimis.elastomeric.pct} />{' '}
                  {shift.deMinimis.elastomeric.within ? '≤' : '>'}{' '}
                  <Percent value={shift.deMinimis.elastomeric.limitPct} />
                </>
              )}
            </p>
          )}
        </section>
      )}
      {rvc !== undefined && (
        <section data-testid="qualify-rvc-test" data-pass={String(rvc.pass)}>
          <h4>{t('qualify.rvc')}</h4>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('qualify.rvc')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('qualify.col.method')}</th>
                  <th scope="col">{t('qualify.col.rvc')}</th>
                  <th scope="col">{t('qualify.col.threshold')}</th>
                  <th scope="col">{t('qualify.col.result')}</th>
                </tr>
              </thead>
              <tbody>
                {rvc.methods.map((m) => (
                  <tr key={m.method} data-testid="qualify-rvc" data-method={m.method} data-pass={String(m.pass)}>
                    <td>{t(methodKeys[m.method])}</td>
                    <td>
                      <Percent value={m.pct} />
                      {m.exact !== undefined && (
                        <span class="small muted mono">
                          {' '}
                          (100 × {m.exact.numerator} / {m.exact.denominator})
                        </span>
                      )}
                    </td>
                    <td>
                      <Percent value={m.thresholdPct} />
                    </td>
                    <td>
                      <span aria-hidden="true">{m.pass ? '✓ ' : '✗ '}</span>
                      {m.pass ? t('qualify.met') : t('qualify.notMet')}
                      {m.reason !== undefined && (
                        <span class="small" lang={lang === 'en' ? undefined : 'en'}>
                          {' '}
                          ({m.reason})
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <details>
        <summary>{t('qualify.engineReasons')}</summary>
        <ul class="small" lang="en">
          {alternative.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      </details>
    </article>
  );
}

/**
 * "Qualify a product": the good's HS subheading and values and its bill of materials go through
 * core's rules-of-origin engine in the browser (nothing is sent); the result shows every alternative
 * of the product-specific rule with its numbers. The bill of materials stays private: it is saved as
 * a working file, and only its salted commitment would be anchored.
 */
export function QualifyScreen() {
  const { api, session } = useServices();
  const current = useStore(session);
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const nextUid = useRef(2);
  const [form, setForm] = useState<QualifyFormInput>(() => emptyQualifyForm(localToday()));
  const [salt, setSalt] = useState(() => nobleCrypto.randomBytes(32));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [openProblem, setOpenProblem] = useState<string | null>(null);
  const [issue, setIssue] = useState<{ busy: boolean; id?: string; problem?: string }>({ busy: false });
  const results = useRef<HTMLDivElement>(null);
  /** The working file of this evaluation: downloaded, and the saving acknowledged (needed before issuing). */
  const [saved, setSaved] = useState({ downloaded: false, acknowledged: false });

  const change = (patch: Partial<QualifyFormInput>) => {
    setForm((previous) => ({ ...previous, ...patch }));
    setOutcome(null);
    setIssue({ busy: false });
  };
  const changeRow = (index: number, patch: Partial<BomRowInput>) => {
    setForm((previous) => ({
      ...previous,
      rows: previous.rows.map((r, i) => (i === index ? { ...r, ...patch } : r)),
    }));
    setOutcome(null);
  };

  const problems = outcome !== null && 'problems' in outcome ? outcome.problems : [];
  // Each problem in a plain sentence of the page's language; the engine's own words stay in the technical details.
  const plainText = (p: OriginProblem) => {
    const plain = plainProblemOf(p, form);
    return t(plain.key, plain.params);
  };
  const problemOf = (field: string) => {
    const found = problems.find((p) => qualifyFieldOf(p.path) === field);
    return found === undefined ? undefined : plainText(found);
  };
  const general = problems.filter((p) => qualifyFieldOf(p.path) === null);
  const evaluation = outcome !== null && 'evaluation' in outcome ? outcome.evaluation : null;
  // A good of HS chapters 50–63 is a textile: de minimis by weight (not a choice on the form).
  const textile = isTextileGood(form.goodHs6);
  const rule = useMemo(() => {
    const digits = form.goodHs6.replace(/[\s.]/g, '');
    return /^\d{6}$/.test(digits) ? findProductRule(ruleSetOf(form.agreement), digits) : undefined;
  }, [form.goodHs6, form.agreement]);

  const fileText = useMemo(() => {
    try {
      const file = workingFile(nobleCrypto, form, salt, {
        result: evaluation?.result ?? null,
        ruleRef: evaluation?.rule.ref ?? null,
        savedAt: new Date().toISOString(),
      });
      return `${JSON.stringify(file, null, 2)}\n`;
    } catch {
      return null;
    }
  }, [form, salt, evaluation]);
  const fileUrl = useDownload(fileText, 'application/json');
  const fileName = `origin-${form.goodHs6.replace(/[^0-9]/g, '') || 'good'}-working-file.json`;
  const describe = (id: string) => {
    const index = Number(id.slice(1)) - 1;
    const description = form.rows[index]?.description.trim();
    return description ? `${id} — ${description}` : id;
  };

  function evaluate() {
    const result = evaluateForm(form);
    setIssue({ busy: false });
    setSaved({ downloaded: false, acknowledged: false });
    if (result.success) setOutcome({ evaluation: result.data, commitment: commitmentOf(nobleCrypto, form, salt) });
    else setOutcome({ problems: result.problems });
    requestAnimationFrame(() => results.current?.focus());
  }

  async function issueQualification() {
    if (evaluation === null || outcome === null || !('commitment' in outcome) || current === null) return;
    setIssue({ busy: true });
    try {
      const subject = originQualificationSubject(evaluation, {
        bomCommitment: outcome.commitment,
        id: current.organization.did,
      });
      const issued = await api.issue({
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
        type: ['VerifiableCredential', ORIGIN_QUALIFICATION_CREDENTIAL_TYPE],
        issuer: current.organization.did,
        validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        name: `${evaluation.agreement === 'CAFTA_DR' ? 'CAFTA-DR' : evaluation.agreement} origin qualification`,
        credentialSubject: subject,
      });
      setIssue({ busy: false, id: issued.id });
    } catch (error) {
      setIssue({ busy: false, problem: errorText(error) });
    }
  }

  const usmca = form.agreement === 'USMCA';
  const english = lang === 'en' ? undefined : 'en';
  return (
    <section class="stack" aria-labelledby="qualify-title" data-testid="qualify-page">
      <h1 id="qualify-title">{t('qualify.title')}</h1>
      <p class="notice notice-info" data-testid="qualify-private">
        {t('qualify.private')}
      </p>
      <div class="actions">
        <div class="field upload">
          <input
            id="qualify-open"
            class="visually-hidden-input"
            type="file"
            accept="application/json,.json"
            data-testid="qualify-open"
            onChange={async (e) => {
              const input = e.currentTarget as HTMLInputElement;
              const file = input.files?.[0];
              input.value = '';
              if (file === undefined) return;
              const parsed = parseJson(await file.text());
              const read = parsed.success ? readWorkingFile(parsed.data) : null;
              if (read === null) {
                setOpenProblem(t('qualify.openFailed'));
                return;
              }
              setOpenProblem(null);
              nextUid.current = read.form.rows.length + 1;
              setForm(read.form);
              setSalt(read.salt);
              setOutcome(null);
            }}
          />
          <label for="qualify-open" class="button button-secondary">
            {t('qualify.open')}
          </label>
        </div>
        {fileUrl !== null && (
          <a class="button button-secondary" href={fileUrl} download={fileName} data-testid="qualify-download">
            {t('qualify.download')}
          </a>
        )}
      </div>
      {openProblem !== null && (
        <p class="notice notice-warn" role="alert">
          {openProblem}
        </p>
      )}

      <form
        class="stack"
        data-testid="qualify-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          evaluate();
        }}
      >
        <fieldset class="card form-section">
          <legend>{t('qualify.section.good')}</legend>
          <div class="grid">
            <div class="field">
              <label for="q-agreement">{t('form.agreement')}</label>
              <select
                id="q-agreement"
                data-testid="qualify-agreement"
                value={form.agreement}
                onChange={(e) =>
                  change({ agreement: (e.currentTarget as HTMLSelectElement).value as QualifyAgreement })
                }
              >
                {qualifyAgreements.map((a) => (
                  <option key={a} value={a}>
                    {t(agreementKeys[a])}
                  </option>
                ))}
              </select>
            </div>
            <div class={`field${problemOf('goodHs6') ? ' field-invalid' : ''}`}>
              <label for="q-good-hs">{t('qualify.goodHs')}</label>
              <input
                id="q-good-hs"
                data-testid="qualify-good-hs"
                inputMode="numeric"
                autocomplete="off"
                maxLength={9}
                placeholder={HS_EXAMPLE}
                value={form.goodHs6}
                aria-invalid={problemOf('goodHs6') ? 'true' : 'false'}
                aria-describedby="q-good-hs-hint q-goodHs6"
                onInput={(e) => change({ goodHs6: (e.currentTarget as HTMLInputElement).value })}
              />
              <HsHint code={form.goodHs6} id="q-good-hs-hint" />
              <FieldProblem id="q-goodHs6" text={problemOf('goodHs6')} />
            </div>
            <div class="field">
              <label for="q-good-description">
                {t('form.goods.description')}
                <span class="muted"> ({t('form.optional')})</span>
              </label>
              <input
                id="q-good-description"
                data-testid="qualify-good-description"
                value={form.goodDescription}
                onInput={(e) => change({ goodDescription: (e.currentTarget as HTMLInputElement).value })}
              />
            </div>
            <div class={`field${problemOf('importDate') ? ' field-invalid' : ''}`}>
              <label for="q-import-date">{t('qualify.importDate')}</label>
              <input
                id="q-import-date"
                type="date"
                data-testid="qualify-import-date"
                value={form.importDate}
                aria-describedby="q-import-date-hint"
                onInput={(e) => change({ importDate: (e.currentTarget as HTMLInputElement).value })}
              />
              <p id="q-import-date-hint" class="hint">
                {t('qualify.importDateHint')}
              </p>
              <FieldProblem id="q-importDate" text={problemOf('importDate')} />
            </div>
            {usmca ? (
              <>
                <Amount
                  id="qualify-transaction-value"
                  label={t('qualify.transactionValue')}
                  hint={t('qualify.transactionValueHint')}
                  value={form.transactionValue}
                  problem={problemOf('transactionValue')}
                  optional
                  onInput={(v) => change({ transactionValue: v })}
                />
                <Amount
                  id="qualify-net-cost"
                  label={t('qualify.netCost')}
                  value={form.netCost}
                  problem={problemOf('netCost')}
                  optional
                  onInput={(v) => change({ netCost: v })}
                />
              </>
            ) : (
              <Amount
                id="qualify-adjusted-value"
                label={t('qualify.adjustedValue')}
                value={form.adjustedValue}
                problem={problemOf('adjustedValue')}
                onInput={(v) => change({ adjustedValue: v })}
              />
            )}
          </div>
          {rule !== undefined && (
            <p class="small" data-testid="qualify-rule-preview">
              {t('qualify.ruleApplies')} <strong class="mono">{rule.ref}</strong> —{' '}
              <span lang={english}>{rule.description}</span>
            </p>
          )}
          {textile && (
            <p class="small" data-testid="qualify-textile">
              {t('qualify.textile')}
            </p>
          )}
          {textile && (
            <Amount
              id="qualify-good-weight"
              label={t('qualify.goodWeight')}
              value={form.goodWeightGrams}
              problem={problemOf('goodWeightGrams')}
              onInput={(v) => change({ goodWeightGrams: v })}
            />
          )}
        </fieldset>

        <fieldset class="card form-section" data-testid="bom">
          <legend>{t('qualify.section.bom')}</legend>
          {form.rows.map((row, i) => {
            const at = (field: string) => problemOf(`rows.${i}.${field}`);
            return (
              <fieldset key={row.uid} class="goods-line" data-testid="bom-row">
                <legend>{t('qualify.row', { id: materialId(i) })}</legend>
                <div class="grid">
                  <div class={`field${at('description') ? ' field-invalid' : ''}`}>
                    <label for={`bom-${i}-description`}>{t('form.goods.description')}</label>
                    <input
                      id={`bom-${i}-description`}
                      data-testid={`bom-description-${i}`}
                      value={row.description}
                      onInput={(e) => changeRow(i, { description: (e.currentTarget as HTMLInputElement).value })}
                    />
                    <FieldProblem id={`q-bom-${i}-description`} text={at('description')} />
                  </div>
                  <div class={`field${at('hs6') ? ' field-invalid' : ''}`}>
                    <label for={`bom-${i}-hs`}>{t('qualify.row.hs')}</label>
                    <input
                      id={`bom-${i}-hs`}
                      data-testid={`bom-hs-${i}`}
                      inputMode="numeric"
                      maxLength={9}
                      autocomplete="off"
                      placeholder={HS_EXAMPLE}
                      value={row.hs6}
                      aria-invalid={at('hs6') ? 'true' : 'false'}
                      aria-describedby={`bom-${i}-hs-hint q-bom-${i}-hs6`}
                      onInput={(e) => changeRow(i, { hs6: (e.currentTarget as HTMLInputElement).value })}
                    />
                    <HsHint code={row.hs6} id={`bom-${i}-hs-hint`} />
                    <FieldProblem id={`q-bom-${i}-hs6`} text={at('hs6')} />
                  </div>
                  <Amount
                    id={`bom-value-${i}`}
                    label={t('qualify.row.value')}
                    value={row.value}
                    problem={at('value')}
                    onInput={(v) => changeRow(i, { value: v })}
                  />
                  {textile && (
                    <Amount
                      id={`bom-weight-${i}`}
                      label={t('qualify.row.weight')}
                      value={row.weightGrams}
                      problem={at('weightGrams')}
                      optional
                      onInput={(v) => changeRow(i, { weightGrams: v })}
                    />
                  )}
                </div>
                {textile && (
                  <div class="field checkbox">
                    <input
                      id={`bom-${i}-elastomeric`}
                      type="checkbox"
                      checked={row.elastomeric}
                      onChange={(e) => changeRow(i, { elastomeric: (e.currentTarget as HTMLInputElement).checked })}
                    />
                    <label for={`bom-${i}-elastomeric`}>{t('qualify.row.elastomeric')}</label>
                  </div>
                )}
                <fieldset class="choice">
                  <legend>{t('qualify.row.originating')}</legend>
                  {([true, false] as const).map((value) => (
                    <label key={String(value)} class="choice-option">
                      <input
                        type="radio"
                        name={`bom-${row.uid}-originating`}
                        checked={row.originating === value}
                        data-testid={`bom-originating-${i}-${value ? 'yes' : 'no'}`}
                        onChange={() => changeRow(i, { originating: value })}
                      />{' '}
                      {t(value ? 'common.yes' : 'common.no')}
                    </label>
                  ))}
                </fieldset>
                {row.originating && (
                  <div class="field">
                    <label for={`bom-${i}-evidence`}>{t('qualify.row.evidence')}</label>
                    <select
                      id={`bom-${i}-evidence`}
                      data-testid={`bom-evidence-${i}`}
                      value={row.evidence}
                      aria-describedby={`bom-${i}-evidence-hint`}
                      onChange={(e) =>
                        changeRow(i, { evidence: (e.currentTarget as HTMLSelectElement).value as EvidenceKind })
                      }
                    >
                      <option value="NONE">{t('qualify.evidence.NONE')}</option>
                      <option value="SUPPLIER_CERTIFICATION">{t('qualify.evidence.SUPPLIER_CERTIFICATION')}</option>
                      <option value="WHOLLY_OBTAINED">{t('qualify.evidence.WHOLLY_OBTAINED')}</option>
                    </select>
                    <p id={`bom-${i}-evidence-hint`} class="hint">
                      {t('qualify.evidenceHint')}
                    </p>
                  </div>
                )}
                {row.originating && row.evidence === 'SUPPLIER_CERTIFICATION' && (
                  <SupplierEvidence
                    row={row}
                    index={i}
                    change={(patch) => changeRow(i, patch)}
                    problem={at('credentialHash')}
                  />
                )}
                <button
                  type="button"
                  class="button button-small button-secondary"
                  data-testid={`bom-remove-${i}`}
                  disabled={form.rows.length === 1}
                  onClick={() => change({ rows: form.rows.filter((r) => r.uid !== row.uid) })}
                >
                  {t('qualify.row.remove', { id: materialId(i) })}
                </button>
              </fieldset>
            );
          })}
          <button
            type="button"
            class="button button-secondary"
            data-testid="bom-add"
            onClick={() => change({ rows: [...form.rows, emptyBomRow(`m${nextUid.current++}`)] })}
          >
            {t('qualify.row.add')}
          </button>
        </fieldset>

        <button type="submit" class="button button-primary button-large" data-testid="qualify-evaluate">
          {t('qualify.evaluate')}
        </button>
      </form>

      <div ref={results} tabIndex={-1} class="stack" aria-live="polite">
        {general.length > 0 && (
          <div class="notice notice-danger" role="alert" data-testid="qualify-problems">
            <p>{t('qualify.problems')}</p>
            <ul>
              {general.map((p, i) => (
                <li key={i}>{plainText(p)}</li>
              ))}
            </ul>
          </div>
        )}
        {problems.length > 0 && (
          <details data-testid="qualify-problems-technical">
            <summary>{t('qualify.technical')}</summary>
            <ul class="small" lang="en">
              {problems.map((p, i) => (
                <li key={i}>
                  <ProblemText problem={{ text: `${p.code} ${p.path || '/'}: ${p.message}` }} />
                </li>
              ))}
            </ul>
          </details>
        )}
        {problems.length > 0 && general.length === 0 && (
          <p class="notice notice-danger" role="alert" data-testid="qualify-problems">
            {t('qualify.problemsBelow', { count: problems.length })}
          </p>
        )}
        {evaluation !== null && outcome !== null && 'commitment' in outcome && (
          <section class="stack" aria-labelledby="qualify-result-title">
            <div
              class={`verdict verdict-${evaluation.result === 'PASS' ? 'valid' : 'invalid'}`}
              data-testid="qualify-result"
              data-result={evaluation.result}
              role="status"
            >
              <span class="verdict-icon" aria-hidden="true">
                {evaluation.result === 'PASS' ? '✓' : '✗'}
              </span>
              <div>
                <p class="verdict-label" id="qualify-result-title">
                  {t(evaluation.result === 'PASS' ? 'qualify.result.PASS' : 'qualify.result.FAIL')}
                </p>
                <p class="verdict-summary">
                  {evaluation.result === 'PASS'
                    ? evaluation.criterion === 'WHOLLY_OBTAINED'
                      ? t('qualify.criterion.A')
                      : evaluation.criterion === 'ORIGINATING_MATERIALS_ONLY'
                        ? t('qualify.criterion.C')
                        : evaluation.criterion === 'PARTS_SAME_SUBHEADING_RVC'
                          ? t('qualify.criterion.D')
                          : t('qualify.criterion.B', { n: (evaluation.passedBy ?? 0) + 1 })
                    : t('qualify.result.FAILsummary')}
                  {evaluation.originCriterion !== undefined &&
                    ` ${t('qualify.originCriterion', { criterion: evaluation.originCriterion })}`}
                </p>
              </div>
            </div>
            <section class="card" aria-labelledby="qualify-rule-title" data-testid="qualify-rule">
              <h2 id="qualify-rule-title">
                {t('qualify.rule')} <span class="mono">{evaluation.rule.ref}</span>
              </h2>
              <p lang={english}>{evaluation.rule.description}</p>
              <details data-testid="qualify-technical">
                <summary>{t('qualify.technical')}</summary>
                <p class="small muted" lang="en">
                  {evaluation.rule.source}
                </p>
                {evaluation.rule.note !== undefined && (
                  <p class="small" lang="en" data-testid="qualify-rule-note">
                    {evaluation.rule.note}
                  </p>
                )}
              </details>
            </section>
            {evaluation.alternatives.map((alternative) => (
              <AlternativeCard key={alternative.index} alternative={alternative} describe={describe} />
            ))}
            <section class="card" aria-labelledby="qualify-totals-title" data-testid="qualify-totals">
              <h2 id="qualify-totals-title">{t('qualify.totals')}</h2>
              <dl class="facts facts-compact">
                <dt>{t('qualify.vnm')}</dt>
                <dd class="mono" data-testid="qualify-vnm">
                  {evaluation.totals.vnm} ({evaluation.totals.nonOriginatingCount})
                </dd>
                <dt>{t('qualify.vom')}</dt>
                <dd class="mono" data-testid="qualify-vom">
                  {evaluation.totals.vom} ({evaluation.totals.originatingCount})
                </dd>
              </dl>
              {evaluation.notes.length > 0 && (
                <ul class="small" data-testid="qualify-notes">
                  {evaluation.notes.map((note) => (
                    <li key={note.materialId} data-material={note.materialId} data-basis={note.basis}>
                      <strong>{describe(note.materialId)}</strong>: <span lang={english}>{note.message}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section class="card stack" aria-labelledby="qualify-commitment-title">
              <h2 id="qualify-commitment-title">{t('qualify.commitmentTitle')}</h2>
              <p class="small">{t('qualify.commitmentExplain')}</p>
              <p class="mono-wrap" data-testid="qualify-commitment">
                {outcome.commitment}
              </p>
              <div class="notice notice-warn stack" data-testid="qualify-save-step">
                <h3 id="qualify-save-title">{t('qualify.save.title')}</h3>
                <p>{t('qualify.save.explain')}</p>
                {fileUrl !== null && (
                  <p>
                    <a
                      class="button button-primary"
                      href={fileUrl}
                      download={fileName}
                      data-testid="qualify-save-working-file"
                      onClick={() => setSaved((previous) => ({ ...previous, downloaded: true }))}
                    >
                      {t('qualify.download')}
                    </a>
                  </p>
                )}
                <div class="field checkbox">
                  <input
                    id="qualify-saved"
                    type="checkbox"
                    data-testid="qualify-saved-ack"
                    checked={saved.acknowledged}
                    disabled={!saved.downloaded}
                    aria-describedby="qualify-saved-hint"
                    onChange={(e) =>
                      setSaved((previous) => ({
                        ...previous,
                        acknowledged: (e.currentTarget as HTMLInputElement).checked,
                      }))
                    }
                  />
                  <label for="qualify-saved">{t('qualify.save.ack')}</label>
                  <p id="qualify-saved-hint" class="hint">
                    {t(saved.downloaded ? 'qualify.save.ackHint' : 'qualify.save.downloadFirst')}
                  </p>
                </div>
              </div>
              {evaluation.result === 'PASS' && can(current, 'credentials:issue') && (
                <div class="stack">
                  <button
                    type="button"
                    class="button button-primary"
                    data-testid="qualify-issue"
                    disabled={issue.busy || issue.id !== undefined || !saved.acknowledged}
                    aria-describedby="qualify-saved-hint"
                    onClick={() => void issueQualification()}
                  >
                    {t('qualify.issue')}
                  </button>
                  {issue.id !== undefined && (
                    <p role="status" data-testid="qualify-issued">
                      {t('qualify.issued')}{' '}
                      <a href={hrefOf({ name: 'record', id: issue.id })}>{t('issue.producerFile.openRecord')}</a>
                    </p>
                  )}
                  {issue.problem !== undefined && (
                    <p class="field-error" role="alert">
                      {issue.problem}
                    </p>
                  )}
                </div>
              )}
            </section>
          </section>
        )}
      </div>
    </section>
  );
}
