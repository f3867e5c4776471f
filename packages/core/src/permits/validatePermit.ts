import { addMonthsToDayNumber, dayNumberOf, isoDateOf } from '../certificate-of-origin/calendarDate.ts';
import { defaultPermitProgramRules, type PermitProgramRule, permitProgramRuleOf } from './permitPrograms.ts';
import { isPermitQuantity, toChainQuantity } from './permitQuantity.ts';
import type { Lpco, PermitProblem, PermitRule } from './types.ts';

/** Parameters of {@link validatePermit}. */
export type ValidatePermitParameters = {
  /** Program-specific terms and single use; defaults to {@link defaultPermitProgramRules}. */
  programs?: readonly PermitProgramRule[];
  /** JSON pointer of the subject in its credential, prefixed to every problem's field. */
  at?: string;
};

/** Result of {@link validatePermit}. */
export type ValidatePermitResult = { success: true; data: Lpco } | { success: false; problems: PermitProblem[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const LPCO_TYPES = ['LICENSE', 'PERMIT', 'CERTIFICATE', 'OTHER'];
const AGENCY = /^[A-Z][A-Z0-9]{1,9}$/;
const COUNTRY = /^[A-Z]{2}$/;
const PORT = /^\d{4}$/;
const HTS_PREFIX = /^\d{6}(\d{2}){0,2}$/;
const UNIT = /^[A-Z][A-Z0-9]{0,4}$/;

/** True when `value` is a DID (`did:method:identifier`). */
export function isDid(value: unknown): value is string {
  return typeof value === 'string' && /^did:[a-z0-9]+:[A-Za-z0-9._%:-]*[A-Za-z0-9._%-]$/.test(value);
}

/**
 * Checks the subject of an `LpcoCredential`: its type, agency, program and number; the holder (a
 * DID, a name, an ISO country) and designees (DIDs, PM-07); dates (`expiresOn` not before
 * `issuedOn`, and within the program's longest term: ATF Form 6 two years, CITES export permit six
 * months); the authorised quantity (positive, at most 6 fraction digits, a unit code; PM-02), a
 * single-use program's permits being single-use (PM-03); the scope (HTSUS prefixes of 6, 8 or 10
 * digits, at least one; ISO countries; Schedule D ports; PM-08). Problems are values, each with a
 * JSON pointer into the credential.
 *
 * @example validatePermit(vc.credentialSubject)
 */
export function validatePermit(subject: unknown, params: ValidatePermitParameters = {}): ValidatePermitResult {
  const at = params.at ?? '/credentialSubject';
  const problems: PermitProblem[] = [];
  const add = (rule: PermitRule, field: string, message: string) =>
    problems.push({ code: 'CL_PERMIT_INVALID', rule, field: at + field, message });
  if (!isObject(subject)) {
    add('FORMAT', '', 'A permit must be a JSON object.');
    return { success: false, problems };
  }
  const s = subject;
  if (s.type !== undefined && s.type !== 'Lpco') add('FORMAT', '/type', 'The subject type of a permit is "Lpco".');
  if (!LPCO_TYPES.includes(s.lpcoType as string))
    add('FORMAT', '/lpcoType', `lpcoType must be one of ${LPCO_TYPES.join(', ')}.`);

  const agency = s.agency;
  if (!isObject(agency)) add('FORMAT', '/agency', 'The issuing agency (code and name) is required.');
  else {
    if (!(typeof agency.code === 'string' && AGENCY.test(agency.code)))
      add('FORMAT', '/agency/code', 'The agency code is its upper-case abbreviation, e.g. APHIS, FWS, ATF, FDA.');
    if (!isText(agency.name)) add('FORMAT', '/agency/name', "The agency's name is required.");
  }
  if (!isText(s.program))
    add('FORMAT', '/program', 'The program or form is required, e.g. "PPQ 587" or "ATF Form 6 Part I".');
  if (!isText(s.number)) add('FORMAT', '/number', 'The number the agency gave the permit is required.');
  if (!isText(s.goodsDescription)) add('FORMAT', '/goodsDescription', 'The goods the permit covers must be described.');

  // PM-07 parties
  const holder = s.holder;
  if (!isObject(holder)) add('PM-07', '/holder', 'The holder (its DID, name and country) is required.');
  else {
    if (!isDid(holder.id)) add('PM-07', '/holder/id', "The holder's id must be its DID (did:method:identifier).");
    if (!isText(holder.name)) add('PM-07', '/holder/name', "The holder's name is required.");
    if (!(typeof holder.country === 'string' && COUNTRY.test(holder.country)))
      add('PM-07', '/holder/country', "The holder's country is an ISO 3166-1 alpha-2 code, e.g. US.");
    for (const key of ['importerNumber', 'address'])
      if (holder[key] !== undefined && !isText(holder[key]))
        add('FORMAT', `/holder/${key}`, `The holder's ${key}, when given, is text.`);
  }
  if (s.designees !== undefined) {
    if (!Array.isArray(s.designees)) add('PM-07', '/designees', 'designees, when given, is a list of parties.');
    else
      s.designees.forEach((d, i) => {
        if (!isObject(d) || !isDid(d.id))
          add('PM-07', `/designees/${i}/id`, `Designee ${i + 1} must be named by its DID.`);
        if (!isObject(d) || !isText(d.name)) add('PM-07', `/designees/${i}/name`, `Designee ${i + 1} needs a name.`);
      });
  }

  // Dates and the program's term
  const issued = dayNumberOf(s.issuedOn);
  const expires = dayNumberOf(s.expiresOn);
  if (issued === undefined) add('FORMAT', '/issuedOn', 'issuedOn must be a calendar date YYYY-MM-DD.');
  if (expires === undefined) add('FORMAT', '/expiresOn', 'expiresOn must be a calendar date YYYY-MM-DD.');
  const program = permitProgramRuleOf(
    isObject(agency) ? agency.code : undefined,
    s.program,
    params.programs ?? defaultPermitProgramRules,
  );
  if (issued !== undefined && expires !== undefined) {
    if (expires < issued)
      add('FORMAT', '/expiresOn', `The permit expires (${s.expiresOn}) before it is issued (${s.issuedOn}).`);
    else if (program?.maxTermMonths !== undefined) {
      const last = addMonthsToDayNumber(s.issuedOn as string, program.maxTermMonths);
      if (expires > last)
        add(
          'TERM',
          '/expiresOn',
          `A ${s.program} runs at most ${program.maxTermMonths} months (${program.source}): issued on ${s.issuedOn}, it expires on ${isoDateOf(last)} at the latest, not ${s.expiresOn}.`,
        );
    }
  }

  // PM-02 quantity, PM-03 single use
  if (typeof s.singleUse !== 'boolean')
    add('PM-03', '/singleUse', 'singleUse must be true (one use consumes it) or false.');
  else if (program?.singleUse === true && !s.singleUse)
    add('PM-03', '/singleUse', `A ${s.program} covers one consignment: singleUse must be true (${program.source}).`);
  const quantity = s.authorizedQuantity;
  if (!isObject(quantity)) add('PM-02', '/authorizedQuantity', 'The authorised quantity (value and unit) is required.');
  else {
    if (!isPermitQuantity(quantity.value))
      add(
        'PM-02',
        '/authorizedQuantity/value',
        'The authorised quantity is a decimal string with at most 6 fraction digits, e.g. "500" or "12.5".',
      );
    else if (toChainQuantity(quantity.value) === 0n)
      add('PM-02', '/authorizedQuantity/value', 'The authorised quantity must be more than zero.');
    if (!(typeof quantity.unit === 'string' && UNIT.test(quantity.unit)))
      add('PM-02', '/authorizedQuantity/unit', 'The unit is an upper-case unit of measure code, e.g. NO, KG, PCS, L.');
  }

  // PM-08 scope
  const scope = s.scope;
  if (!isObject(scope)) add('PM-08', '/scope', 'The scope (at least one HTS number) is required.');
  else {
    const list = (key: string, pattern: RegExp, what: string, required: boolean) => {
      const v = scope[key];
      if (v === undefined && !required) return;
      if (!Array.isArray(v) || v.length === 0) {
        add(
          'PM-08',
          `/scope/${key}`,
          `scope.${key} ${required ? 'must list' : 'when given, lists'} at least one ${what}.`,
        );
        return;
      }
      v.forEach((item, i) => {
        if (!(typeof item === 'string' && pattern.test(item)))
          add('PM-08', `/scope/${key}/${i}`, `scope.${key}[${i}] is not ${what}.`);
      });
    };
    list('hs', HTS_PREFIX, 'an HTSUS number of 6, 8 or 10 digits (digits only)', true);
    list('products', /\S/, 'a product name or code', false);
    list('countries', COUNTRY, 'an ISO 3166-1 alpha-2 country code', false);
    list('ports', PORT, 'a CBP port code of 4 digits (Schedule D)', false);
  }

  return problems.length === 0 ? { success: true, data: s as Lpco } : { success: false, problems };
}
