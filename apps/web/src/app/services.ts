import {
  createInclusionCache,
  decodeQrPayload,
  nobleCrypto,
  randomUuid,
  scopesOfRoles,
  type VerificationReport,
} from '@clearledger/core';
import { type Account, clearledgerApi, type LoginResult, type Organization } from '../api/clearledgerApi.ts';
import { type ApiError, createApiClient } from '../api/client.ts';
import { en } from '../i18n/en.ts';
import { type Dictionary, type Language, loadDictionary, pickLanguage } from '../i18n/index.ts';
import type { ScanInput } from '../officer/parseScanText.ts';
import { checkRecord, recheckOnline, type VerificationDeps } from '../officer/verification.ts';
import { type CheckEntry, type CheckOrigin, createCheckHistory } from '../offline/checkHistory.ts';
import { indexedDbStore } from '../offline/indexedDbStore.ts';
import type { StringStorage } from '../offline/keyValueStore.ts';
import type { NodeKey } from '../offline/trustSnapshot.ts';
import {
  createKeyPin,
  createSnapshotStore,
  type PinnedKey,
  type StoredSnapshot,
  type SyncTrustResult,
  syncTrust,
  trustNewKey,
} from '../offline/trustSync.ts';
import { createStore } from './store.ts';

/** The signed-in account, kept in sessionStorage (gone when the tab closes). */
export type Session = {
  accessToken: string;
  /** ISO 8601. */
  expiresAt: string;
  account: Account;
  organization: Organization;
  /** What the token may do: from the account's roles at sign-in, then from `GET /me`. */
  scopes: string[];
};

export type TrustState = {
  stored: StoredSnapshot | null;
  pinned: PinnedKey | null;
  syncing: boolean;
  /** The last synchronisation's outcome (null before the first). */
  last: SyncTrustResult | null;
  /** The node presented a key other than the pinned one. */
  keyChange: { pinned: PinnedKey; offered: NodeKey } | null;
};

const SESSION_KEY = 'clearledger.session';
const LANGUAGE_KEY = 'clearledger.language';
const SNAPSHOT_MAX_AGE_KEY = 'clearledger.snapshotMaxAgeHours';
/** The ages (hours) an officer may choose for trusting an offline snapshot; 24 h unless changed. */
export const snapshotMaxAgeChoices = [6, 12, 24, 48, 72] as const;
const DEFAULT_SNAPSHOT_MAX_AGE_HOURS = 24;

function readSnapshotMaxAgeHours(storage: StringStorage): number {
  const hours = Number(storage.getItem(SNAPSHOT_MAX_AGE_KEY));
  return (snapshotMaxAgeChoices as readonly number[]).includes(hours) ? hours : DEFAULT_SNAPSHOT_MAX_AGE_HOURS;
}
const SYNC_EVERY_MS = 5 * 60_000;

function safeStorage(get: () => Storage): StringStorage {
  try {
    const storage = get();
    storage.getItem('probe');
    return storage;
  } catch {
    const map = new Map<string, string>();
    return {
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    };
  }
}

function readSession(storage: StringStorage, now: number): Session | null {
  const text = storage.getItem(SESSION_KEY);
  if (text === null) return null;
  try {
    const session = JSON.parse(text) as Session;
    if (
      typeof session.accessToken !== 'string' ||
      !Array.isArray(session.scopes) ||
      Date.parse(session.expiresAt) <= now
    ) {
      storage.removeItem(SESSION_KEY);
      return null;
    }
    return session;
  } catch {
    storage.removeItem(SESSION_KEY);
    return null;
  }
}

/** Everything the screens share: API, stores, trust synchronisation, history. Built once in main.tsx. */
export function createServices() {
  const local = safeStorage(() => window.localStorage);
  const sessionStorage = safeStorage(() => window.sessionStorage);
  const kv = indexedDbStore();
  const now = () => new Date().toISOString();

  const session = createStore<Session | null>(readSession(sessionStorage, Date.now()));
  /** Whether the node can be reached: the browser's network state, corrected by each request's fate. */
  const online = createStore<boolean>(navigator.onLine);
  window.addEventListener('online', () => online.set(true));
  window.addEventListener('offline', () => online.set(false));
  const signOutLocally = () => {
    sessionStorage.removeItem(SESSION_KEY);
    session.set(null);
  };
  const client = createApiClient({
    getToken: () => {
      const current = session.get();
      if (current !== null && Date.parse(current.expiresAt) <= Date.now()) signOutLocally();
      return session.get()?.accessToken ?? null;
    },
    onUnauthorized: (_error: ApiError) => signOutLocally(),
    // Offline is also a node that cannot be reached while the browser says it is online (a network
    // without a route to the node, or a browser that has not noticed).
    onReachability: (reachable) => online.set(reachable && navigator.onLine),
  });
  const api = clearledgerApi(client);

  const initialLanguage = pickLanguage(navigator.languages ?? [navigator.language], local.getItem(LANGUAGE_KEY));
  const language = createStore<{ lang: Language; dict: Dictionary }>({ lang: 'en', dict: en });
  const setLanguage = async (lang: Language) => {
    const dict = await loadDictionary(lang);
    local.setItem(LANGUAGE_KEY, lang);
    language.set({ lang, dict });
  };
  const languageReady =
    initialLanguage === 'en'
      ? Promise.resolve()
      : loadDictionary(initialLanguage)
          .then((dict) => language.set({ lang: initialLanguage, dict }))
          .catch(() => undefined);

  /** Setting: how old the trust snapshot may be for an offline verdict to be VALID. */
  const snapshotMaxAgeHours = createStore<number>(readSnapshotMaxAgeHours(local));
  const setSnapshotMaxAgeHours = (hours: number) => {
    if (!(snapshotMaxAgeChoices as readonly number[]).includes(hours)) return;
    local.setItem(SNAPSHOT_MAX_AGE_KEY, String(hours));
    snapshotMaxAgeHours.set(hours);
  };

  const pin = createKeyPin(local);
  const snapshots = createSnapshotStore(kv);
  const trust = createStore<TrustState>({
    stored: null,
    pinned: pin.get(),
    syncing: false,
    last: null,
    keyChange: null,
  });
  const trustReady = snapshots
    .load()
    .then((stored) => trust.update((s) => ({ ...s, stored: s.stored ?? stored })))
    .catch(() => undefined);
  const syncParams = () => ({
    source: { didDocument: api.didDocument, signedSnapshot: api.trustSnapshot },
    crypto: nobleCrypto,
    pin,
    snapshots,
    now: now(),
  });
  const applySync = (result: SyncTrustResult) =>
    trust.update((s) => ({
      ...s,
      syncing: false,
      last: result,
      pinned: pin.get(),
      stored: result.kind === 'updated' || result.kind === 'older' ? result.stored : s.stored,
      keyChange:
        result.kind === 'key-changed'
          ? { pinned: result.pinned, offered: result.offered }
          : result.kind === 'updated'
            ? null
            : s.keyChange,
    }));
  let syncing: Promise<SyncTrustResult> | null = null;
  const syncNow = (): Promise<SyncTrustResult> => {
    syncing ??= (async () => {
      await trustReady;
      trust.update((s) => ({ ...s, syncing: true }));
      const result = await syncTrust(syncParams()).catch(
        (error: unknown): SyncTrustResult => ({ kind: 'unreachable', message: String(error) }),
      );
      applySync(result);
      return result;
    })().finally(() => {
      syncing = null;
    });
    return syncing;
  };
  const acceptNewKey = async (key: NodeKey) => {
    trust.update((s) => ({ ...s, syncing: true }));
    applySync(await trustNewKey(syncParams(), key));
  };
  online.subscribe((isOnline) => {
    if (isOnline) void syncNow();
  });
  if (online.get()) void syncNow();
  setInterval(() => {
    // While the node cannot be reached but the network seems up, the sync is also how it comes back.
    if (navigator.onLine && document.visibilityState === 'visible') void syncNow();
  }, SYNC_EVERY_MS);

  const history = createCheckHistory(kv);
  /** Bumped after every history change, so lists refresh. */
  const historyVersion = createStore(0);
  const inclusionCache = createInclusionCache(20_000);
  const verificationDeps: VerificationDeps = {
    crypto: nobleCrypto,
    now,
    newId: () => randomUuid(nobleCrypto),
    snapshot: () => trust.get().stored?.snapshot ?? null,
    online: () => online.get(),
    signedIn: () => session.get() !== null,
    history,
    inclusionCache,
    maxSnapshotAgeMs: () => snapshotMaxAgeHours.get() * 3_600_000,
    api: {
      getCredentialByHash: (hash) => api.getCredentialByHash(hash),
      verifyOnline: async (credential, anchor) => {
        const report = await api.verifyOnline(credential, anchor);
        if (!isReport(report)) throw new Error('The node answered with something other than a verification report.');
        return report;
      },
    },
  };
  const verification = {
    check: async (input: ScanInput, origin: CheckOrigin) => {
      await trustReady;
      const outcome = await checkRecord(verificationDeps, input, origin);
      historyVersion.update((n) => n + 1);
      return outcome;
    },
    recheck: async (entry: CheckEntry) => {
      const rechecked = await recheckOnline(verificationDeps, entry);
      historyVersion.update((n) => n + 1);
      return rechecked;
    },
  };

  const auth = {
    async login(username: string, password: string): Promise<Session> {
      const result: LoginResult = await api.login(username, password);
      const next: Session = {
        accessToken: result.accessToken,
        expiresAt: new Date(Date.now() + Math.max(0, result.expiresIn) * 1000).toISOString(),
        account: result.account,
        organization: result.organization,
        scopes: scopesOfRoles(result.account.roles),
      };
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
      session.set(next);
      return next;
    },
    /** Confirms the token with the node (`GET /me`) and takes its scopes; a refused token signs out. */
    async refresh(): Promise<void> {
      const current = session.get();
      if (current === null) return;
      try {
        const me = await api.me();
        if (session.get()?.accessToken !== current.accessToken) return;
        const next: Session = { ...current, scopes: me.scopes, organization: me.organization };
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
        session.set(next);
      } catch {
        // A 401 already signed out (onUnauthorized); being offline keeps the session as it is.
      }
    },
    async logout(): Promise<void> {
      try {
        await api.logout();
      } catch {
        // The token is dropped here whatever the node says.
      }
      signOutLocally();
    },
    signOutLocally,
  };

  return {
    api,
    auth,
    session,
    language,
    setLanguage,
    languageReady,
    snapshotMaxAgeHours,
    setSnapshotMaxAgeHours,
    online,
    trust,
    trustReady,
    syncNow,
    acceptNewKey,
    history,
    historyVersion,
    verification,
    decodeQr: decodeQrPayload,
    now,
  };
}
export type Services = ReturnType<typeof createServices>;

function isReport(value: unknown): value is VerificationReport {
  const r = value as Partial<VerificationReport> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    (r.verdict === 'VALID' || r.verdict === 'INVALID' || r.verdict === 'INCONCLUSIVE') &&
    Array.isArray(r.checks)
  );
}
