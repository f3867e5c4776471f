// Composition root of the `clearledger` CLI: parses flags and environment, opens what a command needs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ClearledgerError, isClearledgerError, storeLedgerView } from '@clearledger/core';
import { type NodeContext, openNode, readNodeConfig } from '@clearledger/node';
import { issueCommand, issueHelp } from './commands/issue.ts';
import {
  chainCommand,
  chainHelp,
  exportCommand,
  exportHelp,
  keysCommand,
  keysHelp,
  orgCommand,
  orgHelp,
  revokeCommand,
  revokeHelp,
} from './commands/ledgerCommands.ts';
import { parseMaxChars, qrCommand, qrHelp, readQrPayload, verifyQrCommand } from './commands/qr.ts';
import { verifyCommand, verifyHelp } from './commands/verify.ts';
import { exitCodeByCode, exitCodes } from './exitCodeByCode.ts';
import { Output } from './output.ts';

const mainHelp = `Usage: clearledger <command> [options]

Clearledger: signed, ledger-anchored trade records (W3C Verifiable Credentials 2.0).

Commands:
  issue <file>            sign and store credentials from a JSON file on this node
  verify <file>           verify a credential file and print every check
  verify --qr <image>     verify the record in the QR code of a PNG or JPEG image (photo of a printed copy)
  revoke <file|hash>      revoke, suspend or reinstate a credential this node issued
  export <file|hash>      the credential with its anchor receipt, verifiable on any node; --pdf for
                          its printable copy (--lang en|es|fr)
  qr <file>               the record's QR code as a PNG (--out), embedding the record and its receipt
  org add|grant|show      manage organisations in the on-chain trust registry
  keys rotate|list        rotate or list this node's signing keys
  chain status|deploy     the chain, contracts, account and anchoring progress; deploy on CHAIN_RPC_URL
  help [command]          show help for a command

Every command accepts --help and --json. Exit codes: 0 ok/VALID, 1 INVALID, 2 bad usage or input,
3 INCONCLUSIVE, 4 not found, 5 conflict, 6 unavailable, 10 internal error.
`;

const helps: Record<string, string> = {
  issue: issueHelp,
  verify: verifyHelp,
  org: orgHelp,
  keys: keysHelp,
  chain: chainHelp,
  revoke: revokeHelp,
  export: exportHelp,
  qr: qrHelp,
};

/** How many positional arguments each command takes. */
const positionalCount: Record<string, number> = {
  issue: 1,
  verify: 1,
  revoke: 1,
  export: 1,
  org: 2,
  keys: 1,
  chain: 1,
  qr: 1,
};

async function run(argv: string[], out: { value: Output }): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(mainHelp);
    return command === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (command === 'help') {
    process.stdout.write(helps[rest[0] ?? ''] ?? mainHelp);
    return exitCodes.ok;
  }
  const help = helps[command];
  if (help === undefined)
    throw new ClearledgerError('CL_INPUT_INVALID', `Unknown command "${command}". Run clearledger --help.`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
        org: { type: 'string' },
        out: { type: 'string' },
        at: { type: 'string' },
        offline: { type: 'boolean' },
        admin: { type: 'string' },
        roles: { type: 'string' },
        reason: { type: 'string' },
        suspend: { type: 'boolean' },
        reinstate: { type: 'boolean' },
        qr: { type: 'string' },
        pdf: { type: 'string' },
        lang: { type: 'string' },
        'reference-url': { type: 'string' },
        'max-chars': { type: 'string' },
      },
    });
  } catch (error) {
    throw new ClearledgerError('CL_INPUT_INVALID', `${(error as Error).message} Run clearledger ${command} --help.`);
  }
  const { values, positionals } = parsed;
  out.value = new Output(values.json === true);
  if (values.help === true) {
    process.stdout.write(help);
    return exitCodes.ok;
  }
  const verifyQr = command === 'verify' && typeof values.qr === 'string';
  const wanted = verifyQr ? 0 : (positionalCount[command] ?? 1);
  if (verifyQr && positionals.length > 0)
    throw new ClearledgerError('CL_INPUT_INVALID', 'clearledger verify --qr <image> takes no file argument.');
  if (positionals.length !== wanted) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `clearledger ${command} takes ${wanted} argument(s). Run clearledger ${command} --help.`,
    );
  }
  const file = positionals[0] ?? '';
  const config = readNodeConfig(
    process.env,
    process.cwd(),
    typeof values['data-dir'] === 'string' ? { dataDir: values['data-dir'] } : {},
  );
  const withNode = async (
    fn: (node: NodeContext) => Promise<number>,
    options: { ledger?: boolean; deployContracts?: boolean } = {},
  ) => {
    const node = await openNode(config, () => new Date().toISOString(), options);
    try {
      return await fn(node);
    } finally {
      await node.close();
    }
  };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const referenceUrl =
    str(values['reference-url']) === undefined ? {} : { referenceUrl: str(values['reference-url'])! };
  if (command === 'qr') {
    const maxChars = parseMaxChars(str(values['max-chars']));
    return qrCommand(
      {
        file,
        ...(str(values.out) === undefined ? {} : { out: str(values.out)! }),
        ...referenceUrl,
        ...(maxChars === undefined ? {} : { maxChars }),
      },
      out.value,
    );
  }
  if (command === 'org') {
    return withNode(
      (node) =>
        orgCommand(
          node,
          {
            action: file,
            did: positionals[1]!,
            ...(str(values.admin) === undefined ? {} : { admin: str(values.admin)! }),
            ...(str(values.roles) === undefined ? {} : { roles: str(values.roles)! }),
          },
          out.value,
        ),
      { ledger: true },
    );
  }
  if (command === 'keys') return withNode((node) => keysCommand(node, { action: file }, out.value), { ledger: true });
  if (command === 'chain') {
    return withNode((node) => chainCommand(node, { action: file }, out.value), {
      ledger: true,
      deployContracts: file === 'deploy',
    });
  }
  if (command === 'revoke') {
    return withNode(
      (node) =>
        revokeCommand(
          node,
          {
            target: file,
            ...(str(values.reason) === undefined ? {} : { reason: str(values.reason)! }),
            suspend: values.suspend === true,
            reinstate: values.reinstate === true,
          },
          out.value,
        ),
      { ledger: true },
    );
  }
  if (command === 'export') {
    return withNode((node) =>
      exportCommand(
        node,
        {
          target: file,
          ...(str(values.out) === undefined ? {} : { out: str(values.out)! }),
          ...(str(values.pdf) === undefined ? {} : { pdf: str(values.pdf)! }),
          ...(str(values.lang) === undefined ? {} : { lang: str(values.lang)! }),
          ...referenceUrl,
        },
        out.value,
      ),
    );
  }
  if (command === 'issue') {
    return withNode((node) =>
      issueCommand(
        node,
        {
          file,
          ...(typeof values.org === 'string' ? { org: values.org } : {}),
          ...(typeof values.out === 'string' ? { out: values.out } : {}),
        },
        out.value,
      ),
    );
  }
  const at = typeof values.at === 'string' ? { at: values.at } : {};
  const hasNode = config.databaseUrl !== undefined || existsSync(join(config.dataDir, 'clearledger.sqlite'));
  if (verifyQr) {
    const payload = readQrPayload(str(values.qr)!);
    if (values.offline === true || !hasNode) return verifyQrCommand(undefined, { payload, ...at }, out.value);
    return withNode(
      (node) =>
        verifyQrCommand(
          node.ledger?.view ?? storeLedgerView(node.store),
          {
            payload,
            ...at,
            resolve: async (hash) => {
              const row = await node.store.getCredentialByHash(node.operatorOrgId, hash).catch((error: unknown) => {
                if (isClearledgerError(error) && error.code === 'CL_STORE_NOT_FOUND') return null;
                throw error;
              });
              return row === null ? null : { credential: JSON.parse(row.document) as unknown };
            },
          },
          out.value,
        ),
      { ledger: true },
    );
  }
  if (values.offline === true || !hasNode) return verifyCommand(undefined, { file, ...at }, out.value);
  return withNode(
    (node) => verifyCommand(node.ledger?.view ?? storeLedgerView(node.store), { file, ...at }, out.value),
    {
      ledger: true,
    },
  );
}

const out = { value: new Output(process.argv.includes('--json')) };
run(process.argv.slice(2), out).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isClearledgerError(error)) {
      out.value.error(error.toJSON());
      process.exit(exitCodeByCode[error.code]);
    }
    out.value.error({ code: 'CL_INTERNAL', message: 'An unexpected internal error occurred.' });
    if (process.env.CLEARLEDGER_DEBUG === '1') console.error(error);
    process.exit(exitCodes.internal);
  },
);
