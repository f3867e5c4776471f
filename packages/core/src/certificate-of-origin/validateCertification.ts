import { formatHsCode, hsChapter, isHs2022Subheading } from '../hs/hsNomenclature.ts';
import { type AgreementRules, defaultAgreementRules } from './agreementRules.ts';
import { addMonthsToDayNumber, dayNumberOf, isoDateOf } from './calendarDate.ts';
import { isProducerCommitment } from './confidentialProducerCommitment.ts';
import type {
  CaftaDrCertificationSubject,
  CertificationAgreement,
  CertificationProblem,
  CertificationRule,
  NaftaCertificateSubject,
  UsmcaCertificationSubject,
} from './types.ts';

/** The subject type each agreement validates to. */
export type CertificationSubjectOf<A extends CertificationAgreement> = {
  USMCA: UsmcaCertificationSubject;
  CAFTA_DR: CaftaDrCertificationSubject;
  NAFTA: NaftaCertificateSubject;
}[A];

/** Parameters of {@link validateCertification}. */
export type ValidateCertificationParameters<A extends CertificationAgreement> = {
  agreement: A;
  /** The agreement's figures and lists; defaults to {@link defaultAgreementRules}. */
  rules?: AgreementRules;
  /** JSON pointer of the subject in its credential, prefixed to every problem's field. */
  at?: string;
};

/** Result of {@link validateCertification}. */
export type ValidateCertificationResult<A extends CertificationAgreement> =
  | { success: true; data: CertificationSubjectOf<A> }
  | { success: false; problems: CertificationProblem[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const COUNTRY = /^[A-Z]{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_LIKE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/;
const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i;
const GN29 = /^(GN\s?29|General Note 29)\b/i;
const ROLE_WORDS = { IMPORTER: 'importer', EXPORTER: 'exporter', PRODUCER: 'producer' } as const;

/**
 * Checks the subject of a certification of origin against its agreement: CO-01 to CO-07, CO-10,
 * CO-11 and CO-13 of the domain specification and the minimum data elements of the agreement (USMCA
 * Annex 5-A; CAFTA-DR 19 CFR 10.584; NAFTA Form 434 with criteria A–F, exporter-only certifier and
 * fields 8–10). HS numbers must exist in HS 2022 when `hsEdition` is `HS2022`. Problems are returned
 * as values, each with a JSON pointer into the credential (`/credentialSubject/goods/2/hs6`), the rule
 * and a message for the person who has to fix the certification.
 *
 * CO-08 and CO-09 depend on the importation (see `coverage`), CO-12 on the claim
 * (`certificationRequired`), CO-14 on the records kept: they are not checks of the document.
 *
 * @example validateCertification(vc.credentialSubject, { agreement: 'USMCA' })
 */
export function validateCertification<A extends CertificationAgreement>(
  subject: unknown,
  params: ValidateCertificationParameters<A>,
): ValidateCertificationResult<A> {
  const agreement: CertificationAgreement = params.agreement;
  const rules = params.rules ?? defaultAgreementRules[agreement];
  const at = params.at ?? '/credentialSubject';
  const problems: CertificationProblem[] = [];
  const add = (rule: CertificationRule, field: string, message: string) =>
    problems.push({ code: 'CL_ORIGIN_CERTIFICATION_INVALID', rule, field: at + field, message });
  const label = rules.label;
  const inParty = (country: string) => rules.parties.includes(country);
  const partyList = rules.parties.join(', ');

  if (!isObject(subject)) {
    add('FORMAT', '', `A ${label} certification must be a JSON object.`);
    return { success: false, problems };
  }
  const s = subject;

  if (s.agreement !== agreement)
    add('FORMAT', '/agreement', `This is a ${label} certification: agreement must be "${agreement}".`);
  if (!(typeof s.hsEdition === 'string' && /^HS\d{4}$/.test(s.hsEdition)))
    add('FORMAT', '/hsEdition', 'hsEdition must name the HS edition of the classifications, e.g. "HS2022".');

  // CO-01
  const role = s.certifierRole;
  const roleKnown = rules.certifierRoles.includes(role as never);
  if (!roleKnown) {
    add(
      'CO-01',
      '/certifierRole',
      agreement === 'NAFTA'
        ? 'A NAFTA certificate (CBP Form 434) is completed and signed by the exporter: certifierRole must be EXPORTER.'
        : `certifierRole must say who completed the certification: ${rules.certifierRoles.join(', ')}.`,
    );
  }

  // CO-02 (and CO-06 for the certifier's country)
  const certifier = s.certifier;
  if (!isObject(certifier)) {
    add('CO-02', '/certifier', `The certifier's name, address and telephone are required on a ${label} certification.`);
  } else {
    const required: [string, string][] =
      agreement === 'USMCA'
        ? [
            ['name', 'name'],
            ['title', 'title'],
            ['phone', 'telephone number'],
            ['email', 'email address'],
          ]
        : agreement === 'NAFTA'
          ? [
              ['name', 'name'],
              ['taxId', 'tax identification number (field 1)'],
              ['phone', 'telephone number (field 11)'],
            ]
          : [
              ['name', 'legal name'],
              ['phone', 'telephone number'],
            ];
    for (const [key, words] of required)
      if (!isText(certifier[key])) add('CO-02', `/certifier/${key}`, `The certifier's ${words} is required.`);
    if (certifier.email !== undefined && certifier.email !== null && !isEmail(certifier.email))
      add('CO-02', '/certifier/email', 'The certifier’s email address is not a valid address.');
    checkAddress('/certifier', certifier.address, 'The certifier', 'CO-02', true);
  }

  // CO-05 exporter: omitted only when the certifier is the exporter, or when a certifying producer
  // states that it does not know the exporter (USMCA Annex 5-A data element 3: `exporterUnknown`).
  const exporter = s.exporter;
  const exporterUnknown = s.exporterUnknown;
  if (exporterUnknown !== undefined && typeof exporterUnknown !== 'boolean')
    add(
      'CO-05',
      '/exporterUnknown',
      'exporterUnknown must be true (the producer does not know the exporter) or false.',
    );
  else if (exporterUnknown === true && role !== 'PRODUCER')
    add(
      'CO-05',
      '/exporterUnknown',
      'Only a certifying producer may state that it does not know the exporter: give the exporter, or remove exporterUnknown.',
    );
  else if (exporterUnknown === true && exporter !== undefined && exporter !== null)
    add(
      'CO-05',
      '/exporterUnknown',
      'exporterUnknown says the producer does not know the exporter, but an exporter is given: remove one of them.',
    );
  if (exporter === undefined || exporter === null) {
    const mayOmit = agreement === 'NAFTA' || role === 'EXPORTER' || role === 'PRODUCER';
    if (!mayOmit)
      add(
        'CO-05',
        '/exporter',
        `The exporter is required when the ${roleKnown ? ROLE_WORDS[role as keyof typeof ROLE_WORDS] : 'certifier'} certifies: give its name, address, telephone and email.`,
      );
    else if (
      agreement === 'USMCA' &&
      role === 'PRODUCER' &&
      (exporterUnknown === undefined || exporterUnknown === false)
    )
      add(
        'CO-05',
        '/exporterUnknown',
        'A producer that leaves the exporter out must state that it does not know the exporter (exporterUnknown: true); otherwise give the exporter’s name, address, telephone and email.',
      );
  } else if (!isObject(exporter)) {
    add('CO-05', '/exporter', 'The exporter must be an object with name, address, telephone and email.');
  } else {
    checkParty('/exporter', exporter, 'The exporter', 'CO-05', agreement === 'USMCA' ? ['phone', 'email'] : []);
  }

  // Producer
  const producer = s.producer;
  if (producer === undefined || producer === null) {
    const mayOmit =
      agreement === 'USMCA'
        ? role === 'PRODUCER' || role === 'EXPORTER'
        : agreement === 'CAFTA_DR' && role === 'PRODUCER';
    if (!mayOmit)
      add(
        'FORMAT',
        '/producer',
        agreement === 'NAFTA'
          ? 'Field 3 (producer) must be completed: the producer, SAME, UNKNOWN, VARIOUS or confidential.'
          : 'The producer is required when it is not the certifier: list it, say VARIOUS, or make it confidential.',
      );
  } else if (!isObject(producer) || !rules.producerModes.includes(producer.mode as string)) {
    add('FORMAT', '/producer/mode', `producer.mode must be one of ${rules.producerModes.join(', ')}.`);
  } else if (producer.mode === 'CONFIDENTIAL') {
    if (!isProducerCommitment(producer.hash))
      add(
        'FORMAT',
        '/producer/hash',
        'A confidential producer is recorded only as "sha256:" followed by 64 lower-case hex digits (the salted hash of the producer details).',
      );
    if (producer.parties !== undefined)
      add(
        'FORMAT',
        '/producer/parties',
        'A confidential producer must not be listed in the credential: keep the details with the certifier and record only their hash.',
      );
  } else if (producer.mode === 'LISTED' || (producer.mode === 'VARIOUS' && producer.parties !== undefined)) {
    const parties = producer.parties;
    if (!Array.isArray(parties) || (producer.mode === 'LISTED' && parties.length === 0)) {
      add('FORMAT', '/producer/parties', 'List at least one producer with its name and country, or use mode VARIOUS.');
    } else {
      parties.forEach((party, i) => {
        const field = `/producer/parties/${i}`;
        if (!isObject(party)) add('FORMAT', field, `Producer ${i + 1} must be an object with a name and a country.`);
        else checkParty(field, party, `Producer ${i + 1}`, 'FORMAT', []);
      });
    }
  }

  // Importer
  const importer = s.importer;
  if (importer === undefined || importer === null) {
    if (agreement === 'CAFTA_DR')
      add(
        'FORMAT',
        '/importer',
        'The importer of record (legal name, address, telephone) is required on a CAFTA-DR certification.',
      );
    if (agreement === 'NAFTA')
      add('FORMAT', '/importer', 'Field 4 (importer) must be completed: the importer, UNKNOWN or VARIOUS.');
  } else if (importer === 'VARIOUS' || importer === 'UNKNOWN') {
    if (agreement === 'CAFTA_DR')
      add('FORMAT', '/importer', 'The importer of record must be named on a CAFTA-DR certification.');
  } else if (!isObject(importer)) {
    add('FORMAT', '/importer', 'The importer must be an object with name and address, or "VARIOUS".');
  } else {
    // Annex 5-A element 5: the importer's name, address, email and telephone "if known" — contacts are optional.
    checkParty('/importer', importer, 'The importer', 'FORMAT', []);
  }

  // CO-07 scope
  const scope = s.scope;
  if (!isObject(scope) || (scope.type !== 'SINGLE' && scope.type !== 'BLANKET')) {
    add('CO-07', '/scope/type', 'scope.type must be SINGLE (one shipment) or BLANKET (identical goods over a period).');
  } else if (scope.type === 'BLANKET') {
    const from = dayNumberOf(scope.from);
    const to = dayNumberOf(scope.to);
    if (from === undefined) add('CO-07', '/scope/from', 'The blanket period needs a start date (YYYY-MM-DD).');
    if (to === undefined) add('CO-07', '/scope/to', 'The blanket period needs an end date (YYYY-MM-DD).');
    if (from !== undefined && to !== undefined) {
      const limit = addMonthsToDayNumber(scope.from as string, rules.blanketMaxMonths);
      if (to < from)
        add('CO-07', '/scope/to', `The blanket period ends (${scope.to}) before it starts (${scope.from}).`);
      else if (to >= limit)
        add(
          'CO-07',
          '/scope/to',
          `The blanket period ${scope.from} to ${scope.to} is longer than ${rules.blanketMaxMonths} months: it must end by ${isoDateOf(limit - 1)}.`,
        );
    }
  } else if (!isText(scope.invoiceNumber) && !isText(scope.reference)) {
    add(
      'CO-07',
      '/scope/invoiceNumber',
      'A single-shipment certification needs the invoice number or another unique reference (e.g. the shipping order number).',
    );
  }

  // Goods: CO-03, CO-04, CO-11, NAFTA fields 8–10
  const goods = s.goods;
  const hsField = agreement === 'CAFTA_DR' ? 'hsCode' : 'hs6';
  const checksExistence = s.hsEdition === 'HS2022';
  if (!Array.isArray(goods) || goods.length === 0) {
    add('FORMAT', '/goods', 'List at least one good with its description, HS classification and origin criterion.');
  } else {
    goods.forEach((good, i) => {
      const field = `/goods/${i}`;
      if (!isObject(good)) {
        add('FORMAT', field, `Goods line ${i + 1} must be an object.`);
        return;
      }
      const line = Number.isSafeInteger(good.line) && (good.line as number) > 0 ? (good.line as number) : i + 1;
      if (good.line !== undefined && line !== good.line)
        add('FORMAT', `${field}/line`, `Goods line ${i + 1}: line must be a positive whole number.`);
      if (!isText(good.description))
        add(
          'FORMAT',
          `${field}/description`,
          `Goods line ${line}: describe the good well enough to relate it to the invoice and the HS.`,
        );

      const hs = good[hsField];
      const digits = rules.hsDigits.map(String).join(', ');
      if (typeof hs !== 'string' || !/^\d+$/.test(hs) || !rules.hsDigits.includes(hs.length)) {
        add(
          'CO-03',
          `${field}/${hsField}`,
          `Goods line ${line}: the HS classification ${typeof hs === 'string' ? `"${hs}" ` : ''}must be ${digits} digits, without dots (e.g. 940360 for 9403.60).`,
        );
      } else if (checksExistence && !isHs2022Subheading(hs.slice(0, 6))) {
        add(
          'CO-03',
          `${field}/${hsField}`,
          `Goods line ${line}: ${formatHsCode(hs.slice(0, 6))} is not a subheading of HS 2022; check the classification.`,
        );
      }

      if (rules.originCriteria === null) {
        if (!(isText(good.ruleRef) && GN29.test(good.ruleRef)))
          add(
            'CO-04',
            `${field}/ruleRef`,
            `Goods line ${line}: state the General Note 29 rule under which the good qualifies (ruleRef, e.g. "GN29(b)(i)").`,
          );
      } else {
        const criterion = good.originCriterion;
        if (!rules.originCriteria.includes(criterion as string)) {
          add(
            'CO-04',
            `${field}/originCriterion`,
            `Goods line ${line}: the ${agreement === 'NAFTA' ? 'preference' : 'origin'} criterion must be one of ${rules.originCriteria.join(', ')}.`,
          );
        } else if (
          criterion === 'D' &&
          typeof hs === 'string' &&
          rules.criterionDExcludedChapters.includes(hsChapter(hs) ?? '')
        ) {
          add(
            'CO-11',
            `${field}/originCriterion`,
            `Goods line ${line}: criterion D cannot be used for goods of HS chapters ${rules.criterionDExcludedChapters.join(', ')} (${formatHsCode(hs)} is in chapter ${hsChapter(hs)}).`,
          );
        }
      }

      if (agreement === 'NAFTA') checkNaftaFields(field, line, good);
    });
  }

  // Signature (data element 9 / Form 434 field 11)
  const signature = s.signature;
  if (!isObject(signature)) {
    add('FORMAT', '/signature', 'The certification must be signed: signer, date and certification statement.');
  } else {
    if (!isText(signature.signer)) add('FORMAT', '/signature/signer', 'Name the person who signed the certification.');
    if (agreement === 'NAFTA' && !isText(signature.title))
      add('FORMAT', '/signature/title', 'Field 11: give the title of the person who signed.');
    if (dayNumberOf(signature.date) === undefined)
      add('FORMAT', '/signature/date', 'The signature date must be a calendar date (YYYY-MM-DD).');
  }

  // CO-10
  const document = s.document;
  if (document !== undefined) {
    const types = ['STANDALONE', 'INVOICE', 'COMMERCIAL_DOCUMENT'];
    if (!isObject(document) || !types.includes(document.type as string)) {
      add('FORMAT', '/document/type', `document.type must be one of ${types.join(', ')}.`);
    } else if (rules.nonPartyInvoiceForbidden && document.type !== 'STANDALONE') {
      const country = document.issuedIn;
      if (!(typeof country === 'string' && COUNTRY.test(country)))
        add('CO-10', '/document/issuedIn', 'Give the country where the invoice carrying the certification was issued.');
      else if (!inParty(country))
        add(
          'CO-10',
          '/document/issuedIn',
          `A ${label} certification may not be made on an invoice or commercial document issued outside the Parties (${country} is not one of ${partyList}): issue it on another document.`,
        );
    }
  }

  // CO-13
  const language = s.language;
  if (!(typeof language === 'string' && rules.languages.includes(language))) {
    add('CO-13', '/language', `The certification must be written in ${rules.languages.join(', ')} (ISO 639-1 code).`);
  } else if (language !== 'en' && !(isText(s.englishTranslationRef) && URL_LIKE.test(s.englishTranslationRef))) {
    add(
      'CO-13',
      '/englishTranslationRef',
      `The certification is in ${language === 'es' ? 'Spanish' : 'French'}: an English translation must accompany the copy given to CBP (englishTranslationRef, a URL or URN).`,
    );
  }

  // Correction link
  if (
    s.supersedes !== undefined &&
    s.supersedes !== null &&
    !(typeof s.supersedes === 'string' && URN.test(s.supersedes))
  )
    add(
      'CORRECTION',
      '/supersedes',
      'supersedes must be the URN id of the certification being corrected (e.g. urn:uuid:…).',
    );

  return problems.length === 0
    ? { success: true, data: s as unknown as CertificationSubjectOf<A> }
    : { success: false, problems };

  function checkAddress(field: string, address: unknown, who: string, rule: CertificationRule, full: boolean) {
    if (!isObject(address)) {
      add(rule, `${field}/address`, `${who}'s address is required, with its country.`);
      return;
    }
    if (full) {
      if (!isText(address.streetAddress))
        add(rule, `${field}/address/streetAddress`, `${who}'s address needs a street address.`);
      if (!isText(address.addressLocality))
        add(rule, `${field}/address/addressLocality`, `${who}'s address needs a city or locality.`);
    }
    checkCountry(`${field}/address/addressCountry`, address.addressCountry, who, rule);
  }

  function checkCountry(field: string, country: unknown, who: string, rule: CertificationRule) {
    if (!(typeof country === 'string' && COUNTRY.test(country)))
      add(rule, field, `${who}'s country must be an ISO 3166-1 alpha-2 code (e.g. MX).`);
    else if (!inParty(country))
      add('CO-06', field, `${who} must be located in a ${label} Party (${partyList}); ${country} is not one.`);
  }

  function checkParty(field: string, party: Json, who: string, rule: CertificationRule, contact: readonly string[]) {
    if (!isText(party.name)) add(rule, `${field}/name`, `${who}'s name is required.`);
    if (party.address === undefined && party.addressCountry !== undefined)
      checkCountry(`${field}/addressCountry`, party.addressCountry, who, rule);
    else checkAddress(field, party.address, who, rule, false);
    for (const key of contact)
      if (!isText(party[key]))
        add(rule, `${field}/${key}`, `${who}'s ${key === 'phone' ? 'telephone number' : 'email address'} is required.`);
    if (party.email !== undefined && party.email !== null && !isEmail(party.email))
      add(rule, `${field}/email`, `${who}'s email address is not a valid address.`);
  }

  function checkNaftaFields(field: string, line: number, good: Json) {
    if (!['YES', 'NO (1)', 'NO (2)', 'NO (3)'].includes(good.producerIndicator as string))
      add(
        'FORMAT',
        `${field}/producerIndicator`,
        `Goods line ${line}: field 8 (producer) must be YES, NO (1), NO (2) or NO (3).`,
      );
    if (good.netCost !== 'NC' && good.netCost !== 'NO')
      add('FORMAT', `${field}/netCost`, `Goods line ${line}: field 9 (net cost) must be NC or NO.`);
    if (good.netCostPeriod !== undefined) {
      const p = good.netCostPeriod;
      const from = isObject(p) ? dayNumberOf(p.from) : undefined;
      const to = isObject(p) ? dayNumberOf(p.to) : undefined;
      if (good.netCost !== 'NC' || from === undefined || to === undefined || to < from)
        add(
          'FORMAT',
          `${field}/netCostPeriod`,
          `Goods line ${line}: a net cost period (from ≤ to, YYYY-MM-DD) goes with net cost NC only.`,
        );
    }
    if (!['US', 'MX', 'CA', 'JNT'].includes(good.countryOfOrigin as string))
      add(
        'FORMAT',
        `${field}/countryOfOrigin`,
        `Goods line ${line}: field 10 (country of origin) must be US, MX, CA or JNT.`,
      );
  }
}

function isEmail(value: unknown): boolean {
  return typeof value === 'string' && EMAIL.test(value);
}
