import type { CryptoPort, DataIntegrityProof, LedgerSnapshot } from '@clearledger/core';
import type { KeyValueStore, StringStorage } from './keyValueStore.ts';
import { type NodeKey, nodeKeyFromDidDocument, verifySignedSnapshot } from './trustSnapshot.ts';

/** The last verified snapshot as kept on the device. */
export type StoredSnapshot = {
  snapshot: LedgerSnapshot;
  proof: DataIntegrityProof;
  /** When this device verified (or re-confirmed) it. */
  verifiedAt: string;
  nodeKey: NodeKey;
};

/** The node key this device trusts, pinned on first contact. */
export type PinnedKey = NodeKey & { pinnedAt: string };

const PIN_KEY = 'clearledger.nodeKey';
const SNAPSHOT_KEY = 'trustSnapshot';

/** The pinned node key in Web Storage (localStorage in the app). */
export function createKeyPin(storage: StringStorage) {
  return {
    get(): PinnedKey | null {
      const text = storage.getItem(PIN_KEY);
      if (text === null) return null;
      try {
        const value = JSON.parse(text) as PinnedKey;
        return typeof value.publicKeyMultibase === 'string' ? value : null;
      } catch {
        return null;
      }
    },
    set(key: NodeKey, now: string): PinnedKey {
      const pinned: PinnedKey = { did: key.did, publicKeyMultibase: key.publicKeyMultibase, pinnedAt: now };
      storage.setItem(PIN_KEY, JSON.stringify(pinned));
      return pinned;
    },
  };
}
export type KeyPin = ReturnType<typeof createKeyPin>;

/** The last verified snapshot in a {@link KeyValueStore} (IndexedDB in the app). */
export function createSnapshotStore(kv: KeyValueStore) {
  return {
    load: async (): Promise<StoredSnapshot | null> => (await kv.get<StoredSnapshot>(SNAPSHOT_KEY)) ?? null,
    save: (stored: StoredSnapshot) => kv.set(SNAPSHOT_KEY, stored),
  };
}
export type SnapshotStore = ReturnType<typeof createSnapshotStore>;

/** Where the trust material comes from (the node's API in the app). */
export type TrustSource = {
  /** `GET /.well-known/did.json` */
  didDocument(): Promise<unknown>;
  /** `GET /trust/snapshot` */
  signedSnapshot(): Promise<unknown>;
};

export type SyncTrustParameters = {
  source: TrustSource;
  crypto: CryptoPort;
  pin: KeyPin;
  snapshots: SnapshotStore;
  now: string;
  /** Keep the node's snapshot even when it is older than the kept one (after trusting a new key). */
  acceptOlder?: boolean;
};

export type SyncTrustResult =
  /** A newer (or the same) snapshot was verified and stored. */
  | { kind: 'updated'; stored: StoredSnapshot; firstContact: boolean }
  /** The node offered an older snapshot than the one kept: refused, the kept one stays. */
  | { kind: 'older'; stored: StoredSnapshot; offeredBlock: number }
  /** The node's key is not the pinned one: nothing is accepted until the officer decides. */
  | { kind: 'key-changed'; pinned: PinnedKey; offered: NodeKey }
  /** The snapshot failed verification: nothing is accepted. */
  | { kind: 'rejected'; reason: 'MALFORMED' | 'WRONG_KEY' | 'SIGNATURE' | 'DID_DOCUMENT'; message: string }
  /** The node could not be reached. */
  | { kind: 'unreachable'; message: string };

/**
 * Fetches the node's key and its signed trust snapshot, verifies the snapshot against the pinned
 * key (pinning the node's key on first contact), and keeps it when it is at least as new as the
 * one already kept. A changed node key is never accepted silently.
 */
export async function syncTrust({
  source,
  crypto,
  pin,
  snapshots,
  now,
  acceptOlder = false,
}: SyncTrustParameters): Promise<SyncTrustResult> {
  let didDocument: unknown;
  let signed: unknown;
  try {
    didDocument = await source.didDocument();
  } catch (error) {
    return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
  const offered = nodeKeyFromDidDocument(didDocument);
  if (!offered.success) return { kind: 'rejected', reason: 'DID_DOCUMENT', message: offered.message };
  const pinned = pin.get();
  if (pinned !== null && pinned.publicKeyMultibase !== offered.data.publicKeyMultibase)
    return { kind: 'key-changed', pinned, offered: offered.data };
  try {
    signed = await source.signedSnapshot();
  } catch (error) {
    return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
  const trusted = pinned ?? offered.data;
  const verified = verifySignedSnapshot(crypto, signed, trusted);
  if (!verified.success) return { kind: 'rejected', reason: verified.reason, message: verified.message };
  if (pinned === null) pin.set(offered.data, now);
  const kept = await snapshots.load();
  if (!acceptOlder && kept !== null && kept.snapshot.blockNumber > verified.data.snapshot.blockNumber)
    return { kind: 'older', stored: kept, offeredBlock: verified.data.snapshot.blockNumber };
  const stored: StoredSnapshot = {
    snapshot: verified.data.snapshot,
    proof: verified.data.proof,
    verifiedAt: now,
    nodeKey: { did: trusted.did, publicKeyMultibase: trusted.publicKeyMultibase },
  };
  await snapshots.save(stored);
  return { kind: 'updated', stored, firstContact: pinned === null };
}

/**
 * The officer's explicit decision to trust a node's new key (after a key change): pins it and
 * synchronises again with it, accepting its snapshot even if older than the kept one (a rebuilt node).
 */
export async function trustNewKey(params: SyncTrustParameters, key: NodeKey): Promise<SyncTrustResult> {
  params.pin.set(key, params.now);
  return syncTrust({ ...params, acceptOlder: true });
}
