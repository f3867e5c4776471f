import { ClearledgerError, type ErrorCode } from '@clearledger/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/createAuthenticator.ts';
import { createRateLimiter, type RateLimiter } from './createRateLimiter.ts';

/** Limits per minute; over one, a caller gets 429 with `Retry-After`. */
export type RateLimits = {
  /**
   * Requests per client address that do not carry a token that authenticated (no token, or one that
   * is unknown, expired or malformed). Charged before any token lookup. Default 600.
   */
  anonymousPerMinute: number;
  /** Requests per authenticated token (account, OAuth client, operator). Default 60,000. */
  authenticatedPerMinute: number;
  /** Sign-in attempts per client address (`/auth/login`; `/oauth/token` gets six times as many). Default 10. */
  loginPerMinute: number;
  /**
   * Verification units per client address for anonymous callers: a record verified costs one, so a
   * presentation of 100 credentials costs 100. Authenticated callers pay the units (verification and
   * issuance) from their per-token budget. Default 3,000.
   */
  verificationUnitsPerMinute: number;
};

export const defaultRateLimits: RateLimits = {
  anonymousPerMinute: 600,
  authenticatedPerMinute: 60_000,
  loginPerMinute: 10,
  verificationUnitsPerMinute: 3_000,
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: not limited and not authenticated (liveness, static files); else an extra per-address limit. */
    rateLimit?: false | { addressPerMinute: number };
    /** The units a request costs (records it verifies or issues), charged once its body is parsed. */
    cost?: (body: unknown) => number;
  }
}

/**
 * Identifies callers and limits them, in this order for every request: the route's own per-address
 * limit (sign-in); the per-address budget for requests without a working token, charged *before* the
 * token is looked up (so junk tokens cannot reach the store faster than the limit) and given back
 * when the token authenticates; then the per-token budget of an authenticated caller. Once the body
 * is parsed, a route's cost in units is charged (anonymous: per address, authenticated: per token).
 */
export function registerRateLimits(
  app: FastifyInstance,
  deps: { authenticator: Authenticator; limits: RateLimits; now?: () => number },
): void {
  const { authenticator, limits } = deps;
  const byAddress = createRateLimiter(limits.anonymousPerMinute, deps.now);
  const byToken = createRateLimiter(limits.authenticatedPerMinute, deps.now);
  const units = createRateLimiter(limits.verificationUnitsPerMinute, deps.now);
  const byRoute = new Map<string, RateLimiter>();

  const refuse = (reply: FastifyReply, code: ErrorCode, retryAfterSeconds: number, message: string) => {
    reply.header('retry-after', String(retryAfterSeconds));
    return new ClearledgerError(code, `${message} Retry in ${retryAfterSeconds} s.`);
  };

  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const config = request.routeOptions.config;
    if (config?.rateLimit === false) return;
    const address = request.ip;
    if (config?.rateLimit !== undefined) {
      const route = `${request.method} ${request.routeOptions.url}`;
      const limiter = byRoute.get(route) ?? createRateLimiter(config.rateLimit.addressPerMinute, deps.now);
      byRoute.set(route, limiter);
      const decision = limiter.take(address);
      if (!decision.ok) {
        throw refuse(
          reply,
          'CL_HTTP_RATE_LIMITED',
          decision.retryAfterSeconds,
          `Too many requests: at most ${limiter.perMinute} per minute from one address here.`,
        );
      }
    }
    let principal = authenticator.known(request);
    if (principal === null || principal === undefined) {
      const decision = byAddress.take(address);
      if (!decision.ok) {
        throw refuse(
          reply,
          'CL_HTTP_RATE_LIMITED',
          decision.retryAfterSeconds,
          `Too many requests without a valid token: at most ${limits.anonymousPerMinute} per minute from one address.`,
        );
      }
      if (principal === undefined) {
        principal = await authenticator(request);
        if (principal !== null) byAddress.give(address);
      }
    }
    request.principal = principal;
    if (principal !== null) {
      const decision = byToken.take(`${principal.kind}:${principal.id}`);
      if (!decision.ok) {
        throw refuse(
          reply,
          'CL_HTTP_RATE_LIMITED',
          decision.retryAfterSeconds,
          `Too many requests: at most ${limits.authenticatedPerMinute} per minute per token.`,
        );
      }
    }
  });

  app.addHook('preHandler', async (request: FastifyRequest, reply) => {
    const cost = request.routeOptions.config?.cost;
    if (cost === undefined) return;
    const n = Math.max(1, Math.floor(cost(request.body)));
    const principal = request.principal;
    // An authenticated request already paid one unit of its token's budget on arrival.
    const decision =
      principal === null
        ? units.take(request.ip, n)
        : n > 1
          ? byToken.take(`${principal.kind}:${principal.id}`, n - 1)
          : ({ ok: true } as const);
    if (!decision.ok) {
      const budget = principal === null ? limits.verificationUnitsPerMinute : limits.authenticatedPerMinute;
      throw refuse(
        reply,
        'CL_HTTP_UNITS_EXHAUSTED',
        decision.retryAfterSeconds,
        `This request costs ${n} units (one per record) and this caller has fewer left of its ${budget} per minute.`,
      );
    }
  });
}

/** Units of a verification or issuance body: one per credential it carries. */
export function credentialCount(list: unknown): number {
  return Array.isArray(list) ? list.length : list === undefined || list === null ? 0 : 1;
}
