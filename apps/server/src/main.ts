#!/usr/bin/env node
// Composition root of the Clearledger node: reads flags and environment, opens the node, serves the API.
import { isClearledgerError } from '@clearledger/core';
import { nodeEnvironment, openNode, readNodeConfig } from '@clearledger/node';
import { buildApp } from './buildApp.ts';
import { readOrCreateOperatorToken } from './operatorToken.ts';

const help = `Usage: npm start [-- <options>]   (or: node --import tsx apps/server/src/main.ts)

Starts a Clearledger node: creates the data folder, store and signing keys on first run, then serves
the HTTP API on 127.0.0.1 and prints where to open it. Stop it with Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port <n>         port to listen on (default 8080, or CLEARLEDGER_PORT; 0 picks a free port)
  --host <address>   address to listen on (default 127.0.0.1)
  --data-dir <path>  data folder (default ./data, or CLEARLEDGER_DATA_DIR)
  -h, --help         show this help

Environment:
${Object.entries(nodeEnvironment)
  .map(([k, v]) => `  ${k.padEnd(28)} ${v}`)
  .join('\n')}
  CLEARLEDGER_LOG_LEVEL        fatal|error|warn|info|debug (default warn)
  CLEARLEDGER_TEST_CONTROLS    1 = test/ops switch, off by default: serve POST /admin/chain/pause and
                               /admin/chain/resume (operator token) to halt and resume the embedded chain
`;

async function main(argv: string[]): Promise<number> {
  const overrides: { port?: number; host?: string; dataDir?: string } = {};
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
    else {
      process.stderr.write(`Unknown option ${arg}. Run with --help to see the options.\n`);
      return 2;
    }
  }
  const config = readNodeConfig(process.env, process.cwd(), overrides);
  const node = await openNode(config, () => new Date().toISOString(), { ledger: true });
  const operatorToken = readOrCreateOperatorToken(config.dataDir);
  const testControls = process.env.CLEARLEDGER_TEST_CONTROLS === '1' && node.ledger?.embedded !== undefined;
  const app = await buildApp({
    node,
    operatorToken,
    testControls,
    logger: { level: process.env.CLEARLEDGER_LOG_LEVEL ?? 'warn' },
  });
  let lastAnchorError = '';
  const worker = node.ledger!.startAnchorWorker((error) => {
    // One line per distinct failure: the worker keeps retrying and nothing is lost meanwhile.
    const text = isClearledgerError(error) ? `${error.code}: ${error.message}` : String(error);
    if (text !== lastAnchorError) app.log.warn(`anchoring paused, will retry: ${text}`);
    lastAnchorError = text;
  });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\n${signal} received, shutting down…\n`);
    await app.close();
    await worker.stop();
    await node.close();
    process.stdout.write('Clearledger node stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  void node.prepareSigning().catch(() => undefined);
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const signer = await node.signerFor(node.operatorOrgId);
  process.stdout.write(
    [
      node.firstRun ? `Created a new node in ${config.dataDir}` : `Opened the node in ${config.dataDir}`,
      `  organisation  ${config.org.name} (${node.operatorOrgId})`,
      `  signing key   ${signer.publicKeyMultibase}`,
      `  store         ${node.store.dialect}${config.databaseUrl === undefined ? ` (${config.dataDir}/clearledger.sqlite)` : ''}`,
      `  chain         ${node.ledger!.embedded === undefined ? 'JSON-RPC' : 'embedded'} chain ${node.ledger!.chainId}${node.ledger!.rpcUrl === undefined ? '' : ` at ${node.ledger!.rpcUrl}`}`,
      `  contracts     TrustRegistry ${node.ledger!.client.contracts?.trustRegistry}, AnchorRegistry ${node.ledger!.client.contracts?.anchorRegistry}`,
      `  chain account ${node.ledger!.address}`,
      `  operator token ${config.dataDir}/operator-token (Authorization: Bearer … for POST /credentials/issue)`,
      ...(testControls ? ['  test controls ON: POST /admin/chain/pause, /admin/chain/resume (operator token)'] : []),
      `Clearledger node listening on ${url}  (health: ${url}/health)`,
      '',
    ].join('\n'),
  );
  return -1;
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
