import { ClearledgerError, isClearledgerError, parseJson } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import Fastify, { type FastifyInstance } from 'fastify';
import { httpStatusByCode } from './http/httpStatusByCode.ts';
import { chainControlRoutes } from './routes/chainControlRoutes.ts';
import { issueRoutes } from './routes/issueRoutes.ts';
import { verifyRoutes } from './routes/verifyRoutes.ts';

/** Dependencies of the HTTP API (built by the composition root, or by tests). */
export type AppDependencies = {
  node: NodeContext;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Deepest accepted JSON nesting (default 32). */
  maxJsonDepth?: number;
  /** Version string shown by /health. */
  version?: string;
  /** Bearer token of the node operator for issuing; issuing is off when absent. */
  operatorToken?: string;
  /**
   * Serve the operator-only test controls (`POST /admin/chain/pause|resume` of the embedded chain).
   * Off by default; needs `operatorToken` and an embedded chain.
   */
  testControls?: boolean;
  /** Fastify logger option; off by default (tests), on in the server. */
  logger?: boolean | object;
};

/**
 * Builds the Fastify application without listening, so tests can use `inject()`. Request bodies go
 * through the hostile-JSON parser (size and depth limits before parsing; duplicate keys,
 * `__proto__`, lone surrogates and unsafe numbers refused); every error answers with a stable
 * `CL_*` code and never a stack trace.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const bodyLimit = deps.bodyLimit ?? 1024 * 1024;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit,
    return503OnClosing: true,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', 'application/ld+json'],
    { parseAs: 'string', bodyLimit },
    (_req, body, done) => {
      const result = parseJson(body as string, { maxBytes: bodyLimit, maxDepth: deps.maxJsonDepth ?? 32 });
      if (result.success) done(null, result.data);
      else done(result.error, undefined);
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
    reply.header('content-security-policy', "default-src 'self'; frame-ancestors 'none'; base-uri 'none'");
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: Error, request, reply) => {
    if (isClearledgerError(error)) {
      return reply.status(httpStatusByCode[error.code]).send({ error: error.toJSON() });
    }
    const fastifyCode = (error as { code?: string }).code;
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

  app.get('/health', async () => {
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
  });

  await app.register(verifyRoutes, { node: deps.node });
  if (deps.operatorToken !== undefined)
    await app.register(issueRoutes, { node: deps.node, operatorToken: deps.operatorToken });
  const chain = deps.node.ledger?.embedded;
  if (deps.testControls === true && deps.operatorToken !== undefined && chain !== undefined)
    await app.register(chainControlRoutes, { chain, operatorToken: deps.operatorToken });

  return app;
}
