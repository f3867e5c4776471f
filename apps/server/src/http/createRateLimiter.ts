/** The answer of {@link RateLimiter.take}: allowed, or refused with the seconds until it would be. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Token buckets by key: `perMinute` units refill evenly over a minute, a bucket holds at most `perMinute`. */
export type RateLimiter = {
  readonly perMinute: number;
  /**
   * Takes `cost` units from the bucket of `key` when it holds at least `min(cost, perMinute)` (a
   * request dearer than a whole minute's budget passes on a full bucket and leaves it in debt).
   */
  take(key: string, cost?: number): RateDecision;
  /** Gives units back (a pre-charged request that turned out not to count). */
  give(key: string, cost?: number): void;
};

/** Keys kept before idle buckets are dropped (a full bucket carries no information). */
const MAX_KEYS = 100_000;

/**
 * An in-memory token-bucket limiter, bounded in memory: at `MAX_KEYS` keys, full buckets are dropped,
 * then the oldest tenth. Per process: several processes behind one address each keep their own.
 */
export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const current = (key: string, t: number) => {
    const bucket = buckets.get(key);
    if (bucket === undefined) return perMinute;
    return Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
  };
  const prune = (t: number) => {
    for (const [key, bucket] of buckets) if (bucket.tokens + (t - bucket.at) * perMs >= perMinute) buckets.delete(key);
    if (buckets.size < MAX_KEYS) return;
    let drop = Math.ceil(MAX_KEYS / 10);
    for (const key of buckets.keys()) {
      if (drop-- <= 0) break;
      buckets.delete(key);
    }
  };
  return {
    perMinute,
    take(key, cost = 1) {
      const t = now();
      const tokens = current(key, t);
      const needed = Math.min(cost, perMinute);
      if (tokens < needed)
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - tokens) / perMs / 1000)) };
      if (!buckets.has(key) && buckets.size >= MAX_KEYS) prune(t);
      buckets.delete(key);
      buckets.set(key, { tokens: tokens - cost, at: t });
      return { ok: true };
    },
    give(key, cost = 1) {
      const t = now();
      const bucket = buckets.get(key);
      if (bucket !== undefined) buckets.set(key, { tokens: Math.min(perMinute, current(key, t) + cost), at: t });
    },
  };
}
