import { dayNumberOf } from '../certificate-of-origin/calendarDate.ts';
import type { StatusFacts } from '../verify/types.ts';
import { nextPermitState } from './nextPermitState.ts';
import { fromChainQuantity, isPermitQuantity, toChainQuantity } from './permitQuantity.ts';
import type { Lpco, PermitChainState, PermitRefusal, PermitState } from './types.ts';

/** A use drawn on a permit (an `LpcoUse`): its key is the entry number and line (PM-05). */
export type PermitUse = {
  entryNumber: string;
  line: number;
  /** Decimal string in the permit's unit. */
  quantity: string;
  port: string;
  /** A reversed use stays in the history (PM-06). */
  reversed?: boolean;
};

/** What the ledger says of a permit now. */
export type PermitFacts = {
  state: PermitState;
  /** Decimal string in the permit's unit. */
  balance: string;
  singleUse: boolean;
  expiresOn: string;
  uses: readonly PermitUse[];
};

/** A use an entry line asks for. */
export type PermitUseRequest = {
  entryNumber: string;
  line: number;
  quantity: string;
  unit: string;
  /** CBP port of entry (Schedule D). */
  port: string;
  /** The line's HTSUS number (digits; dots are ignored). */
  hts: string;
  /** Country of origin (ISO alpha-2). */
  country: string;
  product?: string;
  /** DID of the party drawing on the permit. */
  drawer: string;
  /** Holders the drawer is an authorised broker of (their DIDs). */
  drawerIsBrokerFor?: readonly string[];
};

/** Input of {@link checkPermitUse}. */
export type CheckPermitUseInput = {
  permit: Lpco;
  facts: PermitFacts;
  use: PermitUseRequest;
  /** The use's date at the port, `YYYY-MM-DD`. */
  today: string;
};

/** Result of {@link checkPermitUse}. */
export type CheckPermitUseResult =
  | { ok: true; replay: false; nextState: PermitState; balanceAfter: string }
  | { ok: true; replay: true; use: PermitUse }
  | PermitRefusal;

const refuse = (
  code: PermitRefusal['code'],
  rule: PermitRefusal['rule'],
  field: string,
  message: string,
  details?: PermitRefusal['details'],
): PermitRefusal => ({ ok: false, code, rule, field, message, ...(details ? { details } : {}) });

/**
 * Whether an entry line may draw on a permit, by the rules of domain specification §6.3, checked in
 * this order: PM-05 (the same entry number and line drew already: the same quantity and port is a
 * replay returning the first use, anything else CL_PERMIT_USE_KEY_REUSED), PM-01 (an ACTIVE or
 * PARTIALLY_USED permit, CL_PERMIT_NOT_USABLE — an EXHAUSTED one is refused by PM-02 with balance 0; a use dated after `expiresOn`, CL_PERMIT_EXPIRED),
 * PM-03 (a consumed single-use permit, CL_PERMIT_ALREADY_USED), PM-07 (the drawer is the holder, a
 * designee, or a broker the holder authorised; CL_PERMIT_NOT_HOLDER), PM-08 (HTS by prefix, product,
 * country and port within the scope; CL_PERMIT_OUT_OF_SCOPE naming the dimension), PM-02 (a positive
 * quantity in the permit's unit, CL_PERMIT_QUANTITY_INVALID; at most the balance,
 * CL_PERMIT_INSUFFICIENT_BALANCE with `details.balance`). The ledger checks PM-01 to PM-05 again
 * when the use is drawn (PM-04: one of two concurrent uses fails and is checked again).
 *
 * @example checkPermitUse({ permit, facts, use, today: '2025-03-02' })
 *   // { ok: true, replay: false, nextState: 'PARTIALLY_USED', balanceAfter: '300' }
 */
export function checkPermitUse(input: CheckPermitUseInput): CheckPermitUseResult {
  const { permit, facts, use, today } = input;
  const sameKey = facts.uses.find((u) => u.entryNumber === use.entryNumber && u.line === use.line);
  if (sameKey !== undefined) {
    const sameQuantity =
      isPermitQuantity(use.quantity) &&
      isPermitQuantity(sameKey.quantity) &&
      toChainQuantity(use.quantity) === toChainQuantity(sameKey.quantity);
    if (sameQuantity && sameKey.port === use.port) return { ok: true, replay: true, use: sameKey };
    return refuse(
      'CL_PERMIT_USE_KEY_REUSED',
      'PM-05',
      '/use',
      `Entry ${use.entryNumber} line ${use.line} drew ${sameKey.quantity} at port ${sameKey.port} already; a retry must repeat that draw exactly.`,
    );
  }

  const day = dayNumberOf(today);
  if (day === undefined) return refuse('CL_INPUT_INVALID', 'FORMAT', '/today', 'today must be a date YYYY-MM-DD.');
  const expiries = [dayNumberOf(facts.expiresOn), dayNumberOf(permit.expiresOn)].filter(
    (d): d is number => d !== undefined,
  );
  const expiresOn = expiries.length === 0 ? undefined : Math.min(...expiries);
  if (['APPLIED', 'SUSPENDED', 'REVOKED', 'DENIED'].includes(facts.state))
    return refuse('CL_PERMIT_NOT_USABLE', 'PM-01', '/facts/state', `The permit is ${facts.state}: it cannot be used.`);
  if (facts.state === 'EXPIRED' || expiresOn === undefined || day > expiresOn)
    return refuse(
      'CL_PERMIT_EXPIRED',
      'PM-01',
      '/today',
      `The permit expired on ${expiresOn === undefined ? 'an unknown date' : permit.expiresOn}: a use dated ${today} comes after it.`,
    );
  if (facts.state === 'CONSUMED' || (facts.singleUse && facts.uses.some((u) => !u.reversed)))
    return refuse('CL_PERMIT_ALREADY_USED', 'PM-03', '/facts/state', 'The permit is single-use and was used already.');
  // An exhausted permit is refused by PM-02 below: its balance (0) is the reason.
  if (facts.state !== 'ACTIVE' && facts.state !== 'PARTIALLY_USED' && facts.state !== 'EXHAUSTED')
    return refuse('CL_PERMIT_NOT_USABLE', 'PM-01', '/facts/state', `The permit is ${facts.state}: it cannot be used.`);

  // PM-07
  const holder = permit.holder.id;
  const allowed =
    use.drawer === holder ||
    (permit.designees ?? []).some((d) => d.id === use.drawer) ||
    (use.drawerIsBrokerFor ?? []).includes(holder);
  if (!allowed)
    return refuse(
      'CL_PERMIT_NOT_HOLDER',
      'PM-07',
      '/use/drawer',
      `${use.drawer} is not the permit's holder (${holder}), a designee it names, or a broker the holder authorised.`,
    );

  // PM-08
  const scope = permit.scope;
  const hts = use.hts.replace(/\./g, '');
  if (!scope.hs.some((prefix) => hts.startsWith(prefix)))
    return refuse(
      'CL_PERMIT_OUT_OF_SCOPE',
      'PM-08',
      '/use/hts',
      `HTS ${use.hts} is outside the permit's scope (HTS ${scope.hs.join(', ')}).`,
    );
  const dimensions = [
    ['products', 'product', use.product],
    ['countries', 'country', use.country],
    ['ports', 'port', use.port],
  ] as const;
  for (const [key, field, value] of dimensions) {
    const list = scope[key];
    if (list !== undefined && (value === undefined || !list.includes(value)))
      return refuse(
        'CL_PERMIT_OUT_OF_SCOPE',
        'PM-08',
        `/use/${field}`,
        `The ${field} ${value ?? '(not stated)'} is outside the permit's scope (${key}: ${list.join(', ')}).`,
      );
  }

  // PM-02
  if (!isPermitQuantity(use.quantity) || toChainQuantity(use.quantity) === 0n)
    return refuse(
      'CL_PERMIT_QUANTITY_INVALID',
      'PM-02',
      '/use/quantity',
      'A use draws a positive quantity, a decimal string with at most 6 fraction digits.',
    );
  if (use.unit !== permit.authorizedQuantity.unit)
    return refuse(
      'CL_PERMIT_QUANTITY_INVALID',
      'PM-02',
      '/use/unit',
      `The permit counts in ${permit.authorizedQuantity.unit}, not ${use.unit}.`,
    );
  if (!isPermitQuantity(facts.balance))
    return refuse('CL_INPUT_INVALID', 'FORMAT', '/facts/balance', 'The balance must be a decimal string.');
  const next = nextPermitState(facts.state, {
    type: 'USE',
    quantity: toChainQuantity(use.quantity),
    balance: toChainQuantity(facts.balance),
    singleUse: facts.singleUse,
  });
  if (!next.ok)
    return next.code === 'CL_PERMIT_INSUFFICIENT_BALANCE'
      ? refuse(
          next.code,
          'PM-02',
          '/use/quantity',
          `The quantity ${use.quantity} is more than the permit's balance of ${fromChainQuantity(toChainQuantity(facts.balance))} ${permit.authorizedQuantity.unit}; nothing was drawn.`,
          { balance: fromChainQuantity(toChainQuantity(facts.balance)) },
        )
      : { ...next, field: '/use/quantity' };
  return { ok: true, replay: false, nextState: next.state, balanceAfter: fromChainQuantity(next.balance!) };
}

/** Input of {@link permitStateOf}. */
export type PermitStateInput = {
  /** The state the permit contract stores; null when the permit is not registered there. */
  chainState: PermitChainState | null;
  /** The credential's status (set by the agency). */
  credentialStatus: StatusFacts['status'];
  expiresOn: string;
  /** Today at the port, `YYYY-MM-DD`. */
  today: string;
};

/**
 * A permit's state from its chain facts, its credential status and today's date: REVOKED or
 * SUSPENDED as the agency set its credential, APPLIED while it is not registered on the ledger,
 * EXPIRED when an ACTIVE or PARTIALLY_USED permit is past its expiry date (a use on the expiry date
 * is still allowed), else the chain's state.
 */
export function permitStateOf(input: PermitStateInput): PermitState {
  if (input.credentialStatus === 'REVOKED') return 'REVOKED';
  if (input.credentialStatus === 'SUSPENDED') return 'SUSPENDED';
  if (input.chainState === null) return 'APPLIED';
  const today = dayNumberOf(input.today);
  const expires = dayNumberOf(input.expiresOn);
  if (
    (input.chainState === 'ACTIVE' || input.chainState === 'PARTIALLY_USED') &&
    (today === undefined || expires === undefined || today > expires)
  )
    return 'EXPIRED';
  return input.chainState;
}
