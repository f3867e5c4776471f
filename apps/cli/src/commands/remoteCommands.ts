// Commands that talk to a Clearledger node over its HTTP API (docs/api.md). They import core only,
// so a remote command starts without loading the node's store, chain or key store.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  type AnchorReceipt,
  ClearledgerError,
  credentialHash,
  nobleCrypto,
  type VerificationReport,
} from '@clearledger/core';
import { exitCodes } from '../exitCodeByCode.ts';
import { readJsonFile } from '../io.ts';
import type { Output } from '../output.ts';
import { type CliConfigFile, readCliConfig, writeCliConfig } from '../remote/cliConfig.ts';
import { NodeClient } from '../remote/nodeClient.ts';
import { verdictExitCode } from '../verdict.ts';
import { itemOf, type VerifyItem } from './verifyMany.ts';

export const loginHelp = `Usage: clearledger login --node <url> --username <name> --password-stdin
       clearledger login --node <url> --client-id <id> --client-secret-stdin [--scope "<scopes>"]

Signs in to a node and saves the node's URL and the access token in the config file, owner-only
(mode 0600), so later commands work against that node without --node or --token.

  A person: POST /auth/login with the username and the password read from standard input
  (--password-stdin) or from CLEARLEDGER_PASSWORD. A password is never taken from a flag.
  A system: the OAuth 2.0 client credentials grant (POST /oauth/token) with the client id and the
  secret read from standard input (--client-secret-stdin) or from CLEARLEDGER_CLIENT_SECRET;
  --scope asks for fewer scopes than the client holds.

A person's token lasts 12 hours, a client's 1 hour; sign in again when a command answers
CL_AUTH_TOKEN_EXPIRED.

Options:
  --node <url>        the node (default: CLEARLEDGER_NODE_URL, else the config file's node)
  --config <file>     config file to write (default: CLEARLEDGER_CONFIG, else
                      $XDG_CONFIG_HOME/clearledger/config.json, ~/.config/clearledger/config.json)
  --timeout <seconds> longest wait for the node (default 60)
  --json              print who signed in as JSON (never the token)
  -h, --help          show this help
`;

export const logoutHelp = `Usage: clearledger logout [--node <url>] [--config <file>]

Revokes the access token on the node (POST /auth/logout) and removes it from the config file.

Options: --node <url>, --token <token>, --config <file>, --timeout <seconds>, --json, -h/--help
`;

export const whoamiHelp = `Usage: clearledger whoami [--node <url>] [--token <token>]

Asks the node who the access token belongs to (GET /me): the account or OAuth client, its
organisation, roles and scopes.

Options: --node <url>, --token <token>, --config <file>, --timeout <seconds>, --json, -h/--help
`;

/** A stored record as the node serves it (GET /credentials/{id}). */
export type RecordAnswer = {
  id: string;
  hash: string;
  type: string;
  status: string;
  issuedAt: string;
  verifiableCredential: Record<string, unknown>;
  anchor: AnchorReceipt | null;
};

function readSecret(fromStdin: boolean, envName: string, what: string, flag: string): string {
  let text: string | undefined;
  if (fromStdin) {
    try {
      text = readFileSync(0, 'utf8');
    } catch {
      throw new ClearledgerError('CL_INPUT_INVALID', `Cannot read the ${what} from standard input.`, { field: flag });
    }
    text = text.replace(/\r?\n$/, '');
  } else {
    text = process.env[envName];
  }
  if (text === undefined || text === '') {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `Give the ${what} on standard input with ${flag}, or in ${envName}; it is never taken from a command-line flag.`,
      { field: flag },
    );
  }
  return text;
}

/** `clearledger login`: signs in (person or OAuth client) and saves node + token, owner-only. */
export async function loginCommand(
  client: NodeClient,
  args: {
    username?: string;
    passwordStdin: boolean;
    clientId?: string;
    clientSecretStdin: boolean;
    scope?: string;
    configPath: string;
  },
  out: Output,
): Promise<number> {
  if ((args.username === undefined) === (args.clientId === undefined)) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      'Sign in with --username (a person) or with --client-id (an OAuth client), one of the two. Run clearledger login --help.',
    );
  }
  let token: string;
  let expiresIn: number;
  let saved: CliConfigFile;
  if (args.username !== undefined) {
    const password = readSecret(args.passwordStdin, 'CLEARLEDGER_PASSWORD', 'password', '--password-stdin');
    const answer = await client.json<{ accessToken: string; expiresIn: number }>('POST', '/auth/login', {
      auth: false,
      body: { json: { username: args.username, password } },
    });
    token = answer.accessToken;
    expiresIn = answer.expiresIn;
    saved = { username: args.username };
  } else {
    const secret = readSecret(
      args.clientSecretStdin,
      'CLEARLEDGER_CLIENT_SECRET',
      'client secret',
      '--client-secret-stdin',
    );
    const answer = await client.json<{ access_token: string; expires_in: number }>('POST', '/oauth/token', {
      auth: false,
      body: {
        form: {
          grant_type: 'client_credentials',
          client_id: args.clientId!,
          client_secret: secret,
          ...(args.scope === undefined ? {} : { scope: args.scope }),
        },
      },
    });
    token = answer.access_token;
    expiresIn = answer.expires_in;
    saved = { clientId: args.clientId! };
  }
  if (typeof token !== 'string' || token === '')
    throw new ClearledgerError('CL_INTERNAL', `${client.url} answered the sign-in without a token.`);
  const tokenExpiresAt = new Date(Date.now() + (Number(expiresIn) || 0) * 1000).toISOString();
  const signedIn = new NodeClient(client.url, { token, timeoutMs: client.timeoutMs });
  const me = await signedIn.json<Me>('GET', '/me');
  writeCliConfig(args.configPath, { node: client.url, token, ...saved, tokenExpiresAt });
  out.result(
    { node: client.url, ...me, tokenExpiresAt, config: args.configPath },
    `Signed in to ${client.url} as ${describeMe(me)}; token saved in ${args.configPath} (owner-only), valid until ${tokenExpiresAt}.`,
  );
  return exitCodes.ok;
}

/** `clearledger logout`: revokes the token on the node and forgets it. */
export async function logoutCommand(
  client: NodeClient,
  args: { configPath: string; tokenFromConfig: boolean },
  out: Output,
): Promise<number> {
  if (client.token === undefined)
    throw new ClearledgerError('CL_AUTH_REQUIRED', `There is no token for ${client.url} to sign out of.`);
  await client.send('POST', '/auth/logout');
  if (args.tokenFromConfig) {
    const { token: _token, tokenExpiresAt: _expires, ...rest } = readCliConfig(args.configPath);
    writeCliConfig(args.configPath, rest);
  }
  out.result(
    { node: client.url, signedOut: true, ...(args.tokenFromConfig ? { config: args.configPath } : {}) },
    `Signed out of ${client.url}${args.tokenFromConfig ? `; the token is removed from ${args.configPath}` : ''}.`,
  );
  return exitCodes.ok;
}

type Me = {
  kind: string;
  id: string;
  name: string;
  roles: string[];
  scopes: string[];
  organization: { id: string; did: string; name: string; country?: string; roles: string[] };
};

function describeMe(me: Me): string {
  return `${me.name} (${me.kind} ${me.id}) of ${me.organization.name} (${me.organization.did}), roles ${me.roles.join(',') || '-'}`;
}

/** `clearledger whoami`. */
export async function whoamiCommand(client: NodeClient, out: Output): Promise<number> {
  if (client.token === undefined) {
    throw new ClearledgerError(
      'CL_AUTH_REQUIRED',
      `No access token for ${client.url}: sign in with clearledger login, or give --token or CLEARLEDGER_TOKEN.`,
    );
  }
  const me = await client.json<Me>('GET', '/me');
  out.result({ node: client.url, ...me }, `${describeMe(me)}\n  scopes ${me.scopes.join(' ')}\n  node   ${client.url}`);
  return exitCodes.ok;
}

/** The record a command argument names: a hash (64 hex digits), a credential file, or a record id. */
export async function remoteRecord(client: NodeClient, target: string): Promise<RecordAnswer> {
  if (/^[0-9a-f]{64}$/.test(target)) return byHash(client, target);
  if (existsSync(target)) return byHash(client, credentialHash(nobleCrypto, readRecordFile(target).credential));
  return client.json<RecordAnswer>('GET', `/credentials/${encodeURIComponent(target)}`);
}

function byHash(client: NodeClient, hash: string): Promise<RecordAnswer> {
  return client.json<RecordAnswer>('GET', `/credentials/by-hash/${hash}`);
}

/** A credential file: a bare signed credential, an export envelope or a record. */
export function readRecordFile(file: string): { credential: Record<string, unknown>; anchor?: AnchorReceipt } {
  const item = itemOf(readJsonFile(file));
  if (typeof item.credential !== 'object' || item.credential === null || Array.isArray(item.credential))
    throw new ClearledgerError('CL_INPUT_INVALID', `${file} must hold a credential object or an export envelope.`);
  return { ...item, credential: item.credential as Record<string, unknown> };
}

/** Verification on the node: `POST /credentials/verify` (open to anyone; no token is sent). */
export function remoteVerifier(client: NodeClient, at: string | undefined) {
  return (item: VerifyItem): Promise<VerificationReport> =>
    client.json<VerificationReport>('POST', '/credentials/verify', {
      auth: false,
      body: {
        json: {
          verifiableCredential: item.credential,
          ...(item.anchor === undefined ? {} : { anchor: item.anchor }),
          ...(at === undefined ? {} : { options: { at } }),
        },
      },
    });
}

/** `clearledger verify <file>` against a node: the node's report, the same exit codes. */
export async function remoteVerifyOne(client: NodeClient, item: VerifyItem, at: string | undefined, out: Output) {
  if (typeof item.credential !== 'object' || item.credential === null || Array.isArray(item.credential))
    throw new ClearledgerError('CL_INPUT_INVALID', 'The file must hold a credential object or an export envelope.');
  const report = await remoteVerifier(client, at)(item);
  out.report(report);
  return verdictExitCode(report);
}

/**
 * `clearledger verify --qr` against a node: an embedded record is verified by the node; a reference
 * is fetched by its hash from the node (with the token) and verified; otherwise INCONCLUSIVE.
 */
export async function remoteVerifyQr(
  client: NodeClient,
  payload:
    | { kind: 'embedded'; verifiableCredential: unknown; anchor?: AnchorReceipt }
    | { kind: 'reference'; url: string; hash: string },
  at: string | undefined,
  out: Output,
): Promise<number> {
  if (payload.kind === 'embedded') {
    return remoteVerifyOne(
      client,
      { credential: payload.verifiableCredential, ...(payload.anchor === undefined ? {} : { anchor: payload.anchor }) },
      at,
      out,
    );
  }
  const record = client.token === undefined ? null : await byHash(client, payload.hash).catch(notFoundAsNull);
  if (record !== null) {
    if (!out.json) process.stderr.write(`The QR code links to ${payload.url}; ${client.url} holds that record.\n`);
    return remoteVerifyOne(
      client,
      { credential: record.verifiableCredential, ...(record.anchor === null ? {} : { anchor: record.anchor }) },
      at,
      out,
    );
  }
  const message =
    `The QR code links to the record at ${payload.url} (hash ${payload.hash}); ${client.url} did not give it ` +
    `to this caller. Open the link, or get the record file and run clearledger verify <file>.`;
  out.result({ verdict: 'INCONCLUSIVE', qr: payload, message }, `INCONCLUSIVE  ${message}`);
  return exitCodes.inconclusive;
}

function notFoundAsNull(error: unknown): null {
  if (
    error instanceof ClearledgerError &&
    ['CL_STORE_NOT_FOUND', 'CL_AUTH_FORBIDDEN', 'CL_AUTH_REQUIRED', 'CL_AUTH_TOKEN_EXPIRED'].includes(error.code)
  )
    return null;
  throw error;
}

/** `clearledger export` against a node: the envelope (GET by hash or id), or the PDF the node renders. */
export async function remoteExportCommand(
  client: NodeClient,
  args: { target: string; out?: string; pdf?: string; lang?: string; referenceUrl?: string },
  out: Output,
): Promise<number> {
  if (args.referenceUrl !== undefined)
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      '--reference-url applies in local mode; a node links its records to its own /v/<hash> address.',
      { field: '--reference-url' },
    );
  const language = args.lang ?? 'en';
  if (language !== 'en' && language !== 'es' && language !== 'fr')
    throw new ClearledgerError('CL_INPUT_INVALID', '--lang must be en, es or fr.', { field: '--lang' });
  const record = await remoteRecord(client, args.target);
  const envelope = () =>
    JSON.stringify({ credential: record.verifiableCredential, anchor: record.anchor }, null, 2) + '\n';
  if (args.pdf !== undefined) {
    if (args.out !== undefined && record.anchor === null) throw notAnchored();
    const pdf = await client.bytes('GET', `/credentials/${encodeURIComponent(record.id)}/pdf?lang=${language}`);
    writeFileSync(args.pdf, pdf);
    if (args.out !== undefined) writeFileSync(args.out, envelope());
    out.result(
      {
        hash: record.hash,
        status: record.status,
        pdf: args.pdf,
        language,
        ...(args.out === undefined ? {} : { file: args.out }),
      },
      `Wrote ${args.pdf} (${language}, ${record.status}) from ${client.url}.`,
    );
    return exitCodes.ok;
  }
  if (record.anchor === null) throw notAnchored();
  if (args.out !== undefined) writeFileSync(args.out, envelope());
  else if (!out.json) process.stdout.write(envelope());
  out.result(
    { hash: record.hash, anchor: record.anchor, ...(args.out === undefined ? {} : { file: args.out }) },
    `Exported ${record.hash} anchored in block ${record.anchor.blockNumber}.`,
  );
  return exitCodes.ok;
}

function notAnchored(): ClearledgerError {
  return new ClearledgerError(
    'CL_LEDGER_UNAVAILABLE',
    'The credential is not anchored yet; try again when clearledger records show gives it as anchored.',
  );
}

/** `clearledger revoke` against a node: POST /credentials/status with the record's id. */
export async function remoteRevokeCommand(
  client: NodeClient,
  args: { target: string; reason?: string; suspend?: boolean; reinstate?: boolean },
  out: Output,
): Promise<number> {
  if (args.reason !== undefined && Buffer.byteLength(args.reason) > 32)
    throw new ClearledgerError('CL_INPUT_INVALID', '--reason is at most 32 bytes.', { field: '--reason' });
  const record = await remoteRecord(client, args.target);
  const status = args.reinstate ? 'ACTIVE' : args.suspend ? 'SUSPENDED' : 'REVOKED';
  const tx = await client.json<{ hash: string; txHash: string; blockNumber: number }>('POST', '/credentials/status', {
    body: {
      json: { credentialId: record.id, status, ...(args.reason === undefined ? {} : { reason: args.reason }) },
    },
  });
  out.result(
    { hash: record.hash, status, txHash: tx.txHash, blockNumber: tx.blockNumber },
    `${status === 'ACTIVE' ? 'Reinstated' : status === 'SUSPENDED' ? 'Suspended' : 'Revoked'} ${record.hash} in block ${tx.blockNumber}.`,
  );
  return exitCodes.ok;
}

/**
 * The record `clearledger qr` encodes against a node: a credential file (its anchor receipt fetched
 * from the node when the file has none), or the record a hash or id names, with its receipt.
 */
export async function remoteQrRecord(
  client: NodeClient,
  target: string,
): Promise<{ credential: Record<string, unknown>; anchor?: AnchorReceipt }> {
  if (existsSync(target) && !/^[0-9a-f]{64}$/.test(target)) {
    const file = readRecordFile(target);
    if (file.anchor !== undefined || client.token === undefined) return file;
    const record = await byHash(client, credentialHash(nobleCrypto, file.credential)).catch(notFoundAsNull);
    return record?.anchor ? { ...file, anchor: record.anchor } : file;
  }
  const record = await remoteRecord(client, target);
  return {
    credential: record.verifiableCredential,
    ...(record.anchor === null ? {} : { anchor: record.anchor }),
  };
}
