import { writeFileSync } from 'node:fs';
import { ClearledgerError, issueCredentials, sealPendingBatch } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import { exitCodes } from '../exitCodeByCode.ts';
import { readJsonFile } from '../io.ts';
import type { Output } from '../output.ts';

export const issueHelp = `Usage: clearledger issue <credential.json | -> [options]

Validates and signs one unsigned credential (a JSON object) or many (a JSON array) with the
organisation's current key, stores them on the node with their anchoring outbox entries, and seals
them into a Merkle batch. All or nothing: if any credential is invalid, nothing is stored and every
problem is listed with its index and field.

Options:
  --org <did>        issuing organisation hosted by this node (default: the node's operator)
  --out <file>       write the signed credential(s) here instead of standard output
  --data-dir <path>  the node's data folder (default ./data, or CLEARLEDGER_DATA_DIR)
  --json             machine-readable summary on standard output
  -h, --help         show this help
`;

/** `clearledger issue`: sign, store and seal credentials from a file. */
export async function issueCommand(
  node: NodeContext,
  args: { file: string; org?: string; out?: string },
  out: Output,
): Promise<number> {
  const input = readJsonFile(args.file);
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0 || !list.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c))) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      'The file must hold a credential object or a non-empty array of them.',
      { field: args.file },
    );
  }
  const orgId = args.org ?? node.operatorOrgId;
  const signer = await node.signerFor(orgId);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const result = await issueCredentials(
    { store: node.store, crypto: node.crypto, now, signMany: node.signMany },
    { orgId, signer, credentials: list as Record<string, unknown>[] },
  );
  if (!result.success) {
    out.problems('Nothing was issued; fix these problems and try again:', result.problems);
    return exitCodes.usage;
  }
  const batch = await sealPendingBatch({ store: node.store, crypto: node.crypto, now }, { orgId, maxSize: 100_000 });
  const signed = result.issued.map((i) => i.credential);
  const text = JSON.stringify(Array.isArray(input) ? signed : signed[0], null, 2) + '\n';
  if (args.out !== undefined) writeFileSync(args.out, text, { flag: 'w' });
  else if (!out.json) process.stdout.write(text);
  out.result(
    {
      issued: result.issued.map((i) => ({ id: i.id, hash: i.hash })),
      batch,
      status: 'pending',
      ...(args.out === undefined ? {} : { file: args.out }),
    },
    `Issued ${result.issued.length} credential(s) as ${orgId}; sealed in batch ${batch?.root.slice(0, 16) ?? '-'}…, awaiting anchoring.`,
  );
  return exitCodes.ok;
}
