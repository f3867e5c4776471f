import type { StatusFacts } from '@clearledger/core';
import { type Hex, parseAbiItem } from 'viem';
import type { LedgerClient } from '../client/createLedgerClient.ts';
import { credentialStatusFromCode } from '../contracts/credentialStatus.ts';
import { organizationId } from '../contracts/organizationId.ts';

const statusChanged = parseAbiItem(
  'event StatusChanged(bytes32 indexed orgId, bytes32 indexed credentialHash, uint8 status, bytes32 reason)',
);

/**
 * A local index of every credential status set on the chain, built from `StatusChanged` events and
 * kept current by {@link StatusIndex.sync}. Status checks are map lookups (no chain round trip);
 * the index says up to which block it is current.
 */
export type StatusIndex = {
  /** Reads new `StatusChanged` events up to the chain head. Returns the block the index is current at. */
  sync(): Promise<number>;
  /** Last synced block (-1 before the first sync). */
  readonly blockNumber: number;
  /** The issuer's status of a credential as of {@link StatusIndex.blockNumber}. */
  get(credentialHash: string, issuerDid: string): StatusFacts;
  readonly size: number;
};

const ACTIVE: StatusFacts = { status: 'ACTIVE' };

/**
 * Creates an empty {@link StatusIndex} over a ledger client's AnchorRegistry. `headBlock`, when the
 * chain runs in this process, reads the head without a JSON-RPC round trip, so a check whose index
 * is current costs one map lookup.
 */
export function createStatusIndex(client: LedgerClient, options: { headBlock?: () => number } = {}): StatusIndex {
  const statuses = new Map<string, StatusFacts>();
  const orgIds = new Map<string, Hex>();
  let synced = -1;
  let running: Promise<number> | null = null;

  const key = (orgId: string, hash: string) => `${orgId.toLowerCase()}:${hash.toLowerCase()}`;

  const syncOnce = async (): Promise<number> => {
    const head = options.headBlock?.() ?? (await client.blockNumber());
    if (head <= synced) return synced;
    const address = client.contracts?.anchorRegistry;
    if (address === undefined) return synced;
    // Bounded ranges: remote nodes limit eth_getLogs spans.
    for (let from = synced + 1; from <= head; from += 5_000) {
      const to = Math.min(head, from + 4_999);
      const logs = await client.publicClient.getLogs({
        address,
        event: statusChanged,
        fromBlock: BigInt(from),
        toBlock: BigInt(to),
      });
      for (const log of logs) {
        const { orgId, credentialHash, status, reason } = log.args as {
          orgId: Hex;
          credentialHash: Hex;
          status: number;
          reason: Hex;
        };
        const name = credentialStatusFromCode(Number(status)) ?? 'ACTIVE';
        const text = new TextDecoder().decode(Buffer.from(reason.slice(2), 'hex')).replace(/\0+$/, '');
        const k = key(orgId, credentialHash.slice(2));
        if (name === 'ACTIVE') statuses.delete(k);
        else
          statuses.set(k, {
            status: name,
            ...(text === '' ? {} : { reason: text }),
            since: `block ${Number(log.blockNumber)}`,
          });
      }
    }
    synced = head;
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
    get size() {
      return statuses.size;
    },
    get(credentialHash, issuerDid) {
      let orgId = orgIds.get(issuerDid);
      if (orgId === undefined) {
        orgId = organizationId(issuerDid);
        orgIds.set(issuerDid, orgId);
      }
      return statuses.get(key(orgId, credentialHash)) ?? ACTIVE;
    },
  };
}
