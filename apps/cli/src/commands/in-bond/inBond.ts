// In-bond movements (19 CFR Part 18) on a node over HTTP (docs/api.md, "In-bond"): list and show
// them with their timeline, deadlines and violations, and report their events (one, or one per row
// of a file): customs authorise, decide diversions and order general order; the liable carrier
// reports the rest.
import { findCbpPort } from '@clearledger/core';
import { exitCodes } from '../../exitCodeByCode.ts';
import type { Output } from '../../output.ts';
import type { NodeClient } from '../../remote/nodeClient.ts';
import {
  bad,
  badAll,
  callNode,
  checkFlagsApply,
  DECIMAL,
  type Flags,
  type InputProblem,
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

/** The text of `clearledger inbond --help`. */
export const inBondHelp = `Usage: clearledger inbond list  [--limit <n>]
       clearledger inbond show  <movement id>
       clearledger inbond event <movement id> --kind <kind> [<event options>]
       clearledger inbond event [<movement id>] --batch <file.csv|file.json>

In-bond movements (19 CFR Part 18: IT 61, T&E 62, IE 63) on a node (--node, CLEARLEDGER_NODE_URL
or clearledger login). A bonded carrier files a movement with clearledger issue; the chain holds its
state and the in-bond number, unique on the network. <movement id> is inbond_<hash> or the filing
credential's hash (64 hex digits).

  inbond list   the movements your organisation takes part in (filing or liable carrier, customs,
                shipper, consignee), newest first: state, in-bond number, route, carrier
  inbond show   one movement: state from the chain, route, quantities, deadlines, violations and
                the timeline: every event with who reported it (by name), when it happened and
                when it was reported
  inbond event  reports an event (scope instruments:act). Customs: AUTHORIZE, DIVERSION_DECISION,
                GENERAL_ORDER; the liable bonded carrier: DEPART, ARRIVE, EXPORT, TRANSFER,
                DIVERSION_REQUEST, DELETE; either: CONCLUDE. The node checks it as the chain does
                and records it on the chain, then prints the movement. A refusal exits with its
                code's exit code, e.g. CL_INBOND_WRONG_PORT 2 (an arrival elsewhere than the
                destination), CL_INBOND_EVENT_NOT_ALLOWED 5, CL_INBOND_QUANTITY_EXCEEDED 2,
                CL_INBOND_FUTURE_EVENT 2, CL_INBOND_NOT_CARRIER 2.
  event --batch one event per row of a CSV file (a header row) or a JSON array of objects, in
                order. Columns: kind, and as the kind needs scope, ref, quantity, port, firms,
                new-port, decision (APPROVE or DENY), to-carrier, bonded-carrier-id, at; and
                movement (a row's own movement id; else the <movement id> given). Every row is
                checked before anything is sent. Prints what was recorded and each refused row
                with its code; exit 2 when some were refused.

Event options:
  --kind <kind>              AUTHORIZE, DEPART, ARRIVE, EXPORT, TRANSFER, DIVERSION_REQUEST,
                             DIVERSION_DECISION, CONCLUDE, DELETE or GENERAL_ORDER
  --scope <scope>            (ARRIVE, EXPORT) ENTIRE (default), BILL or CONTAINER
  --ref <number>             (ARRIVE, EXPORT) the bill of lading or container number of a BILL or
                             CONTAINER scope
  --quantity <q>             (ARRIVE, EXPORT) how much, in the manifest's unit (default: the rest);
                             a BILL or CONTAINER scope gives it
  --port <code>              (ARRIVE) the port of arrival, (EXPORT) the port of exportation: a CBP
                             port, 4 digits, e.g. 3901
  --firms <code>             (ARRIVE) the FIRMS code of the facility, 4 characters, e.g. H123
  --new-port <code>          (DIVERSION_REQUEST) the port to divert to
  --approve | --deny         (DIVERSION_DECISION) customs' decision
  --to-carrier <did>         (TRANSFER) the bonded carrier taking over liability
  --bonded-carrier-id <id>   (TRANSFER) its bonded carrier ID (default: the one on its filings)
  --at <ISO time>            (DEPART, ARRIVE, EXPORT) when it happened, e.g. 2026-12-08T09:30:00Z
                             (default now; never in the future). The node dates the report itself.
  --batch <file>             many events from a .csv or .json file

Other options:
  --limit <n>                (list) how many (default 50, at most 200)
  --node <url>, --token <token>, --config <file>, --timeout <seconds>   (clearledger --help)
  --json                     print the node's answer as JSON
  -h, --help                 show this help
`;

/** The kinds of event, as the node takes them. */
export const inBondEventKinds = [
  'AUTHORIZE',
  'DEPART',
  'ARRIVE',
  'EXPORT',
  'TRANSFER',
  'DIVERSION_REQUEST',
  'DIVERSION_DECISION',
  'CONCLUDE',
  'DELETE',
  'GENERAL_ORDER',
] as const;

/** An event as the node takes it (POST /in-bond/{id}/events). */
export type EventLine = {
  kind: (typeof inBondEventKinds)[number];
  scope?: 'ENTIRE' | 'BILL' | 'CONTAINER';
  ref?: string;
  quantity?: string;
  firmsCode?: string;
  port?: string;
  newPort?: string;
  approved?: boolean;
  toCarrier?: string;
  bondedCarrierId?: string;
  at?: string;
};

/** The values of an event as given: flags (without dashes) or columns. */
export type EventValues = Partial<
  Record<
    | 'kind'
    | 'scope'
    | 'ref'
    | 'quantity'
    | 'port'
    | 'firms'
    | 'new-port'
    | 'decision'
    | 'to-carrier'
    | 'bonded-carrier-id'
    | 'at',
    string
  >
>;

/** Which optional values each kind takes (the others are refused before sending). */
const valuesOfKind: Record<EventLine['kind'], readonly (keyof EventValues)[]> = {
  AUTHORIZE: [],
  DEPART: ['at'],
  ARRIVE: ['scope', 'ref', 'quantity', 'port', 'firms', 'at'],
  EXPORT: ['scope', 'ref', 'quantity', 'port', 'at'],
  TRANSFER: ['to-carrier', 'bonded-carrier-id'],
  DIVERSION_REQUEST: ['new-port'],
  DIVERSION_DECISION: ['decision'],
  CONCLUDE: [],
  DELETE: [],
  GENERAL_ORDER: [],
};

/** What each kind cannot go without. */
const requiredOfKind: Partial<Record<EventLine['kind'], readonly (keyof EventValues)[]>> = {
  ARRIVE: ['port', 'firms'],
  TRANSFER: ['to-carrier'],
  DIVERSION_REQUEST: ['new-port'],
  DIVERSION_DECISION: ['decision'],
};

/** The flag of a value (`decision` is --approve or --deny). */
const flagOf = (name: keyof EventValues) => (name === 'decision' ? '--approve' : `--${name}`);

/** The node's JSON pointers, as the flags that set them. */
const flagOfField: Record<string, string> = {
  '/id': '<movement id>',
  '/kind': '--kind',
  '/scope': '--scope',
  '/ref': '--ref',
  '/quantity': '--quantity',
  '/firmsCode': '--firms',
  '/port': '--port',
  '/newPort': '--new-port',
  '/approved': '--approve',
  '/toCarrier': '--to-carrier',
  '/bondedCarrierId': '--bonded-carrier-id',
  '/at': '--at',
};

/** Flags of the inbond commands (as parsed: dashed names), and the actions each applies to. */
const flagActions: Record<string, readonly string[]> = {
  kind: ['event'],
  scope: ['event'],
  ref: ['event'],
  quantity: ['event'],
  port: ['event'],
  firms: ['event'],
  'new-port': ['event'],
  approve: ['event'],
  deny: ['event'],
  'to-carrier': ['event'],
  'bonded-carrier-id': ['event'],
  at: ['event'],
  batch: ['event'],
  limit: ['list'],
};

/**
 * Checks a movement reference: `inbond_<hash>` or the filing credential's hash (64 hex digits).
 *
 * @returns the reference as the node takes it (lower case), or a problem.
 */
export function checkMovementId(text: string): { ok: true; id: string } | { ok: false; problem: InputProblem } {
  const id = text.trim().toLowerCase();
  if (/^(inbond_)?[0-9a-f]{64}$/.test(id)) return { ok: true, id };
  return {
    ok: false,
    problem: {
      field: '<movement id>',
      message: `"${text}" is not a movement id: give inbond_<hash> or the filing credential's hash (64 hex digits), as inbond list shows.`,
    },
  };
}

function movementIdOrThrow(text: string): string {
  const checked = checkMovementId(text);
  if (!checked.ok) throw bad(checked.problem.message, checked.problem.field);
  return checked.id;
}

const portProblem = (flag: string, port: string) =>
  !/^\d{4}$/.test(port)
    ? `${flag} is a CBP port code of 4 digits, e.g. 3901 (got "${port}").`
    : findCbpPort(port) === undefined
      ? `${port} is not a CBP port (Schedule D).`
      : undefined;

/**
 * Checks the values of one event, as given on the command line or in a row of a batch file, and
 * returns the event as the node takes it — or every problem, each with its flag and why: a value the
 * kind does not take, a missing one it needs, a malformed one. Nothing here is sent.
 *
 * @param now - the instant `at` may not be after (ISO 8601); the node checks it again by its clock.
 */
export function checkEventLine(
  values: EventValues,
  now: string,
): { ok: true; event: EventLine } | { ok: false; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const problem = (name: keyof EventValues, message: string) => problems.push({ field: flagOf(name), message });
  const text = (name: keyof EventValues) => {
    const v = values[name]?.trim();
    return v === '' ? undefined : v;
  };
  const kind = text('kind')?.toUpperCase().replaceAll('-', '_');
  if (kind === undefined) {
    problem('kind', `An event needs --kind (${inBondEventKinds.join(', ')}).`);
    return { ok: false, problems };
  }
  if (!(inBondEventKinds as readonly string[]).includes(kind)) {
    problem('kind', `--kind is one of ${inBondEventKinds.join(', ')} (got "${values.kind}").`);
    return { ok: false, problems };
  }
  const k = kind as EventLine['kind'];
  const takes = valuesOfKind[k];
  for (const name of Object.keys(values) as (keyof EventValues)[])
    if (name !== 'kind' && text(name) !== undefined && !takes.includes(name))
      problem(
        name,
        name === 'decision'
          ? '--approve and --deny decide a diversion: they go with --kind DIVERSION_DECISION only.'
          : `${flagOf(name)} does not apply to a ${k}${takes.length === 0 ? ' (it takes no options)' : ` (it takes ${takes.map(flagOf).join(', ')})`}.`,
      );
  for (const name of requiredOfKind[k] ?? [])
    if (text(name) === undefined)
      problem(
        name,
        name === 'decision'
          ? 'A DIVERSION_DECISION is --approve or --deny.'
          : `A ${k} needs ${flagOf(name)}${name === 'firms' ? ' (the FIRMS code of the facility, e.g. H123)' : ''}.`,
      );
  const event: EventLine = { kind: k };

  const scope = text('scope')?.toUpperCase();
  const ref = text('ref');
  const quantity = text('quantity');
  if (scope !== undefined && takes.includes('scope')) {
    if (scope !== 'ENTIRE' && scope !== 'BILL' && scope !== 'CONTAINER')
      problem('scope', `--scope is ENTIRE, BILL or CONTAINER (got "${values.scope}").`);
    else {
      event.scope = scope;
      if (scope !== 'ENTIRE' && ref === undefined)
        problem('ref', `A ${scope.toLowerCase()} ${k.toLowerCase()} names its number with --ref.`);
      if (scope !== 'ENTIRE' && quantity === undefined)
        problem('quantity', `A ${scope.toLowerCase()} ${k.toLowerCase()} gives its --quantity.`);
      if (scope === 'ENTIRE' && ref !== undefined)
        problem('ref', '--ref names a bill or container: give --scope BILL or CONTAINER with it.');
    }
  } else if (ref !== undefined && takes.includes('ref'))
    problem('ref', '--ref names a bill or container: give --scope BILL or CONTAINER with it.');
  if (ref !== undefined && takes.includes('ref')) {
    if (ref.length > 64) problem('ref', '--ref is at most 64 characters.');
    else event.ref = ref;
  }
  if (quantity !== undefined && takes.includes('quantity')) {
    if (!DECIMAL.test(quantity))
      problem(
        'quantity',
        `--quantity is an exact decimal with at most 6 decimals, e.g. 120 or 12.5, without a unit (got "${quantity}").`,
      );
    else if (/^0+(\.0+)?$/.test(quantity)) problem('quantity', '--quantity must be more than 0.');
    else event.quantity = quantity;
  }
  for (const [name, member] of [
    ['port', 'port'],
    ['new-port', 'newPort'],
  ] as const) {
    const port = text(name);
    if (port === undefined || !takes.includes(name)) continue;
    const wrong = portProblem(flagOf(name), port);
    if (wrong !== undefined) problem(name, wrong);
    else event[member] = port;
  }
  const firms = text('firms')?.toUpperCase();
  if (firms !== undefined && takes.includes('firms')) {
    if (!/^[A-Z0-9]{4}$/.test(firms))
      problem('firms', `--firms is the facility's FIRMS code, 4 letters or digits, e.g. H123 (got "${values.firms}").`);
    else event.firmsCode = firms;
  }
  const decision = text('decision')?.toUpperCase();
  if (decision !== undefined && takes.includes('decision')) {
    if (['APPROVE', 'APPROVED', 'TRUE', 'YES'].includes(decision)) event.approved = true;
    else if (['DENY', 'DENIED', 'FALSE', 'NO'].includes(decision)) event.approved = false;
    else problem('decision', `A diversion decision is APPROVE or DENY (got "${values.decision}").`);
  }
  const toCarrier = text('to-carrier');
  if (toCarrier !== undefined && takes.includes('to-carrier')) {
    if (!/^did:[a-z0-9]+:\S{1,190}$/.test(toCarrier))
      problem(
        'to-carrier',
        `--to-carrier is the receiving carrier's DID, e.g. did:web:carrier.example (got "${toCarrier}").`,
      );
    else event.toCarrier = toCarrier;
  }
  const bondedCarrierId = text('bonded-carrier-id');
  if (bondedCarrierId !== undefined && takes.includes('bonded-carrier-id')) {
    if (bondedCarrierId.length > 20) problem('bonded-carrier-id', '--bonded-carrier-id is at most 20 characters.');
    else event.bondedCarrierId = bondedCarrierId;
  }
  const at = text('at');
  if (at !== undefined && takes.includes('at')) {
    const ms = Date.parse(at);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(at) || Number.isNaN(ms))
      problem('at', `--at is an ISO 8601 time with its zone, e.g. 2026-12-08T09:30:00Z (got "${at}").`);
    else if (ms > Date.parse(now) + 60_000)
      problem('at', `--at ${at} is in the future: report what happened, when it happened.`);
    else event.at = new Date(ms).toISOString();
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, event };
}

/** A movement as the node serves it (GET /in-bond/{id}). */
type MovementAnswer = {
  id: string;
  credentialId: string;
  hash: string;
  inBondNumber: string;
  entryType: string;
  carrier: { id: string; name: string; bondedCarrierId?: string };
  originPort: string;
  destinationPort: string;
  filedDestinationPort: string;
  foreignPort: string | null;
  conveyance: { mode: string; name?: string };
  manifestQuantity: string;
  issuer: string;
  issuerParty?: Party;
  liableCarrier: string;
  liableCarrierParty?: Party;
  state: string;
  caseState: string;
  registered: { txHash: string } | null;
  registrationFailure: { code: string; message: string } | null;
  chain: { state: string; manifest: string; arrived: string; exported: string; eventCount: number } | null;
  arrivedQuantity: string;
  exportedQuantity: string;
  deadlines: Record<string, string | null>;
  nextDueAt: string | null;
  violations: { code: string; rule?: string; due?: string; event?: string; message?: string; recordedAt: string }[];
  timeline: {
    seq: number;
    kind: string;
    by: { org: Party; person: { id: string; name: string | null } | null; system: boolean };
    reportedAt: string;
    happenedAt?: string;
    port?: string;
    firmsCode?: string;
    scope?: string;
    ref?: string;
    quantity?: string;
    newPort?: string;
    approved?: boolean;
    toCarrier?: string;
    txHash?: string;
  }[];
};

const entryTypeNames: Record<string, string> = { '61': 'IT', '62': 'T&E', '63': 'IE' };

/** `clearledger inbond <list|show|event>`: positionals are the action and its arguments. */
export async function inBondCommand(
  client: NodeClient,
  positionals: readonly string[],
  flags: Flags,
  out: Output,
): Promise<number> {
  const [action, ...args] = positionals;
  checkFlagsApply('inbond', action, flags, flagActions);
  const wanted = { list: 0, show: 1 }[action as 'list' | 'show'];
  if (wanted !== undefined && args.length !== wanted)
    throw bad(
      `clearledger inbond ${action} takes ${wanted === 0 ? 'no argument' : 'one argument, the movement id'}. Run clearledger inbond --help.`,
      action!,
    );
  switch (action) {
    case 'list': {
      const limit = limitOf(flags);
      needToken(client, 'inbond list');
      const answer = await callNode<{ movements: MovementAnswer[] }>(
        client,
        'GET',
        `/in-bond?limit=${limit}`,
        undefined,
        flagOfField,
      );
      if (out.json) printJson(answer);
      else {
        const lines = answer.movements.map(
          (m) =>
            `${m.id}  ${m.state.padEnd(17)}  ${entryTypeNames[m.entryType] ?? m.entryType} ${m.entryType} ${m.inBondNumber}` +
            `  ${m.originPort} → ${m.destinationPort}  carrier ${m.liableCarrierParty?.name ?? m.liableCarrier}` +
            (m.violations.length > 0 ? `  ${m.violations.length} violation(s)` : ''),
        );
        if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
        process.stderr.write(`${answer.movements.length} movement(s)\n`);
      }
      return exitCodes.ok;
    }
    case 'show': {
      const id = movementIdOrThrow(args[0]!);
      needToken(client, 'inbond show');
      const movement = await callNode<MovementAnswer>(
        client,
        'GET',
        `/in-bond/${encodeURIComponent(id)}`,
        undefined,
        flagOfField,
      );
      if (out.json) printJson(movement);
      else process.stdout.write(movementText(movement).join('\n') + '\n');
      return exitCodes.ok;
    }
    case 'event':
      return eventCommand(client, args, flags, out);
  }
  throw bad('Use clearledger inbond list|show|event. Run clearledger inbond --help.', 'inbond');
}

/** The event values of the flags; --approve and --deny become the decision. */
function valuesOfFlags(flags: Flags): EventValues {
  if (flags.approve === true && flags.deny === true) throw bad('Give --approve or --deny, not both.', '--deny');
  const decision = flags.approve === true ? 'APPROVE' : flags.deny === true ? 'DENY' : undefined;
  const values: EventValues = {};
  for (const name of [
    'kind',
    'scope',
    'ref',
    'quantity',
    'port',
    'firms',
    'new-port',
    'to-carrier',
    'bonded-carrier-id',
    'at',
  ] as const) {
    const v = str(flags[name]);
    if (v !== undefined) values[name] = v;
  }
  if (decision !== undefined) values.decision = decision;
  return values;
}

async function eventCommand(client: NodeClient, args: readonly string[], flags: Flags, out: Output): Promise<number> {
  if (args.length > 1)
    throw bad('clearledger inbond event takes one argument, the movement id. Run clearledger inbond --help.', 'event');
  const movement = args.length === 1 ? movementIdOrThrow(args[0]!) : undefined;
  const batch = str(flags.batch);
  if (batch !== undefined) {
    const given = Object.keys(valuesOfFlags(flags));
    if (given.length > 0) {
      const flag = flagOf(given[0] as keyof EventValues);
      throw bad(
        `With --batch every event comes from a row of the file; ${flag} does not apply (make it a column).`,
        flag,
      );
    }
    const rows = readEventRows(batch, movement !== undefined, new Date().toISOString());
    needToken(client, 'inbond event');
    return sendBatch(rows, {
      send: (row) => postEvent(client, row.movementId ?? movement!, row.event),
      describe: (row) => `${row.movementId ?? movement}  ${eventSummary(row.event)}`,
      record: (row, answer) => ({ movement: answer.id, event: row.event, state: answer.state }),
      text: (row, answer) => `recorded  ${eventSummary(row.event)}  ${answer.inBondNumber} now ${answer.state}`,
      doneKey: 'recorded',
      verb: 'recorded',
      out,
    });
  }
  const checked = checkEventLine(valuesOfFlags(flags), new Date().toISOString());
  if (!checked.ok) throw badAll(checked.problems);
  if (movement === undefined)
    throw bad('Name the movement: clearledger inbond event <movement id> --kind …', '<movement id>');
  needToken(client, 'inbond event');
  const answer = await postEvent(client, movement, checked.event);
  if (out.json) printJson(answer);
  else {
    const last = answer.timeline.filter((t) => t.kind === checked.event.kind).at(-1);
    process.stdout.write(
      [
        `RECORDED  ${eventSummary(checked.event)}${last === undefined ? '' : `  by ${actorText(last.by)} at ${last.reportedAt}`}`,
        `  ${answer.id}  ${entryTypeNames[answer.entryType] ?? answer.entryType} ${answer.inBondNumber}  now ${answer.state}`,
        ...(answer.violations.length > 0
          ? [`  ${answer.violations.length} violation(s): ${answer.violations.map((v) => v.code).join(', ')}`]
          : []),
      ].join('\n') + '\n',
    );
  }
  return exitCodes.ok;
}

function postEvent(client: NodeClient, id: string, event: EventLine) {
  return callNode<MovementAnswer>(client, 'POST', `/in-bond/${encodeURIComponent(id)}/events`, event, flagOfField);
}

/** One row of a batch file: where it is in the file, its movement (when it names one) and its event. */
export type EventRow = { row: number; line?: number; movementId?: string; event: EventLine };

const columnAliases: Record<string, string> = {
  movement: 'movement',
  movementid: 'movement',
  id: 'movement',
  kind: 'kind',
  scope: 'scope',
  ref: 'ref',
  quantity: 'quantity',
  port: 'port',
  firms: 'firms',
  firmscode: 'firms',
  newport: 'new-port',
  decision: 'decision',
  approved: 'decision',
  tocarrier: 'to-carrier',
  bondedcarrierid: 'bonded-carrier-id',
  at: 'at',
};

/**
 * Reads the events of a batch file (`.csv` with a header row, or `.json`: an array of objects) and
 * checks every row before anything is sent. A row names its movement in a `movement` column unless
 * the command names one for all rows.
 *
 * @param now - the instant a row's `at` may not be after (ISO 8601).
 * @throws {ClearledgerError} CL_INPUT_INVALID naming each row in error (nothing is sent).
 */
export function readEventRows(file: string, movementGiven: boolean, now: string): EventRow[] {
  const { records, problems } = readBatchRecords(file, columnAliases, 'event');
  const rows: EventRow[] = [];
  for (const record of records) {
    const where = whereOf(record);
    const { movement, ...values } = record.values;
    let movementId: string | undefined;
    if (movement !== undefined) {
      const checked = checkMovementId(movement);
      if (checked.ok) movementId = checked.id;
      else problems.push(`${where}: ${checked.problem.message}`);
    } else if (!movementGiven) problems.push(`${where}: no movement (a "movement" column, or the movement id).`);
    const checked = checkEventLine(values, now);
    if (!checked.ok) for (const p of checked.problems) problems.push(`${where}: ${p.message}`);
    else
      rows.push({
        row: record.row,
        ...(record.line === undefined ? {} : { line: record.line }),
        ...(movementId === undefined ? {} : { movementId }),
        event: checked.event,
      });
  }
  if (problems.length > 0) refuseBatch(file, problems);
  return rows;
}

function eventSummary(e: EventLine): string {
  const parts: string[] = [e.kind];
  if (e.scope !== undefined && e.scope !== 'ENTIRE') parts.push(`${e.scope.toLowerCase()} ${e.ref}`);
  if (e.quantity !== undefined) parts.push(`quantity ${e.quantity}`);
  if (e.port !== undefined) parts.push(`port ${e.port}`);
  if (e.firmsCode !== undefined) parts.push(`FIRMS ${e.firmsCode}`);
  if (e.newPort !== undefined) parts.push(`to port ${e.newPort}`);
  if (e.approved !== undefined) parts.push(e.approved ? 'approved' : 'denied');
  if (e.toCarrier !== undefined) parts.push(`to ${e.toCarrier}`);
  if (e.at !== undefined) parts.push(`at ${e.at}`);
  return parts.join('  ');
}

function actorText(by: MovementAnswer['timeline'][number]['by']): string {
  if (by.system) return 'the node';
  const org = named(by.org, by.org.id);
  return by.person?.name ? `${by.person.name} of ${org}` : org;
}

function movementText(m: MovementAnswer): string[] {
  const type = entryTypeNames[m.entryType] ?? m.entryType;
  const lines = [
    `${m.id}  ${m.state}  ${type} ${m.entryType} no. ${m.inBondNumber}`,
    `  route    ${m.originPort} → ${m.destinationPort}${m.destinationPort !== m.filedDestinationPort ? ` (filed for ${m.filedDestinationPort})` : ''}${m.foreignPort === null ? '' : `, abroad ${m.foreignPort}`}  by ${m.conveyance.mode}${m.conveyance.name === undefined ? '' : ` ${m.conveyance.name}`}`,
    `  carrier  ${m.carrier.name}${m.carrier.bondedCarrierId === undefined ? '' : ` (${m.carrier.bondedCarrierId})`}; liable ${named(m.liableCarrierParty, m.liableCarrier)}`,
    `  goods    manifest ${m.manifestQuantity}, arrived ${m.arrivedQuantity}, exported ${m.exportedQuantity}`,
    `  chain    ${m.chain === null ? (m.registrationFailure === null ? 'not registered yet' : `not registered: ${m.registrationFailure.code}`) : `${m.chain.state}, ${m.chain.eventCount} event(s)`}`,
    `  credential ${m.credentialId}  hash ${m.hash}`,
  ];
  const deadlines = Object.entries(m.deadlines).filter(([, v]) => v !== null);
  if (deadlines.length > 0) lines.push(`  deadlines ${deadlines.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (m.nextDueAt !== null) lines.push(`  next due ${m.nextDueAt}`);
  for (const v of m.violations)
    lines.push(
      `  VIOLATION ${v.code}${v.rule === undefined ? '' : ` (${v.rule})`}${v.due === undefined ? '' : ` due ${v.due}`}`,
    );
  lines.push('  timeline');
  for (const t of m.timeline) {
    const details: string[] = [];
    if (t.happenedAt !== undefined && t.happenedAt !== t.reportedAt) details.push(`happened ${t.happenedAt}`);
    if (t.scope !== undefined && t.scope !== 'ENTIRE') details.push(`${t.scope.toLowerCase()} ${t.ref}`);
    if (t.quantity !== undefined) details.push(`quantity ${t.quantity}`);
    if (t.port !== undefined) details.push(`port ${t.port}`);
    if (t.firmsCode !== undefined) details.push(`FIRMS ${t.firmsCode}`);
    if (t.newPort !== undefined) details.push(`to port ${t.newPort}`);
    if (t.approved !== undefined) details.push(t.approved ? 'approved' : 'denied');
    if (t.toCarrier !== undefined) details.push(`to ${t.toCarrier}`);
    lines.push(
      `    ${t.reportedAt}  ${t.kind.padEnd(18)}  by ${actorText(t.by)}${details.length === 0 ? '' : `  ${details.join('  ')}`}`,
    );
  }
  return lines;
}
