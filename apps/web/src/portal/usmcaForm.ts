import type { MessageKey, MessageParams } from '../i18n/index.ts';

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
  /** HS subheading; `9403.60` and `940360` are both accepted. */
  hs6: string;
  originCriterion: '' | 'A' | 'B' | 'C' | 'D';
  countryOfOrigin: string;
  invoiceReference: string;
};

export type CertifierRole = 'IMPORTER' | 'EXPORTER' | 'PRODUCER';

/** The USMCA certification of origin form (the nine minimum data elements, Annex 5-A). */
export type UsmcaFormInput = {
  certificationNumber: string;
  certifierRole: '' | CertifierRole;
  certifier: PartyInput & { title: string; taxId: string };
  /** LISTED: the exporter below; SAME_AS_CERTIFIER: the certifier is the exporter; UNKNOWN: a producer that does not know it. */
  exporterMode: 'LISTED' | 'SAME_AS_CERTIFIER' | 'UNKNOWN';
  exporter: PartyInput;
  /** LISTED: the producer below; VARIOUS: several producers; CONFIDENTIAL: available upon request by the importing authorities. */
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
export type FieldProblem = { key: MessageKey; params?: MessageParams };
export type FormProblems = Record<FieldPath, FieldProblem>;

/** The USMCA Parties: exporter, producer and importer addresses and origin must be in one of them. */
export const usmcaParties = ['US', 'MX', 'CA'] as const;

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
  return { uid, description: '', hs6: '', originCriterion: '', countryOfOrigin: '', invoiceReference: '' };
}

/** A blank form dated `today` (YYYY-MM-DD). */
export function emptyUsmcaForm(today: string, uid = 'g1'): UsmcaFormInput {
  return {
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

/** `date` plus whole months, clamped to the month's last day (2025-01-31 + 1 month = 2025-02-28). */
export function addMonths(date: string, months: number): string {
  const m = DATE.exec(date)!;
  const year = Number(m[1]);
  const month = Number(m[2]) - 1 + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = new Date(Date.UTC(year, month, Math.min(Number(m[3]), lastDay)));
  return d.toISOString().slice(0, 10);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{5,}$/;
const COUNTRY = /^[A-Z]{2}$/;

/**
 * Checks the form as the user types: required fields, formats (HS 6 digits, ISO countries, e-mail,
 * phone, dates), the blanket period (from ≤ to, at most 12 months: `to` before `from` + 12 months,
 * rule CO-07), criterion D not for HS chapters 61–63 (CO-11), the USMCA Parties (CO-06, also for a
 * certifier who is the exporter), and the exporter rule (CO-05: only a producer may not know it). Returns problems by field; an empty object means the form can be sent.
 */
export function validateUsmcaForm(form: UsmcaFormInput, { today }: { today: string }): FormProblems {
  const problems: FormProblems = {};
  const add = (field: FieldPath, key: MessageKey, params?: MessageParams) => {
    if (problems[field] === undefined) problems[field] = params === undefined ? { key } : { key, params };
  };
  const required = (field: FieldPath, value: string) => {
    if (value.trim() === '') add(field, 'form.error.required');
  };
  const country = (field: FieldPath, value: string, partiesOnly: boolean) => {
    const v = value.trim();
    if (v === '') add(field, 'form.error.required');
    else if (!COUNTRY.test(v)) add(field, 'form.error.country');
    else if (partiesOnly && !(usmcaParties as readonly string[]).includes(v)) add(field, 'form.error.usmcaParty');
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
  const party = (
    prefix: string,
    p: PartyInput,
    { partiesOnly, contact }: { partiesOnly: boolean; contact: boolean },
  ) => {
    required(`${prefix}.name`, p.name);
    required(`${prefix}.street`, p.street);
    required(`${prefix}.locality`, p.locality);
    country(`${prefix}.country`, p.country, partiesOnly);
    phone(`${prefix}.phone`, p.phone, contact);
    email(`${prefix}.email`, p.email, contact);
  };
  const date = (field: FieldPath, value: string) => {
    if (value.trim() === '') add(field, 'form.error.required');
    else if (!isCalendarDate(value)) add(field, 'form.error.date');
  };

  required('certificationNumber', form.certificationNumber);
  if (form.certifierRole === '') add('certifierRole', 'form.error.required');
  party('certifier', form.certifier, { partiesOnly: false, contact: true });
  required('certifier.title', form.certifier.title);

  if (form.exporterMode === 'LISTED') party('exporter', form.exporter, { partiesOnly: true, contact: true });
  else if (
    form.exporterMode === 'SAME_AS_CERTIFIER' &&
    !(usmcaParties as readonly string[]).includes(form.certifier.country.trim())
  )
    add('exporterMode', 'form.error.exporterNotInParty');
  else if (form.exporterMode === 'UNKNOWN' && form.certifierRole !== '' && form.certifierRole !== 'PRODUCER')
    add('exporterMode', 'form.error.exporterUnknownRole');

  if (form.producerMode === 'LISTED') {
    required('producer.name', form.producer.name);
    country('producer.country', form.producer.country, true);
  }
  if (form.importerMode === 'LISTED') {
    party('importer', form.importer, { partiesOnly: true, contact: false });
  }

  if (form.scopeType === 'BLANKET') {
    date('blanketFrom', form.blanketFrom);
    date('blanketTo', form.blanketTo);
    if (isCalendarDate(form.blanketFrom) && isCalendarDate(form.blanketTo)) {
      if (form.blanketTo < form.blanketFrom) add('blanketTo', 'form.error.periodOrder');
      else if (form.blanketTo >= addMonths(form.blanketFrom, 12)) add('blanketTo', 'form.error.periodTooLong');
    }
  } else required('invoiceNumber', form.invoiceNumber);

  if (form.goods.length === 0) add('goods', 'form.error.goodsNone');
  form.goods.forEach((g, i) => {
    required(`goods.${i}.description`, g.description);
    const hs = normalizeHs(g.hs6);
    if (hs === '') add(`goods.${i}.hs6`, 'form.error.required');
    else if (!/^\d{6}$/.test(hs)) add(`goods.${i}.hs6`, 'form.error.hs6');
    if (g.originCriterion === '') add(`goods.${i}.originCriterion`, 'form.error.required');
    else if (g.originCriterion === 'D' && /^6[1-3]/.test(hs))
      add(`goods.${i}.originCriterion`, 'form.error.criterionDTextiles');
    country(`goods.${i}.countryOfOrigin`, g.countryOfOrigin, true);
  });

  required('signer', form.signer);
  required('signerTitle', form.signerTitle);
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

/**
 * The unsigned credential for a valid form, in the shape of a USMCA certification of origin record
 * (`test/fixtures/usmcaCertification.ts`), plus each good's country of origin. `validFrom` is the
 * blanket period's first day, or the signature date for a single shipment.
 */
export function buildUsmcaCredential(
  form: UsmcaFormInput,
  { issuer, language }: { issuer: string; language: string },
): Record<string, unknown> {
  const certifier = {
    ...contactOf(form.certifier),
    title: t(form.certifier.title),
    ...optional('taxId', form.certifier.taxId),
  };
  const exporter =
    form.exporterMode === 'LISTED'
      ? contactOf(form.exporter)
      : form.exporterMode === 'SAME_AS_CERTIFIER'
        ? contactOf(form.certifier)
        : null;
  const producer =
    form.producerMode === 'LISTED'
      ? {
          mode: 'LISTED',
          parties: [{ name: t(form.producer.name), addressCountry: t(form.producer.country).toUpperCase() }],
        }
      : { mode: form.producerMode };
  const importer =
    form.importerMode === 'LISTED'
      ? { ...contactOf(form.importer), ...optional('importerNumber', form.importer.importerNumber) }
      : null;
  const scope =
    form.scopeType === 'BLANKET'
      ? { type: 'BLANKET', from: form.blanketFrom, to: form.blanketTo }
      : { type: 'SINGLE', invoiceNumber: t(form.invoiceNumber) };
  const validFromDay = form.scopeType === 'BLANKET' ? form.blanketFrom : form.signatureDate;
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
    type: ['VerifiableCredential', 'USMCACertificationOfOrigin'],
    issuer,
    validFrom: `${validFromDay}T00:00:00Z`,
    name: 'USMCA Certification of Origin',
    credentialSubject: {
      type: 'USMCACertification',
      agreement: 'USMCA',
      hsEdition: 'HS2022',
      certificationNumber: t(form.certificationNumber),
      certifierRole: form.certifierRole,
      certifier,
      exporter,
      producer,
      importer,
      scope,
      goods: form.goods.map((g, i) => ({
        line: i + 1,
        description: t(g.description),
        hs6: normalizeHs(g.hs6),
        originCriterion: g.originCriterion,
        countryOfOrigin: t(g.countryOfOrigin).toUpperCase(),
        ...optional('invoiceReference', g.invoiceReference),
      })),
      signature: {
        signer: t(form.signer),
        title: t(form.signerTitle),
        date: form.signatureDate,
        statementVersion: 'USMCA-5A-9',
      },
      language,
      englishTranslationRef: null,
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
  'address/streetAddress': 'street',
  'address/addressLocality': 'locality',
  'address/addressRegion': 'region',
  'address/postalCode': 'postalCode',
  'address/addressCountry': 'country',
};

/**
 * The form field a server problem points at (`field` is a JSON pointer into the credential), or
 * null when it matches no input (the problem is then shown above the form).
 */
export function fieldForPointer(pointer: string, form: Pick<UsmcaFormInput, 'scopeType'>): FieldPath | null {
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
      return section;
    case 'certifier':
    case 'exporter':
    case 'importer': {
      const field = partyFields[tail];
      return field === undefined ? (section === 'exporter' ? 'exporterMode' : null) : `${section}.${field}`;
    }
    case 'producer': {
      if (rest[0] === 'parties' && rest[2] === 'name') return 'producer.name';
      if (rest[0] === 'parties' && rest[2] === 'addressCountry') return 'producer.country';
      return 'producerMode';
    }
    case 'scope':
      if (rest[0] === 'from') return 'blanketFrom';
      if (rest[0] === 'to') return 'blanketTo';
      if (rest[0] === 'invoiceNumber') return 'invoiceNumber';
      return 'scopeType';
    case 'goods': {
      const index = rest[0];
      if (index === undefined || !/^\d+$/.test(index)) return 'goods';
      const field = rest[1];
      return field === 'description' ||
        field === 'hs6' ||
        field === 'originCriterion' ||
        field === 'countryOfOrigin' ||
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

/** The text value of a field of the form (`certifier.name`, `goods.1.hs6`); '' for a missing path. */
export function fieldValue(form: UsmcaFormInput, path: FieldPath): string {
  let value: unknown = form;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return '';
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'string' ? value : '';
}

/** A copy of the form with one field changed (the rest of the tree shared). */
export function withField(form: UsmcaFormInput, path: FieldPath, value: string | boolean): UsmcaFormInput {
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
  return set(form, path.split('.')) as UsmcaFormInput;
}
