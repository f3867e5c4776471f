import { ClearledgerError, isClearledgerError, parseJson } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAuthenticator } from './auth/createAuthenticator.ts';
import type { SignInGuardOptions } from './auth/createSignInGuard.ts';
import { carnetRoutes } from './carnets/carnetRoutes.ts';
import { createCarnetService } from './carnets/carnetService.ts';
import { claimFilingRoutes } from './certificate-of-origin/claimFilingRoutes.ts';
import { claimRoutes } from './certificate-of-origin/claimRoutes.ts';
import { createClaimService } from './certificate-of-origin/claimService.ts';
import { registerAuditLog } from './http/auditLog.ts';
import { docsRoutes } from './http/docsRoutes.ts';
import { httpStatusByCode } from './http/httpStatusByCode.ts';
import { parseFormBody } from './http/parseFormBody.ts';
import { keepRawJsonBody } from './http/rawJsonBody.ts';
import { defaultRateLimits, type RateLimits, registerRateLimits } from './http/registerRateLimits.ts';
import { webRoutes } from './http/webRoutes.ts';
import { inBondRoutes } from './in-bond/inBondRoutes.ts';
import { createInBondService } from './in-bond/inBondService.ts';
import type { InstrumentService } from './instruments/InstrumentService.ts';
import { permitRoutes } from './permits/permitRoutes.ts';
import { createPermitService } from './permits/permitService.ts';
import { accountRoutes } from './routes/accountRoutes.ts';
import { authRoutes } from './routes/authRoutes.ts';
import { chainControlRoutes } from './routes/chainControlRoutes.ts';
import { credentialRoutes } from './routes/credentialRoutes.ts';
import { issueRoutes } from './routes/issueRoutes.ts';
import { paperRoutes } from './routes/paperRoutes.ts';
import { trustRoutes } from './routes/trustRoutes.ts';
import { verifyRoutes } from './routes/verifyRoutes.ts';

export type { RateLimits } from './http/registerRateLimits.ts';

/** Dependencies of the HTTP API (built by the composition root, or by tests). */
export type AppDependencies = {
  node: NodeContext;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Deepest accepted JSON nesting (default 32). */
  maxJsonDepth?: number;
  /** Version string shown by /health. */
  version?: string;
  /** Bearer token of the node operator (acts as an ADMIN of the operator organisation). */
  operatorToken?: string;
  /**
   * Serve the operator-only test controls (`POST /admin/chain/pause|resume` of the embedded chain).
   * Off by default; needs `operatorToken` and an embedded chain.
   */
  testControls?: boolean;
  /** Fastify logger option; off by default (tests), on in the server. */
  logger?: boolean | object;
  rateLimits?: Partial<RateLimits>;
  /**
   * Whether the client address comes from `X-Forwarded-For` (Fastify's `trustProxy`): off by default,
   * so the address is the TCP peer's and a forged header changes nothing. Set it only behind a
   * reverse proxy that sets the header: the proxies' addresses / CIDR ranges (the client is the
   * nearest address not among them), or `true` to trust every hop. Rate limits, sign-in back-off and
   * the audit log use this address.
   */
  trustProxy?: boolean | string | string[];
  /** Sign-in back-off and slow-down settings (defaults: see createSignInGuard). */
  signIn?: Partial<SignInGuardOptions>;
  /** Folder of the built web app (`apps/web/dist`); not served when absent. */
  webRoot?: string;
  /** Public base URL of this node (for reference QR codes); default: from the request's Host. */
  publicUrl?: string;
  /** The clock claims are dated and their deadlines run by (default: the system clock; tests fix it). */
  clock?: () => Date;
};

const CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "media-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Builds the Fastify application without listening, so tests can use `inject()`. Request bodies go
 * through the hostile-JSON parser (size and depth limits before parsing; duplicate keys,
 * `__proto__`, lone surrogates and unsafe numbers refused); every error answers with a stable
 * `CL_*` code and never a stack trace; callers are identified by bearer token, rate limited, and
 * every state-changing call is audited.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const bodyLimit = deps.bodyLimit ?? 1024 * 1024;
  const limits: RateLimits = { ...defaultRateLimits, ...deps.rateLimits };
  const app = Fastify({
    logger: deps.logger ?? false,
    trustProxy: deps.trustProxy ?? false,
    bodyLimit,
    return503OnClosing: true,
    // No array coercion: a one-item array must never become a scalar in a body (signed documents
    // would change under their proof). Query strings still get numbers and booleans coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false } },
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', 'application/ld+json'],
    { parseAs: 'string', bodyLimit },
    (req, body, done) => {
      const result = parseJson(body as string, { maxBytes: bodyLimit, maxDepth: deps.maxJsonDepth ?? 32 });
      if (result.success) {
        keepRawJsonBody(req, body as string);
        done(null, result.data);
      } else done(result.error, undefined);
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    // Forms only where OAuth 2.0 requires them (the token endpoint); everything else speaks JSON.
    (req, body, done) => {
      if (req.routeOptions.url !== '/oauth/token') {
        done(
          new ClearledgerError('CL_HTTP_UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.'),
          undefined,
        );
        return;
      }
      try {
        done(null, parseFormBody(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.addContentTypeParser('*', (_req, _payload, done) => {
    done(
      new ClearledgerError('CL_HTTP_UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.'),
      undefined,
    );
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('content-security-policy', CSP);
    reply.header('permissions-policy', 'camera=(self), microphone=(), geolocation=()');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: Error, request, reply) => {
    if (isClearledgerError(error)) {
      return reply.status(httpStatusByCode[error.code]).send({ error: error.toJSON() });
    }
    const fastifyCode = (error as { code?: string }).code;
    const statusCode = (error as { statusCode?: number }).statusCode;
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({
        error: { code: 'CL_HTTP_BODY_TOO_LARGE', message: `The request body is larger than ${bodyLimit} bytes.` },
      });
    }
    if (fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(400).send({ error: { code: 'CL_INPUT_INVALID', message: 'The request needs a JSON body.' } });
    }
    const validation = (error as { validation?: { instancePath?: string }[] }).validation;
    if (Array.isArray(validation)) {
      const field = validation[0]?.instancePath || '/';
      return reply.status(400).send({ error: { code: 'CL_INPUT_INVALID', message: error.message, field } });
    }
    if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
      return reply.status(400).send({ error: { code: 'CL_INPUT_INVALID', message: 'The request is malformed.' } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { code: 'CL_INTERNAL', message: 'An unexpected internal error occurred; it has been logged.' } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'CL_HTTP_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.` },
    }),
  );

  // Who is calling, resolved once per request inside the rate limits: the per-address budget is
  // charged before a token is looked up, the per-token budget after it authenticated.
  const authenticator = createAuthenticator({
    store: deps.node.store,
    operatorOrgId: deps.node.operatorOrgId,
    operatorToken: deps.operatorToken,
  });
  registerRateLimits(app, { authenticator, limits });
  registerAuditLog(app, { store: deps.node.store, operatorOrgId: deps.node.operatorOrgId });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Clearledger node API',
        version: deps.version ?? '0.1.0',
        description:
          'Signed, ledger-anchored records (W3C Verifiable Credentials 2.0, eddsa-jcs-2022) for customs, partner agencies and the trade. Errors: `{ error: { code, message, field? } }` with stable CL_* codes (docs/errors.md).',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A token from POST /auth/login or POST /oauth/token.',
          },
        },
      },
      security: [{ bearer: [] }],
    },
  });

  app.get(
    '/health',
    { config: { rateLimit: false }, schema: { tags: ['node'], summary: 'Liveness, store and chain', security: [] } },
    async () => {
      await deps.node.store.getSetting('node.operatorOrgId');
      return {
        status: 'ok',
        version: deps.version ?? '0.1.0',
        store: deps.node.store.dialect,
        organization: deps.node.operatorOrgId,
        ...(deps.node.ledger === undefined
          ? {}
          : {
              chain: {
                id: deps.node.ledger.chainId,
                blockNumber: await deps.node.ledger.client.blockNumber().catch(() => null),
              },
            }),
      };
    },
  );

  await app.register(authRoutes, {
    node: deps.node,
    authenticator,
    loginPerMinute: limits.loginPerMinute,
    ...(deps.signIn === undefined ? {} : { signIn: deps.signIn }),
  });
  await app.register(verifyRoutes, { node: deps.node });
  const permits = createPermitService(deps.node);
  // Stateful instruments: one service per family, each opening and registering what is issued.
  const inBond = createInBondService(deps.node);
  const carnets = createCarnetService(deps.node, deps.clock);
  const instruments: InstrumentService[] = [permits, inBond, carnets];
  await app.register(issueRoutes, { node: deps.node, instruments });
  await app.register(permitRoutes, { node: deps.node, service: permits });
  await app.register(carnetRoutes, { node: deps.node, service: carnets });
  await app.register(inBondRoutes, { node: deps.node, service: inBond });
  // In-bond deadlines missed (overdue, general order due) are recorded once a minute; the next
  // deadline of each movement is in the store, so a restarted node resumes where it was.
  app.decorate('sweepOverdueInBond', inBond.sweepOverdue);
  const inBondSweep = setInterval(() => {
    inBond.sweepOverdue().catch((error: unknown) => app.log.warn(`in-bond sweep failed, will retry: ${String(error)}`));
  }, 60_000);
  inBondSweep.unref();
  app.addHook('onClose', async () => clearInterval(inBondSweep));
  await app.register(credentialRoutes, { node: deps.node });
  await app.register(paperRoutes, {
    node: deps.node,
    ...(deps.publicUrl === undefined ? {} : { publicUrl: deps.publicUrl }),
  });
  await app.register(accountRoutes, { node: deps.node });
  const claims = createClaimService(deps.node, deps.clock);
  app.decorate('sweepOverdueRequests', claims.sweepOverdueRequests);
  await app.register(claimRoutes, { node: deps.node, service: claims });
  await app.register(claimFilingRoutes, { node: deps.node });
  // A claim waiting for its certification's anchor is decided when the node's anchor worker records it.
  // Permits whose registration on the chain failed are registered again after the next anchoring.
  const stopReassessing = deps.node.ledger?.onAnchored?.(async (event) => {
    await claims.reassessAnchored();
    for (const service of instruments) await service.registerPending(event.orgId).catch(() => undefined);
  });
  app.addHook('onClose', async () => stopReassessing?.());
  await app.register(trustRoutes, { node: deps.node });
  const chain = deps.node.ledger?.embedded;
  if (deps.testControls === true && deps.operatorToken !== undefined && chain !== undefined)
    await app.register(chainControlRoutes, { chain, operatorToken: deps.operatorToken });
  await app.register(docsRoutes);
  if (deps.webRoot !== undefined) await app.register(webRoutes, { root: deps.webRoot });

  return app;
}
