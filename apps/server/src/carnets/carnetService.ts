import {
  type AnchorReceipt,
  type AtaCarnet,
  anchorReceiptOf,
  type CarnetItemState,
  type CarnetItemStatus,
  type CarnetRefusal,
  type CarnetVoucher,
  type CaseEvent,
  type CaseRecord,
  ClearledgerError,
  carnetCredentialType,
  checkCarnetClaim,
  checkVoucher,
  claimDeadline,
  DEFAULT_PORT_TIME_ZONE,
  findCbpPort,
  isDischarged,
  itemStatusOn,
  overdueItems,
  portLocalDate,
  type Store,
  type VerificationReport,
  type VoucherKind,
  validateCarnet,
  voucherColour,
} from '@clearledger/core';
import { type ChainItem, createInstrumentLedger, type InstrumentLedger } from '@clearledger/ledger';
import type { NodeContext } from '@clearledger/node';
import type { Principal } from '../auth/principal.ts';
import type { InstrumentService } from '../instruments/InstrumentService.ts';
import {
  createKeyedQueue,
  type IssuedRecord,
  issuerOf,
  openInstrumentCases,
  openPresentedCase,
  recentlyIssued,
  typesOf,
} from '../instruments/instrumentCases.ts';

/** The case kind of an ATA carnet on this node (one per carnet, keyed by its credential hash). */
export const CARNET = 'carnet';

/**
 * The time zone whose date counts at a partner customs office, by the customs service's country
 * (U.S. offices are CBP ports, each with its own zone). A country not listed dates in UTC.
 */
export const customsTimeZones: Readonly<Record<string, string>> = {
  AT: 'Europe/Vienna',
  BE: 'Europe/Brussels',
  CA: 'America/Toronto',
  CH: 'Europe/Zurich',
  CN: 'Asia/Shanghai',
  DE: 'Europe/Berlin',
  DK: 'Europe/Copenhagen',
  ES: 'Europe/Madrid',
  FR: 'Europe/Paris',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  IT: 'Europe/Rome',
  JP: 'Asia/Tokyo',
  MX: 'America/Mexico_City',
  NL: 'Europe/Amsterdam',
  NO: 'Europe/Oslo',
  SE: 'Europe/Stockholm',
};

/** What a carnet's case holds: the carnet's facts, its document and what the node saw of the chain. */
export type CarnetCaseData = {
  credentialId: string;
  hash: string;
  issuer: string;
  holder: string;
  /** Representatives (box B) known by their organisation's DID. */
  representatives: string[];
  carnetNumber: string;
  issuingAssociation: { name: string; country: string };
  /** The carnet's home country: the issuing association's. */
  home: string;
  intendedUse: string;
  countries: string[];
  issueDate: string;
  validUntil: string;
  /** The last day a claim may be made (CA-07). */
  claimUntil: string;
  itemCount: number;
  document: Record<string, unknown>;
  anchor: AnchorReceipt | null;
  /** The document verified VALID on this node once (its status is enforced by the chain at each voucher). */
  verified: boolean;
  registered: { txHash: string; blockNumber: number } | null;
};

/** A voucher as the node records it (event `carnet.endorsed`), with the chain's answer. */
export type VoucherRecord = {
  kind: VoucherKind;
  colour: 'YELLOW' | 'WHITE' | 'BLUE';
  items: { item: number; pieces?: number }[];
  country: string;
  office: string;
  /** The office's date when customs endorsed it (never the client's). */
  date: string;
  /** On an importation: the re-export date customs set (null: the carnet's validity). */
  deadline: string | null;
  detached: boolean;
  customs: string;
  at: string;
  txHash: string;
  blockNumber: number;
};

/** A claim as the node records it (event `carnet.claimed`). */
export type ClaimRecord = {
  item: number;
  country: string;
  date: string;
  amount: string;
  dutiesAndTaxes: string;
  currency: string;
  maxAmount: string;
  customs: string;
  at: string;
  txHash: string;
  blockNumber: number;
};

/** The carnet as presented by its holder or representative: the credential and its anchor receipt. */
export type PresentedCarnet = { verifiableCredential: Record<string, unknown>; anchor?: Record<string, unknown> };

/** A voucher as the API takes it (the node adds the date, the country and the customs service). */
export type VoucherInput = {
  kind: VoucherKind;
  items: { item: number; pieces?: number }[];
  /** A CBP port (Schedule D) for U.S. customs, the office's own code for partner customs. */
  office: string;
  /** The office's country, when named: it must be the endorsing customs service's own. */
  country?: string;
  /** On an importation: the re-export date customs set on the counterfoil. */
  deadline?: string;
  /** CA-09, U.S. importation: the goods are entitled to temporary importation under bond. */
  entitledToTib?: boolean;
  /** CA-09, U.S. importation: the goods arrived by mail. */
  mailImportation?: boolean;
  /** The carnet as its holder presents it, when this node does not know it. */
  carnet?: PresentedCarnet;
};

/** A claim as the API takes it (the node dates it and adds the claiming customs' country). */
export type ClaimInput = {
  item: number;
  amount: string;
  dutiesAndTaxes: string;
  currency: string;
  /** U.S. customs: the port claiming (its date counts; default Eastern time). */
  office?: string;
};

const nowIso = () => new Date().toISOString();

/**
 * ATA carnets on this node: registration on the chain when the issuing association issues one;
 * vouchers endorsed by customs at their own offices (checked with core's `checkVoucher`, then moved
 * on the chain, which serialises vouchers across nodes), claims on overdue items (CA-07), and the
 * carnet with every item's place for its parties. One store case per carnet holds its document and
 * the vouchers and claims this node recorded; the chain holds where each item is.
 *
 * @param node - the node (store, chain, verification).
 * @param clock - the instant vouchers and claims are dated by (default: the system clock).
 */
export function createCarnetService(node: NodeContext, clock: () => Date = () => new Date()) {
  const store = node.store;
  const ledgerOf = async (orgId: string): Promise<InstrumentLedger> => {
    if (node.ledger === undefined) throw new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'This node has no chain.');
    return createInstrumentLedger(await node.ledger.clientFor(orgId));
  };
  const reader = async () => ledgerOf(node.operatorOrgId);
  /** One instrument's changes are recorded one after the other on this node. */
  const serially = createKeyedQueue();

  const customsOrgs = async () =>
    (await store.listOrganizations()).filter((o) => o.roles.includes('CUSTOMS')).map((o) => o.id);

  /** The parties of a carnet's case: the issuing association, holder, representatives, customs of this node. */
  const participantsOf = async (carnet: AtaCarnet, issuer: string, extra: readonly string[] = []) => [
    ...new Set([
      issuer,
      carnet.holder.id,
      ...(carnet.representatives ?? []).flatMap((r) => (r.id === undefined ? [] : [r.id])),
      ...(await customsOrgs()),
      ...extra,
    ]),
  ];

  const caseData = (
    credential: Record<string, unknown>,
    carnet: AtaCarnet,
    hash: string,
    anchor: AnchorReceipt | null,
    verified: boolean,
  ): CarnetCaseData => ({
    credentialId: typeof credential.id === 'string' ? credential.id : hash,
    hash,
    issuer: issuerOf(credential),
    holder: carnet.holder.id,
    representatives: (carnet.representatives ?? []).flatMap((r) => (r.id === undefined ? [] : [r.id])),
    carnetNumber: carnet.carnetNumber,
    issuingAssociation: carnet.issuingAssociation,
    home: carnet.issuingAssociation.country,
    intendedUse: carnet.intendedUse,
    countries: carnet.countries,
    issueDate: carnet.issueDate,
    validUntil: carnet.validUntil,
    claimUntil: claimDeadline(carnet.validUntil),
    itemCount: carnet.generalList.length,
    document: credential,
    anchor,
    verified,
    registered: null,
  });

  /** Opens the case of each carnet among records just issued by `orgId`, state APPLIED until the chain registers it. */
  const openIssued = (tx: Store, orgId: string, actorId: string, issued: readonly IssuedRecord[]) =>
    openInstrumentCases(tx, {
      kind: CARNET,
      credentialType: carnetCredentialType,
      orgId,
      actorId,
      issued,
      describe: async (record) => {
        const checked = validateCarnet(record.credential.credentialSubject);
        if (!checked.success) return null; // issuance refused it already; nothing to track
        return {
          id: caseIdOf(record.hash),
          participants: await participantsOf(checked.data, orgId),
          state: 'APPLIED',
          data: caseData(record.credential, checked.data, record.hash, null, true),
          event: { kind: 'carnet.issued', data: { carnetNumber: checked.data.carnetNumber } },
        };
      },
    });

  /**
   * Registers the association's carnets still APPLIED on the chain: item count from the General
   * List, validity, the claim deadline (one year after, CA-07) and the home country.
   */
  const registerPending = async (orgId: string) => {
    await openIssued(store, orgId, 'system', await recentlyIssued(store, orgId, carnetCredentialType));
    const pending = await store.listCases(orgId, { kind: CARNET, state: 'APPLIED', ownerOrgId: orgId, limit: 500 });
    if (pending.length === 0) return 0;
    const ledger = await ledgerOf(orgId);
    let registered = 0;
    for (const carnetCase of pending) {
      const data = carnetCase.data as CarnetCaseData;
      const tx = await ledger.registerCarnet({
        credentialHash: data.hash,
        itemCount: data.itemCount,
        validUntil: data.validUntil,
        claimUntil: data.claimUntil,
        home: data.home,
      });
      await serially(data.hash, async () => {
        const current = await store.getCase(orgId, carnetCase.id);
        if (current.state !== 'APPLIED') return;
        await store.updateCase(orgId, current.id, {
          expectedVersion: current.version,
          state: 'ISSUED',
          data: { ...current.data, registered: { txHash: tx.txHash, blockNumber: tx.blockNumber } },
          event: {
            actorOrgId: orgId,
            actorId: 'system',
            kind: 'carnet.registered',
            data: { txHash: tx.txHash, blockNumber: tx.blockNumber },
            at: nowIso(),
          },
        });
      });
      registered += 1;
    }
    return registered;
  };

  /** The carnet's case: by case id (`carnet_<hash>`) or credential hash; null when this node does not know it. */
  const findCase = async (ref: string): Promise<CaseRecord | null> => {
    if (/^[0-9a-f]{64}$/.test(ref)) return store.findCaseByKey(CARNET, ref);
    if (ref.startsWith('carnet_')) return store.findCaseByKey(CARNET, ref.slice('carnet_'.length));
    return null;
  };

  const visibleCase = async (principal: Principal, ref: string) => {
    const carnetCase = await findCase(ref);
    if (carnetCase === null || !carnetCase.participants.includes(principal.org.id)) {
      throw new ClearledgerError(
        'CL_STORE_NOT_FOUND',
        'This node does not know that carnet (or it is not visible to your organisation): present it (the carnet credential and its anchor receipt).',
        { field: '/id' },
      );
    }
    return carnetCase;
  };

  /** Verifies a carnet its holder presents and opens (or finds) its case on this node. */
  const caseOfPresented = async (principal: Principal, ref: string, presented: PresentedCarnet) => {
    const credential = presented.verifiableCredential;
    const report: VerificationReport = await node.verify({
      now: nowIso(),
      credential,
      ...(presented.anchor === undefined ? {} : { anchor: presented.anchor as AnchorReceipt }),
    });
    requireValid(report);
    if (!typesOf(credential).includes(carnetCredentialType)) {
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        'The record presented is not an ATA carnet (AtaCarnetCredential).',
        {
          field: '/carnet',
        },
      );
    }
    const hash = report.hash ?? '';
    if (ref !== hash && ref !== caseIdOf(hash)) {
      throw new ClearledgerError('CL_INPUT_INVALID', 'The carnet presented is not the one the address names.', {
        field: '/carnet',
      });
    }
    const existing = await store.findCaseByKey(CARNET, hash);
    if (existing !== null) return existing;
    const checked = validateCarnet(credential.credentialSubject);
    if (!checked.success) throw carnetInvalid(checked.problems);
    const issuer = issuerOf(credential);
    return openPresentedCase(store, {
      kind: CARNET,
      id: caseIdOf(hash),
      hash,
      ownerOrgId: issuer,
      participants: await participantsOf(checked.data, issuer, [principal.org.id]),
      state: 'PRESENTED',
      data: caseData(credential, checked.data, hash, (presented.anchor as AnchorReceipt | undefined) ?? null, true),
      actor: { orgId: principal.org.id, id: principal.id },
      eventKind: 'carnet.presented',
    });
  };

  /** A carnet issued on this node is verified once (anchored, VALID) before its first voucher. */
  const ensureVerified = async (carnetCase: CaseRecord) => {
    const data = carnetCase.data as CarnetCaseData;
    if (data.verified && data.anchor !== null) return;
    const receipt = await store.findReceipt(data.hash);
    const anchor = receipt === null ? 'pending' : anchorReceiptOf(receipt);
    if (anchor === 'pending') {
      throw new ClearledgerError(
        'CL_CARNET_NOT_ACTIVE',
        'The carnet is issued but not anchored on the ledger yet; try again in a moment.',
        { field: '/id' },
      );
    }
    requireValid(await node.verify({ now: nowIso(), credential: data.document, anchor }));
    data.anchor = anchor;
    data.verified = true;
  };

  const requireCustoms = (principal: Principal, what: string) => {
    if (!principal.org.roles.includes('CUSTOMS'))
      throw new ClearledgerError('CL_AUTH_FORBIDDEN', `Only a customs service ${what}.`);
  };

  /** Where the office is and its date now: a CBP port for U.S. customs, the country's zone otherwise. */
  const officeOf = (principal: Principal, office: string, country: string | undefined) => {
    const own = principal.org.country;
    if (country !== undefined && country !== own) {
      throw new ClearledgerError(
        'CL_CARNET_OFFICE_NOT_OWN',
        `Customs of ${own} endorse vouchers only at their own offices, not in ${country}.`,
        { field: '/country' },
      );
    }
    const port = findCbpPort(office);
    if (own === 'US') {
      if (port === undefined)
        throw new ClearledgerError(
          'CL_CARNET_OFFICE_NOT_OWN',
          `${office} is not a CBP port of entry (Schedule D): U.S. customs endorse at their own ports only.`,
          { field: '/office' },
        );
      return { office: port.code, country: own, timeZone: port.timeZone };
    }
    if (port !== undefined || /^\d{4}$/.test(office))
      throw new ClearledgerError(
        'CL_CARNET_OFFICE_NOT_OWN',
        `${office} is a U.S. port code: customs of ${own} endorse at their own offices only.`,
        { field: '/office' },
      );
    return { office, country: own, timeZone: customsTimeZones[own] ?? 'UTC' };
  };

  const subjectOf = (data: CarnetCaseData): AtaCarnet => {
    const checked = validateCarnet(data.document.credentialSubject);
    if (!checked.success) throw carnetInvalid(checked.problems);
    return checked.data;
  };

  /** The chain's item places of `items` (1..itemCount; others are left for the rules to refuse). */
  const chainItems = async (data: CarnetCaseData, items: readonly number[]) => {
    const ledger = await reader();
    const known = [...new Set(items.filter((i) => Number.isSafeInteger(i) && i >= 1 && i <= data.itemCount))];
    const places = await Promise.all(known.map((i) => ledger.itemOf(data.issuer, data.hash, i)));
    const states: Record<number, CarnetItemState> = {};
    known.forEach((item, index) => {
      states[item] = itemStateOf(places[index]!);
    });
    return states;
  };

  const requireRegistered = async (data: CarnetCaseData) => {
    const facts = await (await reader()).carnetOf(data.issuer, data.hash);
    if (facts === null)
      throw new ClearledgerError(
        'CL_CARNET_NOT_ACTIVE',
        'The carnet is not registered on the ledger yet (its issuing association registers it at issuance); try again in a moment.',
        { field: '/id' },
      );
    return facts;
  };

  /**
   * Customs endorses a voucher at one of its offices. The node dates it at the office (a CBP port's
   * zone, the customs country's otherwise), judges it with core's `checkVoucher` against the items'
   * places on the chain (same codes as the contract), then moves the items on the chain from the
   * customs service's account, then records the voucher on the carnet's case.
   */
  const endorse = async (principal: Principal, ref: string, input: VoucherInput) => {
    requireCustoms(principal, 'endorses carnet vouchers');
    const where = officeOf(principal, input.office, input.country);
    let carnetCase: CaseRecord;
    if (input.carnet !== undefined) carnetCase = await caseOfPresented(principal, ref, input.carnet);
    else {
      carnetCase = await visibleCase(principal, ref);
      await ensureVerified(carnetCase);
    }
    const data = carnetCase.data as CarnetCaseData;
    const carnet = subjectOf(data);
    const voucher = await serially(data.hash, async () => {
      await requireRegistered(data);
      const date = portLocalDate(clock().toISOString(), where.timeZone);
      const proposed: CarnetVoucher = {
        kind: input.kind,
        items: input.items,
        country: where.country,
        office: where.office,
        date,
        ...(input.deadline === undefined ? {} : { deadline: input.deadline }),
        detached: false,
      };
      const verdict = checkVoucher({
        carnet,
        itemStates: await chainItems(
          data,
          input.items.map((i) => i.item),
        ),
        voucher: proposed,
        endorsingCustoms: { country: principal.org.country },
        ...(input.entitledToTib === undefined ? {} : { entitledToTib: input.entitledToTib }),
        ...(input.mailImportation === undefined ? {} : { mailImportation: input.mailImportation }),
      });
      if (!verdict.ok) throw refusal(verdict);
      const ledger = await ledgerOf(principal.org.id);
      const done = await ledger
        .endorse({
          issuerDid: data.issuer,
          credentialHash: data.hash,
          kind: input.kind,
          items: input.items.map((i) => i.item),
          country: where.country,
          office: where.office,
          date,
          deadline: input.kind === 'IMPORT' ? (input.deadline ?? null) : null,
        })
        .catch((error: unknown) => {
          throw chainRefusal(error, '/items');
        });
      const record: VoucherRecord = {
        kind: input.kind,
        colour: voucherColour(input.kind),
        items: input.items,
        country: where.country,
        office: where.office,
        date,
        deadline: input.kind === 'IMPORT' ? (input.deadline ?? null) : null,
        detached: false,
        customs: principal.org.id,
        at: nowIso(),
        txHash: done.txHash,
        blockNumber: done.blockNumber,
      };
      const current = await store.getCase(carnetCase.ownerOrgId, carnetCase.id);
      const after = verdict.nextItemStates;
      await store.updateCase(current.ownerOrgId, current.id, {
        expectedVersion: current.version,
        state: current.state === 'CLAIMED' ? 'CLAIMED' : isDischarged(after) ? 'RETURNED' : 'ACTIVE',
        data: { ...current.data, verified: true, anchor: data.anchor },
        dueAt: earliestDeadline(after),
        addParticipants: [principal.org.id],
        event: {
          actorOrgId: principal.org.id,
          actorId: principal.id,
          kind: 'carnet.endorsed',
          data: record,
          at: record.at,
        },
      });
      return record;
    });
    return { voucher, carnet: await summary(await store.getCase(principal.org.id, carnetCase.id)) };
  };

  /**
   * CA-07: customs of the country where an item stays past its re-export deadline claims on it. The
   * node dates the claim at the customs office, checks it with core's `checkCarnetClaim` (overdue
   * there, within a year after expiry, at most duties + 10 %), then records it on the chain.
   */
  const claim = async (principal: Principal, ref: string, input: ClaimInput) => {
    requireCustoms(principal, 'claims on a carnet');
    const carnetCase = await visibleCase(principal, ref);
    const data = carnetCase.data as CarnetCaseData;
    const country = principal.org.country;
    let timeZone = customsTimeZones[country] ?? 'UTC';
    if (country === 'US') {
      const port = input.office === undefined ? undefined : findCbpPort(input.office);
      if (input.office !== undefined && port === undefined)
        throw new ClearledgerError('CL_INPUT_INVALID', `${input.office} is not a CBP port of entry (Schedule D).`, {
          field: '/office',
        });
      timeZone = port?.timeZone ?? DEFAULT_PORT_TIME_ZONE;
    }
    const recorded = await serially(data.hash, async () => {
      await requireRegistered(data);
      if (!Number.isSafeInteger(input.item) || input.item < 1 || input.item > data.itemCount)
        throw new ClearledgerError('CL_CARNET_ITEM_UNKNOWN', `Item ${input.item} is not on the General List (CA-02).`, {
          field: '/item',
        });
      const date = portLocalDate(clock().toISOString(), timeZone);
      const states = await chainItems(data, [input.item]);
      const verdict = checkCarnetClaim({
        carnet: { validUntil: data.validUntil },
        itemState: states[input.item]!,
        country,
        claimDate: date,
        amount: input.amount,
        dutiesAndTaxes: input.dutiesAndTaxes,
        currency: input.currency,
      });
      if (!verdict.ok) throw refusal({ ...verdict, field: verdict.field === '/itemState' ? '/item' : verdict.field });
      const done = await (await ledgerOf(principal.org.id))
        .claimItem({ issuerDid: data.issuer, credentialHash: data.hash, item: input.item, country, date })
        .catch((error: unknown) => {
          throw chainRefusal(error, '/item');
        });
      const record: ClaimRecord = {
        item: input.item,
        country,
        date,
        amount: input.amount,
        dutiesAndTaxes: input.dutiesAndTaxes,
        currency: input.currency,
        maxAmount: verdict.maxAmount,
        customs: principal.org.id,
        at: nowIso(),
        txHash: done.txHash,
        blockNumber: done.blockNumber,
      };
      const current = await store.getCase(carnetCase.ownerOrgId, carnetCase.id);
      await store.updateCase(current.ownerOrgId, current.id, {
        expectedVersion: current.version,
        state: 'CLAIMED',
        data: current.data,
        addParticipants: [principal.org.id],
        event: {
          actorOrgId: principal.org.id,
          actorId: principal.id,
          kind: 'carnet.claimed',
          data: record,
          at: record.at,
        },
      });
      return record;
    });
    return { claim: recorded, carnet: await summary(await store.getCase(principal.org.id, carnetCase.id)) };
  };

  /** The carnet as its parties see it: facts, every item's place from the chain, overdue items, vouchers, claims. */
  const summary = async (carnetCase: CaseRecord) => {
    const data = carnetCase.data as CarnetCaseData;
    const ledger = await reader();
    const facts = await ledger.carnetOf(data.issuer, data.hash);
    const generalList = subjectOf(data).generalList;
    const places =
      facts === null
        ? {}
        : await chainItems(
            data,
            generalList.map((g) => g.item),
          );
    const now = clock().toISOString();
    const todayIn = (country: string | undefined) =>
      portLocalDate(now, country === undefined ? 'UTC' : (customsTimeZones[country] ?? 'UTC'));
    const items = generalList.map((g) => {
      const place = places[g.item] ?? { state: 'AT_HOME' as const };
      const status: CarnetItemStatus = itemStatusOn(place, todayIn(place.country));
      return {
        item: g.item,
        description: g.description,
        pieces: g.pieces,
        state: place.state,
        status,
        country: place.country ?? null,
        deadline: place.deadline ?? null,
        lastDate: place.lastDate ?? null,
      };
    });
    // Each country's items are overdue by that country's date.
    const byCountry = new Map<string, Record<number, CarnetItemState>>();
    for (const [item, place] of Object.entries(places)) {
      const key = place.country ?? '';
      byCountry.set(key, { ...(byCountry.get(key) ?? {}), [Number(item)]: place });
    }
    const overdue = [...byCountry.entries()]
      .flatMap(([country, states]) => overdueItems(states, todayIn(country === '' ? undefined : country)))
      .sort((a, b) => a - b);
    const events = await store.listCaseEvents(carnetCase.ownerOrgId, carnetCase.id);
    return {
      id: carnetCase.id,
      credentialId: data.credentialId,
      hash: data.hash,
      carnetNumber: data.carnetNumber,
      issuer: data.issuer,
      issuingAssociation: data.issuingAssociation,
      holder: data.holder,
      representatives: data.representatives,
      home: data.home,
      intendedUse: data.intendedUse,
      countries: data.countries,
      issueDate: data.issueDate,
      validUntil: data.validUntil,
      claimUntil: data.claimUntil,
      state: carnetCase.state,
      registered: facts !== null,
      voucherCount: facts?.voucherCount ?? 0,
      items,
      overdue,
      discharged: isDischarged(places),
      vouchers: vouchersOf(events),
      claims: events.filter((e) => e.kind === 'carnet.claimed').map((e) => e.data as ClaimRecord),
    };
  };

  const get = async (principal: Principal, ref: string) => summary(await visibleCase(principal, ref));

  const list = async (principal: Principal, query: { limit?: number; beforeId?: string }) => {
    const cases = await store.listCases(principal.org.id, {
      kind: CARNET,
      limit: query.limit ?? 50,
      ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
    });
    return Promise.all(cases.map((c) => summary(c)));
  };

  return {
    credentialType: carnetCredentialType,
    openIssued,
    registerPending,
    endorse,
    claim,
    get,
    list,
  } satisfies InstrumentService & Record<string, unknown>;
}

export type CarnetService = ReturnType<typeof createCarnetService>;

const caseIdOf = (hash: string) => `carnet_${hash}`;

/** The vouchers recorded on a carnet's case, oldest first. */
export const vouchersOf = (events: readonly CaseEvent[]): VoucherRecord[] =>
  events.filter((e) => e.kind === 'carnet.endorsed').map((e) => e.data as VoucherRecord);

/** An item's place on the chain in core's terms. */
export function itemStateOf(place: ChainItem): CarnetItemState {
  return {
    state: place.state,
    ...(place.country === null ? {} : { country: place.country }),
    ...(place.deadline === null || place.state !== 'IN_COUNTRY' ? {} : { deadline: place.deadline }),
    ...(place.lastDate === null ? {} : { lastDate: place.lastDate }),
  };
}

/** The end of the earliest re-export deadline of the items in a country (the case's due date), or null. */
function earliestDeadline(states: Readonly<Record<number, CarnetItemState>>): string | null {
  const deadlines = Object.values(states)
    .filter((s) => s.state === 'IN_COUNTRY' && s.deadline !== undefined)
    .map((s) => s.deadline!)
    .sort();
  return deadlines[0] === undefined ? null : `${deadlines[0]}T23:59:59.999Z`;
}

function requireValid(report: VerificationReport): void {
  if (report.verdict === 'VALID') return;
  const failed = report.checks.find((c) => c.status !== 'VALID' && c.status !== 'SKIPPED');
  throw new ClearledgerError(
    'CL_CARNET_NOT_ACTIVE',
    `The carnet does not verify (${report.verdict}${failed === undefined ? '' : `: ${failed.message}`}); customs cannot endorse it.`,
    {
      field: '/carnet',
      details: { verdict: report.verdict, ...(failed === undefined ? {} : { reason: failed.code }) },
    },
  );
}

function carnetInvalid(problems: readonly { field: string; message: string }[]) {
  return new ClearledgerError('CL_CARNET_INVALID', problems.map((p) => p.message).join(' '), {
    field: problems[0]?.field ?? '/carnet',
  });
}

/** A chain refusal in the API's terms (the field of the body). */
function chainRefusal(error: unknown, field: string): unknown {
  if (!(error instanceof ClearledgerError) || !/^CL_CARNET_/.test(error.code)) return error;
  return new ClearledgerError(error.code, error.message, { field });
}

function refusal(verdict: CarnetRefusal) {
  return new ClearledgerError(verdict.code, verdict.message, {
    // Core names the voucher's members (/voucher/items/0/item); the API's body has them at its root.
    field: verdict.field.replace(/^\/voucher\//, '/'),
    details: { rule: verdict.rule },
  });
}
