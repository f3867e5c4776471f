import {
  type AnchorReceipt,
  type CaseEvent,
  type CaseRecord,
  ClearledgerError,
  DEFAULT_PORT_TIME_ZONE,
  endOfLocalDay,
  findCbpPort,
  fromMillionths,
  type InBondActor,
  type InBondEvent,
  type InBondEventScope,
  type InBondMovement,
  type InBondMovementFacts,
  type InBondState,
  type InBondViolation,
  inBondCredentialType,
  inBondDeadlines,
  inBondViolations,
  initialInBondFacts,
  isClearledgerError,
  nextInBondState,
  type Store,
  toMillionths,
  validateInBond,
} from '@clearledger/core';
import { createInstrumentLedger, type InstrumentLedger, organizationId, textHash } from '@clearledger/ledger';
import type { NodeContext } from '@clearledger/node';
import type { Principal } from '../auth/principal.ts';
import type { InstrumentService } from '../instruments/InstrumentService.ts';
import { createKeyedQueue, issuerOf, openPresentedCase, typesOf } from '../instruments/instrumentCases.ts';

/** The case kind of an in-bond movement on this node (one per filing, keyed by its credential hash). */
export const IN_BOND = 'in-bond';

/** States a movement's deadlines still run in (the sweep looks at these). */
export const openInBondStates: readonly InBondState[] = [
  'AUTHORIZED',
  'EN_ROUTE',
  'DIVERSION_PENDING',
  'ARRIVED_PARTIAL',
  'ARRIVED',
  'EXPORTED_PARTIAL',
];

/** What a movement's case holds: the filing, the facts the node mirrors from the chain, the registration. */
export type InBondCaseData = {
  credentialId: string;
  hash: string;
  /** The filing organisation (the chain's issuer of the movement). */
  issuer: string;
  inBondNumber: string;
  movement: InBondMovement;
  document: Record<string, unknown>;
  facts: InBondMovementFacts;
  registered: { txHash: string; blockNumber: number } | null;
  /** Why the chain refused the registration (e.g. `CL_INBOND_NUMBER_TAKEN`); the case is then REJECTED. */
  registrationFailure: { code: string; message: string } | null;
};

/** An event as the case records it (`inbond.event`): the core event with the chain transaction. */
export type InBondEventRecord = {
  event: InBondEvent;
  txHash: string;
  blockNumber: number;
};

/** An event as the API takes it (the node adds who and the report time). */
export type InBondEventInput = {
  kind: InBondEvent['kind'];
  scope?: InBondEventScope;
  ref?: string;
  quantity?: string;
  firmsCode?: string;
  port?: string;
  newPort?: string;
  approved?: boolean;
  toCarrier?: string;
  /** The receiving carrier's bonded carrier ID (TRANSFER); default: the one on its own filings. */
  bondedCarrierId?: string;
  /** When it happened (DEPART, ARRIVE, EXPORT); default now. Never in the future. */
  at?: string;
};

const nowIso = () => new Date().toISOString();
const FAR_FUTURE = '2999-12-31T00:00:00.000Z';
const violationKey = (v: Pick<InBondViolation, 'code' | 'due' | 'event'>) => `${v.code}:${v.due}:${v.event ?? ''}`;
const FINAL: readonly string[] = ['CONCLUDED', 'DELETED', 'GENERAL_ORDER', 'REJECTED'];

/**
 * In-bond movements (19 CFR Part 18, domain.md §5) on this node: a bonded carrier's filing opens a
 * case and registers the movement on the chain (the in-bond number unique network-wide); events are
 * checked with core `nextInBondState` (same codes as the contract), sent to the chain from the acting
 * organisation's account, then recorded on the case with its deadlines and violations recomputed;
 * `sweepOverdue` records the deadlines missed meanwhile, once each.
 */
export function createInBondService(node: NodeContext) {
  const store = node.store;
  const ledgerOf = async (orgId: string): Promise<InstrumentLedger> => {
    if (node.ledger === undefined) throw new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'This node has no chain.');
    return createInstrumentLedger(await node.ledger.clientFor(orgId));
  };
  /** One instrument's changes are recorded one after the other on this node. */
  const serially = createKeyedQueue();

  const customsOrgs = async () =>
    (await store.listOrganizations()).filter((o) => o.roles.includes('CUSTOMS')).map((o) => o.id);

  /** The parties: the filing carrier, customs of this node, shipper and consignee when named by id. */
  const participantsOf = async (movement: InBondMovement, issuer: string) => {
    const ids = [movement.shipper, movement.consignee]
      .map((p) => (p as { id?: unknown }).id)
      .filter((id): id is string => typeof id === 'string' && id !== '');
    return [...new Set([issuer, movement.carrier.id, ...ids, ...(await customsOrgs())])];
  };

  const eventsOf = (events: readonly CaseEvent[]): InBondEvent[] =>
    events.filter((e) => e.kind === 'inbond.event').map((e) => (e.data as InBondEventRecord).event);
  const recordedViolations = (events: readonly CaseEvent[]) =>
    new Set(
      events
        .filter((e) => e.kind === 'inbond.violation')
        .map((e) => violationKey(e.data as unknown as InBondViolation)),
    );

  /** The zone deadlines at the destination count in. */
  const zoneOf = (port: string) => findCbpPort(port)?.timeZone ?? DEFAULT_PORT_TIME_ZONE;

  /** The next moment a deadline passes unmet (OVERDUE, GENERAL_ORDER_DUE not yet recorded), or null. */
  const nextDueOf = (data: InBondCaseData, events: readonly InBondEvent[], recorded: ReadonlySet<string>) => {
    if (FINAL.includes(data.facts.state)) return null;
    const coming = inBondViolations(data.movement, events, FAR_FUTURE)
      .filter((v) => v.code !== 'LATE_REPORT' && !recorded.has(violationKey(v)))
      .map((v) => endOfLocalDay(v.due, zoneOf(data.facts.destinationPort)))
      .sort();
    return coming[0] ?? null;
  };

  /**
   * Records the violations of a movement not recorded yet (once each) and sets its next deadline;
   * returns how many were recorded. Run after every event and by the sweep.
   */
  const settleDeadlines = async (caseId: string, ownerOrgId: string, now: string): Promise<number> =>
    (await settled(caseId, ownerOrgId, now)).recorded;

  /** {@link settleDeadlines}, answering the case and its events as they stand after it. */
  const settled = async (
    caseId: string,
    ownerOrgId: string,
    now: string,
  ): Promise<{ recorded: number; movementCase: CaseRecord; caseEvents: CaseEvent[] }> => {
    let current = await store.getCase(ownerOrgId, caseId);
    const data = current.data as InBondCaseData;
    const caseEvents = await store.listCaseEvents(ownerOrgId, caseId);
    const events = eventsOf(caseEvents);
    const recorded = recordedViolations(caseEvents);
    const fresh = inBondViolations(data.movement, events, now).filter((v) => !recorded.has(violationKey(v)));
    for (const v of fresh) recorded.add(violationKey(v));
    const dueAt = nextDueOf(data, events, recorded);
    if (fresh.length === 0 && dueAt === current.dueAt) return { recorded: 0, movementCase: current, caseEvents };
    const changes =
      fresh.length === 0
        ? [{ kind: 'inbond.deadline-checked', data: { nextDue: dueAt } }]
        : fresh.map((v) => ({
            kind: 'inbond.violation',
            data: { ...v } as Record<string, unknown>,
          }));
    const appended: CaseEvent[] = [];
    for (const [index, change] of changes.entries()) {
      const event = { actorOrgId: ownerOrgId, actorId: 'system', kind: change.kind, data: change.data, at: now };
      current = await store.updateCase(ownerOrgId, caseId, {
        expectedVersion: current.version,
        state: current.state,
        data: current.data,
        ...(index === changes.length - 1 ? { dueAt } : {}),
        event,
      });
      appended.push({ ...event, caseId, seq: (caseEvents.at(-1)?.seq ?? 0) + appended.length + 1 });
    }
    return { recorded: fresh.length, movementCase: current, caseEvents: [...caseEvents, ...appended] };
  };

  /** The case of each in-bond filing among `issued` (state PENDING until the chain registers it). */
  const openIssued = async (
    tx: Store,
    orgId: string,
    actorId: string,
    issued: readonly { hash: string; type: string; credential: Record<string, unknown> }[],
  ) => {
    for (const record of issued) {
      if (record.type !== inBondCredentialType) continue;
      if ((await tx.findCaseByKey(IN_BOND, record.hash)) !== null) continue;
      const checked = validateInBond(record.credential.credentialSubject);
      if (!checked.success) continue;
      const movement = checked.data;
      const at = nowIso();
      const data: InBondCaseData = {
        credentialId: typeof record.credential.id === 'string' ? record.credential.id : record.hash,
        hash: record.hash,
        issuer: orgId,
        inBondNumber: movement.inBondNumber,
        movement,
        document: record.credential,
        facts: initialInBondFacts(movement, orgId),
        registered: null,
        registrationFailure: null,
      };
      await tx.putCase(
        {
          id: caseIdOf(record.hash),
          kind: IN_BOND,
          ownerOrgId: orgId,
          participants: await participantsOf(movement, orgId),
          state: 'PENDING',
          uniqueKey: record.hash,
          parentId: null,
          dueAt: null,
          data,
          createdAt: at,
        },
        {
          actorOrgId: orgId,
          actorId,
          kind: 'inbond.filed',
          data: { inBondNumber: movement.inBondNumber, entryType: movement.entryType },
          at,
        },
      );
    }
  };

  /**
   * Registers the carrier's movements still PENDING on the chain. A number another movement holds
   * (`CL_INBOND_NUMBER_TAKEN`) moves the case to REJECTED with the code; other failures stay
   * PENDING for the next try.
   */
  const registerPending = async (orgId: string) => {
    const recent = await store.listCredentials(orgId, { type: inBondCredentialType, newestFirst: true, limit: 200 });
    await openIssued(
      store,
      orgId,
      'system',
      recent.map((row) => ({
        hash: row.hash,
        type: row.type,
        credential: JSON.parse(row.document) as Record<string, unknown>,
      })),
    );
    const pending = await store.listCases(orgId, { kind: IN_BOND, state: 'PENDING', ownerOrgId: orgId, limit: 500 });
    if (pending.length === 0) return 0;
    const ledger = await ledgerOf(orgId);
    let registered = 0;
    for (const movementCase of pending) {
      const data = movementCase.data as InBondCaseData;
      let outcome: { ok: true; txHash: string; blockNumber: number } | { ok: false; code: string; message: string };
      try {
        const tx = await ledger.registerMovement({
          credentialHash: data.hash,
          inBondNumber: data.inBondNumber,
          entryType: Number(data.movement.entryType) as 61 | 62 | 63,
          destinationPort: data.movement.destinationPort,
          manifest: toMillionths(data.movement.manifestQuantity) ?? 0n,
        });
        outcome = { ok: true, txHash: tx.txHash, blockNumber: tx.blockNumber };
      } catch (error) {
        if (!(isClearledgerError(error) && error.code === 'CL_INBOND_NUMBER_TAKEN')) throw error;
        outcome = {
          ok: false,
          code: error.code,
          message: `In-bond number ${data.inBondNumber} is used by another movement on the network already (IB-01); file again with another number.`,
        };
      }
      await serially(data.hash, async () => {
        const current = await store.getCase(orgId, movementCase.id);
        if (current.state !== 'PENDING') return;
        await store.updateCase(orgId, current.id, {
          expectedVersion: current.version,
          state: outcome.ok ? 'ON_FILE' : 'REJECTED',
          data: outcome.ok
            ? { ...current.data, registered: { txHash: outcome.txHash, blockNumber: outcome.blockNumber } }
            : { ...current.data, registrationFailure: { code: outcome.code, message: outcome.message } },
          event: {
            actorOrgId: orgId,
            actorId: 'system',
            kind: outcome.ok ? 'inbond.registered' : 'inbond.registration-refused',
            data: outcome.ok
              ? { txHash: outcome.txHash, blockNumber: outcome.blockNumber }
              : { code: outcome.code, message: outcome.message },
            at: nowIso(),
          },
        });
      });
      if (outcome.ok) registered += 1;
    }
    return registered;
  };

  /**
   * Before issuing: filings whose in-bond number a movement on the chain holds already are refused
   * (`CL_INBOND_NUMBER_TAKEN`), so nothing is signed for a number the chain would refuse.
   */
  const checkIssue = async (orgId: string, drafts: readonly Record<string, unknown>[]) => {
    if (node.ledger === undefined) return;
    const client = await node.ledger.clientFor(orgId);
    const seen = new Set<string>();
    for (const [index, draft] of drafts.entries()) {
      if (!Array.isArray(draft.type) || !draft.type.includes(inBondCredentialType)) continue;
      const number = (draft.credentialSubject as { inBondNumber?: unknown } | undefined)?.inBondNumber;
      if (typeof number !== 'string') continue;
      const holder = await client.readInstrument<`0x${string}`>('movementOfNumber', [textHash(number)]);
      if (seen.has(number) || !/^0x0*$/.test(holder)) {
        throw new ClearledgerError(
          'CL_INBOND_NUMBER_TAKEN',
          `In-bond number ${number} is used by another movement on the network already (IB-01); nothing was issued.`,
          {
            field:
              drafts.length === 1
                ? '/credential/credentialSubject/inBondNumber'
                : `/credentials/${index}/credentialSubject/inBondNumber`,
          },
        );
      }
      seen.add(number);
    }
  };

  const findCase = async (principal: Principal, ref: string): Promise<CaseRecord> => {
    const key = ref.startsWith('inbond_') ? ref.slice('inbond_'.length) : ref;
    const found = /^[0-9a-f]{64}$/.test(key) ? await store.findCaseByKey(IN_BOND, key) : null;
    if (found === null || !found.participants.includes(principal.org.id)) {
      throw new ClearledgerError(
        'CL_STORE_NOT_FOUND',
        'No such in-bond movement (or it is not visible to your organisation).',
        { field: '/id' },
      );
    }
    return found;
  };

  /**
   * The movement's facts as the chain holds them now (another node may have reported events), merged
   * into what this node knows: state, destination, quantities and the liable carrier. Null when the
   * chain does not know the movement.
   */
  const chainFacts = async (data: InBondCaseData): Promise<InBondMovementFacts | null> => {
    const chain = await (await ledgerOf(node.operatorOrgId)).movementOf(data.issuer, data.hash);
    if (chain === null) return null;
    let liableCarrier = data.facts.liableCarrier;
    if (organizationId(liableCarrier).toLowerCase() !== chain.carrierOrgId.toLowerCase()) {
      const known = (await store.listOrganizations()).find(
        (o) => organizationId(o.id).toLowerCase() === chain.carrierOrgId.toLowerCase(),
      );
      liableCarrier = known?.id ?? chain.carrierOrgId;
    }
    return {
      ...data.facts,
      state: chain.state as InBondMovementFacts['state'],
      destinationPort: chain.destination,
      ...(chain.requestedPort === null ? {} : { diversionPort: chain.requestedPort }),
      arrivedQuantity: fromMillionths(chain.arrived),
      exportedQuantity: fromMillionths(chain.exported),
      liableCarrier,
    };
  };

  /**
   * A movement filed on another node, presented to this one (its filing credential and anchor
   * receipt): verified VALID, known on the chain, then opened here with the chain's facts, so this
   * node's customs service or the carrier taking liability can act on it.
   */
  const caseOfPresented = async (
    principal: Principal,
    presented: { verifiableCredential: Record<string, unknown>; anchor?: Record<string, unknown> },
  ) => {
    const credential = presented.verifiableCredential;
    const report = await node.verify({
      now: nowIso(),
      credential,
      ...(presented.anchor === undefined ? {} : { anchor: presented.anchor as AnchorReceipt }),
    });
    if (report.verdict !== 'VALID') {
      throw new ClearledgerError(
        'CL_INBOND_INVALID',
        `The movement presented does not verify (${report.verdict}): it cannot be acted on.`,
        { field: '/movement', details: { verdict: report.verdict } },
      );
    }
    const checked = validateInBond(credential.credentialSubject);
    if (!typesOf(credential).includes(inBondCredentialType) || !checked.success) {
      throw new ClearledgerError('CL_INBOND_INVALID', 'The record presented is not an in-bond filing.', {
        field: '/movement',
      });
    }
    const hash = report.hash ?? '';
    const existing = await store.findCaseByKey(IN_BOND, hash);
    if (existing !== null) return existing;
    const issuer = issuerOf(credential);
    const movement = checked.data;
    const base: InBondCaseData = {
      credentialId: typeof credential.id === 'string' ? credential.id : hash,
      hash,
      issuer,
      inBondNumber: movement.inBondNumber,
      movement,
      document: credential,
      facts: initialInBondFacts(movement, issuer),
      registered: null,
      registrationFailure: null,
    };
    const facts = await chainFacts(base);
    if (facts === null) {
      throw new ClearledgerError('CL_INBOND_EVENT_NOT_ALLOWED', 'The movement is not registered on the chain yet.', {
        field: '/movement',
      });
    }
    return openPresentedCase(store, {
      kind: IN_BOND,
      id: caseIdOf(hash),
      hash,
      ownerOrgId: issuer,
      participants: [...new Set([...(await participantsOf(movement, issuer)), principal.org.id])],
      state: facts.state,
      data: { ...base, facts, registered: { txHash: '', blockNumber: 0 } },
      actor: { orgId: principal.org.id, id: principal.id },
      eventKind: 'inbond.presented',
    });
  };

  /** The core event of an API event: who (the caller's organisation and roles), when (the server's report time). */
  const coreEvent = async (principal: Principal, input: InBondEventInput, now: string): Promise<InBondEvent> => {
    const by: InBondActor = { id: principal.org.id, roles: principal.org.roles };
    const physical = input.kind === 'DEPART' || input.kind === 'ARRIVE' || input.kind === 'EXPORT';
    if (input.at !== undefined && !physical)
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        `A ${input.kind} is dated by the node when it is reported; "at" is for departures, arrivals and exports.`,
        { field: '/at' },
      );
    const base = { by, at: input.at ?? now, reportedAt: now };
    const need = (field: keyof InBondEventInput) => {
      if (input[field] === undefined)
        throw new ClearledgerError('CL_INPUT_INVALID', `A ${input.kind} names its ${field}.`, { field: `/${field}` });
    };
    const opt = <K extends keyof InBondEventInput>(k: K) => (input[k] === undefined ? {} : { [k]: input[k] });
    switch (input.kind) {
      case 'ARRIVE':
        need('port');
        return {
          ...base,
          kind: 'ARRIVE',
          scope: input.scope ?? 'ENTIRE',
          port: input.port!,
          ...opt('ref'),
          ...opt('firmsCode'),
          ...opt('quantity'),
        };
      case 'EXPORT':
        return {
          ...base,
          kind: 'EXPORT',
          scope: input.scope ?? 'ENTIRE',
          ...opt('ref'),
          ...opt('port'),
          ...opt('quantity'),
        };
      case 'TRANSFER': {
        need('toCarrier');
        const to = await store.getOrganization(input.toCarrier!);
        return {
          ...base,
          kind: 'TRANSFER',
          toCarrier: {
            id: input.toCarrier!,
            roles: to?.active === true ? to.roles : [],
            bondedCarrierId: input.bondedCarrierId ?? (await bondedCarrierIdOf(input.toCarrier!)) ?? '',
          },
        };
      }
      case 'DIVERSION_REQUEST':
        need('newPort');
        return { ...base, kind: 'DIVERSION_REQUEST', newPort: input.newPort! };
      case 'DIVERSION_DECISION':
        need('approved');
        return { ...base, kind: 'DIVERSION_DECISION', approved: input.approved! };
      default:
        return { ...base, kind: input.kind };
    }
  };

  /** A carrier's bonded carrier ID as its own filings on this node give it. */
  const bondedCarrierIdOf = async (orgId: string): Promise<string | null> => {
    const rows = await store.listCredentials(orgId, { type: inBondCredentialType, newestFirst: true, limit: 1 });
    const row = rows[0];
    if (row === undefined) return null;
    const subject = (JSON.parse(row.document) as { credentialSubject?: { carrier?: { bondedCarrierId?: unknown } } })
      .credentialSubject;
    return typeof subject?.carrier?.bondedCarrierId === 'string' ? subject.carrier.bondedCarrierId : null;
  };

  /** The chain transaction of an accepted event, from the acting organisation's account. */
  const send = (
    ledger: InstrumentLedger,
    data: InBondCaseData,
    event: InBondEvent,
    before: InBondMovementFacts,
    after: InBondMovementFacts,
  ) => {
    const { issuer, hash } = data;
    switch (event.kind) {
      case 'AUTHORIZE':
        return ledger.authorizeMovement(issuer, hash);
      case 'DEPART':
        return ledger.depart(issuer, hash);
      case 'ARRIVE':
        return ledger.arrive(issuer, hash, {
          quantity: toMillionths(after.arrivedQuantity)! - toMillionths(before.arrivedQuantity)!,
          port: event.port,
          firmsCode: event.firmsCode ?? '',
        });
      case 'EXPORT':
        return ledger.exportGoods(issuer, hash, {
          quantity: toMillionths(after.exportedQuantity)! - toMillionths(before.exportedQuantity)!,
          ref: event.ref === undefined ? 'ENTIRE' : `${event.scope}:${event.ref}`,
        });
      case 'TRANSFER':
        return ledger.transferLiability(issuer, hash, event.toCarrier.id);
      case 'DIVERSION_REQUEST':
        return ledger.requestDiversion(issuer, hash, event.newPort);
      case 'DIVERSION_DECISION':
        return ledger.decideDiversion(issuer, hash, event.approved);
      case 'CONCLUDE':
        return ledger.conclude(issuer, hash);
      case 'DELETE':
        return ledger.deleteMovement(issuer, hash);
      case 'GENERAL_ORDER':
        return ledger.generalOrder(issuer, hash);
    }
  };

  /**
   * Reports an event: core's check first (same codes as the chain), then the chain transaction from
   * the caller's organisation, then the case event, with the deadlines and violations recomputed.
   */
  const act = async (
    principal: Principal,
    ref: string,
    input: InBondEventInput & {
      movement?: { verifiableCredential: Record<string, unknown>; anchor?: Record<string, unknown> };
    },
  ) => {
    const found =
      input.movement === undefined ? await findCase(principal, ref) : await caseOfPresented(principal, input.movement);
    const hash = (found.data as InBondCaseData).hash;
    const after = await serially(hash, async () => {
      const current = await store.getCase(found.ownerOrgId, found.id);
      const data = current.data as InBondCaseData;
      if (current.state === 'PENDING' || current.state === 'REJECTED') {
        throw new ClearledgerError(
          'CL_INBOND_EVENT_NOT_ALLOWED',
          current.state === 'PENDING'
            ? 'The movement is not registered on the chain yet; try again in a moment.'
            : `The movement was not registered (${data.registrationFailure?.code ?? 'refused'}): it takes no events.`,
          { field: '/kind' },
        );
      }
      const now = nowIso();
      const event = await coreEvent(principal, input, now);
      let next = nextInBondState(data.facts, event, now);
      if (!next.ok) {
        // What this node knows may be behind the chain (an event reported on another node): judge
        // again on the chain's facts before refusing.
        const fresh = await chainFacts(data);
        if (fresh !== null && JSON.stringify(fresh) !== JSON.stringify(data.facts)) {
          data.facts = fresh;
          next = nextInBondState(fresh, event, now);
        }
      }
      if (!next.ok) {
        throw new ClearledgerError(next.code, next.message, {
          field: fieldOf(next.code, input.kind),
          details: { rule: next.rule },
        });
      }
      const tx = await send(await ledgerOf(principal.org.id), data, event, data.facts, next.facts);
      const record: InBondEventRecord = { event, txHash: tx.txHash, blockNumber: tx.blockNumber };
      await store.updateCase(current.ownerOrgId, current.id, {
        expectedVersion: current.version,
        state: next.facts.state,
        data: { ...data, facts: next.facts },
        ...(event.kind === 'TRANSFER' ? { addParticipants: [event.toCarrier.id] } : {}),
        event: {
          actorOrgId: principal.org.id,
          actorId: principal.id,
          kind: 'inbond.event',
          data: record as unknown as Record<string, unknown>,
          at: now,
        },
      });
      return settled(current.id, current.ownerOrgId, now);
    });
    return summary(after.movementCase, false, after.caseEvents);
  };

  /**
   * Records the violations of movements whose next deadline passed by `now` (OVERDUE, GENERAL_ORDER_DUE;
   * once each) and sets their next deadline. The state lives in the store, so a restarted node resumes.
   * Returns how many violations were recorded.
   */
  const sweepOverdue = async (now: Date = new Date()): Promise<number> => {
    let recorded = 0;
    for (const due of await store.dueCases(IN_BOND, openInBondStates, now.toISOString(), 100)) {
      try {
        recorded += await serially((due.data as InBondCaseData).hash, () =>
          settleDeadlines(due.id, due.ownerOrgId, now.toISOString()),
        );
      } catch (error) {
        if (!(isClearledgerError(error) && error.code === 'CL_STORE_CONFLICT')) throw error;
      }
    }
    return recorded;
  };

  /** The movement as its parties see it: facts, the chain's state, the timeline, deadlines and violations. */
  /**
   * The movement as its parties see it. `readChain` false answers from the facts the node has just
   * written to the chain itself (after an event), instead of reading them back.
   */
  const summary = async (movementCase: CaseRecord, readChain = true, loaded?: readonly CaseEvent[]) => {
    const data = movementCase.data as InBondCaseData;
    const caseEvents = loaded ?? (await store.listCaseEvents(movementCase.ownerOrgId, movementCase.id));
    const events = eventsOf(caseEvents);
    const chain =
      !readChain || data.registered === null || node.ledger === undefined
        ? null
        : await (await ledgerOf(node.operatorOrgId)).movementOf(data.issuer, data.hash);
    const m = data.movement;
    return {
      id: movementCase.id,
      credentialId: data.credentialId,
      hash: data.hash,
      inBondNumber: data.inBondNumber,
      entryType: m.entryType,
      carrier: m.carrier,
      originPort: m.originPort,
      destinationPort: chain?.destination ?? data.facts.destinationPort,
      filedDestinationPort: m.destinationPort,
      foreignPort: m.foreignPort ?? null,
      conveyance: m.conveyance,
      vesselArrival: m.vesselArrival ?? null,
      manifestQuantity: m.manifestQuantity,
      bills: m.bills,
      containers: m.containers ?? [],
      valueUsd: m.valueUsd,
      shipper: m.shipper,
      consignee: m.consignee,
      issuer: data.issuer,
      liableCarrier: data.facts.liableCarrier,
      state: chain?.state ?? movementCase.state,
      caseState: movementCase.state,
      registered: data.registered,
      registrationFailure: data.registrationFailure,
      chain:
        chain === null
          ? readChain || data.registered === null
            ? null
            : {
                // What this node has just written to the chain (its transaction succeeded), not read back.
                state: data.facts.state,
                destination: data.facts.destinationPort,
                requestedPort: data.facts.state === 'DIVERSION_PENDING' ? (data.facts.diversionPort ?? null) : null,
                manifest: data.facts.manifestQuantity,
                arrived: data.facts.arrivedQuantity,
                exported: data.facts.exportedQuantity,
                eventCount: caseEvents.filter((e) => e.kind === 'inbond.event').length,
              }
          : {
              state: chain.state,
              destination: chain.destination,
              requestedPort: chain.requestedPort,
              manifest: fromMillionths(chain.manifest),
              arrived: fromMillionths(chain.arrived),
              exported: fromMillionths(chain.exported),
              eventCount: chain.eventCount,
            },
      arrivedQuantity: data.facts.arrivedQuantity,
      exportedQuantity: data.facts.exportedQuantity,
      deadlines: inBondDeadlines(m, events),
      nextDueAt: movementCase.dueAt,
      violations: caseEvents
        .filter((e) => e.kind === 'inbond.violation')
        .map((e) => ({ ...(e.data as unknown as InBondViolation), recordedAt: e.at })),
      timeline: caseEvents.map((e) => ({
        seq: e.seq,
        kind: e.kind === 'inbond.event' ? (e.data as unknown as InBondEventRecord).event.kind : e.kind,
        actorOrgId: e.actorOrgId,
        actorId: e.actorId,
        reportedAt: e.at,
        ...(e.kind === 'inbond.event' ? eventDetails(e.data as unknown as InBondEventRecord) : { data: e.data }),
      })),
    };
  };

  const get = async (principal: Principal, ref: string) => summary(await findCase(principal, ref));

  const list = async (principal: Principal, query: { limit?: number; beforeId?: string }) => {
    const cases = await store.listCases(principal.org.id, {
      kind: IN_BOND,
      limit: query.limit ?? 50,
      ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
    });
    return Promise.all(cases.map((c) => summary(c)));
  };

  return {
    credentialType: inBondCredentialType,
    openIssued,
    registerPending,
    checkIssue,
    act,
    sweepOverdue,
    get,
    list,
  } satisfies InstrumentService & Record<string, unknown>;
}

export type InBondService = ReturnType<typeof createInBondService>;

const caseIdOf = (hash: string) => `inbond_${hash}`;

/** What the timeline shows of an event: when it happened, what it covered, the chain transaction. */
function eventDetails(record: InBondEventRecord) {
  const { by, kind: _kind, reportedAt: _reported, ...rest } = record.event;
  return {
    happenedAt: record.event.at,
    ...rest,
    ...(record.event.kind === 'TRANSFER' ? { toCarrier: record.event.toCarrier.id } : {}),
    byRoles: by.roles,
    txHash: record.txHash,
    blockNumber: record.blockNumber,
  };
}

/** The body member a refusal concerns. */
function fieldOf(code: string, kind: InBondEvent['kind']): string {
  switch (code) {
    case 'CL_INBOND_WRONG_PORT':
    case 'CL_INBOND_DIVERSION_NOT_APPROVED':
      return '/port';
    case 'CL_INBOND_FUTURE_EVENT':
      return '/at';
    case 'CL_INBOND_QUANTITY_EXCEEDED':
      return '/quantity';
    case 'CL_INBOND_CARRIER_NOT_BONDED':
      return '/toCarrier';
    default:
      return kind === 'DIVERSION_REQUEST' ? '/newPort' : '/kind';
  }
}
