import type { ErrorCode } from '../errors/codes.ts';
import { fromMillionths, toMillionths } from './quantity.ts';
import type { InBondActor, InBondEntryType, InBondEvent, InBondState } from './types.ts';
import { isBondedCarrierId } from './validateInBond.ts';

/**
 * What the chain keeps of a movement (and the node mirrors): its state, entry type, current
 * destination, quantities (decimal strings) and the carrier liable for it.
 */
export type InBondMovementFacts = {
  state: InBondState;
  entryType: InBondEntryType;
  /** The current port of destination (61) or exportation (62, 63); an approved diversion changes it. */
  destinationPort: string;
  manifestQuantity: string;
  arrivedQuantity: string;
  exportedQuantity: string;
  /** Organisation id of the liable bonded carrier. */
  liableCarrier: string;
  /** The port of the last diversion request while not approved (pending or denied). */
  diversionPort?: string;
  /** Bills and containers already reported arrived (`BILL:<number>`, `CONTAINER:<number>`). */
  arrivedRefs?: readonly string[];
  /** Bills and containers already reported exported. */
  exportedRefs?: readonly string[];
};

/** The codes a refused event carries. */
export type InBondEventCode = Extract<
  ErrorCode,
  | 'CL_INBOND_EVENT_NOT_ALLOWED'
  | 'CL_INBOND_WRONG_PORT'
  | 'CL_INBOND_FUTURE_EVENT'
  | 'CL_INBOND_QUANTITY_EXCEEDED'
  | 'CL_INBOND_DIVERSION_NOT_APPROVED'
  | 'CL_INBOND_NOT_CARRIER'
  | 'CL_INBOND_CARRIER_NOT_BONDED'
  | 'CL_INPUT_INVALID'
>;

/** Result of {@link nextInBondState}. */
export type NextInBondStateResult =
  | { ok: true; facts: InBondMovementFacts }
  | { ok: false; code: InBondEventCode; rule: string; message: string };

const FIRMS = /^[A-Z0-9]{4}$/;

/** States each event may leave, by entry type where it matters (IB-06, domain.md §5.2 and the chain's transitions). */
const allowedFrom = {
  AUTHORIZE: ['ON_FILE'],
  DEPART: ['AUTHORIZED'],
  ARRIVE: ['EN_ROUTE', 'ARRIVED_PARTIAL'],
  TRANSFER: ['EN_ROUTE'],
  DIVERSION_REQUEST: ['EN_ROUTE'],
  DIVERSION_DECISION: ['DIVERSION_PENDING'],
  DELETE: ['ON_FILE', 'AUTHORIZED'],
} as const satisfies Partial<Record<InBondEvent['kind'], readonly InBondState[]>>;

const exportFrom: Record<InBondEntryType, readonly InBondState[]> = {
  '61': [],
  // As the chain: a T&E exports what has arrived, also while other portions are still on their way.
  '62': ['ARRIVED_PARTIAL', 'ARRIVED', 'EXPORTED_PARTIAL'],
  '63': ['AUTHORIZED', 'EN_ROUTE', 'EXPORTED_PARTIAL'],
};
const concludeFrom: Record<InBondEntryType, InBondState> = { '61': 'ARRIVED', '62': 'EXPORTED', '63': 'EXPORTED' };

const isCustoms = (actor: InBondActor) => actor.roles.includes('CUSTOMS');

/**
 * The movement after an event, or why the event is refused — the rules the chain's
 * `InstrumentRegistry` keeps, with the same outcome, so a node checks before it sends the
 * transaction and a verifier judges a replayed history the same way:
 *
 * - who: customs authorises, decides diversions and orders general order; the liable carrier
 *   departs, arrives, exports, transfers, asks for diversions and deletes; either concludes
 *   (`CL_INBOND_NOT_CARRIER` otherwise);
 * - IB-06 states (`CL_INBOND_EVENT_NOT_ALLOWED`): arrivals for 61/62 only, en route or partly
 *   arrived (a T&E also once partly exported, staying EXPORTED_PARTIAL); exports before arrival
 *   for 63 only; diversions only en route; general order for a T&E arrived or partly exported;
 *   one conclusion;
 * - IB-05 (`CL_INBOND_WRONG_PORT`): an arrival is at the current destination, with a FIRMS code;
 *   IB-T5 (`CL_INBOND_DIVERSION_NOT_APPROVED`): not at a requested port before approval;
 * - IB-07 (`CL_INBOND_FUTURE_EVENT`): the event happened at or before `now`;
 * - IB-10 (`CL_INBOND_QUANTITY_EXCEEDED`): arrivals, and exports, add up to at most the manifest;
 * - IB-11 (`CL_INBOND_CARRIER_NOT_BONDED`): liability moves only to a bonded carrier.
 *
 * @param facts - the movement as it is.
 * @param event - the event reported.
 * @param now - the time of the report (ISO-8601 instant).
 * @returns `{ ok: true, facts }` with the movement after the event, or the refusal.
 * @example nextInBondState(facts, { kind: 'DEPART', by: carrier, at: '2025-06-03T15:00:00Z' }, now)
 */
export function nextInBondState(
  facts: Readonly<InBondMovementFacts>,
  event: InBondEvent,
  now: string,
): NextInBondStateResult {
  const refuse = (code: InBondEventCode, rule: string, message: string): NextInBondStateResult => ({
    ok: false,
    code,
    rule,
    message,
  });
  const notAllowed = (why: string) =>
    refuse(
      'CL_INBOND_EVENT_NOT_ALLOWED',
      'IB-06',
      `${event.kind} is not allowed ${why} (the movement is ${facts.state}).`,
    );

  // Who reports it.
  const liable = event.by.id === facts.liableCarrier;
  const customsOnly =
    event.kind === 'AUTHORIZE' || event.kind === 'DIVERSION_DECISION' || event.kind === 'GENERAL_ORDER';
  if (customsOnly && !isCustoms(event.by))
    return refuse('CL_INBOND_NOT_CARRIER', 'ACTOR', `Only customs reports ${event.kind} on an in-bond movement.`);
  if (event.kind === 'CONCLUDE' && !liable && !isCustoms(event.by))
    return refuse('CL_INBOND_NOT_CARRIER', 'ACTOR', 'Only customs or the liable bonded carrier concludes a movement.');
  if (!customsOnly && event.kind !== 'CONCLUDE' && !liable)
    return refuse(
      'CL_INBOND_NOT_CARRIER',
      'ACTOR',
      `Only the bonded carrier liable for the movement (${facts.liableCarrier}) reports ${event.kind}.`,
    );

  // When.
  const at = Date.parse(event.at);
  const nowMs = Date.parse(now);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}T/.test(event.at))
    return refuse('CL_INPUT_INVALID', 'IB-07', 'The event time is an ISO-8601 date and time.');
  if (Number.isNaN(nowMs)) return refuse('CL_INPUT_INVALID', 'IB-07', 'now is an ISO-8601 date and time.');
  if (at > nowMs)
    return refuse(
      'CL_INBOND_FUTURE_EVENT',
      'IB-07',
      `The ${event.kind.toLowerCase()} is dated ${event.at}, after the report (${now}): an event is reported once it happened.`,
    );

  const state = facts.state;
  const inState = (states: readonly InBondState[]) => states.includes(state);
  switch (event.kind) {
    case 'AUTHORIZE':
      if (!inState(allowedFrom.AUTHORIZE)) return notAllowed('except on a movement on file');
      return { ok: true, facts: { ...facts, state: 'AUTHORIZED' } };
    case 'DEPART':
      if (!inState(allowedFrom.DEPART)) return notAllowed('except on an authorised movement');
      return { ok: true, facts: { ...facts, state: 'EN_ROUTE' } };
    case 'DELETE':
      if (!inState(allowedFrom.DELETE)) return notAllowed('once the goods have moved');
      return { ok: true, facts: { ...facts, state: 'DELETED' } };
    case 'TRANSFER': {
      if (!inState(allowedFrom.TRANSFER)) return notAllowed('except en route');
      const to = event.toCarrier;
      if (!to.roles.includes('BONDED_CARRIER') || !isBondedCarrierId(to.bondedCarrierId))
        return refuse(
          'CL_INBOND_CARRIER_NOT_BONDED',
          'IB-11',
          `Liability moves only to a bonded carrier of the network with a valid bonded carrier ID (${to.id} ${to.roles.includes('BONDED_CARRIER') ? `gives "${to.bondedCarrierId}"` : 'is not a bonded carrier'}).`,
        );
      return { ok: true, facts: { ...facts, liableCarrier: to.id } };
    }
    case 'DIVERSION_REQUEST':
      if (!inState(allowedFrom.DIVERSION_REQUEST)) return notAllowed('except en route (IB-T5)');
      if (!/^\d{4}$/.test(event.newPort) || event.newPort === facts.destinationPort)
        return refuse(
          'CL_INBOND_EVENT_NOT_ALLOWED',
          'IB-T5',
          `A diversion names another Schedule D port than the destination ${facts.destinationPort}.`,
        );
      return { ok: true, facts: { ...facts, state: 'DIVERSION_PENDING', diversionPort: event.newPort } };
    case 'DIVERSION_DECISION': {
      if (!inState(allowedFrom.DIVERSION_DECISION)) return notAllowed('without a pending diversion request');
      const { diversionPort, ...rest } = facts;
      return event.approved && diversionPort !== undefined
        ? { ok: true, facts: { ...rest, state: 'EN_ROUTE', destinationPort: diversionPort } }
        : { ok: true, facts: { ...facts, state: 'EN_ROUTE' } };
    }
    case 'ARRIVE': {
      if (facts.entryType === '63')
        return notAllowed('on an IE (63): its goods are exported from the port of arrival, not delivered');
      const diverting = facts.diversionPort !== undefined && event.port === facts.diversionPort;
      if (diverting && (state === 'DIVERSION_PENDING' || inState(allowedFrom.ARRIVE)))
        return refuse(
          'CL_INBOND_DIVERSION_NOT_APPROVED',
          'IB-T5',
          `The diversion to ${event.port} was not approved: the goods arrive at ${facts.destinationPort}.`,
        );
      // As the chain: a T&E keeps receiving portions after a first partial export.
      const arriving = inState(allowedFrom.ARRIVE) || (facts.entryType === '62' && state === 'EXPORTED_PARTIAL');
      if (!arriving) return notAllowed('except en route or partly arrived');
      if (event.port !== facts.destinationPort)
        return refuse(
          'CL_INBOND_WRONG_PORT',
          'IB-05',
          `The movement arrives at its destination ${facts.destinationPort}, not at ${event.port}.`,
        );
      if (event.firmsCode === undefined || !FIRMS.test(event.firmsCode))
        return refuse(
          'CL_INBOND_WRONG_PORT',
          'IB-05',
          'An arrival names the FIRMS code (4 characters) of the facility.',
        );
      return quantityStep('arrived', event, facts, refuse);
    }
    case 'EXPORT':
      if (!inState(exportFrom[facts.entryType]))
        return notAllowed(
          facts.entryType === '61'
            ? 'on an IT (61): it ends at its destination'
            : facts.entryType === '62'
              ? 'on a T&E (62) before the goods arrived at the port of exportation'
              : 'on this IE (63)',
        );
      if (event.port !== undefined && event.port !== facts.destinationPort)
        return refuse(
          'CL_INBOND_WRONG_PORT',
          'IB-05',
          `The goods are exported from ${facts.destinationPort}, not from ${event.port}.`,
        );
      return quantityStep('exported', event, facts, refuse);
    case 'CONCLUDE':
      if (state !== concludeFrom[facts.entryType])
        return notAllowed(
          state === 'CONCLUDED'
            ? 'twice'
            : `before the movement is ${concludeFrom[facts.entryType]} (entry type ${facts.entryType})`,
        );
      return { ok: true, facts: { ...facts, state: 'CONCLUDED' } };
    case 'GENERAL_ORDER':
      if (facts.entryType !== '62' || !inState(['ARRIVED_PARTIAL', 'ARRIVED', 'EXPORTED_PARTIAL']))
        return notAllowed('except on a T&E (62) whose arrived goods are not all exported');
      return { ok: true, facts: { ...facts, state: 'GENERAL_ORDER' } };
  }
}

/** An arrival or export: the reported quantity (a bill's, a container's, or what is left) within the manifest (IB-10). */
function quantityStep(
  what: 'arrived' | 'exported',
  event: Extract<InBondEvent, { kind: 'ARRIVE' | 'EXPORT' }>,
  facts: Readonly<InBondMovementFacts>,
  refuse: (code: InBondEventCode, rule: string, message: string) => NextInBondStateResult,
): NextInBondStateResult {
  const manifest = toMillionths(facts.manifestQuantity);
  const arrived = toMillionths(facts.arrivedQuantity);
  const done = toMillionths(what === 'arrived' ? facts.arrivedQuantity : facts.exportedQuantity);
  if (manifest === undefined || arrived === undefined || done === undefined)
    return refuse('CL_INPUT_INVALID', 'IB-10', 'The movement’s quantities are decimal numbers as text.');
  // A T&E exports what has arrived; an IE what is on the manifest.
  const ceiling = what === 'exported' && facts.entryType === '62' ? arrived : manifest;
  const left = ceiling - done;
  const refs = (what === 'arrived' ? facts.arrivedRefs : facts.exportedRefs) ?? [];
  let ref: string | undefined;
  if (event.scope === 'ENTIRE') {
    if (done > 0n)
      return refuse(
        'CL_INBOND_EVENT_NOT_ALLOWED',
        'IB-06',
        `Part of the movement is ${what} already: report the rest by bill or container.`,
      );
  } else {
    if (event.ref === undefined || event.ref.trim() === '')
      return refuse(
        'CL_INPUT_INVALID',
        'IB-06',
        `A ${event.scope.toLowerCase()} ${event.kind.toLowerCase()} names its number.`,
      );
    ref = `${event.scope}:${event.ref}`;
    if (refs.includes(ref))
      return refuse(
        'CL_INBOND_EVENT_NOT_ALLOWED',
        'IB-06',
        `${event.scope.toLowerCase()} ${event.ref} is ${what} already.`,
      );
    if (event.quantity === undefined)
      return refuse(
        'CL_INPUT_INVALID',
        'IB-10',
        `A ${event.scope.toLowerCase()} ${event.kind.toLowerCase()} gives its quantity.`,
      );
  }
  const quantity = event.quantity === undefined ? left : toMillionths(event.quantity);
  if (quantity === undefined || quantity === 0n)
    return refuse(
      'CL_INPUT_INVALID',
      'IB-10',
      'The quantity is a decimal number above 0 as text, with at most 6 decimals.',
    );
  if (quantity > left)
    return refuse(
      'CL_INBOND_QUANTITY_EXCEEDED',
      'IB-10',
      `${fromMillionths(quantity)} more would be ${what}, but only ${fromMillionths(left)} of ${fromMillionths(ceiling)} ${what === 'arrived' ? 'remains on the manifest' : 'is left to export'}.`,
    );
  const total = done + quantity;
  const complete = total === manifest;
  // A T&E partly exported stays so while further portions arrive (as the chain).
  const arrivedState: InBondState =
    facts.state === 'EXPORTED_PARTIAL' ? 'EXPORTED_PARTIAL' : complete ? 'ARRIVED' : 'ARRIVED_PARTIAL';
  const next: InBondMovementFacts =
    what === 'arrived'
      ? {
          ...facts,
          state: arrivedState,
          arrivedQuantity: fromMillionths(total),
          ...(ref === undefined ? {} : { arrivedRefs: [...refs, ref] }),
        }
      : {
          ...facts,
          state: complete ? 'EXPORTED' : 'EXPORTED_PARTIAL',
          exportedQuantity: fromMillionths(total),
          ...(ref === undefined ? {} : { exportedRefs: [...refs, ref] }),
        };
  return { ok: true, facts: next };
}

/**
 * The facts of a movement just filed (state ON_FILE, nothing arrived or exported), liable carrier
 * the filing organisation.
 */
export function initialInBondFacts(
  movement: { entryType: InBondEntryType; destinationPort: string; manifestQuantity: string },
  liableCarrier: string,
): InBondMovementFacts {
  return {
    state: 'ON_FILE',
    entryType: movement.entryType,
    destinationPort: movement.destinationPort,
    manifestQuantity: movement.manifestQuantity,
    arrivedQuantity: '0',
    exportedQuantity: '0',
    liableCarrier,
  };
}
