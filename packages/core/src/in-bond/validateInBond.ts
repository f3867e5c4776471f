import { isIsoDate } from '../certificate-of-origin/calendarDate.ts';
import { type CbpPort, cbpPorts } from '../ports/cbpPorts.ts';
import { fromMillionths, toMillionths } from './quantity.ts';
import {
  conveyanceModes,
  type InBondMovement,
  type InBondProblem,
  type InBondRule,
  inBondEntryTypes,
  inBondSubjectType,
} from './types.ts';

/** Parameters of {@link validateInBond}. */
export type ValidateInBondOptions = {
  /** JSON pointer of the subject in its credential, prefixed to every problem's field. */
  at?: string;
  /** Whether an IT (61) needs an HTS of at least 6 digits on every goods line too (IB-04; deferred by CBP, so off by default). */
  htsRequiredFor61?: boolean;
  /** The Schedule D ports the network knows (IB-03); default `cbpPorts`. */
  ports?: readonly Pick<CbpPort, 'code'>[];
};

/** Result of {@link validateInBond}. */
export type ValidateInBondResult =
  | { success: true; data: InBondMovement }
  | { success: false; problems: InBondProblem[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

const IN_BOND_NUMBER = /^\d{9}$/;
const SCHEDULE_D = /^\d{4}$/;
const SCHEDULE_K = /^\d{5}$/;
const FIRMS = /^[A-Z0-9]{4}$/;
const SCAC = /^[A-Z]{2,4}$/;
const HTS = /^\d{6,10}$/;
const DID = /^did:[a-z0-9]+:\S+$/;
/** Bonded carrier ID formats (IB-11): IRS number `NN-NNNNNNNXX`, CBP-assigned `YYDDPP-NNNNN`, SSN `NNN-NN-NNNN`. */
const BONDED_CARRIER_ID = [/^\d{2}-\d{7}[A-Z0-9]{2}$/, /^\d{6}-\d{5}$/, /^\d{3}-\d{2}-\d{4}$/];

/**
 * Whether `value` is a bonded carrier ID in one of the three formats of IB-11: `NN-NNNNNNNXX`
 * (IRS number and suffix), `YYDDPP-NNNNN` (CBP-assigned) or `NNN-NN-NNNN` (SSN).
 *
 * @example isBondedCarrierId('95-1234567AB') // true
 */
export function isBondedCarrierId(value: unknown): value is string {
  return typeof value === 'string' && BONDED_CARRIER_ID.some((format) => format.test(value));
}

/** Whether `code` is a Schedule D port the network knows (4 digits, leading zero kept; IB-03). */
export function isKnownPort(code: unknown, ports: readonly Pick<CbpPort, 'code'>[] = cbpPorts): code is string {
  return typeof code === 'string' && SCHEDULE_D.test(code) && ports.some((p) => p.code === code);
}

/**
 * Checks an in-bond filing (the subject of an `InBondMovementCredential`) against domain.md §1 and
 * §5.3: IB-01 (number format; uniqueness is the chain's), IB-02 (entry type, foreign port for 62/63
 * only), IB-03 (origin and destination are Schedule D ports the network knows), IB-04 (HTS of at
 * least 6 digits on every goods line for 62/63, for 61 too with `htsRequiredFor61`), IB-10 (the
 * manifest quantity is the sum of the bills), IB-11 (bonded carrier ID formats) and the formats of
 * the other members. Problems are values, each with its rule and a JSON pointer.
 *
 * @example validateInBond(vc.credentialSubject)
 */
export function validateInBond(subject: unknown, options: ValidateInBondOptions = {}): ValidateInBondResult {
  const at = options.at ?? '/credentialSubject';
  const ports = options.ports ?? cbpPorts;
  const problems: InBondProblem[] = [];
  const add = (rule: InBondRule, field: string, message: string) =>
    problems.push({ code: 'CL_INBOND_INVALID', rule, field: at + field, message });

  if (!isObject(subject)) {
    add('FORMAT', '', 'An in-bond movement must be a JSON object.');
    return { success: false, problems };
  }
  const s = subject;
  if (s.type !== undefined && s.type !== inBondSubjectType)
    add('FORMAT', '/type', `The subject of an in-bond movement has type "${inBondSubjectType}".`);

  if (!(typeof s.inBondNumber === 'string' && IN_BOND_NUMBER.test(s.inBondNumber)))
    add('IB-01', '/inBondNumber', 'The in-bond number is 9 digits, without spaces or dashes.');

  const entryType = inBondEntryTypes.find((t) => t === s.entryType);
  if (entryType === undefined) add('IB-02', '/entryType', 'The entry type is "61" (IT), "62" (T&E) or "63" (IE).');
  if (entryType === '61' && s.foreignPort !== undefined)
    add('IB-02', '/foreignPort', 'An IT (61) stays in the United States: it has no foreign port.');
  if ((entryType === '62' || entryType === '63') && s.foreignPort === undefined)
    add(
      'IB-02',
      '/foreignPort',
      `A ${entryType === '62' ? 'T&E (62)' : 'IE (63)'} names its foreign port (Schedule K).`,
    );
  else if (s.foreignPort !== undefined && !(typeof s.foreignPort === 'string' && SCHEDULE_K.test(s.foreignPort)))
    add('IB-02', '/foreignPort', 'The foreign port is a Schedule K code of 5 digits.');

  for (const key of ['originPort', 'destinationPort'] as const) {
    const code = s[key];
    if (!isKnownPort(code, ports))
      add(
        'IB-03',
        `/${key}`,
        typeof code === 'string' && SCHEDULE_D.test(code)
          ? `${code} is not a Schedule D port the network knows.`
          : `The ${key === 'originPort' ? 'origin' : 'destination'} port is a Schedule D code of 4 digits (district and port, leading zero kept).`,
      );
  }
  if (s.originPort === s.destinationPort && entryType === '61')
    add('IB-03', '/destinationPort', 'An IT (61) moves the goods to another port: destination and origin differ.');

  if (s.firmsCode !== undefined && !(typeof s.firmsCode === 'string' && FIRMS.test(s.firmsCode)))
    add('FORMAT', '/firmsCode', 'A FIRMS code is 4 capital letters or digits.');
  if (s.vesselArrival !== undefined && !isIsoDate(s.vesselArrival))
    add('FORMAT', '/vesselArrival', 'The vessel arrival is a calendar date YYYY-MM-DD.');

  const carrier = s.carrier;
  if (!isObject(carrier))
    add('FORMAT', '/carrier', 'The bonded carrier (id, name, bonded carrier ID, SCAC) is required.');
  else {
    if (!(typeof carrier.id === 'string' && DID.test(carrier.id)))
      add('FORMAT', '/carrier/id', "The carrier's id is its organisation's DID.");
    if (!isText(carrier.name)) add('FORMAT', '/carrier/name', "The carrier's name is required.");
    if (!isBondedCarrierId(carrier.bondedCarrierId))
      add(
        'IB-11',
        '/carrier/bondedCarrierId',
        'The bonded carrier ID is NN-NNNNNNNXX (IRS number), YYDDPP-NNNNN (CBP-assigned) or NNN-NN-NNNN (SSN).',
      );
    if (!(typeof carrier.scac === 'string' && SCAC.test(carrier.scac)))
      add('FORMAT', '/carrier/scac', 'The carrier code (SCAC) is 2 to 4 capital letters.');
  }

  const conveyance = s.conveyance;
  if (!isObject(conveyance) || !conveyanceModes.includes(conveyance.mode as never))
    add('FORMAT', '/conveyance/mode', `The conveyance is one of ${conveyanceModes.join(', ')}.`);
  else
    for (const key of ['name', 'voyage'] as const)
      if (conveyance[key] !== undefined && !isText(conveyance[key]))
        add('FORMAT', `/conveyance/${key}`, `The conveyance's ${key}, when given, is text.`);

  const quantity = (value: unknown, field: string, what: string) => {
    const q = toMillionths(value);
    if (q === undefined) add('FORMAT', field, `${what} is a decimal number as text, with at most 6 decimals.`);
    return q;
  };

  let billTotal: bigint | undefined = 0n;
  if (!Array.isArray(s.bills) || s.bills.length === 0)
    add('FORMAT', '/bills', 'A movement lists at least one bill of lading.');
  else
    s.bills.forEach((bill: unknown, i) => {
      if (!isObject(bill)) {
        add('FORMAT', `/bills/${i}`, 'A bill of lading has a number, a quantity and a unit.');
        billTotal = undefined;
        return;
      }
      if (!isText(bill.number)) add('FORMAT', `/bills/${i}/number`, 'The bill of lading number is required.');
      if (!isText(bill.unit)) add('FORMAT', `/bills/${i}/unit`, 'The unit of the quantity is required.');
      const q = quantity(bill.quantity, `/bills/${i}/quantity`, "The bill's quantity");
      billTotal = q === undefined || billTotal === undefined ? undefined : billTotal + q;
    });
  const numbers = Array.isArray(s.bills) ? s.bills.map((b) => (isObject(b) ? b.number : undefined)) : [];
  numbers.forEach((n, i) => {
    if (isText(n) && numbers.indexOf(n) !== i)
      add('FORMAT', `/bills/${i}/number`, `Bill of lading ${n} is listed twice.`);
  });

  const manifest = quantity(s.manifestQuantity, '/manifestQuantity', 'The manifest quantity');
  if (manifest !== undefined && manifest === 0n)
    add('IB-10', '/manifestQuantity', 'The manifest quantity is more than 0.');
  if (
    manifest !== undefined &&
    billTotal !== undefined &&
    Array.isArray(s.bills) &&
    s.bills.length > 0 &&
    manifest !== billTotal
  )
    add(
      'IB-10',
      '/manifestQuantity',
      `The manifest quantity (${fromMillionths(manifest)}) is the sum of the bills' quantities (${fromMillionths(billTotal)}).`,
    );

  if (s.containers !== undefined) {
    if (!Array.isArray(s.containers)) add('FORMAT', '/containers', 'The containers, when given, are a list.');
    else {
      const seen = new Set<string>();
      s.containers.forEach((c: unknown, i) => {
        if (!isObject(c) || !isText(c.number))
          add('FORMAT', `/containers/${i}/number`, 'A container has a number (and its seal).');
        else if (seen.has(c.number)) add('FORMAT', `/containers/${i}/number`, `Container ${c.number} is listed twice.`);
        else seen.add(c.number);
        if (isObject(c) && c.seal !== undefined && !isText(c.seal))
          add('FORMAT', `/containers/${i}/seal`, "The container's seal number, when given, is text.");
      });
    }
  }

  const htsRequired =
    entryType === '62' || entryType === '63' || (entryType === '61' && options.htsRequiredFor61 === true);
  if (!Array.isArray(s.goods) || s.goods.length === 0)
    add(htsRequired ? 'IB-04' : 'FORMAT', '/goods', 'A movement lists its goods (description, quantity, value, HTS).');
  else
    s.goods.forEach((g: unknown, i) => {
      if (!isObject(g)) {
        add('FORMAT', `/goods/${i}`, 'A goods line has a description, a quantity, a unit and a value.');
        return;
      }
      if (g.hts === undefined) {
        if (htsRequired)
          add(
            'IB-04',
            `/goods/${i}/hts`,
            `Every goods line of ${entryType === '61' ? 'an IT (61) under this network’s rule' : `a ${entryType}`} names its HTS number (at least 6 digits).`,
          );
      } else if (!(typeof g.hts === 'string' && HTS.test(g.hts)))
        add(htsRequired ? 'IB-04' : 'FORMAT', `/goods/${i}/hts`, 'The HTS number has 6 to 10 digits, without dots.');
      if (!isText(g.description)) add('FORMAT', `/goods/${i}/description`, 'The description of the goods is required.');
      if (!isText(g.unit)) add('FORMAT', `/goods/${i}/unit`, 'The unit of the quantity is required.');
      quantity(g.quantity, `/goods/${i}/quantity`, "The goods line's quantity");
      if (g.weightKg !== undefined) quantity(g.weightKg, `/goods/${i}/weightKg`, 'The weight in kilograms');
      if (!(Number.isSafeInteger(g.valueUsd) && (g.valueUsd as number) >= 0))
        add('FORMAT', `/goods/${i}/valueUsd`, 'The value is a whole number of U.S. dollars.');
    });

  if (!(Number.isSafeInteger(s.valueUsd) && (s.valueUsd as number) >= 0))
    add('FORMAT', '/valueUsd', 'The value of the shipment is a whole number of U.S. dollars.');

  for (const key of ['shipper', 'consignee'] as const)
    if (!isObject(s[key]) || !isText((s[key] as Json).name))
      add('FORMAT', `/${key}/name`, `The ${key}'s name is required.`);

  return problems.length === 0 ? { success: true, data: s as InBondMovement } : { success: false, problems };
}
