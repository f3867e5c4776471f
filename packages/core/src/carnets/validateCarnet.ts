import type { Decimal } from '../origin/decimal.ts';
import {
  addDecimals,
  compareDecimals,
  decimal,
  formatDecimal,
  multiplyDecimals,
  parseDecimal,
} from '../origin/decimal.ts';
import { day, latestValidUntil } from './calendar.ts';
import { type CarnetCountryTable, defaultCarnetCountries } from './carnetCountries.ts';
import {
  type AtaCarnet,
  type CarnetProblem,
  type CarnetRule,
  carnetIntendedUses,
  carnetSubjectType,
  securityDepositTypes,
} from './types.ts';

/** Parameters of {@link validateCarnet}. */
export type ValidateCarnetParameters = {
  /** Contracting parties by accepted use (CA-05); defaults to {@link defaultCarnetCountries}. */
  countries?: CarnetCountryTable;
  /**
   * Least security deposit, as a fraction of the General List value, by issuing association country
   * (domain.md §4.1: USCIB 40 %); countries not listed are not checked.
   */
  depositRates?: Readonly<Record<string, string>>;
  /** JSON pointer of the subject in its credential, prefixed to every problem's field. */
  at?: string;
};

/** Default least security deposits by issuing country: U.S. (USCIB) 40 % of the General List value [S30]. */
export const defaultDepositRates: Readonly<Record<string, string>> = { US: '0.40' };

/** Result of {@link validateCarnet}. */
export type ValidateCarnetResult = { success: true; data: AtaCarnet } | { success: false; problems: CarnetProblem[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const COUNTRY = /^[A-Z]{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const CARNET_NUMBER = /^[A-Z]{2}-?[A-Z0-9/-]{1,30}$/;
const DID = /^did:[a-z0-9]+:\S+$/;

/** A positive decimal string with at most 6 fractional digits (the contract's millionths). */
function money(value: unknown): Decimal | string {
  const parsed = parseDecimal(value);
  if (!parsed.success || typeof value !== 'string') return 'must be a decimal string such as "4500.00"';
  if (parsed.data.units <= 0n) return 'must be greater than zero';
  if (parsed.data.scale > 6) return 'has more than 6 decimal places';
  return parsed.data;
}

/**
 * Validates an ATA carnet's subject (domain.md §4.5, §4.7): its shape (carnet number, issuing
 * association, holder with a DID, representatives, intended use, dates, General List, security);
 * CA-01 validity at most one year (inclusive as printed: issued 2025-03-01, valid until 2026-02-28 at
 * the latest); the General List numbered 1..n without gaps or repeats, pieces ≥ 1, values as exact
 * decimals; CA-05 every country of use a known contracting party accepting the intended use (the U.S.
 * accepts commercial samples and professional equipment only, 19 CFR 114.22); and the security deposit
 * at least the issuing country's share of the General List value (U.S.: 40 %, so US$50,000 → US$20,000).
 * Every problem is `CL_CARNET_INVALID` with its rule and field; nothing throws.
 *
 * @param subject - the credential subject (possibly hostile).
 * @param parameters - country table, deposit rates, JSON pointer prefix.
 * @returns `{ success: true, data }` or `{ success: false, problems }`.
 */
export function validateCarnet(subject: unknown, parameters: ValidateCarnetParameters = {}): ValidateCarnetResult {
  const at = parameters.at ?? '';
  const table = parameters.countries ?? defaultCarnetCountries;
  const rates = parameters.depositRates ?? defaultDepositRates;
  const problems: CarnetProblem[] = [];
  const problem = (rule: CarnetRule, field: string, message: string): void => {
    problems.push({ code: 'CL_CARNET_INVALID', rule, field: `${at}${field}`, message });
  };

  if (!isObject(subject)) {
    problem('FORMAT', '', 'An ATA carnet is an object.');
    return { success: false, problems };
  }
  const s = subject;
  if (s.type !== undefined && s.type !== carnetSubjectType)
    problem('FORMAT', '/type', `The subject type of an ATA carnet is ${carnetSubjectType}.`);
  if (!isText(s.carnetNumber) || !CARNET_NUMBER.test(s.carnetNumber))
    problem('FORMAT', '/carnetNumber', 'The carnet number is the issuing country code and a number, e.g. US-123456.');

  const association = s.issuingAssociation;
  if (!isObject(association)) problem('FORMAT', '/issuingAssociation', 'The issuing association is required.');
  else {
    if (!isText(association.name)) problem('FORMAT', '/issuingAssociation/name', 'The issuing association is named.');
    if (typeof association.country !== 'string' || !COUNTRY.test(association.country))
      problem('FORMAT', '/issuingAssociation/country', 'The issuing association country is ISO 3166-1 alpha-2.');
  }
  const home = isObject(association) && typeof association.country === 'string' ? association.country : undefined;

  const holder = s.holder;
  if (!isObject(holder)) problem('FORMAT', '/holder', 'The holder (box A) is required.');
  else {
    if (typeof holder.id !== 'string' || !DID.test(holder.id))
      problem('FORMAT', '/holder/id', 'The holder is identified by a DID.');
    if (!isText(holder.name)) problem('FORMAT', '/holder/name', 'The holder is named.');
    if (!isText(holder.address)) problem('FORMAT', '/holder/address', "The holder's address is required.");
    if (typeof holder.country !== 'string' || !COUNTRY.test(holder.country))
      problem('FORMAT', '/holder/country', "The holder's country is ISO 3166-1 alpha-2.");
  }

  if (s.representatives !== undefined) {
    if (!Array.isArray(s.representatives)) problem('FORMAT', '/representatives', 'Representatives are a list.');
    else
      s.representatives.forEach((r, i) => {
        if (!isObject(r) || !isText(r.name))
          problem('FORMAT', `/representatives/${i}/name`, 'A representative (box B) is named.');
        else if (r.id !== undefined && (typeof r.id !== 'string' || !DID.test(r.id)))
          problem('FORMAT', `/representatives/${i}/id`, "A representative's id is a DID.");
      });
  }

  const use = s.intendedUse;
  const useKnown = typeof use === 'string' && (carnetIntendedUses as readonly string[]).includes(use);
  if (!useKnown) problem('FORMAT', '/intendedUse', `The intended use is one of ${carnetIntendedUses.join(', ')}.`);

  // CA-05: countries of use.
  if (!Array.isArray(s.countries) || s.countries.length === 0)
    problem('CA-05', '/countries', 'The carnet lists at least one country of use (box P).');
  else {
    const seen = new Set<string>();
    s.countries.forEach((c, i) => {
      const field = `/countries/${i}`;
      if (typeof c !== 'string' || !COUNTRY.test(c)) {
        problem('CA-05', field, 'A country is ISO 3166-1 alpha-2.');
        return;
      }
      if (seen.has(c)) {
        problem('CA-05', field, `${c} is listed twice.`);
        return;
      }
      seen.add(c);
      if (c === home) {
        problem('CA-05', field, `${c} is the carnet's home country, not a country of use.`);
        return;
      }
      const accepted = Object.hasOwn(table, c) ? table[c] : undefined;
      if (accepted === undefined)
        problem('CA-05', field, `${c} is not a known ATA/Istanbul contracting party for carnets.`);
      else if (useKnown && !accepted.includes(use as never))
        problem('CA-05', field, `${c} does not accept carnets for ${use} (accepts ${accepted.join(', ')}).`);
    });
  }

  // CA-01: validity at most one year, inclusive as printed.
  const issued = day(s.issueDate);
  const until = day(s.validUntil);
  if (issued === undefined) problem('FORMAT', '/issueDate', 'The issue date is a calendar date YYYY-MM-DD.');
  if (until === undefined) problem('FORMAT', '/validUntil', 'The validity date is a calendar date YYYY-MM-DD.');
  if (issued !== undefined && until !== undefined) {
    const latest = latestValidUntil(s.issueDate as string);
    if (until < issued) problem('CA-01', '/validUntil', 'The carnet is valid until a date before its issue date.');
    else if (until > day(latest)!)
      problem(
        'CA-01',
        '/validUntil',
        `A carnet issued on ${s.issueDate} is valid for one year at most, until ${latest} (inclusive); ${s.validUntil} is later.`,
      );
  }

  // General List: items 1..n, pieces ≥ 1, values.
  let total: Decimal | undefined = { units: 0n, scale: 0 };
  const currencies = new Set<string>();
  const generalList = s.generalList;
  if (!Array.isArray(generalList) || generalList.length === 0) {
    problem('GENERAL_LIST', '/generalList', 'The General List has at least one item.');
    total = undefined;
  } else {
    const numbers = new Set<number>();
    generalList.forEach((g: unknown, i) => {
      const field = `/generalList/${i}`;
      if (!isObject(g)) {
        total = undefined;
        problem('GENERAL_LIST', field, 'A General List item is an object.');
        return;
      }
      const n = g.item;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > generalList.length)
        problem('GENERAL_LIST', `${field}/item`, `Items are numbered 1 to ${generalList.length}.`);
      else if (numbers.has(n)) problem('GENERAL_LIST', `${field}/item`, `Item ${n} is numbered twice.`);
      else numbers.add(n);
      if (!isText(g.description)) problem('GENERAL_LIST', `${field}/description`, 'An item has a trade description.');
      if (typeof g.pieces !== 'number' || !Number.isSafeInteger(g.pieces) || g.pieces < 1)
        problem('GENERAL_LIST', `${field}/pieces`, 'An item has a whole number of pieces, at least 1.');
      if (g.weightKg !== undefined) {
        const w = money(g.weightKg);
        if (typeof w === 'string') problem('GENERAL_LIST', `${field}/weightKg`, `The weight ${w}.`);
      }
      const v = money(g.value);
      if (typeof v === 'string') {
        problem('GENERAL_LIST', `${field}/value`, `The value ${v}.`);
        total = undefined;
      } else if (total !== undefined) total = addDecimals(total, v);
      if (typeof g.currency !== 'string' || !CURRENCY.test(g.currency)) {
        problem('GENERAL_LIST', `${field}/currency`, 'The currency is ISO 4217.');
        total = undefined;
      } else currencies.add(g.currency);
      if (typeof g.origin !== 'string' || !COUNTRY.test(g.origin))
        problem('GENERAL_LIST', `${field}/origin`, 'The country of origin is ISO 3166-1 alpha-2.');
    });
  }

  // Security deposit.
  const deposit = s.securityDeposit;
  if (!isObject(deposit)) problem('SECURITY', '/securityDeposit', 'The security deposit is required.');
  else {
    if (typeof deposit.type !== 'string' || !(securityDepositTypes as readonly string[]).includes(deposit.type))
      problem('SECURITY', '/securityDeposit/type', `The security is one of ${securityDepositTypes.join(', ')}.`);
    const amount = money(deposit.amount);
    const currencyOk = typeof deposit.currency === 'string' && CURRENCY.test(deposit.currency);
    if (typeof amount === 'string') problem('SECURITY', '/securityDeposit/amount', `The amount ${amount}.`);
    if (!currencyOk) problem('SECURITY', '/securityDeposit/currency', 'The currency is ISO 4217.');
    const rate = home !== undefined && Object.hasOwn(rates, home) ? rates[home] : undefined;
    if (rate !== undefined && typeof amount !== 'string' && currencyOk && total !== undefined) {
      if (currencies.size !== 1 || !currencies.has(deposit.currency as string))
        problem(
          'SECURITY',
          '/securityDeposit/currency',
          `The General List values and the security deposit are in one currency so the deposit can be checked (${[...currencies].join(', ')} vs ${deposit.currency}).`,
        );
      else {
        const least = multiplyDecimals(total, decimal(rate));
        if (compareDecimals(amount, least) < 0)
          problem(
            'SECURITY',
            '/securityDeposit/amount',
            `A carnet issued in ${home} is secured by at least ${formatDecimal(multiplyDecimals(decimal(rate), decimal(100)))} % of the General List value ${formatDecimal(total)} ${deposit.currency}: ${formatDecimal(least)}, not ${deposit.amount}.`,
          );
      }
    }
  }

  return problems.length === 0 ? { success: true, data: s as AtaCarnet } : { success: false, problems };
}
