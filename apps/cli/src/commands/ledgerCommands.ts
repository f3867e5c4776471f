import { readFileSync, writeFileSync } from 'node:fs';
import {
  type AnchorReceipt,
  anchorReceiptOf,
  ClearledgerError,
  credentialHash,
  parseJsonOrThrow,
  type Role,
  roles,
} from '@clearledger/core';
import type { NodeContext, NodeLedger } from '@clearledger/node';
// The printable copy is the node's own renderer (the server serves the same PDF over HTTP).
import { renderCredentialPdf } from '../../../server/src/pdf/renderCredentialPdf.ts';
import { exitCodes } from '../exitCodeByCode.ts';
import type { Output } from '../output.ts';
import { encodeQrCli } from './qr.ts';

export const orgHelp = `Usage: clearledger org <add|grant|show> <did> [options]

Manages organisations in the on-chain trust registry. add and grant need this node's organisation
to hold the NETWORK_AUTHORITY role.

  org add <did> --admin <0x address> --roles <R1,R2>   register an organisation and its chain account
  org grant <did> --roles <R1,R2>                        replace an organisation's roles
  org show <did>                                         print what the registry holds

Roles: ${roles.join(', ')}

Options: --data-dir <path>, --json, -h/--help
`;

export const keysHelp = `Usage: clearledger keys <rotate|list> [options]

  keys rotate    create a new signing key for this node's organisation, valid from now; the old key
                 stays valid for records signed before now (its validity ends now), on chain and locally
  keys list      list this node's organisation's keys and their on-chain windows

Options: --data-dir <path>, --json, -h/--help
`;

export const chainHelp = `Usage: clearledger chain <status|deploy> [options]

  chain status   the chain this node uses (embedded or JSON-RPC), chain id, head block, contract
                 addresses, the node's chain account and anchoring progress
  chain deploy   with CHAIN_RPC_URL set and no contract addresses: deploy TrustRegistry,
                 AnchorRegistry and InstrumentRegistry from this node's account (it becomes the network
                 authority) and print the CLEARLEDGER_*_REGISTRY lines for every node; with the two
                 older addresses set, add InstrumentRegistry to an existing network

Options: --data-dir <path>, --json, -h/--help
`;

export const revokeHelp = `Usage: clearledger revoke <credential.json | hash> [--reason <text>] [--suspend | --reinstate]

Revokes (final), suspends or reinstates a credential this node's organisation issued. Takes effect
in the next block; every verifier reading the chain sees it. With a node (--node, CLEARLEDGER_NODE_URL
or clearledger login), the node records it (POST /credentials/status; the token needs the
credentials:status scope) and the record may also be named by its id.

Options: --reason <text> (at most 32 bytes), --suspend, --reinstate, --data-dir <path>, --json,
         --node <url>, --token <token>, --config <file>, --timeout <seconds>
`;

function parseRoles(text: string | undefined): Role[] {
  if (text === undefined || text === '')
    throw new ClearledgerError('CL_INPUT_INVALID', '--roles is required, e.g. --roles PRODUCER,EXPORTER.');
  const list = text.split(',').map((r) => r.trim());
  for (const r of list) {
    if (!(roles as readonly string[]).includes(r))
      throw new ClearledgerError('CL_INPUT_INVALID', `"${r}" is not a role; use ${roles.join(', ')}.`, {
        field: '--roles',
      });
  }
  return list as Role[];
}

function ledgerOf(node: NodeContext): NodeLedger {
  if (node.ledger === undefined) throw new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'This command needs the chain.');
  return node.ledger;
}

/** `clearledger org add|grant|show`. */
export async function orgCommand(
  node: NodeContext,
  args: { action: string; did: string; admin?: string; roles?: string },
  out: Output,
): Promise<number> {
  const ledger = ledgerOf(node);
  if (!/^did:[a-z0-9]+:\S+$/.test(args.did))
    throw new ClearledgerError('CL_INPUT_INVALID', `"${args.did}" is not a DID.`, { field: 'did' });
  if (args.action === 'add') {
    if (args.admin === undefined || !/^0x[0-9a-fA-F]{40}$/.test(args.admin)) {
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        '--admin must be the organisation node’s chain account (0x…, printed at its start).',
        { field: '--admin' },
      );
    }
    const tx = await ledger.client.registerOrganization(args.did, args.admin as `0x${string}`, parseRoles(args.roles));
    // On chains that charge gas, the new organisation's account needs funds for its transactions.
    const funded = await ledger.client.fund(args.admin as `0x${string}`).catch(() => null);
    out.result(
      { did: args.did, ...tx, funded: funded !== null },
      `Registered ${args.did} in block ${tx.blockNumber}${funded ? ' and funded its account' : ''}.`,
    );
    return exitCodes.ok;
  }
  if (args.action === 'grant') {
    const tx = await ledger.client.setRoles(args.did, parseRoles(args.roles));
    out.result({ did: args.did, ...tx }, `Roles of ${args.did} set in block ${tx.blockNumber}.`);
    return exitCodes.ok;
  }
  if (args.action === 'show') {
    const org = await ledger.client.getOrganization(args.did);
    if (org === null)
      throw new ClearledgerError('CL_LEDGER_UNKNOWN_ORGANIZATION', `${args.did} is not registered on this chain.`);
    out.result(
      org,
      `${org.did}  roles ${org.roles.join(',')}  ${org.active ? 'active' : 'INACTIVE'}  admin ${org.admin}`,
    );
    return exitCodes.ok;
  }
  throw new ClearledgerError('CL_INPUT_INVALID', `Unknown action "${args.action}". Run clearledger org --help.`);
}

/** `clearledger keys rotate|list`. */
export async function keysCommand(node: NodeContext, args: { action: string }, out: Output): Promise<number> {
  const ledger = ledgerOf(node);
  const did = node.operatorOrgId;
  if (args.action === 'list') {
    const keys = await node.store.listKeys(did);
    const rows = await Promise.all(
      keys.map(async (k) => ({
        publicKeyMultibase: k.publicKeyMultibase,
        local: { validFrom: k.validFrom, validUntil: k.validUntil, revokedAt: k.revokedAt },
        chain: await ledger.client.getKey(k.publicKeyMultibase),
      })),
    );
    out.result(
      rows,
      rows
        .map(
          (r) =>
            `${r.publicKeyMultibase}  from ${r.local.validFrom}  until ${r.local.validUntil ?? '-'}  ${r.chain === null ? 'NOT ON CHAIN' : 'on chain'}`,
        )
        .join('\n'),
    );
    return exitCodes.ok;
  }
  if (args.action !== 'rotate')
    throw new ClearledgerError('CL_INPUT_INVALID', `Unknown action "${args.action}". Run clearledger keys --help.`);
  const old = await node.signerFor(did);
  const at = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  const created = await node.createKey(did, at);
  await node.store.updateKey(did, old.publicKeyMultibase, { validUntil: at });
  const tx = await ledger.client.rotateKey(did, old.publicKeyMultibase, created, at);
  out.result(
    { oldKey: old.publicKeyMultibase, newKey: created, at, ...tx },
    `Rotated ${old.publicKeyMultibase} → ${created} at ${at} (block ${tx.blockNumber}).`,
  );
  return exitCodes.ok;
}

/** `clearledger chain status`. */
export async function chainCommand(node: NodeContext, args: { action: string }, out: Output): Promise<number> {
  if (args.action !== 'status' && args.action !== 'deploy')
    throw new ClearledgerError('CL_INPUT_INVALID', `Unknown action "${args.action}". Run clearledger chain --help.`);
  const ledger = ledgerOf(node);
  if (args.action === 'deploy') {
    const contracts = ledger.client.contracts;
    const lines = {
      CHAIN_RPC_URL: ledger.rpcUrl ?? '',
      CLEARLEDGER_TRUST_REGISTRY: contracts?.trustRegistry ?? '',
      CLEARLEDGER_ANCHOR_REGISTRY: contracts?.anchorRegistry ?? '',
      CLEARLEDGER_INSTRUMENT_REGISTRY: contracts?.instrumentRegistry ?? '',
    };
    out.result(
      lines,
      Object.entries(lines)
        .map(([name, value]) => `${name}=${value}`)
        .join('\n'),
    );
    return exitCodes.ok;
  }
  const [blockNumber, org, pending, sealed, anchored] = await Promise.all([
    ledger.client.blockNumber(),
    ledger.client.getOrganization(node.operatorOrgId),
    node.store.countCredentials(node.operatorOrgId, { status: 'pending' }),
    node.store.countCredentials(node.operatorOrgId, { status: 'sealed' }),
    node.store.countCredentials(node.operatorOrgId, { status: 'anchored' }),
  ]);
  const status = {
    chain: ledger.embedded === undefined ? 'json-rpc' : 'embedded',
    chainId: ledger.chainId,
    rpcUrl: ledger.rpcUrl ?? null,
    blockNumber,
    contracts: ledger.client.contracts ?? null,
    account: ledger.address,
    organization: org,
    credentials: { pending, sealed, anchored },
  };
  out.result(
    status,
    [
      `${status.chain} chain ${status.chainId}${status.rpcUrl ? ` (${status.rpcUrl})` : ''}, head block ${blockNumber}`,
      `contracts: TrustRegistry ${status.contracts?.trustRegistry}, AnchorRegistry ${status.contracts?.anchorRegistry}, InstrumentRegistry ${status.contracts?.instrumentRegistry ?? 'not deployed'}`,
      `account ${status.account}: ${org === null ? 'NOT REGISTERED — ask the network authority: clearledger org add ' + node.operatorOrgId + ' --admin ' + status.account + ' --roles …' : `${org.did} (${org.roles.join(',')})`}`,
      `credentials: ${pending} pending, ${sealed} sealed, ${anchored} anchored`,
    ].join('\n'),
  );
  return exitCodes.ok;
}

/** `clearledger revoke`. */
export async function revokeCommand(
  node: NodeContext,
  args: { target: string; reason?: string; suspend?: boolean; reinstate?: boolean },
  out: Output,
): Promise<number> {
  const ledger = ledgerOf(node);
  const hash = hashOfTarget(node, args.target);
  await node.store.getCredentialByHash(node.operatorOrgId, hash);
  if (args.reason !== undefined && Buffer.byteLength(args.reason) > 32)
    throw new ClearledgerError('CL_INPUT_INVALID', '--reason is at most 32 bytes.', { field: '--reason' });
  const status = args.reinstate ? 'ACTIVE' : args.suspend ? 'SUSPENDED' : 'REVOKED';
  const tx = await ledger.client.setStatus(hash, status, args.reason ?? '');
  out.result(
    { hash, status, ...tx },
    `${status === 'ACTIVE' ? 'Reinstated' : status === 'SUSPENDED' ? 'Suspended' : 'Revoked'} ${hash} in block ${tx.blockNumber}.`,
  );
  return exitCodes.ok;
}

export const exportHelp = `Usage: clearledger export <credential.json | hash> [--out <file>] [--pdf <file.pdf> [--lang en|es|fr]]

Writes the credential with its anchor receipt — {"credential": …, "anchor": {root, leafIndex,
treeSize, proof, chainId, txHash, blockNumber, anchoredAt}} — so any node can verify it, including
its Merkle inclusion proof against the anchored root. Fails while the credential is not anchored yet.

With --pdf, writes the printable copy instead (or as well, with --out): the record's fields, its
ledger status and anchor, its hash and a QR code holding the record and its receipt (or, for a
record too long to embed, a link: give --reference-url). A record not anchored yet prints too,
with its status.

With a node (--node, CLEARLEDGER_NODE_URL or clearledger login), the record (named by its hash, its
id or a credential file) and its receipt come from the node, and so does the printable copy, whose
QR code links to the node's own /v/<hash> address when the record is too long to embed.

Options:
  --out <file>            write the envelope to this file (default: stdout)
  --pdf <file.pdf>        write the printable copy (A4, fits US Letter)
  --lang <en|es|fr>       language of the printable copy (default en)
  --reference-url <url>   where the record can be fetched, for the QR code of a record too long to
                          embed (local mode)
  --data-dir <path>, --json, --node <url>, --token <token>, --config <file>, --timeout <seconds>
`;

/** `clearledger export`: the credential with its anchor receipt, or (`--pdf`) its printable copy. */
export async function exportCommand(
  node: NodeContext,
  args: { target: string; out?: string; pdf?: string; lang?: string; referenceUrl?: string },
  out: Output,
): Promise<number> {
  const hash = hashOfTarget(node, args.target);
  const row = await node.store.getCredentialByHash(node.operatorOrgId, hash);
  const receipt = await node.store.findReceipt(hash);
  const anchor = receipt === null ? 'pending' : anchorReceiptOf(receipt);
  if (args.pdf !== undefined) {
    if (args.out !== undefined && anchor === 'pending') throw notAnchored();
    const language = args.lang ?? 'en';
    if (language !== 'en' && language !== 'es' && language !== 'fr')
      throw new ClearledgerError('CL_INPUT_INVALID', '--lang must be en, es or fr.', { field: '--lang' });
    const credential = JSON.parse(row.document) as Record<string, unknown>;
    const receiptOrNone = anchor === 'pending' ? {} : { anchor };
    const qr = encodeQrCli(
      { verifiableCredential: credential, ...receiptOrNone },
      { hash, ...(args.referenceUrl === undefined ? {} : { referenceUrl: args.referenceUrl }) },
    );
    const status = receipt?.status ?? row.status;
    const pdf = await renderCredentialPdf({
      verifiableCredential: credential,
      hash,
      status,
      ...receiptOrNone,
      qrText: qr.text,
      language,
      printedAt: new Date().toISOString(),
    });
    writeFileSync(args.pdf, pdf);
    if (args.out !== undefined && anchor !== 'pending') writeEnvelope(args.out, credential, anchor);
    out.result(
      { hash, status, pdf: args.pdf, language, qr: qr.kind, ...(args.out === undefined ? {} : { file: args.out }) },
      `Wrote ${args.pdf} (${language}, ${status}, ${qr.kind === 'embedded' ? 'QR code holds the record' : `QR code links to ${qr.text}`}).`,
    );
    return exitCodes.ok;
  }
  if (anchor === 'pending') throw notAnchored();
  const envelope = envelopeText(JSON.parse(row.document), anchor);
  if (args.out !== undefined) writeFileSync(args.out, envelope);
  else if (!out.json) process.stdout.write(envelope);
  out.result(
    { hash, anchor, ...(args.out === undefined ? {} : { file: args.out }) },
    `Exported ${hash} anchored in block ${anchor.blockNumber}.`,
  );
  return exitCodes.ok;
}

function notAnchored(): ClearledgerError {
  return new ClearledgerError(
    'CL_LEDGER_UNAVAILABLE',
    'The credential is not anchored yet; try again when `clearledger chain status` shows it anchored.',
  );
}

function envelopeText(credential: unknown, anchor: AnchorReceipt): string {
  return JSON.stringify({ credential, anchor }, null, 2) + '\n';
}

function writeEnvelope(file: string, credential: unknown, anchor: AnchorReceipt): void {
  writeFileSync(file, envelopeText(credential, anchor));
}

/**
 * The ledger hash a command argument names: 64 hex digits as they are, or a credential file (a bare
 * credential or an export envelope) hashed as JCS of the signed credential.
 */
function hashOfTarget(node: NodeContext, target: string): string {
  if (/^[0-9a-f]{64}$/.test(target)) return target;
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `${target} is neither a credential hash (64 hex digits) nor a readable file.`,
    );
  }
  const value = parseJsonOrThrow(text, { maxBytes: 4 * 1024 * 1024, maxDepth: 64 }) as Record<string, unknown>;
  return credentialHash(node.crypto, 'credential' in value && !('proof' in value) ? value.credential : value);
}
