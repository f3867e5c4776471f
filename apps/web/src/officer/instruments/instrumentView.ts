import type { Verdict } from '@clearledger/core';
import type {
  Carnet,
  CarnetItem,
  CarnetItemStatus,
  InBondMovement,
  Permit,
  VoucherKind,
} from '../../api/instrumentsApi.ts';
import { type Tone, toneUnder } from '../verdictTone.ts';

/** The stateful instruments the node keeps live facts of. */
export type InstrumentKind = 'permit' | 'carnet' | 'inBond';

const credentialTypes: Readonly<Record<string, InstrumentKind>> = {
  LpcoCredential: 'permit',
  AtaCarnetCredential: 'carnet',
  InBondMovementCredential: 'inBond',
};
const idPrefixes: Readonly<Record<InstrumentKind, string>> = {
  permit: 'permit_',
  carnet: 'carnet_',
  inBond: 'inbond_',
};

/** Which instrument a record is, by its types (null: not a stateful instrument). */
export function instrumentKindOf(types: readonly string[]): InstrumentKind | null {
  for (const type of types) {
    const kind = credentialTypes[type];
    if (kind !== undefined) return kind;
  }
  return null;
}

/**
 * The node's id of an instrument from its record's hash (`permit_<hash>`, `carnet_<hash>`,
 * `inbond_<hash>`); null without a hash.
 */
export function instrumentIdOf(kind: InstrumentKind, hash: string | null): string | null {
  if (hash === null) return null;
  const bare = hash.toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]{64}$/.test(bare) ? `${idPrefixes[kind]}${bare}` : null;
}

/** A permit's state as a tone on its own: usable is good, used up or ended is bad, waiting is amber. */
export function permitTone(state: string, verdict?: Verdict): Tone {
  const wanted: Tone =
    state === 'ACTIVE' || state === 'PARTIALLY_USED'
      ? 'valid'
      : state === 'APPLIED' || state === 'PRESENTED'
        ? 'inconclusive'
        : 'invalid';
  return verdict === undefined ? wanted : toneUnder(verdict, wanted);
}

/** A carnet item's place as a tone: overdue or claimed is bad, at home is good, abroad is neutral. */
export function carnetItemTone(status: CarnetItemStatus, verdict?: Verdict): Tone {
  const wanted: Tone =
    status === 'OVERDUE' || status === 'CLAIMED' ? 'invalid' : status === 'AT_HOME' ? 'valid' : 'neutral';
  return verdict === undefined ? wanted : toneUnder(verdict, wanted);
}

/**
 * The voucher customs most likely endorses next on a carnet, from where its items are: at home in
 * the carnet's own country, exportation (abroad: re-importation); in a foreign country, importation
 * (already in the country: re-exportation).
 *
 * @param country - the customs service's country (ISO 3166-1 alpha-2).
 */
export function likelyVoucherKind(carnet: Pick<Carnet, 'home' | 'items'>, country: string): VoucherKind {
  const has = (status: CarnetItemStatus) => carnet.items.some((i) => i.status === status);
  if (carnet.home === country) return has('AT_HOME') ? 'EXPORT' : 'REIMPORT';
  return has('IN_COUNTRY') || has('OVERDUE') ? 'REEXPORT' : 'IMPORT';
}

/** States in which an in-bond movement is still on its way (its delivery deadline runs). */
const moving: ReadonlySet<string> = new Set(['AUTHORIZED', 'EN_ROUTE', 'DIVERSION_PENDING', 'ARRIVED_PARTIAL']);

/** An in-bond movement's tone: a violation is bad, concluded is good, anything else neutral. */
export function inBondTone(movement: Pick<InBondMovement, 'state' | 'violations'>, verdict?: Verdict): Tone {
  const wanted: Tone =
    movement.violations.length > 0 || movement.state === 'GENERAL_ORDER'
      ? 'invalid'
      : movement.state === 'CONCLUDED'
        ? 'valid'
        : 'neutral';
  return verdict === undefined ? wanted : toneUnder(verdict, wanted);
}

/** The in-bond actions customs or the carrier may take in one tap in this state. */
export function inBondActionsOf(state: string): ('ARRIVE' | 'APPROVE_DIVERSION')[] {
  if (state === 'DIVERSION_PENDING') return ['APPROVE_DIVERSION'];
  if (state === 'AUTHORIZED' || state === 'EN_ROUTE' || state === 'ARRIVED_PARTIAL') return ['ARRIVE'];
  return [];
}

/** An exact decimal (`12.5`) in millionths, so quantities compare without binary floats. */
export function millionths(value: string): bigint | null {
  const match = /^(\d{1,18})(?:\.(\d{1,6}))?$/.exec(value);
  if (match === null) return null;
  return BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0'));
}

const dayOf = (date: string) => Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000);

/** Days from `today` to `date` (both YYYY-MM-DD); negative when `date` has passed. */
export function daysUntil(date: string, today: string): number {
  return dayOf(date) - dayOf(today);
}

const usable = (p: Permit) => p.state === 'ACTIVE' || p.state === 'PARTIALLY_USED';

/** A permit whose balance is under a tenth of its quantity. */
export function nearExhaustion(permit: Pick<Permit, 'balance' | 'quantity'>): boolean {
  const balance = millionths(permit.balance);
  const quantity = millionths(permit.quantity);
  return balance !== null && quantity !== null && balance * 10n < quantity;
}

/** What customs should look at first, from the list endpoints. */
export type CustomsAttention = {
  /** Movements past their delivery deadline (or with an OVERDUE violation recorded). */
  overdueInBond: InBondMovement[];
  /** Carnet items in a country past their re-export deadline. */
  overdueCarnetItems: { carnet: Carnet; item: CarnetItem }[];
  /** Usable permits with less than 10 % of their quantity left. */
  permitsNearExhaustion: Permit[];
  /** Usable permits that expire within 30 days (or have expired). */
  permitsNearExpiry: Permit[];
};

/**
 * The customs dashboard's lists: overdue in-bond movements, overdue carnet items, permits near
 * exhaustion (balance under 10 % of the quantity) or expiry (30 days or less).
 *
 * @param today - the officer's date, YYYY-MM-DD.
 */
export function customsAttention(
  lists: { permits: readonly Permit[]; carnets: readonly Carnet[]; movements: readonly InBondMovement[] },
  today: string,
): CustomsAttention {
  return {
    overdueInBond: lists.movements.filter(
      (m) =>
        m.violations.some((v) => v.code === 'OVERDUE') ||
        (moving.has(m.state) && m.deadlines.deliverBy !== null && daysUntil(m.deadlines.deliverBy, today) < 0),
    ),
    overdueCarnetItems: lists.carnets.flatMap((carnet) =>
      carnet.items.filter((i) => i.status === 'OVERDUE').map((item) => ({ carnet, item })),
    ),
    permitsNearExhaustion: lists.permits.filter((p) => usable(p) && nearExhaustion(p)),
    permitsNearExpiry: lists.permits.filter((p) => usable(p) && daysUntil(p.expiresOn, today) <= 30),
  };
}
