import {
  type CertificationParty,
  type CertificationRule,
  type CryptoPort,
  certificationCredentialTypes,
  confidentialProducerCommitment,
  defaultAgreementRules,
  toHex,
  validateCertification,
} from '@clearledger/core';
import type { MessageKey, MessageParams } from '../../i18n/index.ts';

/** The agreements the form issues certifications under (NAFTA is legacy: entries before 1 July 2020). */
export type FormAgreement = 'USMCA' | 'CAFTA_DR';
export const formAgreements: readonly FormAgreement[] = ['USMCA', 'CAFTA_DR'];

/** Contact and address of a party, as typed into the form. */
export type PartyInput = {
  name: string;
  street: string;
  locality: string;
  region: string;
  postalCode: string;
  country: string;
  phone: string;
  email: string;
};

export type GoodsLineInput = {
  /** Stable identity for the UI list (not part of the record). */
  uid: string;
  description: string;
  /** HS classification: USMCA 6 digits (`9403.60` and `940360` both accepted); CAFTA-DR 6, 8 or 10 digits. */
  hs6: string;
  /** USMCA only. */
  originCriterion: '' | 'A' | 'B' | 'C' | 'D';
  /** USMCA only (the form adds it to each goods line). */
  countryOfOrigin: string;
  /** CAFTA-DR only: the General Note 29 rule the good qualifies under, e.g. `GN29(b)(i)`. */
  ruleRef: string;
  invoiceReference: string;
};

export type CertifierRole = 'IMPORTER' | 'EXPORTER' | 'PRODUCER';

/** The certification of origin form: the minimum data elements of USMCA Annex 5-A or 19 CFR 10.584 (CAFTA-DR). */
export type CertificationFormInput = {
  agreement: FormAgreement;
  /** The language the certification is written in (CO-13). */
  language: string;
  /** Where the English translation given to CBP is (a URL or URN), when the language is not English. */
  englishTranslationRef: string;
  certificationNumber: string;
  certifierRole: '' | CertifierRole;
  certifier: PartyInput & { title: string; taxId: string };
  /** LISTED: the exporter below; SAME_AS_CERTIFIER: the certifier is the exporter; UNKNOWN: a producer that does not know it. */
  exporterMode: 'LISTED' | 'SAME_AS_CERTIFIER' | 'UNKNOWN';
  exporter: PartyInput;
  /**
   * LISTED: the producer below; VARIOUS: several producers; CONFIDENTIAL: "available upon request by
   * the importing authorities" — the producer below stays with the certifier, the record carries a
   * salted hash of it.
   */
  producerMode: 'LISTED' | 'VARIOUS' | 'CONFIDENTIAL';
  producer: { name: string; country: string };
  /** LISTED: the importer below; UNKNOWN: not known when certifying. */
  importerMode: 'LISTED' | 'UNKNOWN';
  importer: PartyInput & { importerNumber: string };
  scopeType: 'BLANKET' | 'SINGLE';
  blanketFrom: string;
  blanketTo: string;
  invoiceNumber: string;
  goods: GoodsLineInput[];
  signer: string;
  signerTitle: string;
  signatureDate: string;
  /** The certifier's statement that the goods qualify and the information is true and accurate. */
  attested: boolean;
};

/** A field of the form: a dot path such as `certifier.name` or `goods.2.hs6`. */
export type FieldPath = string;
/**
 * A problem of one field: a check of the form itself (a dictionary key), or a rule of the agreement
 * found by core's `validateCertification` on the credential the form builds (its rule and message).
 */
export type FieldProblem = { key: MessageKey; params?: MessageParams } | { rule: CertificationRule; message: string };
export type FormProblems = Record<FieldPath, FieldProblem>;
/** Every problem of the form: by field, and those about no input of the form (shown above it). */
export type CertificationProblems = {
  fields: FormProblems;
  general: { rule: CertificationRule; field: string; message: string }[];
};

/** The Parties of an agreement: exporter, producer and importer addresses must be in one of them (CO-06). */
export function partiesOf(agreement: FormAgreement): readonly string[] {
  return defaultAgreementRules[agreement].parties;
}

/** The languages a certification of the agreement may be written in (CO-13). */
export function languagesOf(agreement: FormAgreement): readonly string[] {
  return defaultAgreementRules[agreement].languages;
}

/** The USMCA Parties. */
export const usmcaParties = defaultAgreementRules.USMCA.parties;

const emptyParty = (): PartyInput => ({
  name: '',
  street: '',
  locality: '',
  region: '',
  postalCode: '',
  country: '',
  phone: '',
  email: '',
});

export function emptyGoodsLine(uid: string): GoodsLineInput {
  return {
    uid,
    description: '',
    hs6: '',
    originCriterion: '',
    countryOfOrigin: '',
    ruleRef: '',
    invoiceReference: '',
  };
}

/** A blank USMCA form in English, dated `today` (YYYY-MM-DD). */
export function emptyCertificationForm(today: string, uid = 'g1'): CertificationFormInput {
  return {
    agreement: 'USMCA',
    language: 'en',
    englishTranslationRef: '',
    certificationNumber: '',
    certifierRole: '',
    certifier: { ...emptyParty(), title: '', taxId: '' },
    exporterMode: 'LISTED',
    exporter: emptyParty(),
    producerMode: 'LISTED',
    producer: { name: '', country: '' },
    importerMode: 'LISTED',
    importer: { ...emptyParty(), importerNumber: '' },
    scopeType: 'BLANKET',
    blanketFrom: '',
    blanketTo: '',
    invoiceNumber: '',
    goods: [emptyGoodsLine(uid)],
    signer: '',
    signerTitle: '',
    signatureDate: today,
    attested: false,
  };
}

/** `9403.60`, `9403 60` → `940360`. */
export function normalizeHs(text: string): string {
  return text.replace(/[\s.]/g, '');
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD that names a real calendar day. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{5,}$/;
const COUNTRY = /^[A-Z]{2}$/;

/**
 * The checks of the inputs themselves, which the agreement's rules cannot make on a credential:
 * required inputs left empty, formats (HS digits, ISO countries, e-mail, phone, real dates), the
 * signature date not in the future, and the certifier's statement ticked. The agreement's rules
 * (parties, periods, criteria, language…) are core's, see {@link certificationProblems}.
 */
export function validateFormInputs(form: CertificationFormInput, { today }: { today: string }): FormProblems {
  const problems: FormProblems = {};
  const add = (field: FieldPath, key: MessageKey, params?: MessageParams) => {
    if (problems[field] === undefined) problems[field] = params === undefined ? { key } : { key, params };
  };
  const required = (field: FieldPath, value: string) => {
    if (value.trim() === '') add(field, 'form.error.required');
  };
  const country = (field: FieldPath, value: string) => {
    const v = value.trim();
    if (v === '') add(field, 'form.error.required');
    else if (!COUNTRY.test(v)) add(field, 'form.error.country');
  };
  const email = (field: FieldPath, value: string, mandatory: boolean) => {
    const v = value.trim();
    if (v === '') {
      if (mandatory) add(field, 'form.error.required');
    } else if (!EMAIL.test(v)) add(field, 'form.error.email');
  };
  const phone = (field: FieldPath, value: string, mandatory: boolean) => {
    const v = value.trim();
    if (v === '') {
      if (mandatory) add(field, 'form.error.required');
    } else if (!PHONE.test(v)) add(field, 'form.error.phone');
  };
  const party = (prefix: string, p: PartyInput, { contact }: { contact: boolean }) => {
    required(`${prefix}.name`, p.name);
    required(`${prefix}.street`, p.street);
    required(`${prefix}.locality`, p.locality);
    country(`${prefix}.country`, p.country);
    phone(`${prefix}.phone`, p.phone, contact);
    email(`${prefix}.email`, p.email, contact);
  };
  const date = (field: FieldPath, value: string) => {
    if (value.trim() === '') add(field, 'form.error.required');
    else if (!isCalendarDate(value)) add(field, 'form.error.date');
  };
  const usmca = form.agreement === 'USMCA';

  required('certificationNumber', form.certificationNumber);
  if (form.certifierRole === '') add('certifierRole', 'form.error.required');
  // USMCA asks for the certifier's e-mail (Annex 5-A element 2); CAFTA-DR only "if any".
  party('certifier', form.certifier, { contact: true });
  if (!usmca && form.certifier.email.trim() === '') delete problems['certifier.email'];
  if (usmca) required('certifier.title', form.certifier.title);
  if (form.language !== 'en') required('englishTranslationRef', form.englishTranslationRef);

  if (form.exporterMode === 'LISTED') party('exporter', form.exporter, { contact: usmca });
  if (form.producerMode !== 'VARIOUS') {
    required('producer.name', form.producer.name);
    country('producer.country', form.producer.country);
  }
  if (form.importerMode === 'LISTED') party('importer', form.importer, { contact: false });

  if (form.scopeType === 'BLANKET') {
    date('blanketFrom', form.blanketFrom);
    date('blanketTo', form.blanketTo);
  } else required('invoiceNumber', form.invoiceNumber);

  if (form.goods.length === 0) add('goods', 'form.error.goodsNone');
  form.goods.forEach((g, i) => {
    required(`goods.${i}.description`, g.description);
    const hs = normalizeHs(g.hs6);
    if (hs === '') add(`goods.${i}.hs6`, 'form.error.required');
    else if (usmca && !/^\d{6}$/.test(hs)) add(`goods.${i}.hs6`, 'form.error.hs6');
    else if (!usmca && !/^(\d{6}|\d{8}|\d{10})$/.test(hs)) add(`goods.${i}.hs6`, 'form.error.hsCode');
    if (usmca) {
      if (g.originCriterion === '') add(`goods.${i}.originCriterion`, 'form.error.required');
      country(`goods.${i}.countryOfOrigin`, g.countryOfOrigin);
    } else required(`goods.${i}.ruleRef`, g.ruleRef);
  });

  required('signer', form.signer);
  if (usmca) required('signerTitle', form.signerTitle);
  date('signatureDate', form.signatureDate);
  if (isCalendarDate(form.signatureDate) && form.signatureDate > today) add('signatureDate', 'form.error.future');
  if (!form.attested) add('attested', 'form.error.attest');
  return problems;
}

const t = (s: string) => s.trim();
const optional = <K extends string>(key: K, value: string): Partial<Record<K, string>> =>
  t(value) === '' ? {} : ({ [key]: t(value) } as Record<K, string>);

function addressOf(p: PartyInput) {
  return {
    streetAddress: t(p.street),
    addressLocality: t(p.locality),
    ...optional('addressRegion', p.region),
    ...optional('postalCode', p.postalCode),
    addressCountry: t(p.country).toUpperCase(),
  };
}

function contactOf(p: PartyInput) {
  return { name: t(p.name), address: addressOf(p), ...optional('phone', p.phone), ...optional('email', p.email) };
}

/** The producer as it would be listed; for a confidential producer, what the commitment is made of. */
export function producerPartiesOf(form: Pick<CertificationFormInput, 'producer'>): CertificationParty[] {
  return [{ name: t(form.producer.name), addressCountry: t(form.producer.country).toUpperCase() }];
}

/**
 * The salted commitment to a confidential producer (core's `confidentialProducerCommitment`), or
 * null while the producer's name or country is missing.
 */
export function producerCommitmentOf(
  crypto: CryptoPort,
  form: Pick<CertificationFormInput, 'producerMode' | 'producer'>,
  salt: Uint8Array,
): string | null {
  if (form.producerMode !== 'CONFIDENTIAL') return null;
  if (t(form.producer.name) === '' || !COUNTRY.test(t(form.producer.country).toUpperCase())) return null;
  return confidentialProducerCommitment(crypto, producerPartiesOf(form), salt);
}

/** What the certifier keeps of a confidential producer: the details and the salt, to show CBP on request. */
export type ConfidentialProducerFile = {
  type: 'ConfidentialProducerDetails';
  agreement: FormAgreement;
  certificationNumber: string;
  /** The record's id, once issued. */
  credentialId: string | null;
  /** The `producer.hash` written in the record. */
  producerHash: string;
  parties: CertificationParty[];
  /** Hex; the hash is SHA-256 of the JCS of `{ type: "ConfidentialProducer", parties, salt }`. */
  salt: string;
};

export function confidentialProducerFile(
  form: CertificationFormInput,
  { producerHash, salt, credentialId }: { producerHash: string; salt: Uint8Array; credentialId: string | null },
): ConfidentialProducerFile {
  return {
    type: 'ConfidentialProducerDetails',
    agreement: form.agreement,
    certificationNumber: t(form.certificationNumber),
    credentialId,
    producerHash,
    parties: producerPartiesOf(form),
    salt: toHex(salt),
  };
}

/** Stands in for the producer hash while the producer is incomplete (the form's own checks report that). */
const PENDING_COMMITMENT = `sha256:${'0'.repeat(64)}`;

/**
 * The unsigned credential for the form: a USMCA certification of origin (in the shape of
 * `test/fixtures/usmcaCertification.ts`, plus each good's country of origin) or a CAFTA-DR one
 * (goods with `hsCode` and `ruleRef`, 19 CFR 10.584). `validFrom` is the blanket period's first day,
 * or the signature date for a single shipment. A confidential producer is written as its
 * `producerHash` only. Built from any form, complete or not, so core's rules can check it as it is typed.
 */
export function buildCertificationCredential(
  form: CertificationFormInput,
  { issuer, producerHash = null }: { issuer: string; producerHash?: string | null },
): Record<string, unknown> {
  const usmca = form.agreement === 'USMCA';
  const certifier = {
    ...contactOf(form.certifier),
    ...optional('title', form.certifier.title),
    ...optional('taxId', form.certifier.taxId),
  };
  if (usmca) certifier.title = t(form.certifier.title);
  const exporter =
    form.exporterMode === 'LISTED'
      ? contactOf(form.exporter)
      : form.exporterMode === 'SAME_AS_CERTIFIER'
        ? contactOf(form.certifier)
        : null;
  const producer =
    form.producerMode === 'LISTED'
      ? { mode: 'LISTED', parties: producerPartiesOf(form) }
      : form.producerMode === 'CONFIDENTIAL'
        ? { mode: 'CONFIDENTIAL', hash: producerHash ?? PENDING_COMMITMENT }
        : { mode: 'VARIOUS' };
  const importer =
    form.importerMode === 'LISTED'
      ? { ...contactOf(form.importer), ...optional('importerNumber', form.importer.importerNumber) }
      : null;
  const scope =
    form.scopeType === 'BLANKET'
      ? { type: 'BLANKET', from: form.blanketFrom, to: form.blanketTo }
      : { type: 'SINGLE', invoiceNumber: t(form.invoiceNumber) };
  const validFromDay = form.scopeType === 'BLANKET' ? form.blanketFrom : form.signatureDate;
  const goods = form.goods.map((g, i) =>
    usmca
      ? {
          line: i + 1,
          description: t(g.description),
          hs6: normalizeHs(g.hs6),
          originCriterion: g.originCriterion,
          countryOfOrigin: t(g.countryOfOrigin).toUpperCase(),
          ...optional('invoiceReference', g.invoiceReference),
        }
      : {
          line: i + 1,
          description: t(g.description),
          hsCode: normalizeHs(g.hs6),
          ruleRef: t(g.ruleRef),
          ...optional('invoiceReference', g.invoiceReference),
        },
  );
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
    type: ['VerifiableCredential', certificationCredentialTypes[form.agreement]],
    issuer,
    validFrom: `${validFromDay}T00:00:00Z`,
    name: usmca ? 'USMCA Certification of Origin' : 'CAFTA-DR Certification of Origin',
    credentialSubject: {
      type: usmca ? 'USMCACertification' : 'CAFTADRCertification',
      agreement: form.agreement,
      hsEdition: 'HS2022',
      certificationNumber: t(form.certificationNumber),
      certifierRole: form.certifierRole,
      certifier,
      exporter,
      // CO-05: a certifying producer that leaves the exporter out states that it does not know it.
      ...(usmca && form.exporterMode === 'UNKNOWN' && form.certifierRole === 'PRODUCER'
        ? { exporterUnknown: true }
        : {}),
      producer,
      importer,
      scope,
      goods,
      signature: {
        signer: t(form.signer),
        ...(usmca || t(form.signerTitle) !== '' ? { title: t(form.signerTitle) } : {}),
        date: form.signatureDate,
        statementVersion: usmca ? 'USMCA-5A-9' : 'CAFTA-DR-10.584',
      },
      language: form.language,
      englishTranslationRef: form.language === 'en' ? null : t(form.englishTranslationRef),
      supersedes: null,
    },
  };
}

const partyFields: Record<string, string> = {
  name: 'name',
  title: 'title',
  taxId: 'taxId',
  phone: 'phone',
  email: 'email',
  importerNumber: 'importerNumber',
  addressCountry: 'country',
  'address/streetAddress': 'street',
  'address/addressLocality': 'locality',
  'address/addressRegion': 'region',
  'address/postalCode': 'postalCode',
  'address/addressCountry': 'country',
};

/**
 * The form field a problem points at (`field` is a JSON pointer into the credential, from core or
 * the node), or null when it matches no input (the problem is then shown above the form).
 */
export function fieldForPointer(
  pointer: string,
  form: Pick<CertificationFormInput, 'scopeType'> & Partial<Pick<CertificationFormInput, 'exporterMode'>>,
): FieldPath | null {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] === 'validFrom') return form.scopeType === 'BLANKET' ? 'blanketFrom' : 'signatureDate';
  if (parts[0] !== 'credentialSubject') return null;
  const [section, ...rest] = parts.slice(1);
  const tail = rest.join('/');
  switch (section) {
    case 'certificationNumber':
    case 'certifierRole':
    case 'language':
    case 'englishTranslationRef':
      return section;
    case 'certifier': {
      const field = partyFields[tail];
      return field === undefined ? null : `certifier.${field}`;
    }
    case 'exporter': {
      // An exporter "same as the certifier" has no inputs of its own: its problems are the choice's.
      if (form.exporterMode !== undefined && form.exporterMode !== 'LISTED') return 'exporterMode';
      const field = partyFields[tail];
      return field === undefined ? 'exporterMode' : `exporter.${field}`;
    }
    case 'importer': {
      const field = partyFields[tail];
      return field === undefined ? 'importerMode' : `importer.${field}`;
    }
    case 'producer': {
      if (rest[0] === 'parties' && rest[2] === 'name') return 'producer.name';
      if (rest[0] === 'parties' && (rest[2] === 'addressCountry' || rest[3] === 'addressCountry'))
        return 'producer.country';
      return 'producerMode';
    }
    case 'scope':
      if (rest[0] === 'from') return 'blanketFrom';
      if (rest[0] === 'to') return 'blanketTo';
      if (rest[0] === 'invoiceNumber' || rest[0] === 'reference') return 'invoiceNumber';
      return 'scopeType';
    case 'goods': {
      const index = rest[0];
      if (index === undefined || !/^\d+$/.test(index)) return 'goods';
      const field = rest[1];
      if (field === 'hsCode' || field === 'hs6') return `goods.${index}.hs6`;
      return field === 'description' ||
        field === 'originCriterion' ||
        field === 'countryOfOrigin' ||
        field === 'ruleRef' ||
        field === 'invoiceReference'
        ? `goods.${index}.${field}`
        : `goods.${index}.description`;
    }
    case 'signature':
      if (rest[0] === 'signer') return 'signer';
      if (rest[0] === 'title') return 'signerTitle';
      if (rest[0] === 'date') return 'signatureDate';
      return 'signer';
    default:
      return null;
  }
}

/**
 * Every problem of the form, as the node will judge it: the form's own input checks first (they
 * say what to type), then core's `validateCertification` on the credential the form builds (the
 * agreement's rules CO-01…CO-13, each problem placed on its input with {@link fieldForPointer}). A
 * field shows one problem: its input check if it has one, else the first rule it breaks.
 */
export function certificationProblems(
  form: CertificationFormInput,
  { today, issuer, producerHash = null }: { today: string; issuer: string; producerHash?: string | null },
): CertificationProblems {
  const fields: FormProblems = { ...validateFormInputs(form, { today }) };
  const general: CertificationProblems['general'] = [];
  const credential = buildCertificationCredential(form, { issuer, producerHash });
  const result = validateCertification(credential.credentialSubject, { agreement: form.agreement });
  if (!result.success) {
    for (const p of result.problems) {
      const path = fieldForPointer(p.field, form);
      if (path === null) general.push({ rule: p.rule, field: p.field, message: p.message });
      else fields[path] ??= { rule: p.rule, message: p.message };
    }
  }
  return { fields, general };
}

/** The text value of a field of the form (`certifier.name`, `goods.1.hs6`); '' for a missing path. */
export function fieldValue(form: CertificationFormInput, path: FieldPath): string {
  let value: unknown = form;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return '';
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'string' ? value : '';
}

/** A copy of the form with one field changed (the rest of the tree shared). */
export function withField(
  form: CertificationFormInput,
  path: FieldPath,
  value: string | boolean,
): CertificationFormInput {
  const set = (node: unknown, parts: string[]): unknown => {
    const [head, ...rest] = parts;
    if (head === undefined) return value;
    if (Array.isArray(node)) {
      const copy = [...node];
      copy[Number(head)] = set(copy[Number(head)], rest);
      return copy;
    }
    const object = (node ?? {}) as Record<string, unknown>;
    return { ...object, [head]: set(object[head], rest) };
  };
  return set(form, path.split('.')) as CertificationFormInput;
}

/** What the signed-in session knows of its organisation and person (the API's `organization` and `account`). */
export type CertifierSource = {
  organization: { name: string; country: string };
  account?: { displayName: string } | undefined;
};

/**
 * A blank form with the certifier filled in from the signed-in organisation (its name and country,
 * as the node knows them) and the signer from the signed-in person; the rest blank as in
 * {@link emptyCertificationForm}. The certifier can still change every field.
 */
export function prefilledCertificationForm(today: string, source: CertifierSource | null): CertificationFormInput {
  const form = emptyCertificationForm(today);
  if (source === null) return form;
  const country = source.organization.country.trim().toUpperCase();
  return {
    ...form,
    certifier: {
      ...form.certifier,
      name: source.organization.name.trim(),
      country: COUNTRY.test(country) ? country : '',
    },
    signer: source.account?.displayName.trim() ?? '',
  };
}

/**
 * Until when a blanket certification covers importations, as the form stands: the period's last day
 * (YYYY-MM-DD), or null for a single shipment or a period not yet a real date.
 */
export function formValidUntil(form: Pick<CertificationFormInput, 'scopeType' | 'blanketTo'>): string | null {
  return form.scopeType === 'BLANKET' && isCalendarDate(form.blanketTo) ? form.blanketTo : null;
}

const sectionKeys: Record<string, MessageKey> = {
  certifier: 'form.section.certifier',
  exporter: 'form.section.exporter',
  producer: 'form.section.producer',
  importer: 'form.section.importer',
};
const partyFieldKeys: Record<string, MessageKey> = {
  name: 'form.party.name',
  title: 'form.party.title',
  taxId: 'form.party.taxId',
  street: 'form.party.street',
  locality: 'form.party.locality',
  region: 'form.party.region',
  postalCode: 'form.party.postalCode',
  country: 'form.party.country',
  phone: 'form.party.phone',
  email: 'form.party.email',
  importerNumber: 'form.importerNumber',
};
const goodsFieldKeys: Record<string, MessageKey> = {
  description: 'form.goods.description',
  originCriterion: 'form.goods.originCriterion',
  countryOfOrigin: 'form.goods.countryOfOrigin',
  ruleRef: 'form.goods.ruleRef',
  invoiceReference: 'form.goods.invoiceReference',
};
const topFieldKeys: Record<string, MessageKey> = {
  agreement: 'form.agreement',
  language: 'form.language',
  englishTranslationRef: 'form.englishTranslationRef',
  certificationNumber: 'form.certificationNumber',
  certifierRole: 'form.certifierRole',
  exporterMode: 'form.exporterMode',
  producerMode: 'form.producerMode',
  importerMode: 'form.importerMode',
  scopeType: 'form.scopeType',
  blanketFrom: 'form.blanketFrom',
  blanketTo: 'form.blanketTo',
  invoiceNumber: 'form.invoiceNumber',
  goods: 'form.section.goods',
  signer: 'form.signer',
  signerTitle: 'form.signerTitle',
  signatureDate: 'form.signatureDate',
  attested: 'form.section.signature',
};

/**
 * How the problem summary names a field: the labels that lead to it, outermost first, with their
 * parameters (`certifier.name` → section "2. Certifier", "Name"; `goods.1.hs6` → "Goods line 2",
 * "HS tariff classification"). Empty for a path the form does not have.
 */
export function fieldLabelKeys(
  path: FieldPath,
  agreement: FormAgreement,
): { key: MessageKey; params?: MessageParams }[] {
  const [head = '', second, third] = path.split('.');
  const top = topFieldKeys[path];
  // The signer's title and date would read as the certifier's: they go under their section.
  if (top !== undefined && (path === 'signer' || path === 'signerTitle' || path === 'signatureDate'))
    return [{ key: 'form.section.signature' }, { key: top }];
  if (top !== undefined) return [{ key: top }];
  const section = sectionKeys[head];
  if (section !== undefined && second !== undefined && partyFieldKeys[second] !== undefined)
    return [{ key: section }, { key: partyFieldKeys[second] }];
  if (head === 'goods' && second !== undefined && /^\d+$/.test(second) && third !== undefined) {
    const line = { key: 'form.goodsLine' as MessageKey, params: { line: Number(second) + 1 } };
    if (third === 'hs6') return [line, { key: agreement === 'USMCA' ? 'form.goods.hs6' : 'form.goods.hsCode' }];
    const field = goodsFieldKeys[third];
    return field === undefined ? [line] : [line, { key: field }];
  }
  return [];
}
