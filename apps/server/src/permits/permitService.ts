import { randomUUID } from 'node:crypto';
import {
  type AnchorReceipt,
  anchorReceiptOf,
  type CaseEvent,
  type CaseRecord,
  ClearledgerError,
  checkEntryNumber,
  checkPermitUse,
  findCbpPort,
  fromChainQuantity,
  type Lpco,
  type PermitChainState,
  type PermitState,
  type PermitUse,
  permitCredentialType,
  permitStateOf,
  portLocalDate,
  type Store,
  toChainQuantity,
  type VerificationReport,
  validatePermit,
} from '@clearledger/core';
import {
  createDrawBatcher,
  createInstrumentLedger,
  type InstrumentLedger,
  organizationId,
  permitUseKey,
} from '@clearledger/ledger';
import type { NodeContext } from '@clearledger/node';
import type { Principal } from '../auth/principal.ts';
import { brokerAuthorizationsOf } from '../certificate-of-origin/tradeIdentifiers.ts';
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

/** The case kind of a permit on this node (one per permit, keyed by its credential hash). */
export const PERMIT = 'permit';
/** The case kind of one use of a permit (keyed by its use key, PM-05; its parent is the permit's case). */
export const PERMIT_USE = 'permit-use';

/** What a permit's case holds: the permit's facts, its document and the last chain facts seen. */
export type PermitCaseData = {
  credentialId: string;
  hash: string;
  issuer: string;
  holder: string;
  designees: string[];
  number: string;
  agency: { code: string; name: string };
  program: string;
  unit: string;
  quantity: string;
  singleUse: boolean;
  issuedOn: string;
  expiresOn: string;
  document: Record<string, unknown>;
  anchor: AnchorReceipt | null;
  /** The document verified VALID on this node once (its status is enforced by the chain at each use). */
  verified: boolean;
  registered: { txHash: string; blockNumber: number } | null;
  chain: { state: PermitChainState | null; balance: string; useCount: number; blockNumber: number };
};

/** A use as the node records it (event `permit.drawn`), with the chain's answer. */
export type PermitUseRecord = {
  useKey: string;
  /** Null for a use drawn on another node: the chain holds its entry as a hash only. */
  entryNumber: string | null;
  line: number | null;
  quantity: string;
  unit: string;
  port: string;
  hts: string | null;
  country: string | null;
  product: string | null;
  drawer: string;
  onBehalfOf: string | null;
  at: string;
  txHash: string;
  blockNumber: number;
  balanceAfter: string;
  reversed: { at: string; by: string; reason: string; txHash: string } | null;
};

/** A draw as the API takes it (the node adds the date, the drawer and the key). */
export type DrawInput = {
  /** A permit this node knows (case id `permit_<hash>` or credential hash)… */
  permitId?: string;
  /** …or the permit as the holder presents it: the credential and its anchor receipt. */
  permit?: { verifiableCredential: Record<string, unknown>; anchor?: Record<string, unknown> };
  entryNumber: string;
  line: number;
  quantity: string;
  unit: string;
  port: string;
  hts: string;
  country: string;
  product?: string;
  /** The holder a broker draws for (defaults to the caller). */
  importer?: string;
};

const nowIso = () => new Date().toISOString();

/**
 * Permits (LPCO) on this node: registration on the chain when an agency issues one, draws at entry
 * (PM-01–PM-08: scope and holder checked here with core, balance, state and idempotency by the
 * chain), reversals by the issuing agency (PM-06), and the permit with its uses for the parties.
 * One store case per permit holds its document and what the node saw; the chain holds the balance.
 */
export function createPermitService(node: NodeContext) {
  const store = node.store;
  const ledgerOf = async (orgId: string): Promise<InstrumentLedger> => {
    if (node.ledger === undefined) throw new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'This node has no chain.');
    return createInstrumentLedger(await node.ledger.clientFor(orgId));
  };
  const reader = async () => ledgerOf(node.operatorOrgId);
  /** One draw batcher per drawing organisation: concurrent draws share a transaction. */
  const batchers = new Map<string, ReturnType<typeof createDrawBatcher>>();
  const batcherOf = async (orgId: string) => {
    let batcher = batchers.get(orgId);
    if (batcher === undefined) {
      batcher = createDrawBatcher(await ledgerOf(orgId));
      batchers.set(orgId, batcher);
    }
    return batcher;
  };
  /** One instrument's changes are recorded one after the other on this node. */
  const serially = createKeyedQueue();

  const customsOrgs = async () =>
    (await store.listOrganizations()).filter((o) => o.roles.includes('CUSTOMS')).map((o) => o.id);

  /** The parties of a permit's case: the agency, the holder, its designees, the customs services of this node. */
  const participantsOf = async (permit: Lpco, issuer: string, extra: readonly string[] = []) => [
    ...new Set([
      issuer,
      permit.holder.id,
      ...(permit.designees ?? []).map((d) => d.id),
      ...(await customsOrgs()),
      ...extra,
    ]),
  ];

  const caseData = (
    credential: Record<string, unknown>,
    permit: Lpco,
    hash: string,
    anchor: AnchorReceipt | null,
    verified: boolean,
  ): PermitCaseData => ({
    credentialId: typeof credential.id === 'string' ? credential.id : hash,
    hash,
    issuer: issuerOf(credential),
    holder: permit.holder.id,
    designees: (permit.designees ?? []).map((d) => d.id),
    number: permit.number,
    agency: permit.agency,
    program: permit.program,
    unit: permit.authorizedQuantity.unit,
    quantity: permit.authorizedQuantity.value,
    singleUse: permit.singleUse,
    issuedOn: permit.issuedOn,
    expiresOn: permit.expiresOn,
    document: credential,
    anchor,
    verified,
    registered: null,
    chain: { state: null, balance: permit.authorizedQuantity.value, useCount: 0, blockNumber: 0 },
  });

  /**
   * Opens the case of each permit among records just issued by `orgId` (in the issuing transaction's
   * store), state APPLIED until the chain registers it.
   */
  const openIssued = (tx: Store, orgId: string, actorId: string, issued: readonly IssuedRecord[]) =>
    openInstrumentCases(tx, {
      kind: PERMIT,
      credentialType: permitCredentialType,
      orgId,
      actorId,
      issued,
      describe: async (record) => {
        const checked = validatePermit(record.credential.credentialSubject);
        if (!checked.success) return null; // issuance refused it already; nothing to track
        return {
          id: caseIdOf(record.hash),
          participants: await participantsOf(checked.data, orgId),
          state: 'APPLIED',
          data: caseData(record.credential, checked.data, record.hash, null, true),
          event: { kind: 'permit.issued', data: { number: checked.data.number } },
        };
      },
    });

  /** Registers the agency's permits still APPLIED on the chain (after issuance; retried after a failure). */
  const registerPending = async (orgId: string) => {
    // Permits issued without their case (the node stopped in between) get it now.
    await openIssued(store, orgId, 'system', await recentlyIssued(store, orgId, permitCredentialType));
    const pending = await store.listCases(orgId, { kind: PERMIT, state: 'APPLIED', ownerOrgId: orgId, limit: 500 });
    const ledger = await ledgerOf(orgId);
    let registered = 0;
    for (const permitCase of pending) {
      const data = permitCase.data as PermitCaseData;
      const tx = await ledger.registerPermit({
        credentialHash: data.hash,
        quantity: toChainQuantity(data.quantity),
        singleUse: data.singleUse,
        expiresOn: data.expiresOn,
      });
      await serially(data.hash, async () => {
        const current = await store.getCase(orgId, permitCase.id);
        if (current.state !== 'APPLIED') return;
        await store.updateCase(orgId, current.id, {
          expectedVersion: current.version,
          state: 'ACTIVE',
          data: {
            ...current.data,
            registered: { txHash: tx.txHash, blockNumber: tx.blockNumber },
            chain: { state: 'ACTIVE', balance: data.quantity, useCount: 0, blockNumber: tx.blockNumber },
          },
          event: {
            actorOrgId: orgId,
            actorId: 'system',
            kind: 'permit.registered',
            data: { txHash: tx.txHash, blockNumber: tx.blockNumber },
            at: nowIso(),
          },
        });
      });
      registered += 1;
    }
    return registered;
  };

  /** The permit's case: by case id (`permit_<hash>`) or credential hash; null when this node does not know it. */
  const findCase = async (ref: string): Promise<CaseRecord | null> => {
    const byHash = /^[0-9a-f]{64}$/.test(ref) ? await store.findCaseByKey(PERMIT, ref) : null;
    if (byHash !== null) return byHash;
    if (ref.startsWith('permit_')) return store.findCaseByKey(PERMIT, ref.slice('permit_'.length));
    return null;
  };

  /** Verifies a presented permit and opens (or finds) its case on this node. */
  const caseOfPresented = async (principal: Principal, presented: NonNullable<DrawInput['permit']>) => {
    const credential = presented.verifiableCredential;
    const report: VerificationReport = await node.verify({
      now: nowIso(),
      credential,
      ...(presented.anchor === undefined ? {} : { anchor: presented.anchor as AnchorReceipt }),
    });
    requireValid(report);
    if (!typesOf(credential).includes(permitCredentialType)) {
      throw new ClearledgerError('CL_INPUT_INVALID', 'The record presented is not a permit (LpcoCredential).', {
        field: '/permit',
      });
    }
    const hash = report.hash ?? '';
    const existing = await store.findCaseByKey(PERMIT, hash);
    if (existing !== null) return existing;
    const checked = validatePermit(credential.credentialSubject);
    if (!checked.success) throw permitInvalid(checked.problems);
    const issuer = issuerOf(credential);
    return openPresentedCase(store, {
      kind: PERMIT,
      id: caseIdOf(hash),
      hash,
      ownerOrgId: issuer,
      participants: await participantsOf(checked.data, issuer, [principal.org.id]),
      state: 'PRESENTED',
      data: caseData(credential, checked.data, hash, (presented.anchor as AnchorReceipt | undefined) ?? null, true),
      actor: { orgId: principal.org.id, id: principal.id },
      eventKind: 'permit.presented',
    });
  };

  /** A local permit (issued on this node) is verified once before its first use. */
  const ensureVerified = async (permitCase: CaseRecord): Promise<CaseRecord> => {
    const data = permitCase.data as PermitCaseData;
    if (data.verified && data.anchor !== null) return permitCase;
    const receipt = await store.findReceipt(data.hash);
    const anchor = receipt === null ? 'pending' : anchorReceiptOf(receipt);
    if (anchor === 'pending') {
      throw new ClearledgerError(
        'CL_PERMIT_NOT_USABLE',
        'The permit is issued but not anchored on the ledger yet; try again in a moment (PM-01).',
        { field: '/permitId' },
      );
    }
    requireValid(await node.verify({ now: nowIso(), credential: data.document, anchor }));
    // Verified once with its receipt: kept, so later uses need not verify it again (status is the chain's).
    return serially(permitCase.id, async () => {
      const current = await store.getCase(permitCase.ownerOrgId, permitCase.id);
      if ((current.data as PermitCaseData).anchor !== null) return current;
      return store.updateCase(current.ownerOrgId, current.id, {
        expectedVersion: current.version,
        state: current.state,
        data: { ...current.data, anchor, verified: true },
        event: { actorOrgId: current.ownerOrgId, actorId: 'system', kind: 'permit.verified', data: null, at: nowIso() },
      });
    });
  };

  /** A use recorded on this node, by its key (PM-05), or null. */
  const useByKey = async (useKey: string) => store.findCaseByKey(PERMIT_USE, useKey);

  /** The permit's state now: the chain's facts, the credential's status, today at the port. */
  const stateNow = async (data: PermitCaseData, port: string | null) => {
    const ledger = await reader();
    const [facts, status] = await Promise.all([
      ledger.permitOf(data.issuer, data.hash),
      node.ledger!.client.statusOf(data.issuer, data.hash),
    ]);
    const timeZone = (port === null ? undefined : findCbpPort(port)?.timeZone) ?? 'America/New_York';
    const chainState = facts.state === 'NONE' ? null : (facts.state as PermitChainState);
    const state: PermitState = permitStateOf({
      chainState,
      credentialStatus: status.status,
      expiresOn: data.expiresOn,
      today: portLocalDate(nowIso(), timeZone),
    });
    return { state, chainState, balance: fromChainQuantity(facts.balance), useCount: facts.useCount, status };
  };

  /**
   * Draws a quantity from a permit for an entry line. The node dates the use at the port, checks the
   * holder (PM-07) and the scope (PM-08) with core, then the chain applies it — or answers that it
   * was applied before (PM-05: a retry gets the first use back, `replay: true`). Each use is a record
   * of its own (a case of kind `permit-use` keyed by its use key), so a draw costs the same on the
   * millionth use of a permit as on the first.
   */
  const draw = async (principal: Principal, input: DrawInput) => {
    const entry = checkEntryNumber(input.entryNumber);
    if (!entry.success) {
      throw new ClearledgerError(
        entry.reason === 'FORMAT' ? 'CL_INPUT_INVALID' : 'CL_CLAIM_ENTRY_CHECK_DIGIT',
        entry.reason === 'FORMAT'
          ? 'The entry number is a filer code (3), 7 digits and a check digit, e.g. AB1-2345678-7.'
          : `The entry number's check digit should be ${entry.expected}: a digit was mistyped.`,
        { field: '/entryNumber' },
      );
    }
    const port = findCbpPort(input.port);
    if (port === undefined) {
      throw new ClearledgerError('CL_INPUT_INVALID', `${input.port} is not a CBP port of entry (Schedule D).`, {
        field: '/port',
      });
    }
    let permitCase: CaseRecord | null;
    if (input.permit !== undefined) permitCase = await caseOfPresented(principal, input.permit);
    else {
      permitCase = input.permitId === undefined ? null : await findCase(input.permitId);
      // A broker the holder authorised may name the holder's permit too.
      const holderOfCase = (permitCase?.data as PermitCaseData | undefined)?.holder;
      const brokerOfHolder =
        permitCase !== null &&
        holderOfCase !== undefined &&
        input.importer === holderOfCase &&
        (await brokerAuthorizationsOf(store, holderOfCase)).some((a) => a.broker === principal.org.id);
      if (permitCase === null || (!permitCase.participants.includes(principal.org.id) && !brokerOfHolder)) {
        throw new ClearledgerError(
          'CL_STORE_NOT_FOUND',
          'This node does not know that permit: present it (the permit credential and its anchor receipt).',
          { field: '/permitId' },
        );
      }
      permitCase = await ensureVerified(permitCase);
    }
    const data = permitCase.data as PermitCaseData;
    const permit = permitOfCase(permitCase);
    const drawer = principal.org.id;
    const holder = input.importer ?? drawer;
    const brokerFor =
      holder !== drawer && (await brokerAuthorizationsOf(store, holder)).some((a) => a.broker === drawer)
        ? [holder]
        : [];
    const today = portLocalDate(nowIso(), port.timeZone);
    const useKey = permitUseKey(data.issuer, data.hash, entry.entryNumber, input.line);
    // Balance and state are the chain's to judge (PM-01–PM-04, at the draw). Core judges the rest here —
    // holder, scope, unit, date at the port, replay — against the permit as issued: its full quantity
    // is the bound no draw can pass, whatever the balance now.
    const existing = await useByKey(useKey);
    const now = { state: 'ACTIVE' as PermitState, balance: data.quantity, useCount: 0 };
    const known = existing === null ? [] : [existing.data as PermitUseRecord];
    const use = {
      entryNumber: entry.entryNumber,
      line: input.line,
      quantity: input.quantity,
      unit: input.unit,
      port: port.code,
      hts: input.hts.replaceAll('.', ''),
      country: input.country,
      ...(input.product === undefined ? {} : { product: input.product }),
      drawer,
      drawerIsBrokerFor: brokerFor,
    };
    const verdict = checkPermitUse({
      permit,
      facts: {
        state: now.state,
        balance: now.balance,
        singleUse: data.singleUse,
        expiresOn: data.expiresOn,
        uses: known.map(
          (u): PermitUse => ({
            // A record this node keeps under the same use key: the same entry line.
            entryNumber: u.entryNumber ?? entry.entryNumber,
            line: u.line ?? input.line,
            quantity: u.quantity,
            port: u.port,
            reversed: u.reversed !== null,
          }),
        ),
      },
      use,
      today,
    });
    if (!verdict.ok) throw refusal(verdict);
    if (verdict.replay) {
      // Only the party that drew may see its use again (another party's retry is not a replay of its own).
      if (known[0]!.drawer !== drawer) {
        throw new ClearledgerError(
          'CL_PERMIT_USE_KEY_REUSED',
          `Entry ${entry.entryNumber} line ${input.line} drew on this permit already, by another party (PM-05).`,
          { field: '/entryNumber' },
        );
      }
      const fresh = await stateNow(data, port.code);
      return {
        replay: true,
        use: known[0]!,
        permit: summaryOf(permitCase, fresh.state, fresh.balance, fresh.useCount),
      };
    }
    const drawn = await (await batcherOf(drawer))
      .draw({
        issuerDid: data.issuer,
        credentialHash: data.hash,
        entryNumber: entry.entryNumber,
        line: input.line,
        quantity: toChainQuantity(input.quantity),
        port: port.code,
      })
      .catch((error: unknown) => {
        throw chainRefusal(error);
      });
    const record: PermitUseRecord = {
      useKey: drawn.useKey,
      entryNumber: entry.entryNumber,
      line: input.line,
      quantity: fromChainQuantity(toChainQuantity(input.quantity)),
      unit: data.unit,
      port: port.code,
      hts: use.hts,
      country: input.country,
      product: input.product ?? null,
      drawer,
      onBehalfOf: holder === drawer ? null : holder,
      at: nowIso(),
      txHash: drawn.txHash,
      blockNumber: drawn.blockNumber,
      balanceAfter: fromChainQuantity(drawn.balance),
      reversed: null,
    };
    const parties = [...new Set([...permitCase.participants, drawer, ...(holder === drawer ? [] : [holder])])];
    let recorded = record;
    try {
      await store.putCase(
        {
          id: useIdOf(),
          kind: PERMIT_USE,
          ownerOrgId: drawer,
          participants: parties,
          state: 'APPLIED',
          uniqueKey: drawn.useKey,
          parentId: permitCase.id,
          dueAt: null,
          data: record,
          createdAt: record.at,
        },
        {
          actorOrgId: drawer,
          actorId: principal.id,
          kind: 'permit.drawn',
          data: { txHash: drawn.txHash },
          at: record.at,
        },
      );
    } catch (error) {
      // The same draw retried at the same moment: the chain applied it once, the first record stands.
      const first = await useByKey(drawn.useKey);
      if (first === null) throw error;
      recorded = first.data as PermitUseRecord;
    }
    if (parties.length !== permitCase.participants.length) await addParticipants(permitCase, parties, principal);
    const state = chainStateName(drawn.balance, data);
    return {
      replay: drawn.replay,
      use: recorded,
      permit: summaryOf(permitCase, state, record.balanceAfter, null),
    };
  };

  /** Lets a new drawer (a broker, a designee) read the permit it drew on from now on. */
  const addParticipants = async (permitCase: CaseRecord, parties: string[], principal: Principal) =>
    serially(permitCase.id, async () => {
      const current = await store.getCase(permitCase.ownerOrgId, permitCase.id).catch(() => null);
      if (current === null) return;
      const missing = parties.filter((p) => !current.participants.includes(p));
      if (missing.length === 0) return;
      await store.updateCase(current.ownerOrgId, current.id, {
        expectedVersion: current.version,
        state: current.state,
        data: current.data,
        addParticipants: missing,
        event: {
          actorOrgId: principal.org.id,
          actorId: principal.id,
          kind: 'permit.party',
          data: { added: missing },
          at: nowIso(),
        },
      });
    });

  /** PM-06: the issuing agency reverses one use with a compensating entry; the use stays, marked reversed. */
  const reverse = async (principal: Principal, ref: string, useKey: string, reason: string) => {
    const permitCase = await findCase(ref);
    if (permitCase === null || !permitCase.participants.includes(principal.org.id)) {
      throw new ClearledgerError('CL_STORE_NOT_FOUND', 'No such permit.', { field: '/id' });
    }
    const data = permitCase.data as PermitCaseData;
    if (data.issuer !== principal.org.id) {
      throw new ClearledgerError(
        'CL_AUTH_FORBIDDEN',
        'Only the agency that issued the permit reverses its uses (PM-06).',
      );
    }
    const ledger = await ledgerOf(principal.org.id);
    const done = await ledger
      .reverseUse({ credentialHash: data.hash, useKey: useKey as `0x${string}` })
      .catch((error: unknown) => {
        throw chainRefusal(error);
      });
    const at = nowIso();
    const useCase = await useByKey(useKey);
    if (useCase !== null) {
      await serially(useCase.id, async () => {
        const current = await store.getCase(useCase.ownerOrgId, useCase.id);
        await store.updateCase(current.ownerOrgId, current.id, {
          expectedVersion: current.version,
          state: 'REVERSED',
          data: { ...current.data, reversed: { at, by: principal.org.id, reason, txHash: done.txHash } },
          addParticipants: current.participants.includes(principal.org.id) ? [] : [principal.org.id],
          event: {
            actorOrgId: principal.org.id,
            actorId: principal.id,
            kind: 'permit.reversed',
            data: { reason, txHash: done.txHash, balanceAfter: fromChainQuantity(done.balance) },
            at,
          },
        });
      });
    }
    return summary(principal, permitCase, null);
  };

  /**
   * The uses this node recorded (entry, line, HTS… — it drew them) with those the chain holds from
   * other nodes' draws (drawer, quantity, port, time; the entry only as a hash there, so null here),
   * newest first. The agency and customs see every port's uses; a drawer its own in full.
   */
  const withChainUses = async (
    permitCase: CaseRecord,
    recorded: PermitUseRecord[],
    limit: number,
  ): Promise<PermitUseRecord[]> => {
    const data = permitCase.data as PermitCaseData;
    const onChain = await (await reader()).usesOnChain(data.issuer, data.hash, limit).catch(() => []);
    const known = new Set(recorded.map((u) => u.useKey));
    const didOf = new Map((await store.listOrganizations()).map((o) => [organizationId(o.id).toLowerCase(), o.id]));
    // A drawer this node does not host: its DID from the trust registry (names come from the snapshot).
    for (const u of onChain) {
      const key = u.drawerOrgId.toLowerCase();
      if (didOf.has(key) || node.ledger === undefined) continue;
      const org = await node.ledger.client.getOrganizationById(u.drawerOrgId).catch(() => null);
      if (org !== null) didOf.set(key, org.did);
    }
    const elsewhere = onChain
      .filter((u) => !known.has(u.useKey))
      .map(
        (u): PermitUseRecord => ({
          useKey: u.useKey,
          entryNumber: null,
          line: null,
          quantity: fromChainQuantity(u.quantity),
          unit: data.unit,
          port: u.port,
          hts: null,
          country: null,
          product: null,
          drawer: didOf.get(u.drawerOrgId.toLowerCase()) ?? u.drawerOrgId,
          onBehalfOf: null,
          at: u.at,
          txHash: u.txHash,
          blockNumber: u.blockNumber,
          balanceAfter: fromChainQuantity(u.balanceAfter),
          reversed: u.reversed ? { at: '', by: data.issuer, reason: '', txHash: '' } : null,
        }),
      );
    return [...recorded, ...elsewhere].sort((a, b) => b.blockNumber - a.blockNumber).slice(0, limit);
  };

  /** The permit's facts as the API shows them, with a given state and balance. */
  const summaryOf = (permitCase: CaseRecord, state: PermitState, balance: string, useCount: number | null) => {
    const data = permitCase.data as PermitCaseData;
    return {
      id: permitCase.id,
      credentialId: data.credentialId,
      hash: data.hash,
      number: data.number,
      agency: data.agency,
      program: data.program,
      issuer: data.issuer,
      holder: data.holder,
      designees: data.designees,
      singleUse: data.singleUse,
      quantity: data.quantity,
      unit: data.unit,
      issuedOn: data.issuedOn,
      expiresOn: data.expiresOn,
      state,
      balance,
      useCount,
    };
  };

  /** The permit as a party sees it: state and balance from the chain, the newest uses it may see (entry, port, time). */
  const summary = async (principal: Principal, permitCase: CaseRecord, port: string | null, limit = 100) => {
    const now = await stateNow(permitCase.data as PermitCaseData, port);
    const uses =
      limit === 0 ? [] : await store.listCases(principal.org.id, { kind: PERMIT_USE, parentId: permitCase.id, limit });
    const recorded = uses.map((u) => u.data as PermitUseRecord);
    return {
      ...summaryOf(permitCase, now.state, now.balance, now.useCount),
      registered: now.chainState !== null,
      uses: limit === 0 ? recorded : await withChainUses(permitCase, recorded, limit),
    };
  };

  const get = async (principal: Principal, ref: string) => {
    const permitCase = await findCase(ref);
    if (permitCase === null || !permitCase.participants.includes(principal.org.id)) {
      throw new ClearledgerError('CL_STORE_NOT_FOUND', 'No such permit (or it is not visible to your organisation).', {
        field: '/id',
      });
    }
    return summary(principal, permitCase, null);
  };

  const list = async (principal: Principal, query: { limit?: number; beforeId?: string }) => {
    const cases = await store.listCases(principal.org.id, {
      kind: PERMIT,
      limit: query.limit ?? 50,
      ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
    });
    return Promise.all(cases.map((c) => summary(principal, c, null, 0)));
  };

  return {
    credentialType: permitCredentialType,
    openIssued,
    registerPending,
    draw,
    reverse,
    get,
    list,
    useKeyOf: permitUseKey,
  } satisfies InstrumentService & Record<string, unknown>;
}

export type PermitService = ReturnType<typeof createPermitService>;

const caseIdOf = (hash: string) => `permit_${hash}`;
/** Use ids sort by creation, like claims'. */
const useIdOf = () => `use_${Date.now().toString(36).padStart(9, '0')}_${randomUUID().slice(0, 8)}`;
const chainStateName = (balance: bigint, data: PermitCaseData): PermitState =>
  balance === 0n ? (data.singleUse ? 'CONSUMED' : 'EXHAUSTED') : 'PARTIALLY_USED';

/** The permit's subject, validated (its document was validated when the case opened). */
/** Permits validated already, by credential hash (the hash fixes the content): a draw does not validate again. */
const validatedPermits = new Map<string, Lpco>();
function permitOfCase(permitCase: CaseRecord): Lpco {
  const data = permitCase.data as PermitCaseData;
  const known = validatedPermits.get(data.hash);
  if (known !== undefined) return known;
  const checked = validatePermit(data.document.credentialSubject);
  if (!checked.success) throw permitInvalid(checked.problems);
  if (validatedPermits.size >= 10_000) validatedPermits.clear();
  validatedPermits.set(data.hash, checked.data);
  return checked.data;
}

function requireValid(report: VerificationReport): void {
  if (report.verdict === 'VALID') return;
  const failed = report.checks.find((c) => c.status !== 'VALID' && c.status !== 'SKIPPED');
  throw new ClearledgerError(
    'CL_PERMIT_NOT_USABLE',
    `The permit does not verify (${report.verdict}${failed === undefined ? '' : `: ${failed.message}`}); it cannot be used (PM-01).`,
    {
      field: '/permit',
      details: { verdict: report.verdict, ...(failed === undefined ? {} : { reason: failed.code }) },
    },
  );
}

function permitInvalid(problems: readonly { field: string; message: string }[]) {
  return new ClearledgerError('CL_PERMIT_INVALID', problems.map((p) => p.message).join(' '), {
    field: problems[0]?.field ?? '/permit',
  });
}

/** A chain refusal in the API's terms: the balance in the permit's unit, the field of the body. */
function chainRefusal(error: unknown): unknown {
  if (!(error instanceof ClearledgerError) || !/^CL_PERMIT_/.test(error.code)) return error;
  const args = (error.details?.args ?? []) as unknown[];
  const balance =
    error.code === 'CL_PERMIT_INSUFFICIENT_BALANCE' && typeof args[1] === 'string'
      ? { balance: fromChainQuantity(BigInt(args[1])) }
      : undefined;
  const message =
    balance === undefined
      ? error.message
      : `The quantity is more than the permit's balance (${balance.balance}); nothing was drawn (PM-02, PM-04).`;
  return new ClearledgerError(error.code, message, {
    field: '/quantity',
    ...(balance === undefined ? {} : { details: balance }),
  });
}

function refusal(verdict: { code: string; field: string; message: string; details?: unknown }) {
  return new ClearledgerError(verdict.code as never, verdict.message, {
    // Core names the use's members (/use/hts); the API's body has them at its root (/hts).
    field: verdict.field.replace(/^\/use\//, '/'),
    ...(verdict.details === undefined ? {} : { details: verdict.details as Record<string, unknown> }),
  });
}
