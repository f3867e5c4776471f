/** Settings of {@link createSignInGuard}; the defaults are those of the node. */
export type SignInGuardOptions = {
  /** Wrong passwords from one address for one username before that pair is backed off. Default 5. */
  freeFailures: number;
  /** First back-off; each further failure of the pair doubles it. Default 60 s. */
  backOffMs: number;
  /** Longest back-off. Default 1 h. */
  maxBackOffMs: number;
  /** Window in which a username's failures from all addresses are counted. Default 15 min. */
  windowMs: number;
  /** Failures of a username in the window (all addresses) after which it is slowed. Default 50. */
  slowAfter: number;
  /**
   * While slowed: at most one attempt per this interval for the username from addresses it has not
   * signed in from lately (its own recent addresses are not slowed). Default 10 s.
   */
  slowIntervalMs: number;
  /** How long a successful sign-in keeps its address "known" for the username. Default 30 days. */
  knownAddressMs: number;
};

/** Allowed, or refused until a time (`retryAfterSeconds` from now). */
export type SignInDecision = { ok: true } | { ok: false; retryAfterSeconds: number; reason: 'BACKED_OFF' | 'SLOWED' };

/** In-memory sign-in throttle of one node process (see {@link createSignInGuard}). */
export type SignInGuard = {
  /** Whether an attempt for `username` from `address` may check a password now. */
  check(username: string, address: string): SignInDecision;
  failed(username: string, address: string): void;
  succeeded(username: string, address: string): void;
};

const MAX_ENTRIES = 100_000;
const KNOWN_PER_USER = 10;

/**
 * Throttles password guessing without letting anyone lock a person out from elsewhere:
 * - failures count per (username, address): after `freeFailures`, that pair waits `backOffMs`,
 *   doubling with each further failure up to `maxBackOffMs`; a success clears the pair. Another
 *   address is not affected, so an attacker cannot lock the real user out.
 * - failures also count per username over all addresses; past `slowAfter` in `windowMs` (a guess
 *   spread over many addresses), attempts from addresses the person has not signed in from lately
 *   are slowed to one per `slowIntervalMs` for that username — guessing stays bounded, and the
 *   person's own recent addresses are never slowed.
 * Unknown usernames are throttled the same way, so the answers reveal nothing about which exist.
 */
export function createSignInGuard(
  options: Partial<SignInGuardOptions> = {},
  now: () => number = Date.now,
): SignInGuard {
  const o: SignInGuardOptions = {
    freeFailures: 5,
    backOffMs: 60_000,
    maxBackOffMs: 3_600_000,
    windowMs: 15 * 60_000,
    slowAfter: 50,
    slowIntervalMs: 10_000,
    knownAddressMs: 30 * 24 * 3_600_000,
    ...options,
  };
  const pairs = new Map<string, { failures: number; until: number; at: number }>();
  const users = new Map<string, { failures: number[]; nextSlowAttempt: number }>();
  const known = new Map<string, Map<string, number>>();
  const pairKey = (username: string, address: string) => `${username.toLowerCase()}\u0000${address}`;
  const userKey = (username: string) => username.toLowerCase();
  const bound = <V>(map: Map<string, V>, isStale: (v: V) => boolean) => {
    if (map.size < MAX_ENTRIES) return;
    for (const [k, v] of map) if (isStale(v)) map.delete(k);
    if (map.size < MAX_ENTRIES) return;
    let drop = Math.ceil(MAX_ENTRIES / 10);
    for (const k of map.keys()) {
      if (drop-- <= 0) break;
      map.delete(k);
    }
  };
  const recentFailures = (username: string, t: number) => {
    const user = users.get(userKey(username));
    if (user === undefined) return undefined;
    while (user.failures.length > 0 && user.failures[0]! <= t - o.windowMs) user.failures.shift();
    return user;
  };
  const isKnown = (username: string, address: string, t: number) => {
    const at = known.get(userKey(username))?.get(address);
    return at !== undefined && at > t - o.knownAddressMs;
  };

  return {
    check(username, address) {
      const t = now();
      const pair = pairs.get(pairKey(username, address));
      if (pair !== undefined && pair.until > t) {
        return { ok: false, reason: 'BACKED_OFF', retryAfterSeconds: Math.ceil((pair.until - t) / 1000) };
      }
      const user = recentFailures(username, t);
      if (user !== undefined && user.failures.length >= o.slowAfter && !isKnown(username, address, t)) {
        if (user.nextSlowAttempt > t) {
          return { ok: false, reason: 'SLOWED', retryAfterSeconds: Math.ceil((user.nextSlowAttempt - t) / 1000) };
        }
        user.nextSlowAttempt = t + o.slowIntervalMs;
      }
      return { ok: true };
    },
    failed(username, address) {
      const t = now();
      const key = pairKey(username, address);
      const previous = pairs.get(key);
      const failures = (previous?.failures ?? 0) + 1;
      const over = failures - o.freeFailures;
      const until = over < 0 ? 0 : t + Math.min(o.maxBackOffMs, o.backOffMs * 2 ** Math.min(over, 30));
      bound(pairs, (v) => v.until <= t && v.at <= t - o.maxBackOffMs);
      pairs.set(key, { failures, until, at: t });
      const user = recentFailures(username, t) ?? { failures: [], nextSlowAttempt: 0 };
      user.failures.push(t);
      // Counting past the threshold adds nothing; keep the list short.
      if (user.failures.length > o.slowAfter * 2) user.failures.splice(0, user.failures.length - o.slowAfter * 2);
      bound(users, (v) => (v.failures.at(-1) ?? 0) <= t - o.windowMs);
      users.set(userKey(username), user);
    },
    succeeded(username, address) {
      const t = now();
      pairs.delete(pairKey(username, address));
      const addresses = known.get(userKey(username)) ?? new Map<string, number>();
      addresses.delete(address);
      addresses.set(address, t);
      if (addresses.size > KNOWN_PER_USER) addresses.delete(addresses.keys().next().value!);
      bound(known, () => false);
      known.set(userKey(username), addresses);
    },
  };
}
