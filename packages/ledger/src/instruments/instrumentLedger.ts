import { ClearledgerError, type ErrorCode } from '@clearledger/core';
import { type Hex, keccak256, parseEventLogs, toBytes, toHex } from 'viem';
import type { LedgerClient, TxResult } from '../client/createLedgerClient.ts';
import { organizationId } from '../contracts/organizationId.ts';
import { instrumentRegistryAbi } from '../generated/contracts.generated.ts';

/**
 * Typed access to InstrumentRegistry (packages/ledger/contracts/InstrumentRegistry.sol): the balance
 * and uses of permits, the place of each carnet item, the events of in-bond movements. Quantities
 * are bigints in millionths of the unit; calendar dates are `YYYY-MM-DD`; entry numbers, in-bond
 * numbers and FIRMS codes go on-chain as hashes only.
 */

const DAY = 86_400;
/** UTC seconds of a calendar date's midnight. */
export const daySeconds = (date: string): bigint => BigInt(Date.parse(`${date}T00:00:00Z`) / 1000);
/** The calendar date of UTC seconds. */
export const dateOfSeconds = (seconds: bigint | number): string =>
  new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
/**
 * The last second at which an instrument expiring on `date` is still valid somewhere on Earth (the
 * end of that day at UTC−12): the chain's bound. The exact bound in the port's own time zone is
 * checked by the node (core) before it sends.
 */
export const endOfDayAnywhere = (date: string): bigint => daySeconds(date) + BigInt(DAY + 12 * 3600 - 1);

const hex32 = (value: string): Hex => (value.startsWith('0x') ? (value as Hex) : (`0x${value}` as Hex));
/** Fixed-size ASCII code (port `2704` → bytes4, country `DE` → bytes2, office → bytes32). */
export const asciiBytes = (text: string, size: 2 | 4 | 32): Hex => toHex(toBytes(text), { size });
/** The text of a fixed-size ASCII code read from the chain. */
export const asciiOf = (value: Hex): string =>
  Buffer.from(value.slice(2), 'hex').toString('latin1').replace(/\0+$/, '');
/** keccak-256 of a text: how entry numbers, in-bond numbers and FIRMS codes go on-chain. */
export const textHash = (text: string): Hex => keccak256(toBytes(text));
/** The on-chain key of an instrument: keccak(issuer organisation, credential hash). */
export const instrumentKey = (issuerDid: string, credentialHash: string): Hex =>
  keccak256(`0x${organizationId(issuerDid).slice(2)}${hex32(credentialHash).slice(2)}` as Hex);
/** PM-05: the key of a permit use — keccak(permit key, entry hash, line), as the contract computes it. */
export const permitUseKey = (issuerDid: string, credentialHash: string, entryNumber: string, line: number): Hex =>
  keccak256(
    `0x${instrumentKey(issuerDid, credentialHash).slice(2)}${textHash(entryNumber).slice(2)}${line.toString(16).padStart(64, '0')}` as Hex,
  );

/** Permit states on-chain (EXPIRED, SUSPENDED, REVOKED are derived by the reader). */
export const chainPermitStates = ['NONE', 'ACTIVE', 'PARTIALLY_USED', 'EXHAUSTED', 'CONSUMED'] as const;
export type ChainPermitState = (typeof chainPermitStates)[number];
/** Carnet voucher kinds in their on-chain order. */
export const voucherKinds = ['EXPORT', 'IMPORT', 'REEXPORT', 'REIMPORT', 'TRANSIT'] as const;
export type VoucherKind = (typeof voucherKinds)[number];
/** Carnet item places on-chain. */
export const chainItemStates = ['AT_HOME', 'ABROAD', 'IN_COUNTRY', 'CLAIMED'] as const;
export type ChainItemState = (typeof chainItemStates)[number];
/** In-bond movement states on-chain (index = code). */
export const chainMovementStates = [
  'NONE',
  'ON_FILE',
  'AUTHORIZED',
  'EN_ROUTE',
  'DIVERSION_PENDING',
  'ARRIVED_PARTIAL',
  'ARRIVED',
  'EXPORTED_PARTIAL',
  'EXPORTED',
  'CONCLUDED',
  'DELETED',
  'GENERAL_ORDER',
] as const;
export type ChainMovementState = (typeof chainMovementStates)[number];
/** In-bond actions on-chain (index = code). */
export const chainMovementActions = [
  'NONE',
  'AUTHORIZE',
  'DEPART',
  'ARRIVE',
  'EXPORT',
  'TRANSFER',
  'DIVERSION_REQUEST',
  'DIVERSION_APPROVED',
  'DIVERSION_DENIED',
  'CONCLUDE',
  'DELETE',
  'GENERAL_ORDER',
] as const;
export type ChainMovementAction = (typeof chainMovementActions)[number];

/** A permit as the chain holds it. */
export type ChainPermit = {
  quantity: bigint;
  balance: bigint;
  expiresAt: bigint;
  useCount: number;
  state: ChainPermitState;
  singleUse: boolean;
};
/** A draw's outcome: the balance after it; `replay` when the same draw was applied before (PM-05). */
export type DrawResult = TxResult & { useKey: Hex; balance: bigint; replay: boolean };
/** A carnet as the chain holds it. */
export type ChainCarnet = {
  itemCount: number;
  validUntil: string;
  claimUntil: string;
  home: string;
  voucherCount: number;
};
/** Where a carnet item is. */
export type ChainItem = {
  state: ChainItemState;
  country: string | null;
  lastDate: string | null;
  deadline: string | null;
};
/** An in-bond movement as the chain holds it. */
export type ChainMovement = {
  carrierOrgId: Hex;
  entryType: number;
  state: ChainMovementState;
  destination: string;
  requestedPort: string | null;
  manifest: bigint;
  arrived: bigint;
  exported: bigint;
  eventCount: number;
};

/** One draw of a batch (see {@link InstrumentLedger.drawMany}). */
export type DrawRequest = {
  issuerDid: string;
  credentialHash: string;
  entryNumber: string;
  line: number;
  quantity: bigint;
  port: string;
};

/** The outcome codes of InstrumentRegistry's DrawNotApplied event, with the error each stands for. */
const notApplied: Record<number, { code: ErrorCode; message: (balance: bigint) => string }> = {
  2: { code: 'CL_PERMIT_NOT_USABLE', message: () => 'The permit is suspended (PM-01).' },
  3: { code: 'CL_PERMIT_NOT_USABLE', message: () => 'The permit is revoked (PM-01).' },
  4: { code: 'CL_PERMIT_EXPIRED', message: () => 'The permit has expired (PM-01).' },
  5: { code: 'CL_PERMIT_ALREADY_USED', message: () => 'The permit is single-use and was used already (PM-03).' },
  6: { code: 'CL_PERMIT_QUANTITY_INVALID', message: () => 'A use draws a positive quantity (PM-02).' },
  7: {
    code: 'CL_PERMIT_INSUFFICIENT_BALANCE',
    message: (balance) =>
      `The quantity is more than the permit's balance (${Number(balance) / 1e6}); nothing was drawn (PM-02, PM-04).`,
  },
  8: {
    code: 'CL_PERMIT_USE_KEY_REUSED',
    message: () =>
      'This entry line drew on the permit already with another quantity, port or party; a retry repeats the first draw exactly (PM-05).',
  },
  9: { code: 'CL_LEDGER_INVALID_ARGUMENT', message: () => 'No such permit is registered on the ledger.' },
};

const permitDrawnEvent = instrumentRegistryAbi.find(
  (item) => item.type === 'event' && item.name === 'PermitDrawn',
) as Extract<(typeof instrumentRegistryAbi)[number], { type: 'event'; name: 'PermitDrawn' }>;
const useReversedEvent = instrumentRegistryAbi.find(
  (item) => item.type === 'event' && item.name === 'PermitUseReversed',
) as Extract<(typeof instrumentRegistryAbi)[number], { type: 'event'; name: 'PermitUseReversed' }>;

/** Instrument operations over a {@link LedgerClient} (the caller's organisation account). */
export type InstrumentLedger = ReturnType<typeof createInstrumentLedger>;

/** Creates the instrument operations for one organisation's ledger client. */
export function createInstrumentLedger(client: LedgerClient) {
  const org = (did: string) => organizationId(did);
  const hash = hex32;
  return {
    // ---------------------------------------------------------------- permits
    registerPermit: (p: { credentialHash: string; quantity: bigint; singleUse: boolean; expiresOn: string }) =>
      client.writeInstrument('registerPermit', [
        hash(p.credentialHash),
        p.quantity,
        p.singleUse,
        endOfDayAnywhere(p.expiresOn),
      ]),
    async draw(p: {
      issuerDid: string;
      credentialHash: string;
      entryNumber: string;
      line: number;
      quantity: bigint;
      port: string;
    }): Promise<DrawResult> {
      const receipt = await client.writeInstrument('draw', [
        org(p.issuerDid),
        hash(p.credentialHash),
        textHash(p.entryNumber),
        p.line,
        p.quantity,
        asciiBytes(p.port, 4),
      ]);
      const useKey = permitUseKey(p.issuerDid, p.credentialHash, p.entryNumber, p.line);
      const [drawn] = parseEventLogs({ abi: instrumentRegistryAbi, logs: [...receipt.logs], eventName: 'PermitDrawn' });
      if (drawn !== undefined) {
        return {
          txHash: receipt.txHash,
          blockNumber: receipt.blockNumber,
          useKey,
          balance: drawn.args.balance,
          replay: false,
        };
      }
      const permit = await this.permitOf(p.issuerDid, p.credentialHash);
      return {
        txHash: receipt.txHash,
        blockNumber: receipt.blockNumber,
        useKey,
        balance: permit.balance,
        replay: true,
      };
    },
    /**
     * Many draws in one transaction (`drawMany`), each judged on its own in order: the result of each
     * is its use (balance after, `replay` when it was applied before) or the refusal as a
     * ClearledgerError with the code a single draw would revert with (`details.args[1]` the balance,
     * as in the revert). Transaction failures reject the whole batch.
     */
    async drawMany(requests: readonly DrawRequest[]): Promise<(DrawResult | ClearledgerError)[]> {
      // drawMany never reverts for a draw's sake: no simulation, and a gas bound by count (a first use
      // writes a new use record, ~90k gas; 150k leaves room) instead of an estimate's repeated runs.
      const receipt = await client.writeInstrument(
        'drawMany',
        [
          requests.map((p) => ({
            issuer: org(p.issuerDid),
            permitHash: hash(p.credentialHash),
            entryHash: textHash(p.entryNumber),
            line: p.line,
            quantity: p.quantity,
            port: asciiBytes(p.port, 4),
          })),
        ],
        { gas: 100_000n + 150_000n * BigInt(requests.length) },
      );
      const events = parseEventLogs({
        abi: instrumentRegistryAbi,
        logs: [...receipt.logs],
        eventName: ['PermitDrawn', 'DrawNotApplied'],
      });
      if (events.length !== requests.length)
        throw new ClearledgerError(
          'CL_LEDGER_REJECTED',
          `drawMany answered ${events.length} outcomes for ${requests.length} draws.`,
        );
      return events.map((event, i) => {
        const useKey = permitUseKey(
          requests[i]!.issuerDid,
          requests[i]!.credentialHash,
          requests[i]!.entryNumber,
          requests[i]!.line,
        );
        const at = { txHash: receipt.txHash, blockNumber: receipt.blockNumber, useKey };
        if (event.eventName === 'PermitDrawn') return { ...at, balance: event.args.balance, replay: false };
        const { code, balance } = event.args;
        if (code === 1) return { ...at, balance, replay: true };
        const refusal = notApplied[code] ?? notApplied[9]!;
        return new ClearledgerError(refusal.code, refusal.message(balance), {
          details: { errorName: 'DrawNotApplied', args: [event.args.permitKey, balance.toString()] },
        });
      });
    },
    async reverseUse(p: { credentialHash: string; useKey: Hex }): Promise<TxResult & { balance: bigint }> {
      const receipt = await client.writeInstrument('reverseUse', [hash(p.credentialHash), p.useKey]);
      const [reversed] = parseEventLogs({
        abi: instrumentRegistryAbi,
        logs: [...receipt.logs],
        eventName: 'PermitUseReversed',
      });
      return { txHash: receipt.txHash, blockNumber: receipt.blockNumber, balance: reversed?.args.balance ?? 0n };
    },
    async permitOf(issuerDid: string, credentialHash: string): Promise<ChainPermit> {
      const [quantity, balance, expiresAt, useCount, state, singleUse] = await client.readInstrument<
        [bigint, bigint, bigint, number, number, boolean]
      >('permitOf', [org(issuerDid), hash(credentialHash)]);
      return { quantity, balance, expiresAt, useCount, state: chainPermitStates[state] ?? 'NONE', singleUse };
    },
    /**
     * Every use of a permit as the chain recorded it, wherever it was drawn (newest first, at most
     * `limit`): the drawing organisation (its id), quantity, port, block and time, and whether it was
     * reversed. Entry numbers are on the chain as hashes only: the drawing node holds them.
     */
    async usesOnChain(issuerDid: string, credentialHash: string, limit = 100) {
      const address = client.contracts?.instrumentRegistry;
      if (address === undefined) return [];
      const permitKey = instrumentKey(issuerDid, credentialHash);
      const [drawn, reversed] = await Promise.all([
        client.publicClient.getLogs({
          address,
          event: permitDrawnEvent,
          args: { permitKey },
          fromBlock: 0n,
          toBlock: 'latest',
        }),
        client.publicClient.getLogs({
          address,
          event: useReversedEvent,
          args: { permitKey },
          fromBlock: 0n,
          toBlock: 'latest',
        }),
      ]);
      const reversedKeys = new Set(reversed.map((log) => (log.args as { useKey: Hex }).useKey));
      const newest = drawn.slice(-limit).reverse();
      const times = new Map<bigint, string>();
      for (const log of newest) {
        const n = log.blockNumber ?? 0n;
        if (!times.has(n)) {
          const block = await client.publicClient.getBlock({ blockNumber: n });
          times.set(n, new Date(Number(block.timestamp) * 1000).toISOString());
        }
      }
      return newest.map((log) => {
        const args = log.args as { useKey: Hex; drawer: Hex; quantity: bigint; balance: bigint; port: Hex };
        return {
          useKey: args.useKey,
          drawerOrgId: args.drawer,
          quantity: args.quantity,
          balanceAfter: args.balance,
          port: asciiOf(args.port),
          blockNumber: Number(log.blockNumber ?? 0n),
          txHash: log.transactionHash ?? '',
          at: times.get(log.blockNumber ?? 0n) ?? '',
          reversed: reversedKeys.has(args.useKey),
        };
      });
    },
    async useOf(useKey: Hex) {
      const [permitKey, drawer, quantity, port, at, reversed] = await client.readInstrument<
        [Hex, Hex, bigint, Hex, bigint, boolean]
      >('useOf', [useKey]);
      return at === 0n
        ? null
        : {
            permitKey,
            drawerOrgId: drawer,
            quantity,
            port: asciiOf(port),
            at: new Date(Number(at) * 1000).toISOString(),
            reversed,
          };
    },

    // ---------------------------------------------------------------- carnets
    registerCarnet: (c: {
      credentialHash: string;
      itemCount: number;
      validUntil: string;
      claimUntil: string;
      home: string;
    }) =>
      client.writeInstrument('registerCarnet', [
        hash(c.credentialHash),
        c.itemCount,
        daySeconds(c.validUntil),
        daySeconds(c.claimUntil),
        asciiBytes(c.home, 2),
      ]),
    endorse: (v: {
      issuerDid: string;
      credentialHash: string;
      kind: VoucherKind;
      items: readonly number[];
      country: string;
      office: string;
      date: string;
      deadline: string | null;
    }) =>
      client.writeInstrument('endorse', [
        org(v.issuerDid),
        hash(v.credentialHash),
        voucherKinds.indexOf(v.kind),
        v.items,
        asciiBytes(v.country, 2),
        asciiBytes(v.office, 32),
        daySeconds(v.date),
        v.deadline === null ? 0n : daySeconds(v.deadline),
      ]),
    claimItem: (c: { issuerDid: string; credentialHash: string; item: number; country: string; date: string }) =>
      client.writeInstrument('claimItem', [
        org(c.issuerDid),
        hash(c.credentialHash),
        c.item,
        asciiBytes(c.country, 2),
        daySeconds(c.date),
      ]),
    async carnetOf(issuerDid: string, credentialHash: string): Promise<ChainCarnet | null> {
      const [itemCount, validUntil, claimUntil, home, voucherCount] = await client.readInstrument<
        [number, bigint, bigint, Hex, number]
      >('carnetOf', [org(issuerDid), hash(credentialHash)]);
      return itemCount === 0
        ? null
        : {
            itemCount,
            validUntil: dateOfSeconds(validUntil),
            claimUntil: dateOfSeconds(claimUntil),
            home: asciiOf(home),
            voucherCount,
          };
    },
    async itemOf(issuerDid: string, credentialHash: string, item: number): Promise<ChainItem> {
      const [state, country, lastDate, deadline] = await client.readInstrument<[number, Hex, bigint, bigint]>(
        'itemOf',
        [org(issuerDid), hash(credentialHash), item],
      );
      return {
        state: chainItemStates[state] ?? 'AT_HOME',
        country: asciiOf(country) || null,
        lastDate: lastDate === 0n ? null : dateOfSeconds(lastDate),
        deadline: deadline === 0n ? null : dateOfSeconds(deadline),
      };
    },

    // ---------------------------------------------------------------- in-bond
    registerMovement: (m: {
      credentialHash: string;
      inBondNumber: string;
      entryType: 61 | 62 | 63;
      destinationPort: string;
      manifest: bigint;
    }) =>
      client.writeInstrument('registerMovement', [
        hash(m.credentialHash),
        textHash(m.inBondNumber),
        m.entryType,
        asciiBytes(m.destinationPort, 4),
        m.manifest,
      ]),
    authorizeMovement: (issuerDid: string, credentialHash: string) =>
      client.writeInstrument('authorizeMovement', [org(issuerDid), hash(credentialHash)]),
    depart: (issuerDid: string, credentialHash: string) =>
      client.writeInstrument('depart', [org(issuerDid), hash(credentialHash)]),
    arrive: (issuerDid: string, credentialHash: string, a: { quantity: bigint; port: string; firmsCode: string }) =>
      client.writeInstrument('arrive', [
        org(issuerDid),
        hash(credentialHash),
        a.quantity,
        asciiBytes(a.port, 4),
        textHash(a.firmsCode),
      ]),
    exportGoods: (issuerDid: string, credentialHash: string, e: { quantity: bigint; ref: string }) =>
      client.writeInstrument('exportGoods', [org(issuerDid), hash(credentialHash), e.quantity, textHash(e.ref)]),
    transferLiability: (issuerDid: string, credentialHash: string, toCarrierDid: string) =>
      client.writeInstrument('transferLiability', [org(issuerDid), hash(credentialHash), org(toCarrierDid)]),
    requestDiversion: (issuerDid: string, credentialHash: string, newPort: string) =>
      client.writeInstrument('requestDiversion', [org(issuerDid), hash(credentialHash), asciiBytes(newPort, 4)]),
    decideDiversion: (issuerDid: string, credentialHash: string, approved: boolean) =>
      client.writeInstrument('decideDiversion', [org(issuerDid), hash(credentialHash), approved]),
    conclude: (issuerDid: string, credentialHash: string) =>
      client.writeInstrument('conclude', [org(issuerDid), hash(credentialHash)]),
    deleteMovement: (issuerDid: string, credentialHash: string) =>
      client.writeInstrument('deleteMovement', [org(issuerDid), hash(credentialHash)]),
    generalOrder: (issuerDid: string, credentialHash: string) =>
      client.writeInstrument('generalOrder', [org(issuerDid), hash(credentialHash)]),
    async movementOf(issuerDid: string, credentialHash: string): Promise<ChainMovement | null> {
      const [carrier, entryType, state, destination, requestedPort, manifest, arrived, exported, eventCount] =
        await client.readInstrument<[Hex, number, number, Hex, Hex, bigint, bigint, bigint, number]>('movementOf', [
          org(issuerDid),
          hash(credentialHash),
        ]);
      return state === 0
        ? null
        : {
            carrierOrgId: carrier,
            entryType,
            state: chainMovementStates[state] ?? 'NONE',
            destination: asciiOf(destination),
            requestedPort: asciiOf(requestedPort) || null,
            manifest,
            arrived,
            exported,
            eventCount,
          };
    },
  };
}

/**
 * Sends the draws of one organisation in as few transactions as the chain allows: a draw that
 * arrives while a transaction is on its way waits for it and leaves with every draw that arrived
 * meanwhile, in one `drawMany` (at most `maxBatch`). Without load a draw leaves at once, alone; under
 * load the chain's cost (signature, block, journal) is shared by the batch. Each caller gets its own
 * outcome, as from {@link InstrumentLedger.draw}.
 */
export function createDrawBatcher(ledger: InstrumentLedger, options: { maxBatch?: number; inFlight?: number } = {}) {
  const maxBatch = options.maxBatch ?? 150;
  const maxInFlight = options.inFlight ?? 4;
  type Waiting = { request: DrawRequest; resolve: (r: DrawResult) => void; reject: (e: unknown) => void };
  const waiting: Waiting[] = [];
  let inFlight = 0;
  const pump = () => {
    while (inFlight < maxInFlight && waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      inFlight += 1;
      ledger
        .drawMany(batch.map((w) => w.request))
        .then(
          (outcomes) => {
            for (const [i, outcome] of outcomes.entries()) {
              if (outcome instanceof ClearledgerError) batch[i]!.reject(outcome);
              else batch[i]!.resolve(outcome);
            }
          },
          (error: unknown) => {
            for (const w of batch) w.reject(error);
          },
        )
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  };
  return {
    draw(request: DrawRequest): Promise<DrawResult> {
      return new Promise((resolve, reject) => {
        waiting.push({ request, resolve, reject });
        pump();
      });
    },
  };
}
