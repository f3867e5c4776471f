#!/usr/bin/env node
// Composition root of the Clearledger node: reads flags and environment, opens the node, serves the API.
import { fileURLToPath } from 'node:url';
import { ClearledgerError, isClearledgerError, type Role } from '@clearledger/core';
import { nodeEnvironment, openNode, readNodeConfig, selectCrypto } from '@clearledger/node';
import { buildApp, type RateLimits } from './buildApp.ts';
import { createDemoInstruments } from './demo/demoInstruments.ts';
import { createDemoNetwork, type DemoLogin } from './demo/demoNetwork.ts';
import { readOrCreateOperatorToken } from './operatorToken.ts';

const help = `Usage: npm start [-- <options>]   (or: node --import tsx apps/server/src/main.ts)

Starts a Clearledger node: creates the data folder, store and signing keys on first run, then serves
the HTTP API on 127.0.0.1 and prints where to open it. Stop it with Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port <n>         port to listen on (default 8080, or CLEARLEDGER_PORT; 0 picks a free port)
  --host <address>   address to listen on (default 127.0.0.1)
  --data-dir <path>  data folder (default ./data, or CLEARLEDGER_DATA_DIR)
  --no-demo          on first start, do not create the demo network (organisations, sign-ins, records)
  --trust-proxy <v>  take the client address from X-Forwarded-For (default off: the header is ignored);
                     <v> = the reverse proxies' addresses or CIDR ranges, comma-separated, or "true"
                     for every hop (or CLEARLEDGER_TRUST_PROXY)
  -h, --help         show this help

Environment:
${Object.entries(nodeEnvironment)
  .map(([k, v]) => `  ${k.padEnd(28)} ${v}`)
  .join('\n')}
  CLEARLEDGER_LOG_LEVEL        fatal|error|warn|info|debug (default warn)
  CLEARLEDGER_PUBLIC_URL       public base URL of this node, put in reference QR codes (default: the request's host)
  CLEARLEDGER_RATE_LIMITS      per minute: anonymous requests per address, requests per token, sign-ins per
                               address[, verification units per address] (default 600,60000,10,3000)
  CLEARLEDGER_TRUST_PROXY      see --trust-proxy (off when unset, empty, "false" or "0")
  CLEARLEDGER_TEST_CONTROLS    1 = test/ops switch, off by default: serve POST /admin/chain/pause and
                               /admin/chain/resume (operator token) to halt and resume the embedded chain
`;

async function main(argv: string[]): Promise<number> {
  const overrides: { port?: number; host?: string; dataDir?: string } = {};
  let demo = true;
  let trustProxyText = process.env.CLEARLEDGER_TRUST_PROXY;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value.`);
      return v;
    };
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(help);
      return 0;
    } else if (arg === '--port') overrides.port = Number(value());
    else if (arg === '--host') overrides.host = value();
    else if (arg === '--data-dir') overrides.dataDir = value();
    else if (arg === '--no-demo') demo = false;
    else if (arg === '--trust-proxy') trustProxyText = value();
    else {
      process.stderr.write(`Unknown option ${arg}. Run with --help to see the options.\n`);
      return 2;
    }
  }
  const env = { ...process.env };
  // The demo network's operator is CBP, unless the operator names its organisation itself.
  if (demo) env.CLEARLEDGER_ORG_NAME ??= 'U.S. Customs and Border Protection';
  const config = readNodeConfig(env, process.cwd(), overrides);
  const node = await openNode(config, () => new Date().toISOString(), { ledger: true });
  let logins: DemoLogin[] = [];
  const demoState = await node.store.getSetting('demo.state');
  if (demo && (node.firstRun || demoState === 'creating')) logins = await createDemoNetwork(node, config.dataDir);
  else {
    // Hosted organisations whose chain registration did not finish (chain down at the time) retry now.
    for (const org of await node.store.listOrganizations()) {
      if (org.id !== node.operatorOrgId)
        await node.hostOrganization({ ...org, roles: org.roles as Role[] }).catch(() => undefined);
    }
  }
  const operatorToken = readOrCreateOperatorToken(config.dataDir);
  const testControls = process.env.CLEARLEDGER_TEST_CONTROLS === '1' && node.ledger?.embedded !== undefined;
  const rateLimits = parseRateLimits(process.env.CLEARLEDGER_RATE_LIMITS);
  const trustProxy = parseTrustProxy(trustProxyText);
  const webRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));
  const app = await buildApp({
    node,
    operatorToken,
    testControls,
    webRoot,
    ...(rateLimits === undefined ? {} : { rateLimits }),
    trustProxy,
    ...(process.env.CLEARLEDGER_PUBLIC_URL === undefined ? {} : { publicUrl: process.env.CLEARLEDGER_PUBLIC_URL }),
    logger: { level: process.env.CLEARLEDGER_LOG_LEVEL ?? 'warn' },
  });
  let lastAnchorError = '';
  const worker = node.ledger!.startAnchorWorker((error) => {
    // One line per distinct failure: the worker keeps retrying and nothing is lost meanwhile.
    const text = isClearledgerError(error) ? `${error.code}: ${error.message}` : String(error);
    if (text !== lastAnchorError) app.log.warn(`anchoring paused, will retry: ${text}`);
    lastAnchorError = text;
  });
  // Once a minute: deadlines of information requests (a missed one denies its claim), expired tokens
  // and idempotency keys.
  const sweep = setInterval(() => {
    app
      .sweepOverdueRequests()
      .catch((error: unknown) => app.log.warn(`overdue sweep failed, will retry: ${String(error)}`));
    node.store.deleteExpiredAccessTokens(new Date().toISOString()).catch(() => undefined);
    // Idempotency keys are answered again for at least a day, then forgotten.
    node.store.deleteIdempotencyRecords(new Date(Date.now() - 24 * 3_600_000).toISOString()).catch(() => undefined);
  }, 60_000);
  sweep.unref();
  // The demo's permits, carnet and in-bond movements, through the API (resumed if a start was cut short).
  let demoRetry: NodeJS.Timeout | undefined;
  if (demo && (await node.store.getSetting('demo.state')) === 'instruments') {
    const anchorNow = () => worker.runOnce();
    if (!(await createDemoInstruments(app, node, anchorNow))) {
      // What waits for a later date (the carnet's re-import) is done once it can be.
      demoRetry = setInterval(() => {
        createDemoInstruments(app, node, anchorNow).then(
          (complete) => {
            if (complete) clearInterval(demoRetry);
          },
          (error: unknown) => app.log.warn(`demo network not finished, will retry: ${String(error)}`),
        );
      }, 60_000);
      demoRetry.unref();
    }
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\n${signal} received, shutting down…\n`);
    clearInterval(sweep);
    clearInterval(demoRetry);
    await app.close();
    await worker.stop();
    await node.close();
    process.stdout.write('Clearledger node stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  // The worker pools load now, so the first burst of work does not wait for them.
  void node.prepareSigning().catch(() => undefined);
  void node.prepareVerifying().catch(() => undefined);
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const signer = await node.signerFor(node.operatorOrgId);
  process.stdout.write(
    [
      node.firstRun ? `Created a new node in ${config.dataDir}` : `Opened the node in ${config.dataDir}`,
      `  organisation  ${config.org.name} (${node.operatorOrgId})`,
      `  signing key   ${signer.publicKeyMultibase}`,
      `  crypto        Ed25519 on ${node.cryptoProvider}${selectCrypto().fallbackReason === undefined ? '' : ` (${selectCrypto().fallbackReason})`}`,
      `  store         ${node.store.dialect}${config.databaseUrl === undefined ? ` (${config.dataDir}/clearledger.sqlite)` : ''}`,
      `  chain         ${node.ledger!.embedded === undefined ? 'JSON-RPC' : 'embedded'} chain ${node.ledger!.chainId}${node.ledger!.rpcUrl === undefined ? '' : ` at ${node.ledger!.rpcUrl}`}`,
      `  contracts     TrustRegistry ${node.ledger!.client.contracts?.trustRegistry}, AnchorRegistry ${node.ledger!.client.contracts?.anchorRegistry}, InstrumentRegistry ${node.ledger!.client.contracts?.instrumentRegistry ?? 'not deployed'}`,
      `  chain account ${node.ledger!.address}`,
      `  operator token ${config.dataDir}/operator-token (Authorization: Bearer …, acts as an administrator of the operator organisation)`,
      ...(logins.length === 0
        ? []
        : [
            `Demo network created: sign in at ${url}/#/login (also saved in ${config.dataDir}/demo-logins.txt)`,
            ...logins.map(
              (l) =>
                `  ${l.username.padEnd(15)} ${l.password.padEnd(18)} ${l.roles.join(',').padEnd(8)} ${l.organization}`,
            ),
          ]),
      `Web app: ${url}/   API reference: ${url}/docs   OpenAPI: ${url}/openapi.json`,
      ...(testControls ? ['  test controls ON: POST /admin/chain/pause, /admin/chain/resume (operator token)'] : []),
      `Clearledger node listening on ${url}  (health: ${url}/health)`,
      '',
    ].join('\n'),
  );
  return -1;
}

/** `CLEARLEDGER_RATE_LIMITS=anonymous,perToken,signIn[,verificationUnits]` (per minute). */
function parseRateLimits(text: string | undefined): Partial<RateLimits> | undefined {
  if (text === undefined || text === '') return undefined;
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length < 3 || parts.length > 4 || parts.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      'CLEARLEDGER_RATE_LIMITS must be three or four positive whole numbers: anonymous,per-token,sign-in[,verification-units] (per minute), e.g. 600,60000,10,3000.',
      { field: 'CLEARLEDGER_RATE_LIMITS' },
    );
  }
  return {
    anonymousPerMinute: parts[0]!,
    authenticatedPerMinute: parts[1]!,
    loginPerMinute: parts[2]!,
    ...(parts[3] === undefined ? {} : { verificationUnitsPerMinute: parts[3] }),
  };
}

/**
 * `--trust-proxy` / `CLEARLEDGER_TRUST_PROXY`: off unless set; "true" trusts every hop, otherwise a
 * comma-separated list of the reverse proxies' addresses or CIDR ranges.
 */
function parseTrustProxy(text: string | undefined): boolean | string[] {
  const value = text?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  const list = value.split(',').map((p) => p.trim());
  if (list.some((p) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(p))) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      'CLEARLEDGER_TRUST_PROXY / --trust-proxy must be "true", "false", or the proxies\' addresses or CIDR ranges, comma-separated (e.g. 10.0.0.0/8,127.0.0.1).',
      { field: 'CLEARLEDGER_TRUST_PROXY' },
    );
  }
  return list;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (isClearledgerError(error)) process.stderr.write(`${error.code}: ${error.message}\n`);
    else process.stderr.write(`Could not start the node: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
