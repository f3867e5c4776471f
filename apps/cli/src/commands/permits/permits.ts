// Permits (PGA licences, permits, certificates: LPCO) on a node over HTTP (docs/api.md, "Permits"):
// list and show them, draw a quantity for an entry line (one, or one per row of a file), and the
// issuing agency's reversal of a use.
import { extname } from 'node:path';
import { type AnchorReceipt, ClearledgerError, checkEntryNumber, type ErrorCode, findCbpPort } from '@clearledger/core';
import { parseCsv } from '../../bulk/csvCredentials.ts';
import { exitCodeByCode, exitCodes } from '../../exitCodeByCode.ts';
import { readJsonFile, readTextFile } from '../../io.ts';
import type { Output } from '../../output.ts';
import { NodeAnswerError, type NodeClient } from '../../remote/nodeClient.ts';
import { readRecordFile } from '../remoteCommands.ts';

export const permitsHelp = `Usage: clearledger permits list    [--limit <n>]
       clearledger permits show    <permit id>
       clearledger permits draw    <permit id> <use>
       clearledger permits draw    --present <permit-envelope.json> <use>
       clearledger permits draw    [<permit id> | --present <file>] --batch <file.csv|file.json>
       clearledger permits reverse <permit id> <use key> --reason "<text>"

  <use> is --entry <number> --line <n> --quantity <q> --unit <u> --port <code> --hts <number>
           --country <cc> [--product <text>] [--importer <did>]

Permits, licences and certificates of partner government agencies (LPCO: an ATF Form 6, an EPA
notice, a USDA permit…), on a node (--node, CLEARLEDGER_NODE_URL or clearledger login). The agency
issues a permit with clearledger issue; the chain holds its balance. <permit id> is permit_<hash>
or the permit credential's hash (64 hex digits).

  permits list     the permits your organisation takes part in (agency, holder, designee, drawer,
                   customs), newest first: state, balance, holder, expiry
  permits show     one permit: state and balance from the chain, and every use with its entry
                   line, quantity, port, time and who drew it (by name); reversed uses stay, marked
  permits draw     draws a quantity for one entry line (scope instruments:act). The node dates the
                   use at the port, checks holder and scope, and the chain applies it against the
                   balance. Prints the use and the balance. The same entry line drawn again with
                   the same quantity and port is a replay: the first use is printed, nothing is
                   drawn twice (exit 0). A refusal exits with its code's exit code, e.g.
                   CL_PERMIT_INSUFFICIENT_BALANCE 5, CL_PERMIT_OUT_OF_SCOPE 2, CL_PERMIT_EXPIRED 5.
  draw --present   the permit was issued on another node: give its export envelope
                   {credential, anchor} as clearledger export writes it; the node verifies it
                   before the first use.
  draw --batch     one draw per row of a CSV file (a header row) or a JSON array of objects, in
                   order. Columns: entry, line, quantity, unit, port, hts, country, and optionally
                   product, importer and permit (a row's own permit id; else the <permit id> or
                   --present given). Every row is checked before anything is sent. Prints what
                   was drawn and each refused row with its code; exit 2 when some were refused.
                   Draws are idempotent per entry line: running the file again draws only what
                   was not drawn.
  permits reverse  the issuing agency reverses one use (a compensating entry; the use stays in the
                   history, marked reversed) with a reason. <use key> is the use's 0x… key
                   (permits show).

Draw options:
  --entry <number>      entry number: filer code, 7 digits, check digit, e.g. AB1-2345678-7
  --line <n>            line of the entry summary, from 1 to 9999
  --quantity <q>        quantity drawn, an exact decimal in the permit's unit, e.g. 200 or 12.5
  --unit <u>            the permit's unit (e.g. NO, KG, L); a draw in another unit is refused
  --port <code>         CBP port of entry (Schedule D), 4 digits, e.g. 2304 Laredo
  --hts <number>        the line's HTS number, e.g. 9303.30.8030 (dots optional)
  --country <cc>        country of origin, ISO 3166 alpha-2, e.g. DE
  --product <text>      the product, as the entry line describes it
  --importer <did>      the holder a broker draws for (default: your organisation)
  --present <file>      (draw) the permit's export envelope, or the signed permit credential
  --batch <file>        (draw) many draws from a .csv or .json file

Other options:
  --reason <text>       (reverse) why, 1 to 500 characters
  --limit <n>           (list) how many (default 50, at most 200)
  --node <url>, --token <token>, --config <file>, --timeout <seconds>   (clearledger --help)
  --json                print the node's answer as JSON
  -h, --help            show this help
`;

/** The flags a permits command reads (the CLI's parsed options). */
export type PermitFlags = Record<string, string | boolean | string[] | undefined>;

/** An organisation by name, as the node names parties (`name` is null when the node does not know it). */
type Party = { id: string; name: string | null };

/** A use of a permit as the node serves it. */
type UseAnswer = {
  useKey: string;
  entryNumber: string | null;
  line: number | null;
  quantity: string;
  unit: string;
  port: string;
  hts: string;
  country: string;
  product: string | null;
  drawer: string;
  drawerParty?: Party;
  onBehalfOf: string | null;
  onBehalfOfParty?: Party;
  at: string;
  txHash: string;
  blockNumber: number;
  balanceAfter: string;
  reversed: { at: string; by: string; reason: string; txHash: string } | null;
};

/** A permit as the node serves it (GET /permits/{id}). */
type PermitAnswer = {
  id: string;
  credentialId: string;
  hash: string;
  number: string;
  agency: { code: string; name: string };
  program: string;
  issuer: string;
  issuerParty?: Party;
  holder: string;
  holderParty?: Party;
  designees: string[];
  designeeParties?: Party[];
  singleUse: boolean;
  quantity: string;
  unit: string;
  issuedOn: string;
  expiresOn: string;
  state: string;
  balance: string;
  useCount: number;
  /** Whether the chain holds the permit (GET /permits/{id}). */
  registered?: boolean;
  /** The newest uses the caller may see (GET /permits/{id}; not in a draw's answer). */
  uses?: UseAnswer[];
};

/** The answer to a draw (POST /permits/draws). */
type DrawAnswer = { replay: boolean; use: UseAnswer; permit: PermitAnswer };

/** A draw as the node takes it, without the permit. */
export type DrawLine = {
  entryNumber: string;
  line: number;
  quantity: string;
  unit: string;
  port: string;
  hts: string;
  country: string;
  product?: string;
  importer?: string;
};

/** Which permit a draw is for: one the node knows, or one presented with its anchor receipt. */
export type PermitRef =
  | { permitId: string }
  | { permit: { verifiableCredential: Record<string, unknown>; anchor?: AnchorReceipt } };

/** A problem with a value given, before anything is sent. */
export type InputProblem = { field: string; message: string };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const bad = (message: string, field: string) => new ClearledgerError('CL_INPUT_INVALID', message, { field });

/** The node's JSON pointers into a draw, as the flags that set them. */
const flagOfField: Record<string, string> = {
  '/permitId': '<permit id>',
  '/permit': '--present',
  '/entryNumber': '--entry',
  '/line': '--line',
  '/quantity': '--quantity',
  '/unit': '--unit',
  '/port': '--port',
  '/hts': '--hts',
  '/country': '--country',
  '/product': '--product',
  '/importer': '--importer',
  '/reason': '--reason',
  '/id': '<permit id>',
};

/** Calls the node; a refused field is named by its flag. */
async function call<T>(client: NodeClient, method: string, path: string, json?: unknown): Promise<T> {
  try {
    return await client.json<T>(method, path, json === undefined ? {} : { body: { json } });
  } catch (error) {
    if (error instanceof NodeAnswerError && error.field !== undefined) {
      const pointer = Object.keys(flagOfField).find((p) => error.field === p || error.field!.startsWith(`${p}/`));
      if (pointer !== undefined) {
        const flag = flagOfField[pointer]!;
        throw new ClearledgerError(error.code, `${error.message} (${flag})`, {
          field: flag,
          ...(error.details === undefined ? {} : { details: error.details }),
        });
      }
    }
    throw error;
  }
}

/**
 * Checks a permit reference: `permit_<hash>` or the credential's hash (64 hex digits).
 *
 * @returns the reference as the node takes it (lower case), or a problem.
 */
export function checkPermitId(text: string): { ok: true; id: string } | { ok: false; problem: InputProblem } {
  const id = text.trim().toLowerCase();
  if (/^(permit_)?[0-9a-f]{64}$/.test(id)) return { ok: true, id };
  return {
    ok: false,
    problem: {
      field: '<permit id>',
      message: `"${text}" is not a permit id: give permit_<hash> or the permit credential's hash (64 hex digits), as permits list shows.`,
    },
  };
}

/**
 * Checks the values of one draw, as given on the command line or in a row of a batch file, and
 * returns the draw as the node takes it — or every problem, each with the flag (or column) and why.
 * Nothing here is sent: a draw that would be refused for its shape never reaches the node.
 */
export function checkDrawLine(
  values: Partial<Record<keyof typeof drawFields, string>>,
): { ok: true; line: DrawLine } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const problem = (name: keyof typeof drawFields, message: string) => problems.push({ field: `--${name}`, message });
  const missing = (Object.keys(drawFields) as (keyof typeof drawFields)[]).filter(
    (name) => drawFields[name] && (values[name] === undefined || values[name]!.trim() === ''),
  );
  for (const name of missing) problem(name, `A draw needs --${name} (${drawUsage[name]}).`);
  const text = (name: keyof typeof drawFields) => values[name]?.trim();

  let entryNumber = '';
  const entryText = text('entry');
  if (entryText !== undefined && entryText !== '') {
    const entry = checkEntryNumber(entryText);
    if (entry.success) entryNumber = entry.entryNumber;
    else
      problem(
        'entry',
        entry.reason === 'FORMAT'
          ? `"${entryText}" is not an entry number: a filer code (3), 7 digits and a check digit, e.g. AB1-2345678-7.`
          : `The check digit of entry number "${entryText}" should be ${entry.expected}: a digit was mistyped.`,
      );
  }
  const lineText = text('line');
  if (lineText !== undefined && lineText !== '' && (!/^\d{1,4}$/.test(lineText) || Number(lineText) < 1))
    problem('line', `--line is the line of the entry summary, a whole number from 1 to 9999 (got "${lineText}").`);
  const quantity = text('quantity');
  if (quantity !== undefined && quantity !== '') {
    if (!/^\d{1,18}(\.\d{1,6})?$/.test(quantity))
      problem(
        'quantity',
        `--quantity is an exact decimal with at most 6 decimals, e.g. 200 or 12.5, without a unit or separators (got "${quantity}").`,
      );
    else if (/^0+(\.0+)?$/.test(quantity)) problem('quantity', '--quantity must be more than 0.');
  }
  const unit = text('unit')?.toUpperCase();
  if (unit !== undefined && unit !== '' && !/^[A-Z][A-Z0-9]{0,4}$/.test(unit))
    problem('unit', `--unit is the permit's unit code, e.g. NO, KG or L (got "${values.unit}").`);
  const port = text('port');
  if (port !== undefined && port !== '') {
    if (!/^\d{4}$/.test(port)) problem('port', `--port is a CBP port code of 4 digits, e.g. 2304 (got "${port}").`);
    else if (findCbpPort(port) === undefined) problem('port', `${port} is not a CBP port of entry (Schedule D).`);
  }
  const hts = text('hts');
  if (hts !== undefined && hts !== '' && !/^\d{4}\.?\d{2}(\.?\d{2}){0,2}$/.test(hts))
    problem('hts', `--hts is an HTS number of 6, 8 or 10 digits, e.g. 9303.30.8030 (got "${hts}").`);
  const country = text('country')?.toUpperCase();
  if (country !== undefined && country !== '' && !/^[A-Z]{2}$/.test(country))
    problem('country', `--country is an ISO 3166 alpha-2 code, e.g. DE (got "${values.country}").`);
  const product = text('product');
  if (product !== undefined && (product.length < 1 || product.length > 200))
    problem('product', '--product is 1 to 200 characters.');
  const importer = text('importer');
  if (importer !== undefined && !/^did:[a-z0-9]+:\S{1,190}$/.test(importer))
    problem('importer', `--importer is the holder's DID, e.g. did:web:importer.example (got "${importer}").`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    line: {
      entryNumber,
      line: Number(lineText),
      quantity: quantity!,
      unit: unit!,
      port: port!,
      hts: hts!,
      country: country!,
      ...(product === undefined ? {} : { product }),
      ...(importer === undefined ? {} : { importer }),
    },
  };
}

/** The values of a draw, and whether each is required. */
const drawFields = {
  entry: true,
  line: true,
  quantity: true,
  unit: true,
  port: true,
  hts: true,
  country: true,
  product: false,
  importer: false,
} as const;

const drawUsage: Record<keyof typeof drawFields, string> = {
  entry: 'the entry number, e.g. AB1-2345678-7',
  line: 'the entry summary line, from 1',
  quantity: "the quantity in the permit's unit",
  unit: "the permit's unit, e.g. NO",
  port: 'the CBP port code, e.g. 2304',
  hts: 'the HTS number, e.g. 9303.30.8030',
  country: 'the country of origin, e.g. DE',
  product: 'the product',
  importer: "the holder's DID",
};

/** Flags of the permits commands, and the actions each applies to. */
const flagActions: Record<string, readonly string[]> = {
  ...Object.fromEntries(Object.keys(drawFields).map((name) => [name, ['draw']])),
  present: ['draw'],
  batch: ['draw'],
  reason: ['reverse'],
  limit: ['list'],
};

/** Positional arguments each action takes (after the action's name). */
const arity: Record<string, string> = {
  list: 'no argument',
  show: 'one argument, the permit id',
  reverse: 'two arguments, the permit id and the use key',
};

function needToken(client: NodeClient, command: string): void {
  if (client.token === undefined)
    throw new ClearledgerError(
      'CL_AUTH_REQUIRED',
      `clearledger ${command} needs an access token for ${client.url}: sign in with clearledger login, or give --token or CLEARLEDGER_TOKEN.`,
    );
}

function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

const named = (party: Party | undefined, id: string) =>
  party?.name === null || party === undefined ? id : `${party.name} (${id})`;

/** `clearledger permits <list|show|draw|reverse>`: positionals are the action and its arguments. */
export async function permitsCommand(
  client: NodeClient,
  positionals: readonly string[],
  flags: PermitFlags,
  out: Output,
): Promise<number> {
  const [action, ...args] = positionals;
  for (const [flag, actions] of Object.entries(flagActions))
    if (flags[flag] !== undefined && !actions.includes(action!))
      throw bad(
        `--${flag} applies to clearledger permits ${actions.join(', ')}, not to permits ${action}.`,
        `--${flag}`,
      );
  const wanted = { list: 0, show: 1, reverse: 2 }[action as 'list' | 'show' | 'reverse'];
  if (wanted !== undefined && args.length !== wanted)
    throw bad(`clearledger permits ${action} takes ${arity[action!]}. Run clearledger permits --help.`, action!);
  switch (action) {
    case 'list': {
      const limitText = str(flags.limit) ?? '50';
      if (!/^\d{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 200)
        throw bad('--limit must be a whole number from 1 to 200.', '--limit');
      needToken(client, 'permits list');
      const answer = await call<{ permits: PermitAnswer[] }>(client, 'GET', `/permits?limit=${Number(limitText)}`);
      if (out.json) printJson(answer);
      else {
        const lines = answer.permits.map(
          (p) =>
            `${p.id}  ${p.state.padEnd(14)}  ${p.agency.code} ${p.number}  balance ${p.balance}/${p.quantity} ${p.unit}` +
            `  holder ${p.holderParty?.name ?? p.holder}  expires ${p.expiresOn}`,
        );
        if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
        process.stderr.write(`${answer.permits.length} permit(s)\n`);
      }
      return exitCodes.ok;
    }
    case 'show': {
      const id = permitIdOrThrow(args[0]!);
      needToken(client, 'permits show');
      const permit = await call<PermitAnswer>(client, 'GET', `/permits/${encodeURIComponent(id)}`);
      if (out.json) printJson(permit);
      else process.stdout.write(permitText(permit).join('\n') + '\n');
      return exitCodes.ok;
    }
    case 'reverse': {
      const id = permitIdOrThrow(args[0]!);
      const useKey = args[1]!.trim().toLowerCase();
      if (!/^0x[0-9a-f]{64}$/.test(useKey))
        throw bad(`"${args[1]}" is not a use key: 0x and 64 hex digits, as permits show prints it.`, '<use key>');
      const reason = str(flags.reason)?.trim();
      if (reason === undefined || reason === '')
        throw bad('A reversal needs --reason "<text>" (1 to 500 characters).', '--reason');
      if (reason.length > 500) throw bad('--reason is at most 500 characters.', '--reason');
      needToken(client, 'permits reverse');
      const permit = await call<PermitAnswer>(
        client,
        'POST',
        `/permits/${encodeURIComponent(id)}/uses/${useKey}/reverse`,
        { reason },
      );
      if (out.json) printJson(permit);
      else {
        const use = permit.uses?.find((u) => u.useKey === useKey);
        process.stdout.write(
          [
            `REVERSED  ${use === undefined ? useKey : `${use.entryNumber} line ${use.line}  ${use.quantity} ${use.unit}`}: ${reason}`,
            `  ${permit.id}  ${permit.state}  balance ${permit.balance} ${permit.unit}`,
          ].join('\n') + '\n',
        );
      }
      return exitCodes.ok;
    }
    case 'draw':
      return drawCommand(client, args, flags, out);
  }
  throw bad('Use clearledger permits list|show|draw|reverse. Run clearledger permits --help.', 'permits');
}

function permitIdOrThrow(text: string): string {
  const checked = checkPermitId(text);
  if (!checked.ok) throw bad(checked.problem.message, checked.problem.field);
  return checked.id;
}

/** The permit a draw names: `<permit id>` or `--present <file>` (one of the two, or neither for a batch). */
function permitOfFlags(args: readonly string[], flags: PermitFlags): PermitRef | undefined {
  const present = str(flags.present);
  if (args.length > 1)
    throw bad('clearledger permits draw takes one argument, the permit id. Run clearledger permits --help.', 'draw');
  if (present !== undefined && args.length === 1)
    throw bad('Give the permit id or --present <file>, not both.', '--present');
  if (present !== undefined) {
    const { credential, anchor } = readRecordFile(present);
    return { permit: { verifiableCredential: credential, ...(anchor === undefined ? {} : { anchor }) } };
  }
  return args.length === 1 ? { permitId: permitIdOrThrow(args[0]!) } : undefined;
}

async function drawCommand(
  client: NodeClient,
  args: readonly string[],
  flags: PermitFlags,
  out: Output,
): Promise<number> {
  const batch = str(flags.batch);
  if (batch !== undefined) {
    const given = Object.keys(drawFields).filter((name) => flags[name] !== undefined);
    if (given.length > 0)
      throw bad(
        `With --batch every draw comes from a row of the file; --${given[0]} does not apply (make it a column).`,
        `--${given[0]}`,
      );
    const permit = permitOfFlags(args, flags);
    const rows = readDrawRows(batch, permit !== undefined);
    needToken(client, 'permits draw');
    return drawMany(client, rows, permit, out);
  }
  const checked = checkDrawLine(
    Object.fromEntries(Object.keys(drawFields).map((name) => [name, str(flags[name])])) as Partial<
      Record<keyof typeof drawFields, string>
    >,
  );
  if (!checked.ok)
    throw new ClearledgerError('CL_INPUT_INVALID', checked.problems.map((p) => p.message).join(' '), {
      field: checked.problems[0]!.field,
    });
  const permit = permitOfFlags(args, flags);
  if (permit === undefined)
    throw bad(
      'Name the permit: clearledger permits draw <permit id> …, or --present <permit-envelope.json> for a permit issued on another node.',
      '<permit id>',
    );
  needToken(client, 'permits draw');
  const answer = await call<DrawAnswer>(client, 'POST', '/permits/draws', { ...permit, ...checked.line });
  if (out.json) printJson(answer);
  else process.stdout.write(drawText(answer).join('\n') + '\n');
  return exitCodes.ok;
}

/** One row of a batch file: where it is in the file, its permit (when it names one) and its draw. */
export type DrawRow = { row: number; line?: number; permitId?: string; draw: DrawLine };

/** Columns of a batch file (API names are taken too). */
const columnAliases: Record<string, string> = {
  entry: 'entry',
  entrynumber: 'entry',
  line: 'line',
  quantity: 'quantity',
  unit: 'unit',
  port: 'port',
  hts: 'hts',
  country: 'country',
  product: 'product',
  importer: 'importer',
  permit: 'permit',
  permitid: 'permit',
};

/**
 * Reads the draws of a batch file (`.csv` with a header row, or `.json`: an array of objects) and
 * checks every row before anything is sent. A row names its permit in a `permit` column unless the
 * command names one for all rows.
 *
 * @throws {ClearledgerError} CL_INPUT_INVALID naming each row and column in error (nothing is sent).
 */
export function readDrawRows(file: string, permitGiven: boolean): DrawRow[] {
  const ext = extname(file).toLowerCase();
  let records: { row: number; line?: number; values: Record<string, string | undefined> }[];
  const problems: string[] = [];
  if (ext === '.csv') {
    const { header, records: csv } = parseCsv(readTextFile(file));
    const columns = header.map((h) => columnAliases[h.trim().toLowerCase().replaceAll(/[-_ ]/g, '')]);
    const unknown = header.filter((_, i) => columns[i] === undefined);
    if (unknown.length > 0)
      throw bad(
        `${file}: unknown column(s) ${unknown.map((h) => `"${h}"`).join(', ')}; the columns are entry, line, quantity, unit, port, hts, country, product, importer and permit.`,
        '--batch',
      );
    const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
    if (repeated.length > 0) throw bad(`${file}: the column "${repeated[0]}" appears twice.`, '--batch');
    records = csv.map((r, i) => ({
      row: i + 1,
      line: r.line,
      values: Object.fromEntries(
        columns.map((c, j) => [c!, r.cells[j] === undefined || r.cells[j] === '' ? undefined : r.cells[j]]),
      ),
    }));
  } else if (ext === '.json') {
    const value = readJsonFile(file);
    if (!Array.isArray(value))
      throw bad(`${file} must hold a JSON array of draws, e.g. [{"entry": "…", "line": 1, …}].`, '--batch');
    records = value.map((item, i) => {
      const values: Record<string, string | undefined> = {};
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        problems.push(`row ${i + 1}: a draw is a JSON object.`);
        return { row: i + 1, values };
      }
      for (const [key, v] of Object.entries(item as Record<string, unknown>)) {
        const column = columnAliases[key.toLowerCase().replaceAll(/[-_ ]/g, '')];
        if (column === undefined) problems.push(`row ${i + 1}: unknown member "${key}".`);
        else if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) values[column] = String(v);
        else if (v !== null) problems.push(`row ${i + 1}: "${key}" is a string or a number.`);
      }
      return { row: i + 1, values };
    });
  } else throw bad(`--batch takes a .csv or .json file (got ${file}).`, '--batch');
  if (records.length === 0) throw bad(`${file} holds no draws.`, '--batch');
  const rows: DrawRow[] = [];
  for (const record of records) {
    const where = record.line === undefined ? `row ${record.row}` : `row ${record.row} (line ${record.line})`;
    const { permit, ...draw } = record.values;
    let permitId: string | undefined;
    if (permit !== undefined) {
      const checked = checkPermitId(permit);
      if (checked.ok) permitId = checked.id;
      else problems.push(`${where}: ${checked.problem.message}`);
    } else if (!permitGiven) problems.push(`${where}: no permit (a "permit" column, or the permit id / --present).`);
    const checked = checkDrawLine(draw);
    if (!checked.ok) for (const p of checked.problems) problems.push(`${where}: ${p.message}`);
    else
      rows.push({
        row: record.row,
        ...(record.line === undefined ? {} : { line: record.line }),
        ...(permitId === undefined ? {} : { permitId }),
        draw: checked.line,
      });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    throw bad(
      `${file}: nothing was sent; fix these rows first:\n  ${shown.join('\n  ')}${problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : ''}`,
      '--batch',
    );
  }
  return rows;
}

/** A refused row of a batch: the node's code and reason. */
type Refused = {
  row: number;
  line?: number;
  entryNumber: string;
  entryLine: number;
  code: string;
  message: string;
  field?: string;
};

/** Codes after which the rest of a batch is not sent (the node cannot be reached or refuses the caller). */
const stopCodes = new Set<string>([
  'CL_NODE_UNREACHABLE',
  'CL_AUTH_REQUIRED',
  'CL_AUTH_TOKEN_EXPIRED',
  'CL_AUTH_INVALID_CREDENTIALS',
  'CL_AUTH_FORBIDDEN',
  'CL_HTTP_RATE_LIMITED',
  'CL_HTTP_UNITS_EXHAUSTED',
]);

async function drawMany(
  client: NodeClient,
  rows: readonly DrawRow[],
  permit: PermitRef | undefined,
  out: Output,
): Promise<number> {
  const drawn: {
    row: number;
    line?: number;
    replay: boolean;
    use: UseAnswer;
    permit: string;
    balance: string;
    unit: string;
  }[] = [];
  const refused: Refused[] = [];
  let stopped: { code: string; message: string } | undefined;
  for (const row of rows) {
    const ref: PermitRef = row.permitId === undefined ? permit! : { permitId: row.permitId };
    const where = row.line === undefined ? {} : { line: row.line };
    try {
      const answer = await call<DrawAnswer>(client, 'POST', '/permits/draws', { ...ref, ...row.draw });
      drawn.push({
        row: row.row,
        ...where,
        replay: answer.replay,
        use: answer.use,
        permit: answer.permit.id,
        balance: answer.permit.balance,
        unit: answer.permit.unit,
      });
      if (!out.json) process.stderr.write(`${drawRowText(row, answer)}\n`);
    } catch (error) {
      if (!(error instanceof ClearledgerError)) throw error;
      if (stopCodes.has(error.code)) {
        stopped = { code: error.code, message: error.message };
        break;
      }
      refused.push({
        row: row.row,
        ...where,
        entryNumber: row.draw.entryNumber,
        entryLine: row.draw.line,
        code: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      });
      if (!out.json)
        process.stderr.write(
          `row ${row.row}  ${row.draw.entryNumber} line ${row.draw.line}  refused  ${error.code}: ${error.message}\n`,
        );
    }
  }
  const notSent = rows.length - drawn.length - refused.length;
  if (out.json)
    printJson({
      drawn,
      refused,
      ...(stopped === undefined ? {} : { stopped: { ...stopped, notSent } }),
    });
  else {
    const replays = drawn.filter((d) => d.replay).length;
    const lines = [
      `${drawn.length - replays} drawn, ${replays} already drawn before (replays), ${refused.length} refused` +
        (stopped === undefined ? '' : `, ${notSent} not sent`),
    ];
    for (const r of refused)
      lines.push(
        `  row ${r.row}${r.line === undefined ? '' : ` (line ${r.line})`}  ${r.entryNumber} line ${r.entryLine}  ${r.code}: ${r.message}`,
      );
    if (stopped !== undefined)
      lines.push(
        `  stopped: ${stopped.code}: ${stopped.message} Draws are idempotent per entry line: run the file again to send the rest.`,
      );
    process.stdout.write(lines.join('\n') + '\n');
  }
  if (stopped !== undefined) return exitCodeByCode[stopped.code as ErrorCode] ?? exitCodes.internal;
  return refused.length > 0 ? exitCodes.usage : exitCodes.ok;
}

function drawRowText(row: DrawRow, answer: DrawAnswer): string {
  const u = answer.use;
  return `row ${row.row}  ${u.entryNumber} line ${u.line}  ${answer.replay ? 'replay (drawn before)' : 'drawn'}  ${u.quantity} ${u.unit}  balance ${answer.permit.balance} ${answer.permit.unit}`;
}

function drawText(answer: DrawAnswer): string[] {
  const { use: u, permit: p } = answer;
  return [
    `${answer.replay ? 'REPLAY' : 'DRAWN'}  ${u.entryNumber} line ${u.line}  ${u.quantity} ${u.unit}  port ${u.port}  HTS ${u.hts}  ${u.country}`,
    ...(answer.replay
      ? [`  this entry line was drawn before, at ${u.at}: the first use is shown, nothing was drawn again`]
      : []),
    `  use ${u.useKey}  at ${u.at}  by ${named(u.drawerParty, u.drawer)}${u.onBehalfOf === null ? '' : ` for ${named(u.onBehalfOfParty, u.onBehalfOf)}`}`,
    `  ${p.id}  ${p.agency.code} ${p.number}  ${p.state}  balance ${p.balance} of ${p.quantity} ${p.unit}`,
  ];
}

function permitText(p: PermitAnswer): string[] {
  const designees = p.designees.map((d, i) => named(p.designeeParties?.[i], d));
  const lines = [
    `${p.id}  ${p.state}  ${p.program} no. ${p.number}`,
    `  agency   ${p.agency.name} (${p.agency.code}), issuer ${named(p.issuerParty, p.issuer)}`,
    `  holder   ${named(p.holderParty, p.holder)}${designees.length === 0 ? '' : `; designees ${designees.join(', ')}`}`,
    `  issued   ${p.issuedOn}, expires ${p.expiresOn}${p.singleUse ? ', single use' : ''}`,
    `  balance  ${p.balance} of ${p.quantity} ${p.unit}  (${p.useCount} use(s) on the chain${p.registered === false ? '; not registered on the chain yet' : ''})`,
    `  credential ${p.credentialId}  hash ${p.hash}`,
  ];
  const uses = p.uses ?? [];
  if (uses.length === 0) lines.push(p.useCount === 0 ? '  no uses' : '  no uses you may see');
  else {
    lines.push(
      uses.length < p.useCount
        ? `  uses (newest first: ${uses.length} shown of ${p.useCount} on the chain)`
        : '  uses (newest first)',
    );
    for (const u of uses) {
      lines.push(
        `    ${u.at}  ${u.entryNumber === null ? '(drawn through another node; its entry is with the drawer)' : `${u.entryNumber} line ${u.line}`}  ${u.quantity} ${u.unit}  port ${u.port}  by ${named(u.drawerParty, u.drawer)}` +
          `${u.onBehalfOf === null ? '' : ` for ${named(u.onBehalfOfParty, u.onBehalfOf)}`}  balance after ${u.balanceAfter}`,
      );
      lines.push(`      use ${u.useKey}`);
      if (u.reversed !== null)
        lines.push(
          `      REVERSED at ${u.reversed.at} by ${u.reversed.by === p.issuer ? named(p.issuerParty, p.issuer) : u.reversed.by}: ${u.reversed.reason}`,
        );
    }
  }
  return lines;
}
