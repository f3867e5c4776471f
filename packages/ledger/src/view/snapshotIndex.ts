import {
  type AnchorFacts,
  ClearledgerError,
  encodePublicKeyMultibase,
  type LedgerSnapshot,
  type OrganizationState,
  type StatusFacts,
} from '@clearledger/core';
import { type Address, type Hex, hexToBytes, parseAbi } from 'viem';
import type { LedgerClient } from '../client/createLedgerClient.ts';
import { credentialStatusFromCode } from '../contracts/credentialStatus.ts';
import { rolesFromBitmask } from '../contracts/roleBitmask.ts';

/** Every event of TrustRegistry and AnchorRegistry that changes a fact a {@link LedgerSnapshot} holds. */
const events = parseAbi([
  'event OrganizationRegistered(bytes32 indexed orgId, string did, address indexed admin, uint256 roles)',
  'event RolesChanged(bytes32 indexed orgId, uint256 previousRoles, uint256 roles)',
  'event ActiveChanged(bytes32 indexed orgId, bool active)',
  'event KeyAdded(bytes32 indexed orgId, bytes32 indexed publicKey, uint64 validFrom, uint64 validUntil)',
  'event KeyRotated(bytes32 indexed orgId, bytes32 indexed oldKey, bytes32 indexed newKey, uint64 at)',
  'event KeyRevoked(bytes32 indexed orgId, bytes32 indexed publicKey, uint64 revokedAt)',
  'event Anchored(bytes32 indexed root, bytes32 indexed orgId, uint32 count)',
  'event StatusChanged(bytes32 indexed orgId, bytes32 indexed credentialHash, uint8 status, bytes32 reason)',
]);

/** Widest `eth_getLogs` span per request: remote nodes limit it. */
const LOG_RANGE = 5_000;
/** Latest instant a JavaScript Date holds (ms); later on-chain times are clamped to it. */
const MAX_DATE_MS = 8.64e15;

/**
 * A local copy of the whole trust state of the chain — organisations (and their registration
 * history), their keys, anchored roots (per organisation) and
 * non-active credential statuses — built from the contracts' events and kept current by
 * {@link SnapshotIndex.sync}. {@link SnapshotIndex.snapshot} hands it out as core's
 * {@link LedgerSnapshot}, which `snapshotLedgerView` answers from offline.
 */
export type SnapshotIndex = {
  /** Reads new events up to the chain head (bounded getLogs ranges like statusIndex); returns the block it is current at. */
  sync(): Promise<number>;
  /** Last synced block (-1 before the first sync). */
  readonly blockNumber: number;
  /** The whole trust state as of blockNumber, as core's LedgerSnapshot (plain data, JSON-serialisable). */
  snapshot(): LedgerSnapshot;
};

/** Options of {@link createSnapshotIndex}. */
export type CreateSnapshotIndexOptions = {
  /** Reads the chain head without a JSON-RPC round trip (when the chain runs in this process). */
  headBlock?: () => number;
};

type KeyEntry = { publicKeyMultibase: string; validFrom: string; validUntil: string | null; revokedAt: string | null };
type OrganizationEntry = {
  did: string;
  active: boolean;
  roles: string[];
  /** Registration states in block order (one per block that changed roles or the active flag). */
  history: OrganizationState[];
  keys: KeyEntry[];
};
type StatusEntry = { orgId: Hex; block: number; facts: StatusFacts };

/**
 * Creates an empty {@link SnapshotIndex} over a ledger client's contracts. The first
 * {@link SnapshotIndex.sync} reads the whole history from block 0; later ones only the new blocks.
 * Concurrent calls share one run.
 *
 * The facts are those `chainLedgerView` reports for the same chain state, in the same form:
 * organisations by DID, roles by name (with their history, block by block), keys as `publicKeyMultibase` with ISO times, anchors with the
 * issuer's DID, block, block time and chain id, statuses keyed by credential hash (lower-case hex)
 * with the DID of the organisation that set each (a verifier only counts the credential's issuer's,
 * as the chain does). On-chain times beyond what a Date holds are clamped to its last instant (where
 * `client.getKey` would fail).
 *
 * @param client - the ledger client; its contracts must be set for a sync to read anything.
 * @param options - `headBlock` to read the chain head in process.
 * @returns the index, empty until its first sync.
 * @example
 * const index = createSnapshotIndex(client);
 * await index.sync();
 * const view = snapshotLedgerView(index.snapshot());
 */
export function createSnapshotIndex(client: LedgerClient, options: CreateSnapshotIndexOptions = {}): SnapshotIndex {
  const organizations = new Map<Hex, OrganizationEntry>();
  const keys = new Map<Hex, KeyEntry>();
  /** By anchoring organisation and root: the same root anchored by two organisations is two anchors. */
  const anchors = new Map<string, AnchorFacts>();
  /** Non-active statuses: credential hash (lower-case, no 0x) → the organisations' statuses, in order set. */
  const statuses = new Map<string, StatusEntry[]>();
  let synced = -1;
  let asOf = '';
  let running: Promise<number> | null = null;

  const iso = (seconds: bigint) => new Date(Math.min(Number(seconds) * 1000, MAX_DATE_MS)).toISOString();
  const blockTime = async (blockNumber: number) =>
    iso((await client.publicClient.getBlock({ blockNumber: BigInt(blockNumber) })).timestamp);

  const readLogs = (address: Address[], from: number, to: number) =>
    client.publicClient.getLogs({ address, events, fromBlock: BigInt(from), toBlock: BigInt(to), strict: true });
  type EventLog = Awaited<ReturnType<typeof readLogs>>[number];
  /** Map key of a bytes32 (viem reports lower-case hex already; this keeps lookups exact regardless). */
  const id = (value: Hex) => value.toLowerCase() as Hex;

  /** Applies one block range's events, in chain order; synchronous, so a snapshot never sees half a range. */
  const apply = (logs: EventLog[], times: Map<number, string>) => {
    for (const log of logs) {
      const block = Number(log.blockNumber);
      switch (log.eventName) {
        case 'OrganizationRegistered': {
          const roles = rolesFromBitmask(log.args.roles);
          organizations.set(id(log.args.orgId), {
            did: log.args.did,
            active: true,
            roles,
            history: [{ blockNumber: block, active: true, roles }],
            keys: [],
          });
          break;
        }
        case 'RolesChanged': {
          const org = organizations.get(id(log.args.orgId));
          if (org !== undefined) {
            org.roles = rolesFromBitmask(log.args.roles);
            checkpoint(org, block);
          }
          break;
        }
        case 'ActiveChanged': {
          const org = organizations.get(id(log.args.orgId));
          if (org !== undefined) {
            org.active = log.args.active;
            checkpoint(org, block);
          }
          break;
        }
        case 'KeyAdded':
          addKey(log.args.orgId, log.args.publicKey, {
            validFrom: iso(log.args.validFrom),
            validUntil: log.args.validUntil === 0n ? null : iso(log.args.validUntil),
          });
          break;
        case 'KeyRotated': {
          // TrustRegistry.rotateKey: the old key ends at `at`, the new one starts there, open-ended.
          const old = keys.get(id(log.args.oldKey));
          if (old !== undefined) old.validUntil = iso(log.args.at);
          addKey(log.args.orgId, log.args.newKey, { validFrom: iso(log.args.at), validUntil: null });
          break;
        }
        case 'KeyRevoked': {
          const key = keys.get(id(log.args.publicKey));
          if (key !== undefined) key.revokedAt = iso(log.args.revokedAt);
          break;
        }
        case 'Anchored': {
          const root = log.args.root.slice(2).toLowerCase();
          anchors.set(`${id(log.args.orgId)}:${root}`, {
            root,
            issuer: organizations.get(id(log.args.orgId))?.did ?? log.args.orgId,
            size: log.args.count,
            blockNumber: block,
            anchoredAt: times.get(block) ?? '',
            chainId: client.chain.id,
          });
          break;
        }
        case 'StatusChanged':
          setStatus(log.args.orgId, log.args.credentialHash, log.args.status, log.args.reason, block);
          break;
      }
    }
  };

  /** The organisation's state from this block on, as TrustRegistry's checkpoints keep it (one per block). */
  const checkpoint = (org: OrganizationEntry, block: number) => {
    const state: OrganizationState = { blockNumber: block, active: org.active, roles: org.roles };
    if (org.history.at(-1)?.blockNumber === block) org.history[org.history.length - 1] = state;
    else org.history.push(state);
  };

  const addKey = (orgId: Hex, publicKey: Hex, window: { validFrom: string; validUntil: string | null }) => {
    const entry: KeyEntry = {
      publicKeyMultibase: encodePublicKeyMultibase(hexToBytes(publicKey)),
      ...window,
      revokedAt: null,
    };
    keys.set(id(publicKey), entry);
    organizations.get(id(orgId))?.keys.push(entry);
  };

  const setStatus = (orgId: Hex, credentialHash: Hex, code: number, reason: Hex, block: number) => {
    const hash = credentialHash.slice(2).toLowerCase();
    const name = credentialStatusFromCode(code) ?? 'ACTIVE';
    const text = new TextDecoder().decode(hexToBytes(reason)).replace(/\0+$/, '');
    const others = (statuses.get(hash) ?? []).filter((s) => s.orgId !== id(orgId));
    if (name !== 'ACTIVE')
      others.push({
        orgId: id(orgId),
        block,
        // The same form as statusIndex, so chainLedgerView and the snapshot report the same facts.
        facts: { status: name, ...(text === '' ? {} : { reason: text }), since: `block ${block}` },
      });
    if (others.length === 0) statuses.delete(hash);
    else statuses.set(hash, others);
  };

  const syncOnce = async (): Promise<number> => {
    const head = options.headBlock?.() ?? (await client.blockNumber());
    if (head <= synced) return synced;
    const contracts = client.contracts;
    if (contracts === undefined) return synced;
    const address = [contracts.trustRegistry, contracts.anchorRegistry];
    for (let from = synced + 1; from <= head; from += LOG_RANGE) {
      const to = Math.min(head, from + LOG_RANGE - 1);
      const logs = await readLogs(address, from, to);
      // Block times first, so the range is applied in one synchronous step.
      const times = new Map<number, string>();
      for (const block of [...logs.filter((l) => l.eventName === 'Anchored').map((l) => Number(l.blockNumber)), to]) {
        if (!times.has(block)) times.set(block, await blockTime(block));
      }
      apply(logs, times);
      synced = to;
      asOf = times.get(to) ?? asOf;
    }
    return synced;
  };

  return {
    sync() {
      if (options.headBlock !== undefined && options.headBlock() <= synced) return Promise.resolve(synced);
      running ??= syncOnce().finally(() => {
        running = null;
      });
      return running;
    },
    get blockNumber() {
      return synced;
    },
    snapshot() {
      if (synced < 0)
        throw new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'The ledger snapshot index has not been synced yet.');
      return {
        blockNumber: synced,
        asOf,
        organizations: [...organizations.values()].map((org) => ({
          id: org.did,
          active: org.active,
          roles: [...org.roles],
          history: org.history.map((state) => ({ ...state, roles: [...state.roles] })),
          keys: org.keys.map((key) => ({ ...key })),
        })),
        anchors: [...anchors.values()].map((anchor) => ({ ...anchor })),
        statuses: Object.fromEntries(
          [...statuses].flatMap(([hash, set]) => {
            const known = set.flatMap((entry) => {
              const did = organizations.get(entry.orgId)?.did;
              return did === undefined ? [] : [{ issuer: did, ...entry.facts }];
            });
            return known.length === 0 ? [] : [[hash, known]];
          }),
        ),
      };
    },
  };
}
