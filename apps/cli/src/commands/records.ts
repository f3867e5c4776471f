import { existsSync } from 'node:fs';
import {
  anchorReceiptOf,
  ClearledgerError,
  type CredentialStatus,
  credentialHash,
  isClearledgerError,
} from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import { exitCodes } from '../exitCodeByCode.ts';
import type { Output } from '../output.ts';
import type { NodeClient } from '../remote/nodeClient.ts';
import { type RecordAnswer, readRecordFile, remoteRecord } from './remoteCommands.ts';

export const recordsHelp = `Usage: clearledger records list [--search <text>] [--type <type>] [--status <status>] [--limit <n>] [--after <id>]
       clearledger records show <id | hash | credential.json>

The organisation's records, on a node (--node…) or in the local data folder.

  records list   one line per record: id, type, ledger status (pending, sealed, anchored), issued
                 at and hash, newest id order; the total on standard error
  records show   one record: the signed credential on standard output, its status and anchor on
                 standard error (--json: everything, with the anchor receipt)

Options:
  --search <text>     ids, types, hash prefixes or any text of the record
  --type <type>       e.g. USMCACertificationOfOrigin
  --status <status>   pending, sealed or anchored
  --limit <n>         how many (default 25, at most 10000; pages of 100 are fetched as needed)
  --after <id>        continue after this id (the "next" of the previous page)
  --node <url>, --token <token>, --config <file>, --timeout <seconds>, --data-dir <path>, --json
`;

type Summary = { id: string; hash: string; type: string; status: string; issuedAt: string };
export type ListArgs = { search?: string; type?: string; status?: string; limit?: string; after?: string };

function parseList(args: ListArgs): { limit: number; status?: CredentialStatus } {
  const limit = args.limit === undefined ? 25 : Number(args.limit);
  if (!/^\d{1,5}$/.test(args.limit ?? '25') || limit < 1 || limit > 10_000)
    throw new ClearledgerError('CL_INPUT_INVALID', '--limit must be a whole number from 1 to 10000.', {
      field: '--limit',
    });
  if (args.status !== undefined && !['pending', 'sealed', 'anchored'].includes(args.status))
    throw new ClearledgerError('CL_INPUT_INVALID', '--status must be pending, sealed or anchored.', {
      field: '--status',
    });
  return { limit, ...(args.status === undefined ? {} : { status: args.status as CredentialStatus }) };
}

/** `records list` on a node: GET /credentials, page after page until `--limit`. */
export async function remoteRecordsList(client: NodeClient, args: ListArgs, out: Output): Promise<number> {
  const { limit, status } = parseList(args);
  const items: Summary[] = [];
  let after = args.after;
  let total = 0;
  let next: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(Math.min(100, limit - items.length)) });
    if (args.search !== undefined) query.set('q', args.search);
    if (args.type !== undefined) query.set('type', args.type);
    if (status !== undefined) query.set('status', status);
    if (after !== undefined) query.set('after', after);
    const page = await client.json<{ items: Summary[]; next: string | null; total: number }>(
      'GET',
      `/credentials?${query}`,
    );
    items.push(...page.items);
    total = page.total;
    next = page.next;
    after = next ?? undefined;
  } while (next !== null && items.length < limit);
  return printList({ items, next, total }, out);
}

/** `records list` on the local data folder. */
export async function localRecordsList(node: NodeContext, args: ListArgs, out: Output): Promise<number> {
  const { limit, status } = parseList(args);
  const filter = {
    ...(args.search === undefined || args.search.trim() === '' ? {} : { q: args.search.trim() }),
    ...(args.type === undefined ? {} : { type: args.type }),
    ...(status === undefined ? {} : { status }),
  };
  const rows = await node.store.listCredentials(node.operatorOrgId, {
    ...filter,
    limit: limit + 1,
    ...(args.after === undefined ? {} : { afterId: args.after }),
  });
  const page = rows.slice(0, limit);
  return printList(
    {
      items: page.map((r) => ({ id: r.id, hash: r.hash, type: r.type, status: r.status, issuedAt: r.issuedAt })),
      next: rows.length > limit ? page[page.length - 1]!.id : null,
      total: await node.store.countCredentials(node.operatorOrgId, filter),
    },
    out,
  );
}

function printList(list: { items: Summary[]; next: string | null; total: number }, out: Output): number {
  if (out.json) {
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return exitCodes.ok;
  }
  const lines = list.items.map(
    (r) => `${r.id}  ${r.type}  ${r.status.padEnd(8)}  ${r.issuedAt}  ${r.hash.slice(0, 16)}…`,
  );
  if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
  process.stderr.write(
    `${list.items.length.toLocaleString('en-US')} of ${list.total.toLocaleString('en-US')} record(s)` +
      `${list.next === null ? '' : `; more with --after ${list.next}`}\n`,
  );
  return exitCodes.ok;
}

/** `records show` on a node. */
export async function remoteRecordsShow(client: NodeClient, target: string, out: Output): Promise<number> {
  return printRecord(await remoteRecord(client, target), out);
}

/** `records show` on the local data folder: by id or hash. */
export async function localRecordsShow(node: NodeContext, given: string, out: Output): Promise<number> {
  const org = node.operatorOrgId;
  let target = given;
  if (!/^[0-9a-f]{64}$/.test(target) && existsSync(target))
    target = credentialHash(node.crypto, readRecordFile(target).credential);
  const row = /^[0-9a-f]{64}$/.test(target)
    ? await node.store.getCredentialByHash(org, target).catch((error: unknown) => {
        if (isClearledgerError(error) && error.code === 'CL_STORE_NOT_FOUND')
          return node.store.getCredential(org, target);
        throw error;
      })
    : await node.store.getCredential(org, target);
  const receipt = await node.store.findReceipt(row.hash);
  return printRecord(
    {
      id: row.id,
      hash: row.hash,
      type: row.type,
      status: row.status,
      issuedAt: row.issuedAt,
      verifiableCredential: JSON.parse(row.document) as Record<string, unknown>,
      anchor: receipt === null ? null : anchorOrNull(anchorReceiptOf(receipt)),
    },
    out,
  );
}

function printRecord(record: RecordAnswer, out: Output): number {
  if (out.json) {
    process.stdout.write(JSON.stringify(record, null, 2) + '\n');
    return exitCodes.ok;
  }
  process.stdout.write(JSON.stringify(record.verifiableCredential, null, 2) + '\n');
  const anchor =
    record.anchor === null
      ? ''
      : `, anchored in block ${record.anchor.blockNumber ?? '?'} (tx ${record.anchor.txHash ?? '?'})`;
  process.stderr.write(
    `${record.id}  ${record.type}  ${record.status}${anchor}\n  issued ${record.issuedAt}  hash ${record.hash}\n`,
  );
  return exitCodes.ok;
}

function anchorOrNull<T>(anchor: T | 'pending'): T | null {
  return anchor === 'pending' ? null : anchor;
}
