// ATA carnets on a node over HTTP (docs/api.md, "Carnets"): list and show them with every item's
// place, endorse a voucher at one of your customs offices (one, a carnet presented from another node,
// or one per row of a file), and claim on an overdue item.
import { createHash } from 'node:crypto';
import { canonicalize } from '@clearledger/core';
import { exitCodes } from '../../exitCodeByCode.ts';
import type { Output } from '../../output.ts';
import type { NodeClient } from '../../remote/nodeClient.ts';
import {
  type BatchRecord,
  bad,
  badAll,
  callNode,
  checkFlagsApply,
  DECIMAL,
  type Flags,
  type InputProblem,
  isCalendarDay,
  limitOf,
  named,
  needToken,
  type Party,
  printJson,
  readBatchRecords,
  refuseBatch,
  sendBatch,
  str,
  whereOf,
} from '../instrumentCommon.ts';
import { readRecordFile } from '../remoteCommands.ts';

/** The text of `clearledger carnets --help`. */
export const carnetsHelp = `Usage: clearledger carnets list    [--limit <n>]
       clearledger carnets show    <carnet id>
       clearledger carnets endorse <carnet id> --kind <kind> --items <1,2,3> --office <code>
                                   [--deadline YYYY-MM-DD] [--country <cc>]
       clearledger carnets endorse --present <carnet-envelope.json> <voucher options>
       clearledger carnets endorse [<carnet id> | --present <file>] --batch <file.csv|file.json>
       clearledger carnets claim   <carnet id> --item <n> --amount <a> --duties <d> --currency <c>
                                   [--office <port>]

ATA carnets (temporary admission of goods: professional equipment, samples, exhibitions) on a node
(--node, CLEARLEDGER_NODE_URL or clearledger login). The issuing association issues a carnet with
clearledger issue; the chain holds where each item of its General List is. <carnet id> is
carnet_<hash> or the carnet credential's hash (64 hex digits).

  carnets list     the carnets your organisation takes part in (association, holder,
                   representative, customs), newest first: state, holder, validity, items abroad
  carnets show     one carnet: every item's place from the chain (at home, abroad in which
                   country, until when), overdue items, discharge, and every voucher with its
                   office, date and customs (by name), and the claims
  carnets endorse  customs endorse a voucher at one of their own offices (scope instruments:act):
                   a CBP port for U.S. customs, the office's code for partner customs. The node
                   dates it at the office; the items move on the chain all together or not at
                   all. A refusal exits with its code's exit code, e.g. CL_CARNET_ITEM_STATE 5
                   (an item is not where the voucher needs it: exported twice), CL_CARNET_EXPIRED
                   5, CL_CARNET_OFFICE_NOT_OWN 2, CL_CARNET_COUNTRY_NOT_COVERED 2.
  endorse --present  the carnet was issued on another node: give its export envelope
                   {credential, anchor} as clearledger export writes it; the node verifies it.
  endorse --batch  one voucher per row of a CSV file (a header row) or a JSON array of objects, in
                   order. Columns: kind, items, office, and optionally deadline, country and carnet
                   (a row's own carnet id; else the <carnet id> or --present given). items are the
                   item numbers separated by commas, semicolons or spaces (quote them in CSV). Every
                   row is checked before anything is sent. Prints what was endorsed and each
                   refused row with its code; exit 2 when some were refused.
  carnets claim    customs of the country where an item stayed past its re-export deadline claim
                   on it (CA-07), within a year after the carnet expired, for at most the duties
                   and taxes plus 10 % (CL_CARNET_CLAIM_EXCEEDS_CAP 2, CL_CARNET_CLAIM_LATE 5).

Endorse options:
  --kind <kind>         EXPORT (yellow, leaving home), IMPORT (white, entering a country),
                        REEXPORT (white, leaving it), REIMPORT (yellow, back home), TRANSIT (blue)
  --items <list>        item numbers of the General List, e.g. 1,2,3 (a number:pieces for part of
                        a line, e.g. 4:2)
  --office <code>       your customs office: a CBP port (4 digits, e.g. 2704) or e.g. DE-FRA
  --deadline <date>     (IMPORT) the re-export date set on the counterfoil, YYYY-MM-DD
  --country <cc>        the office's country (your own; the node checks it)
  --present <file>      the carnet's export envelope, or the signed carnet credential
  --batch <file>        many vouchers from a .csv or .json file

Claim options:
  --item <n>            the overdue item
  --amount <a>          the amount claimed, an exact decimal, e.g. 1200.50
  --duties <d>          the import duties and taxes due on it (the cap is 110 % of it)
  --currency <c>        ISO 4217 code, e.g. EUR
  --office <port>       (U.S. customs) the claiming CBP port

Other options:
  --limit <n>           (list) how many (default 50, at most 200)
  --node <url>, --token <token>, --config <file>, --timeout <seconds>   (clearledger --help)
  --json                print the node's answer as JSON
  -h, --help            show this help
`;

/** The kinds of voucher, as the node takes them. */
export const voucherKinds = ['EXPORT', 'IMPORT', 'REEXPORT', 'REIMPORT', 'TRANSIT'] as const;

/** A voucher as the node takes it (POST /carnets/{id}/vouchers), without the carnet. */
export type VoucherLine = {
  kind: (typeof voucherKinds)[number];
  items: { item: number; pieces?: number }[];
  office: string;
  deadline?: string;
  country?: string;
};

/** A claim as the node takes it (POST /carnets/{id}/claims). */
export type ClaimLine = { item: number; amount: string; dutiesAndTaxes: string; currency: string; office?: string };

/** Which carnet a voucher is for: one the node knows, or one presented with its anchor receipt. */
type CarnetRef =
  | { id: string }
  | { id: string; carnet: { verifiableCredential: Record<string, unknown>; anchor?: unknown } };

type VoucherAnswer = {
  kind: string;
  colour: string;
  items: { item: number; pieces?: number }[];
  country: string;
  office: string;
  date: string;
  deadline: string | null;
  detached: boolean;
  customs: string;
  customsParty?: Party;
  at: string;
  txHash: string;
};

type ClaimAnswer = {
  item: number;
  country: string;
  date: string;
  amount: string;
  dutiesAndTaxes: string;
  currency: string;
  maxAmount: string;
  customs: string;
  customsParty?: Party;
  at: string;
  txHash: string;
};

/** A carnet as the node serves it (GET /carnets/{id}). */
type CarnetAnswer = {
  id: string;
  credentialId: string;
  hash: string;
  carnetNumber: string;
  issuer: string;
  issuerParty?: Party;
  issuingAssociation: { name: string; country: string };
  holder: string;
  holderParty?: Party;
  intendedUse: string;
  countries: string[];
  issueDate: string;
  validUntil: string;
  claimUntil: string;
  state: string;
  registered: boolean;
  voucherCount: number;
  items: {
    item: number;
    description: string;
    pieces: number;
    state: string;
    status: string;
    country: string | null;
    deadline: string | null;
    lastDate: string | null;
  }[];
  overdue: number[];
  discharged: boolean;
  vouchers: VoucherAnswer[];
  claims: ClaimAnswer[];
};

/** The node's JSON pointers, as the flags that set them. */
const flagOfField: Record<string, string> = {
  '/id': '<carnet id>',
  '/carnet': '--present',
  '/kind': '--kind',
  '/items': '--items',
  '/office': '--office',
  '/country': '--country',
  '/deadline': '--deadline',
  '/item': '--item',
  '/amount': '--amount',
  '/dutiesAndTaxes': '--duties',
  '/currency': '--currency',
};

/** Flags of the carnets commands, and the actions each applies to. */
const flagActions: Record<string, readonly string[]> = {
  kind: ['endorse'],
  items: ['endorse'],
  deadline: ['endorse'],
  country: ['endorse'],
  present: ['endorse'],
  batch: ['endorse'],
  office: ['endorse', 'claim'],
  item: ['claim'],
  amount: ['claim'],
  duties: ['claim'],
  currency: ['claim'],
  limit: ['list'],
};

/**
 * Checks a carnet reference: `carnet_<hash>` or the credential's hash (64 hex digits).
 *
 * @returns the reference as the node takes it (lower case), or a problem.
 */
export function checkCarnetId(text: string): { ok: true; id: string } | { ok: false; problem: InputProblem } {
  const id = text.trim().toLowerCase();
  if (/^(carnet_)?[0-9a-f]{64}$/.test(id)) return { ok: true, id };
  return {
    ok: false,
    problem: {
      field: '<carnet id>',
      message: `"${text}" is not a carnet id: give carnet_<hash> or the carnet credential's hash (64 hex digits), as carnets list shows.`,
    },
  };
}

function carnetIdOrThrow(text: string): string {
  const checked = checkCarnetId(text);
  if (!checked.ok) throw bad(checked.problem.message, checked.problem.field);
  return checked.id;
}

/** The values of a voucher as given (flags or columns). */
export type VoucherValues = Partial<Record<'kind' | 'items' | 'office' | 'deadline' | 'country', string>>;

/**
 * Checks the values of one voucher, as given on the command line or in a row of a batch file, and
 * returns the voucher as the node takes it — or every problem, each with its flag and why. Nothing
 * here is sent.
 */
export function checkVoucherLine(
  values: VoucherValues,
): { ok: true; voucher: VoucherLine } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field: `--${field}`, message });
  const text = (name: keyof VoucherValues) => {
    const v = values[name]?.trim();
    return v === '' ? undefined : v;
  };
  const kind = text('kind')?.toUpperCase().replaceAll('-', '');
  if (kind === undefined) problem('kind', `A voucher needs --kind (${voucherKinds.join(', ')}).`);
  else if (!(voucherKinds as readonly string[]).includes(kind))
    problem('kind', `--kind is one of ${voucherKinds.join(', ')} (got "${values.kind}").`);

  const items: { item: number; pieces?: number }[] = [];
  const itemsText = text('items');
  if (itemsText === undefined)
    problem('items', 'A voucher needs --items, the item numbers of the General List, e.g. 1,2,3.');
  else {
    const parts = itemsText.split(/[\s,;]+/).filter((p) => p !== '');
    for (const part of parts) {
      const m = /^(\d{1,5})(?::(\d{1,7}))?$/.exec(part);
      const item = Number(m?.[1]);
      const pieces = m?.[2] === undefined ? undefined : Number(m[2]);
      if (m === null || item < 1 || item > 65535 || (pieces !== undefined && (pieces < 1 || pieces > 1_000_000))) {
        problem(
          'items',
          `--items lists item numbers from 1 to 65535 (a number:pieces for part of a line), e.g. 1,2,3 (got "${part}").`,
        );
        break;
      }
      if (items.some((i) => i.item === item)) {
        problem('items', `--items names item ${item} twice.`);
        break;
      }
      items.push(pieces === undefined ? { item } : { item, pieces });
    }
    if (parts.length > 500) problem('items', 'A voucher lists at most 500 items.');
  }
  const office = text('office')?.toUpperCase();
  if (office === undefined) problem('office', 'A voucher needs --office, your customs office (e.g. 2704 or DE-FRA).');
  else if (!/^[A-Z0-9][A-Z0-9-]{0,31}$/.test(office))
    problem('office', `--office is a CBP port (4 digits) or an office code such as DE-FRA (got "${values.office}").`);
  const deadline = text('deadline');
  if (deadline !== undefined) {
    if (!isCalendarDay(deadline)) problem('deadline', `--deadline is a date YYYY-MM-DD (got "${deadline}").`);
    else if (kind !== undefined && kind !== 'IMPORT')
      problem('deadline', '--deadline is the re-export date set on an importation: it goes with --kind IMPORT only.');
  }
  const country = text('country')?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country))
    problem('country', `--country is an ISO 3166 alpha-2 code, e.g. DE (got "${values.country}").`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    voucher: {
      kind: kind as VoucherLine['kind'],
      items,
      office: office!,
      ...(deadline === undefined ? {} : { deadline }),
      ...(country === undefined ? {} : { country }),
    },
  };
}

/** Checks the values of a claim; nothing here is sent. */
export function checkClaimLine(
  values: Partial<Record<'item' | 'amount' | 'duties' | 'currency' | 'office', string | undefined>>,
): { ok: true; claim: ClaimLine } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field: `--${field}`, message });
  const text = (name: keyof typeof values) => {
    const v = values[name]?.trim();
    return v === '' ? undefined : v;
  };
  const item = text('item');
  if (item === undefined) problem('item', 'A claim needs --item, the overdue item of the General List.');
  else if (!/^\d{1,5}$/.test(item) || Number(item) < 1 || Number(item) > 65535)
    problem('item', `--item is an item number from 1 to 65535 (got "${item}").`);
  for (const [name, what] of [
    ['amount', 'the amount claimed'],
    ['duties', 'the import duties and taxes due'],
  ] as const) {
    const v = text(name);
    if (v === undefined) problem(name, `A claim needs --${name}, ${what}, e.g. 1200.50.`);
    else if (!DECIMAL.test(v))
      problem(
        name,
        `--${name} is an exact decimal with at most 6 decimals, without a currency or separators (got "${v}").`,
      );
  }
  const currency = text('currency')?.toUpperCase();
  if (currency === undefined) problem('currency', 'A claim needs --currency, an ISO 4217 code such as EUR.');
  else if (!/^[A-Z]{3}$/.test(currency))
    problem('currency', `--currency is an ISO 4217 code of 3 letters, e.g. EUR (got "${values.currency}").`);
  const office = text('office');
  if (office !== undefined && !/^\d{4}$/.test(office))
    problem('office', `--office on a claim is the claiming CBP port, 4 digits (got "${office}").`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    claim: {
      item: Number(item),
      amount: text('amount')!,
      dutiesAndTaxes: text('duties')!,
      currency: currency!,
      ...(office === undefined ? {} : { office }),
    },
  };
}

/** `clearledger carnets <list|show|endorse|claim>`: positionals are the action and its arguments. */
export async function carnetsCommand(
  client: NodeClient,
  positionals: readonly string[],
  flags: Flags,
  out: Output,
): Promise<number> {
  const [action, ...args] = positionals;
  checkFlagsApply('carnets', action, flags, flagActions);
  const wanted = { list: 0, show: 1, claim: 1 }[action as 'list' | 'show' | 'claim'];
  if (wanted !== undefined && args.length !== wanted)
    throw bad(
      `clearledger carnets ${action} takes ${wanted === 0 ? 'no argument' : 'one argument, the carnet id'}. Run clearledger carnets --help.`,
      action!,
    );
  switch (action) {
    case 'list': {
      const limit = limitOf(flags);
      needToken(client, 'carnets list');
      const answer = await callNode<{ carnets: CarnetAnswer[] }>(
        client,
        'GET',
        `/carnets?limit=${limit}`,
        undefined,
        flagOfField,
      );
      if (out.json) printJson(answer);
      else {
        const lines = answer.carnets.map((c) => {
          const abroad = c.items.filter((i) => i.state !== 'AT_HOME').length;
          return (
            `${c.id}  ${c.state.padEnd(8)}  ${c.carnetNumber}  holder ${c.holderParty?.name ?? c.holder}` +
            `  valid until ${c.validUntil}  ${abroad}/${c.items.length} item(s) away from home` +
            (c.overdue.length > 0 ? `  OVERDUE ${c.overdue.join(', ')}` : '')
          );
        });
        if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
        process.stderr.write(`${answer.carnets.length} carnet(s)\n`);
      }
      return exitCodes.ok;
    }
    case 'show': {
      const id = carnetIdOrThrow(args[0]!);
      needToken(client, 'carnets show');
      const carnet = await callNode<CarnetAnswer>(
        client,
        'GET',
        `/carnets/${encodeURIComponent(id)}`,
        undefined,
        flagOfField,
      );
      if (out.json) printJson(carnet);
      else process.stdout.write(carnetText(carnet).join('\n') + '\n');
      return exitCodes.ok;
    }
    case 'claim': {
      const id = carnetIdOrThrow(args[0]!);
      const checked = checkClaimLine({
        item: str(flags.item),
        amount: str(flags.amount),
        duties: str(flags.duties),
        currency: str(flags.currency),
        office: str(flags.office),
      });
      if (!checked.ok) throw badAll(checked.problems);
      needToken(client, 'carnets claim');
      const answer = await callNode<{ claim: ClaimAnswer; carnet: CarnetAnswer }>(
        client,
        'POST',
        `/carnets/${encodeURIComponent(id)}/claims`,
        checked.claim,
        flagOfField,
      );
      if (out.json) printJson(answer);
      else {
        const c = answer.claim;
        process.stdout.write(
          [
            `CLAIMED  item ${c.item} in ${c.country} on ${c.date}: ${c.amount} ${c.currency} (duties and taxes ${c.dutiesAndTaxes}, at most ${c.maxAmount})`,
            `  by ${named(c.customsParty, c.customs)}  tx ${c.txHash}`,
            `  ${answer.carnet.id}  ${answer.carnet.carnetNumber}  ${answer.carnet.state}`,
          ].join('\n') + '\n',
        );
      }
      return exitCodes.ok;
    }
    case 'endorse':
      return endorseCommand(client, args, flags, out);
  }
  throw bad('Use clearledger carnets list|show|endorse|claim. Run clearledger carnets --help.', 'carnets');
}

/** The carnet a voucher names: `<carnet id>` or `--present <file>` (one of the two, or neither for a batch). */
function carnetOfFlags(args: readonly string[], flags: Flags): CarnetRef | undefined {
  const present = str(flags.present);
  if (args.length > 1)
    throw bad(
      'clearledger carnets endorse takes one argument, the carnet id. Run clearledger carnets --help.',
      'endorse',
    );
  if (present !== undefined && args.length === 1)
    throw bad('Give the carnet id or --present <file>, not both.', '--present');
  if (present !== undefined) {
    const { credential, anchor } = readRecordFile(present);
    return {
      id: createHash('sha256').update(canonicalize(credential), 'utf8').digest('hex'),
      carnet: { verifiableCredential: credential, ...(anchor === undefined ? {} : { anchor }) },
    };
  }
  return args.length === 1 ? { id: carnetIdOrThrow(args[0]!) } : undefined;
}

async function endorseCommand(client: NodeClient, args: readonly string[], flags: Flags, out: Output): Promise<number> {
  const batch = str(flags.batch);
  const voucherFlags = ['kind', 'items', 'office', 'deadline', 'country'] as const;
  if (batch !== undefined) {
    const given = voucherFlags.filter((name) => flags[name] !== undefined);
    if (given.length > 0)
      throw bad(
        `With --batch every voucher comes from a row of the file; --${given[0]} does not apply (make it a column).`,
        `--${given[0]}`,
      );
    const carnet = carnetOfFlags(args, flags);
    const rows = readVoucherRows(batch, carnet !== undefined);
    needToken(client, 'carnets endorse');
    return sendBatch(rows, {
      send: (row) => {
        const ref = row.carnetId === undefined ? carnet! : { id: row.carnetId };
        return postVoucher(client, ref, row.voucher);
      },
      describe: (row) => `${row.carnetId ?? carnet!.id}  ${voucherSummary(row.voucher)}`,
      record: (_row, answer) => ({ carnet: answer.carnet.id, voucher: answer.voucher }),
      text: (_row, answer) => `endorsed  ${voucherText(answer.voucher)}`,
      doneKey: 'endorsed',
      verb: 'endorsed',
      out,
    });
  }
  const checked = checkVoucherLine(Object.fromEntries(voucherFlags.map((name) => [name, str(flags[name])])));
  if (!checked.ok) throw badAll(checked.problems);
  const carnet = carnetOfFlags(args, flags);
  if (carnet === undefined)
    throw bad(
      'Name the carnet: clearledger carnets endorse <carnet id> …, or --present <carnet-envelope.json> for a carnet issued on another node.',
      '<carnet id>',
    );
  needToken(client, 'carnets endorse');
  const answer = await postVoucher(client, carnet, checked.voucher);
  if (out.json) printJson(answer);
  else
    process.stdout.write(
      [
        `ENDORSED  ${voucherText(answer.voucher)}`,
        `  by ${named(answer.voucher.customsParty, answer.voucher.customs)}  tx ${answer.voucher.txHash}`,
        `  ${answer.carnet.id}  ${answer.carnet.carnetNumber}  ${answer.carnet.state}  ${itemsLine(answer.carnet)}`,
      ].join('\n') + '\n',
    );
  return exitCodes.ok;
}

function postVoucher(client: NodeClient, ref: CarnetRef, voucher: VoucherLine) {
  return callNode<{ voucher: VoucherAnswer; carnet: CarnetAnswer }>(
    client,
    'POST',
    `/carnets/${encodeURIComponent(ref.id)}/vouchers`,
    { ...voucher, ...('carnet' in ref ? { carnet: ref.carnet } : {}) },
    flagOfField,
  );
}

/** One row of a batch file: where it is in the file, its carnet (when it names one) and its voucher. */
export type VoucherRow = { row: number; line?: number; carnetId?: string; voucher: VoucherLine };

const columnAliases: Record<string, string> = {
  carnet: 'carnet',
  carnetid: 'carnet',
  kind: 'kind',
  items: 'items',
  item: 'items',
  office: 'office',
  deadline: 'deadline',
  country: 'country',
};

/**
 * Reads the vouchers of a batch file (`.csv` with a header row, or `.json`: an array of objects) and
 * checks every row before anything is sent. A row names its carnet in a `carnet` column unless the
 * command names one for all rows.
 *
 * @throws {ClearledgerError} CL_INPUT_INVALID naming each row in error (nothing is sent).
 */
export function readVoucherRows(file: string, carnetGiven: boolean): VoucherRow[] {
  const { records, problems } = readBatchRecords(file, columnAliases, 'voucher');
  const rows: VoucherRow[] = [];
  for (const record of records as BatchRecord[]) {
    const where = whereOf(record);
    const { carnet, ...values } = record.values;
    let carnetId: string | undefined;
    if (carnet !== undefined) {
      const checked = checkCarnetId(carnet);
      if (checked.ok) carnetId = checked.id;
      else problems.push(`${where}: ${checked.problem.message}`);
    } else if (!carnetGiven) problems.push(`${where}: no carnet (a "carnet" column, or the carnet id / --present).`);
    const checked = checkVoucherLine(values);
    if (!checked.ok) for (const p of checked.problems) problems.push(`${where}: ${p.message}`);
    else
      rows.push({
        row: record.row,
        ...(record.line === undefined ? {} : { line: record.line }),
        ...(carnetId === undefined ? {} : { carnetId }),
        voucher: checked.voucher,
      });
  }
  if (problems.length > 0) refuseBatch(file, problems);
  return rows;
}

const itemList = (items: readonly { item: number; pieces?: number }[]) =>
  items.map((i) => (i.pieces === undefined ? String(i.item) : `${i.item} (${i.pieces} pieces)`)).join(', ');

const voucherSummary = (v: VoucherLine) => `${v.kind} items ${itemList(v.items)} at ${v.office}`;

function voucherText(v: VoucherAnswer): string {
  return (
    `${v.kind} (${v.colour.toLowerCase()})  items ${itemList(v.items)}  at ${v.office} ${v.country}  on ${v.date}` +
    (v.deadline === null ? '' : `  re-export by ${v.deadline}`)
  );
}

function itemsLine(c: CarnetAnswer): string {
  const abroad = c.items.filter((i) => i.state !== 'AT_HOME').length;
  return `${abroad} of ${c.items.length} item(s) away from home${c.discharged ? ', discharged' : ''}`;
}

function carnetText(c: CarnetAnswer): string[] {
  const lines = [
    `${c.id}  ${c.state}  carnet ${c.carnetNumber}`,
    `  issued by ${named(c.issuerParty, c.issuer)} for ${c.issuingAssociation.name} (${c.issuingAssociation.country})`,
    `  holder   ${named(c.holderParty, c.holder)}; ${c.intendedUse}`,
    `  valid    ${c.issueDate} to ${c.validUntil}; claims until ${c.claimUntil}; countries ${c.countries.join(', ')}`,
    `  chain    ${c.registered ? `registered, ${c.voucherCount} voucher(s)` : 'not registered on the chain yet'}`,
    `  credential ${c.credentialId}  hash ${c.hash}`,
    `  items (${itemsLine(c)})`,
  ];
  for (const i of c.items)
    lines.push(
      `    ${String(i.item).padStart(3)}  ${i.state.padEnd(8)}  ${i.status.padEnd(9)}` +
        `${i.country === null ? '' : `  in ${i.country}`}${i.deadline === null ? '' : `  until ${i.deadline}`}` +
        `  ${i.pieces} × ${i.description}`,
    );
  if (c.overdue.length > 0) lines.push(`  OVERDUE items ${c.overdue.join(', ')}`);
  if (c.vouchers.length === 0) lines.push('  no vouchers');
  else {
    lines.push('  vouchers');
    for (const v of c.vouchers) lines.push(`    ${v.date}  ${voucherText(v)}  by ${named(v.customsParty, v.customs)}`);
  }
  for (const claim of c.claims)
    lines.push(
      `  CLAIM ${claim.date}  item ${claim.item} in ${claim.country}: ${claim.amount} ${claim.currency} by ${named(claim.customsParty, claim.customs)}`,
    );
  return lines;
}
