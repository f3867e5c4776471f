// Composition root of the `clearledger` CLI: parses flags and environment, decides whether a command
// works on a node over HTTP (remote mode) or on a local data folder, and opens what it needs. Local
// mode's modules (store, chain, key store, PDF renderer) load only when a command needs them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ClearledgerError, isClearledgerError, type VerificationReport } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import { carnetsCommand, carnetsHelp } from './commands/carnets/carnets.ts';
import { claimsCommand, claimsHelp, requestsCommand, requestsHelp } from './commands/certificate-of-origin/claims.ts';
import { inBondCommand, inBondHelp } from './commands/in-bond/inBond.ts';
import { issueCommand, issueHelp, localIssueTarget, remoteIssueTarget } from './commands/issue.ts';
import { permitsCommand, permitsHelp } from './commands/permits/permits.ts';
import {
  localRecordsList,
  localRecordsShow,
  recordsHelp,
  remoteRecordsList,
  remoteRecordsShow,
} from './commands/records.ts';
import {
  loginCommand,
  loginHelp,
  logoutCommand,
  logoutHelp,
  remoteExportCommand,
  remoteQrRecord,
  remoteRevokeCommand,
  remoteVerifier,
  remoteVerifyOne,
  remoteVerifyQr,
  whoamiCommand,
  whoamiHelp,
} from './commands/remoteCommands.ts';
import { itemOf, readVerifyInput, type VerifyItem, verifyManyCommand } from './commands/verifyMany.ts';
import { exitCodeByCode, exitCodes } from './exitCodeByCode.ts';
import { Output } from './output.ts';
import { configPath, readCliConfig } from './remote/cliConfig.ts';
import { DEFAULT_TIMEOUT_MS, NodeClient, normalizeNodeUrl } from './remote/nodeClient.ts';

const mainHelp = `Usage: clearledger <command> [options]

Clearledger: signed, ledger-anchored trade records (W3C Verifiable Credentials 2.0).

Commands:
  issue <file>            sign and store credentials from a JSON file, or one per row of a CSV file
                          (--template, --batch; a summary of what was issued and rejected)
  verify <file>           verify a credential file (or every record of a JSON array / NDJSON file)
                          and print every check
  verify --qr <image>     verify the record in the QR code of a PNG or JPEG image (photo of a printed copy)
  revoke <file|hash>      revoke, suspend or reinstate a credential this organisation issued
  export <file|hash>      the credential with its anchor receipt, verifiable on any node; --pdf for
                          its printable copy (--lang en|es|fr)
  qr <file>               the record's QR code as a PNG (--out), embedding the record and its receipt
  records list|show       the organisation's records: search, status, one record with its anchor
  claims verify|file|list|show|decide|correct
                          claims of preference for an entry line on a certification of origin: check
                          or file one (exit 0 accepted, 1 denied, 3 waits for review), decide, correct
  requests list|show|ask|answer|review
                          customs' information requests on a claim: ask, answer with documents, review
  permits list|show|draw|reverse
                          permits, licences and certificates of partner government agencies: the
                          balance and every use; draw for an entry line (one, --present, --batch);
                          the agency reverses a use
  carnets list|show|endorse|claim
                          ATA carnets: every item's place and the vouchers; customs endorse a
                          voucher at their office (one, --present, --batch) or claim on an item
  inbond list|show|event  in-bond movements: state, deadlines, violations and the timeline; report
                          an event (authorise, depart, arrive, export, divert…; one or --batch)
  qualify <bom.json>      a product against the rules of origin (USMCA, CAFTA-DR), offline: PASS/FAIL
                          with the numbers and the salted commitment of the bill of materials
  login                   sign in to a node (password or OAuth client) and save the token
  logout                  revoke the saved token and forget it
  whoami                  who the token belongs to: account or client, organisation, roles, scopes
  org add|grant|show      manage organisations in the on-chain trust registry (local)
  keys rotate|list        rotate or list this node's signing keys (local)
  chain status|deploy     the chain, contracts, account and anchoring progress; deploy on CHAIN_RPC_URL (local)
  help [command]          show help for a command

Where commands work:
  On a node over HTTP (remote mode) when a node URL is given: --node <url>, else
  CLEARLEDGER_NODE_URL, else the "node" of the config file written by clearledger login.
  Otherwise on a local data folder (local mode): --data-dir, CLEARLEDGER_DATA_DIR or ./data.
  An explicit --data-dir (or CLEARLEDGER_DATA_DIR) wins over a node URL from the config file.
  issue, verify, export, revoke, qr, records, whoami and logout work in both modes (whoami and
  logout need a node); claims, requests, permits, carnets and inbond need a node; org, keys and
  chain work on a local data folder only; qualify sends nothing (it reads a local data folder,
  when there is one, only to verify the supplier credentials a bill of materials names).

Remote options:
  --node <url>            the node, e.g. https://node.example (CLEARLEDGER_NODE_URL)
  --token <token>         access token (CLEARLEDGER_TOKEN; else the config file's, when it is for
                          the same node)
  --config <file>         config file (CLEARLEDGER_CONFIG; default $XDG_CONFIG_HOME/clearledger/
                          config.json or ~/.config/clearledger/config.json). A config file that holds
                          a token must be owner-only (chmod 600), or it is refused.
  --timeout <seconds>     longest wait for one answer of the node (default ${DEFAULT_TIMEOUT_MS / 1000})

Every command accepts --help and --json. Exit codes: 0 ok/VALID, 1 INVALID, 2 bad usage or input
(also: some rows of a bulk issue not issued, token refused), 3 INCONCLUSIVE, 4 not found,
5 conflict, 6 unavailable (node unreachable: CL_NODE_UNREACHABLE), 10 internal error. A claim
accepted exits 0, denied 1, waiting for an officer 3; a product that qualifies 0, does not 1; a
permit draw refused exits with its code's exit code (e.g. 5 for CL_PERMIT_INSUFFICIENT_BALANCE),
a batch of draws with refused rows 2; so do carnet vouchers and in-bond events (e.g. 5 for
CL_CARNET_ITEM_STATE, 2 for CL_INBOND_WRONG_PORT) and their batches.
`;

type Help = string | (() => Promise<string>);
const helps: Record<string, Help> = {
  issue: issueHelp,
  verify: async () => (await import('./commands/verify.ts')).verifyHelp,
  org: async () => (await import('./commands/ledgerCommands.ts')).orgHelp,
  keys: async () => (await import('./commands/ledgerCommands.ts')).keysHelp,
  chain: async () => (await import('./commands/ledgerCommands.ts')).chainHelp,
  revoke: async () => (await import('./commands/ledgerCommands.ts')).revokeHelp,
  export: async () => (await import('./commands/ledgerCommands.ts')).exportHelp,
  qr: async () => (await import('./commands/qr.ts')).qrHelp,
  records: recordsHelp,
  login: loginHelp,
  logout: logoutHelp,
  whoami: whoamiHelp,
  claims: claimsHelp,
  requests: requestsHelp,
  permits: permitsHelp,
  carnets: carnetsHelp,
  inbond: inBondHelp,
  qualify: async () => (await import('./commands/certificate-of-origin/qualify.ts')).qualifyHelp,
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
  login: 0,
  logout: 0,
  whoami: 0,
  qualify: 1,
};

/** Subcommands of the commands that have them, with how many positional arguments each takes. */
const subcommands: Record<string, Record<string, number>> = {
  claims: { verify: 1, file: 1, list: 1, show: 2, decide: 2, correct: 2 },
  requests: { list: 1, show: 2, ask: 2, answer: 2, review: 2 },
  // permits checks its own arguments (draw takes the permit id, or none with --present or --batch).
  permits: { list: 1, show: 2, draw: 2, reverse: 3 },
  // carnets and inbond check their own arguments too (endorse and event take none with --batch).
  carnets: { list: 1, show: 2, endorse: 2, claim: 2 },
  inbond: { list: 1, show: 2, event: 2 },
};

/** Commands that work on a node only. */
const remoteOnly = new Set(['claims', 'requests', 'permits', 'carnets', 'inbond']);

/** Commands that check the count of their own positional arguments. */
const selfChecked = new Set(['permits', 'carnets', 'inbond']);

/** Commands that work on a local data folder only. */
const localOnly = new Set(['org', 'keys', 'chain']);

const options = {
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
  // Remote mode
  node: { type: 'string' },
  token: { type: 'string' },
  config: { type: 'string' },
  timeout: { type: 'string' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'client-id': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  scope: { type: 'string' },
  // Bulk issue
  template: { type: 'string' },
  batch: { type: 'string' },
  format: { type: 'string' },
  rejects: { type: 'string' },
  'idempotency-key': { type: 'string' },
  // records list
  search: { type: 'string' },
  type: { type: 'string' },
  status: { type: 'string' },
  limit: { type: 'string' },
  after: { type: 'string' },
  // claims and requests
  entry: { type: 'string' },
  line: { type: 'string' },
  htsus: { type: 'string' },
  'import-date': { type: 'string' },
  // Refused with a reason (the node dates claims), not parsed as an unknown flag.
  'claim-date': { type: 'string' },
  port: { type: 'string' },
  importer: { type: 'string' },
  value: { type: 'string' },
  'non-commercial': { type: 'boolean' },
  certification: { type: 'string' },
  customs: { type: 'string' },
  state: { type: 'string' },
  accept: { type: 'boolean' },
  deny: { type: 'boolean' },
  question: { type: 'string' },
  to: { type: 'string' },
  documents: { type: 'string' },
  days: { type: 'string' },
  text: { type: 'string' },
  file: { type: 'string', multiple: true },
  defective: { type: 'boolean' },
  'start-verification': { type: 'boolean' },
  affirm: { type: 'boolean' },
  note: { type: 'string' },
  download: { type: 'string' },
  // permits
  quantity: { type: 'string' },
  unit: { type: 'string' },
  hts: { type: 'string' },
  country: { type: 'string' },
  product: { type: 'string' },
  present: { type: 'string' },
  // carnets
  kind: { type: 'string' },
  items: { type: 'string' },
  office: { type: 'string' },
  deadline: { type: 'string' },
  item: { type: 'string' },
  amount: { type: 'string' },
  duties: { type: 'string' },
  currency: { type: 'string' },
  // inbond
  ref: { type: 'string' },
  firms: { type: 'string' },
  'new-port': { type: 'string' },
  approve: { type: 'boolean' },
  'to-carrier': { type: 'string' },
  'bonded-carrier-id': { type: 'string' },
  // qualify
  agreement: { type: 'string' },
  rules: { type: 'string' },
  salt: { type: 'string' },
  evidence: { type: 'string', multiple: true },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** Where a command works: a node over HTTP, or the local data folder. */
type Target = { kind: 'local' } | { kind: 'remote'; client: NodeClient; configPath: string; tokenFromConfig: boolean };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0 || seconds > 3600)
    throw new ClearledgerError('CL_INPUT_INVALID', '--timeout must be a number of seconds from 0.1 to 3600.', {
      field: '--timeout',
    });
  return Math.max(100, Math.round(seconds * 1000));
}

/**
 * Remote or local: `--node`, else `--data-dir` (local), else CLEARLEDGER_NODE_URL, else
 * CLEARLEDGER_DATA_DIR (local), else the config file's node, else local. The token: `--token`,
 * else CLEARLEDGER_TOKEN, else the config file's token when the config file is for the same node.
 */
function resolveTarget(command: string, values: Values, env: NodeJS.ProcessEnv): Target {
  const flagNode = str(values.node);
  const flagToken = str(values.token);
  if (localOnly.has(command)) {
    if (flagNode !== undefined || flagToken !== undefined)
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        `clearledger ${command} works on a local data folder only; --node and --token do not apply.`,
        { field: flagNode === undefined ? '--token' : '--node' },
      );
    return { kind: 'local' };
  }
  if (flagNode !== undefined && str(values['data-dir']) !== undefined)
    throw new ClearledgerError('CL_INPUT_INVALID', 'Give --node (a node over HTTP) or --data-dir (local), not both.', {
      field: '--node',
    });
  const config = configPath(str(values.config), env);
  let loaded: ReturnType<typeof readCliConfig> | undefined;
  const loadConfig = () => {
    loaded ??= readCliConfig(config.path, str(values.config) !== undefined && command !== 'login');
    return loaded;
  };
  let nodeUrl: string | undefined;
  if (flagNode !== undefined) nodeUrl = flagNode;
  else if (str(values['data-dir']) !== undefined) nodeUrl = undefined;
  else if (nonEmpty(env.CLEARLEDGER_NODE_URL) !== undefined) nodeUrl = env.CLEARLEDGER_NODE_URL;
  else if (nonEmpty(env.CLEARLEDGER_DATA_DIR) !== undefined) nodeUrl = undefined;
  else nodeUrl = loadConfig().node;
  if (nodeUrl === undefined) {
    if (flagToken !== undefined)
      throw new ClearledgerError('CL_INPUT_INVALID', '--token is for a node: give --node <url> as well.', {
        field: '--token',
      });
    return { kind: 'local' };
  }
  const url = normalizeNodeUrl(nodeUrl);
  let token = flagToken ?? nonEmpty(env.CLEARLEDGER_TOKEN);
  let tokenFromConfig = false;
  if (token === undefined && command !== 'login') {
    const file = loadConfig();
    if (file.node === url && file.token !== undefined) {
      token = file.token;
      tokenFromConfig = true;
    }
  }
  return {
    kind: 'remote',
    client: new NodeClient(url, { token, timeoutMs: parseTimeout(str(values.timeout)) }),
    configPath: config.path,
    tokenFromConfig,
  };
}

async function run(argv: string[], out: { value: Output }): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(mainHelp);
    return command === undefined ? exitCodes.usage : exitCodes.ok;
  }
  const helpText = async (name: string | undefined) => {
    const help = helps[name ?? ''];
    return help === undefined ? mainHelp : typeof help === 'string' ? help : help();
  };
  if (command === 'help') {
    process.stdout.write(await helpText(rest[0]));
    return exitCodes.ok;
  }
  if (helps[command] === undefined)
    throw new ClearledgerError('CL_INPUT_INVALID', `Unknown command "${command}". Run clearledger --help.`);
  if (rest.some((a) => a === '--password' || a.startsWith('--password=') || a === '--client-secret'))
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      'A password or client secret is never taken from a flag (other users can read command lines): use --password-stdin / --client-secret-stdin, or CLEARLEDGER_PASSWORD / CLEARLEDGER_CLIENT_SECRET.',
    );
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options });
  } catch (error) {
    throw new ClearledgerError('CL_INPUT_INVALID', `${(error as Error).message} Run clearledger ${command} --help.`);
  }
  const { values, positionals } = parsed;
  out.value = new Output(values.json === true);
  if (values.help === true) {
    process.stdout.write(await helpText(command));
    return exitCodes.ok;
  }
  const verifyQr = command === 'verify' && typeof values.qr === 'string';
  const actions = subcommands[command];
  if (actions !== undefined && !Object.hasOwn(actions, positionals[0] ?? ''))
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `Use clearledger ${command} ${Object.keys(actions).join('|')}. Run clearledger ${command} --help.`,
    );
  const wanted =
    actions !== undefined
      ? actions[positionals[0]!]!
      : command === 'records'
        ? positionals[0] === 'show'
          ? 2
          : 1
        : verifyQr
          ? 0
          : (positionalCount[command] ?? 1);
  if (verifyQr && positionals.length > 0)
    throw new ClearledgerError('CL_INPUT_INVALID', 'clearledger verify --qr <image> takes no file argument.');
  if (command === 'records' && positionals[0] !== 'list' && positionals[0] !== 'show')
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      'Use clearledger records list or clearledger records show <id|hash>.',
    );
  if (positionals.length !== wanted && !selfChecked.has(command)) {
    const name = actions === undefined ? command : `${command} ${positionals[0]}`;
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      actions === undefined
        ? `clearledger ${name} takes ${wanted} argument(s). Run clearledger ${command} --help.`
        : `clearledger ${name} takes ${wanted === 1 ? 'no argument' : 'one argument, the id'}. Run clearledger ${command} --help.`,
    );
  }
  const file = positionals[0] ?? '';
  const at = str(values.at);
  const issueArgs = {
    file,
    ...(str(values.out) === undefined ? {} : { out: str(values.out)! }),
    ...(str(values.template) === undefined ? {} : { template: str(values.template)! }),
    ...(str(values.batch) === undefined ? {} : { batch: str(values.batch)! }),
    ...(str(values.format) === undefined ? {} : { format: str(values.format)! }),
    ...(str(values.rejects) === undefined ? {} : { rejects: str(values.rejects)! }),
    ...(str(values['idempotency-key']) === undefined ? {} : { idempotencyKey: str(values['idempotency-key'])! }),
  };
  const listArgs = {
    ...(str(values.search) === undefined ? {} : { search: str(values.search)! }),
    ...(str(values.type) === undefined ? {} : { type: str(values.type)! }),
    ...(str(values.status) === undefined ? {} : { status: str(values.status)! }),
    ...(str(values.limit) === undefined ? {} : { limit: str(values.limit)! }),
    ...(str(values.after) === undefined ? {} : { after: str(values.after)! }),
  };
  const exportArgs = {
    target: file,
    ...(str(values.out) === undefined ? {} : { out: str(values.out)! }),
    ...(str(values.pdf) === undefined ? {} : { pdf: str(values.pdf)! }),
    ...(str(values.lang) === undefined ? {} : { lang: str(values.lang)! }),
    ...(str(values['reference-url']) === undefined ? {} : { referenceUrl: str(values['reference-url'])! }),
  };
  const revokeArgs = {
    target: file,
    ...(str(values.reason) === undefined ? {} : { reason: str(values.reason)! }),
    suspend: values.suspend === true,
    reinstate: values.reinstate === true,
  };

  // `qualify` works on this machine only: nothing is sent; the local data folder, when there is one,
  // is opened only to find and verify the supplier credentials the bill of materials names.
  if (command === 'qualify') {
    if (str(values.node) !== undefined || str(values.token) !== undefined)
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        'clearledger qualify works on this machine only (the bill of materials is never sent); --node and --token do not apply.',
        { field: str(values.node) === undefined ? '--token' : '--node' },
      );
    const { qualifyCommand } = await import('./commands/certificate-of-origin/qualify.ts');
    return qualifyCommand(
      {
        file,
        ...(str(values.agreement) === undefined ? {} : { agreement: str(values.agreement)! }),
        ...(str(values.rules) === undefined ? {} : { rules: str(values.rules)! }),
        ...(str(values.salt) === undefined ? {} : { salt: str(values.salt)! }),
        ...(values.evidence === undefined ? {} : { evidence: values.evidence }),
        ...(str(values['data-dir']) === undefined ? {} : { dataDir: str(values['data-dir'])! }),
      },
      out.value,
    );
  }

  // `verify --offline` needs neither a node nor a data folder.
  const target: Target =
    command === 'verify' && values.offline === true ? { kind: 'local' } : resolveTarget(command, values, process.env);

  if (target.kind === 'remote') {
    const { client } = target;
    if (str(values.org) !== undefined)
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        '--org applies in local mode; on a node, the token decides the organisation.',
        { field: '--org' },
      );
    switch (command) {
      case 'login':
        return loginCommand(
          client,
          {
            ...(str(values.username) === undefined ? {} : { username: str(values.username)! }),
            passwordStdin: values['password-stdin'] === true,
            ...(str(values['client-id']) === undefined ? {} : { clientId: str(values['client-id'])! }),
            clientSecretStdin: values['client-secret-stdin'] === true,
            ...(str(values.scope) === undefined ? {} : { scope: str(values.scope)! }),
            configPath: target.configPath,
          },
          out.value,
        );
      case 'logout':
        return logoutCommand(
          client,
          { configPath: target.configPath, tokenFromConfig: target.tokenFromConfig },
          out.value,
        );
      case 'whoami':
        return whoamiCommand(client, out.value);
      case 'claims':
        return claimsCommand(client, positionals, values, out.value);
      case 'requests':
        return requestsCommand(client, positionals, values, out.value);
      case 'permits':
        return permitsCommand(client, positionals, values, out.value);
      case 'carnets':
        return carnetsCommand(client, positionals, values, out.value);
      case 'inbond':
        return inBondCommand(client, positionals, values, out.value);
      case 'issue':
        return issueCommand(remoteIssueTarget(client), issueArgs, out.value);
      case 'records':
        return positionals[0] === 'show'
          ? remoteRecordsShow(client, positionals[1]!, out.value)
          : remoteRecordsList(client, listArgs, out.value);
      case 'export':
        return remoteExportCommand(client, exportArgs, out.value);
      case 'revoke':
        return remoteRevokeCommand(client, revokeArgs, out.value);
      case 'qr': {
        const { parseMaxChars, qrOfRecord } = await import('./commands/qr.ts');
        const maxChars = parseMaxChars(str(values['max-chars']));
        return qrOfRecord(
          await remoteQrRecord(client, file),
          {
            ...(str(values.out) === undefined ? {} : { out: str(values.out)! }),
            referenceUrl: str(values['reference-url']) ?? `${client.url}/v`,
            ...(maxChars === undefined ? {} : { maxChars }),
          },
          out.value,
        );
      }
      case 'verify': {
        if (verifyQr) {
          const { readQrPayload } = await import('./commands/qr.ts');
          return remoteVerifyQr(client, readQrPayload(str(values.qr)!), at, out.value);
        }
        const input = readVerifyInput(file);
        if (input.kind === 'many') return verifyManyCommand(input.items, remoteVerifier(client, at), 8, out.value);
        return remoteVerifyOne(client, itemOf(input.value), at, out.value);
      }
    }
    throw new ClearledgerError('CL_INPUT_INVALID', `clearledger ${command} works on a local data folder only.`);
  }
  return runLocal(
    command,
    values,
    positionals,
    { file, at, verifyQr, issueArgs, listArgs, exportArgs, revokeArgs },
    out,
  );
}

/** Local mode: the command works on this machine's data folder (or, for verify --offline, on nothing). */
async function runLocal(
  command: string,
  values: Values,
  positionals: string[],
  args: {
    file: string;
    at: string | undefined;
    verifyQr: boolean;
    issueArgs: Parameters<typeof issueCommand>[1];
    listArgs: Parameters<typeof localRecordsList>[1];
    exportArgs: { target: string; out?: string; pdf?: string; lang?: string; referenceUrl?: string };
    revokeArgs: { target: string; reason?: string; suspend?: boolean; reinstate?: boolean };
  },
  out: { value: Output },
): Promise<number> {
  const { file, verifyQr } = args;
  const at = args.at === undefined ? {} : { at: args.at };
  if (command === 'login' || command === 'logout' || command === 'whoami' || remoteOnly.has(command)) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `clearledger ${command} talks to a node: give --node <url>, set CLEARLEDGER_NODE_URL, or sign in with clearledger login --node <url>.`,
      { field: '--node' },
    );
  }
  if (str(values.token) !== undefined)
    throw new ClearledgerError('CL_INPUT_INVALID', '--token is for a node: give --node <url> as well.', {
      field: '--token',
    });
  if (command === 'qr') {
    const { parseMaxChars, qrCommand } = await import('./commands/qr.ts');
    const maxChars = parseMaxChars(str(values['max-chars']));
    return qrCommand(
      {
        file,
        ...(str(values.out) === undefined ? {} : { out: str(values.out)! }),
        ...(str(values['reference-url']) === undefined ? {} : { referenceUrl: str(values['reference-url'])! }),
        ...(maxChars === undefined ? {} : { maxChars }),
      },
      out.value,
    );
  }
  // A verify file of many records is read first (it is also how stdin is read only once).
  const verifyInput = command === 'verify' && !verifyQr ? readVerifyInput(file) : undefined;
  const { openNode, readNodeConfig, nodeCrypto } = await import('@clearledger/node');
  const { storeLedgerView, verifyCredential } = await import('@clearledger/core');
  // An empty CLEARLEDGER_DATA_DIR means unset (./data), never the current folder itself.
  const { CLEARLEDGER_DATA_DIR: dataDirEnv, ...otherEnv } = process.env;
  const config = readNodeConfig(
    dataDirEnv === '' ? otherEnv : process.env,
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
  if (command === 'org' || command === 'keys' || command === 'chain' || command === 'revoke' || command === 'export') {
    const ledger = await import('./commands/ledgerCommands.ts');
    if (command === 'org') {
      return withNode(
        (node) =>
          ledger.orgCommand(
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
    if (command === 'keys')
      return withNode((node) => ledger.keysCommand(node, { action: file }, out.value), { ledger: true });
    if (command === 'chain') {
      return withNode((node) => ledger.chainCommand(node, { action: file }, out.value), {
        ledger: true,
        deployContracts: file === 'deploy',
      });
    }
    if (command === 'revoke')
      return withNode((node) => ledger.revokeCommand(node, args.revokeArgs, out.value), { ledger: true });
    return withNode((node) => ledger.exportCommand(node, args.exportArgs, out.value));
  }
  if (command === 'issue') {
    return withNode((node) =>
      issueCommand(
        localIssueTarget(node, typeof values.org === 'string' ? values.org : node.operatorOrgId),
        args.issueArgs,
        out.value,
      ),
    );
  }
  if (command === 'records') {
    return withNode((node) =>
      positionals[0] === 'show'
        ? localRecordsShow(node, positionals[1]!, out.value)
        : localRecordsList(node, args.listArgs, out.value),
    );
  }
  // verify
  const { verifyCommand } = await import('./commands/verify.ts');
  const { readQrPayload, verifyQrCommand } = await import('./commands/qr.ts');
  const hasNode = config.databaseUrl !== undefined || existsSync(join(config.dataDir, 'clearledger.sqlite'));
  const offline = values.offline === true || !hasNode;
  if (verifyQr) {
    const payload = readQrPayload(str(values.qr)!);
    if (offline) return verifyQrCommand(undefined, { payload, ...at }, out.value);
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
  if (verifyInput?.kind === 'many') {
    const now = args.at ?? new Date().toISOString();
    if (Number.isNaN(Date.parse(now)))
      throw new ClearledgerError('CL_INPUT_INVALID', '--at must be an ISO-8601 time.', { field: '--at' });
    const verifyWith =
      (ledger: Parameters<typeof verifyCredential>[0]['ledger']) =>
      (item: VerifyItem): Promise<VerificationReport> =>
        verifyCredential(
          {
            crypto: nodeCrypto,
            now,
            ...(ledger === undefined ? {} : { ledger }),
          },
          { credential: item.credential, ...(item.anchor === undefined ? {} : { anchor: item.anchor }) },
        );
    if (offline) return verifyManyCommand(verifyInput.items, verifyWith(undefined), 1, out.value);
    return withNode(
      (node) =>
        verifyManyCommand(
          verifyInput.items,
          verifyWith(node.ledger?.view ?? storeLedgerView(node.store)),
          4,
          out.value,
        ),
      { ledger: true },
    );
  }
  const input = verifyInput?.kind === 'single' ? { input: verifyInput.value } : {};
  if (offline) return verifyCommand(undefined, { file, ...input, ...at }, out.value);
  return withNode(
    (node) => verifyCommand(node.ledger?.view ?? storeLedgerView(node.store), { file, ...input, ...at }, out.value),
    { ledger: true },
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
