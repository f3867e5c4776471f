// Claims of preference at entry and customs' information requests, on a node over HTTP
// (docs/api.md, "Certifications of origin: claims at entry and information requests").
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import {
  type AnchorReceipt,
  type ClaimCheck,
  type ClaimLine,
  type ClaimVerification,
  ClearledgerError,
  type VerificationReport,
} from '@clearledger/core';
import { exitCodes } from '../../exitCodeByCode.ts';
import type { Output } from '../../output.ts';
import { NodeAnswerError, type NodeClient } from '../../remote/nodeClient.ts';
import { readRecordFile, remoteRecord } from '../remoteCommands.ts';

export const claimsHelp = `Usage: clearledger claims verify  <line> [--certification <file>]
       clearledger claims file    <line> [--certification <file>] [--customs <did>] [--importer <did>]
       clearledger claims list    [--state <state>] [--certification <hash>] [--limit <n>] [--after <id>]
       clearledger claims show    <claim id>
       clearledger claims decide  <claim id> --accept | --deny --reason "<text>"
       clearledger claims correct <claim id> <line> [--certification <file>]

  <line> is --entry <number> --line <n> --htsus <number> --import-date <date> --value <usd>
            [--port <code>] [--non-commercial]

Claims of preference for one entry line on a certification of origin (USMCA, CAFTA-DR, NAFTA), on a
node (--node, CLEARLEDGER_NODE_URL or clearledger login).

  claims verify   checks the line against the certification without filing anything
                  (POST /origin/claims/verify, any token): the certification verifies (signature,
                  issuer, anchor, status, agreement rules), covers the import date, is within its
                  acceptance period, lists the line's HS subheading with an allowed criterion; without
                  a certification, the $2,500 exemption applies. Prints the outcome and every check
                  with its reason. Exit 0 ACCEPT, 1 DENY, 3 REVIEW (e.g. not anchored yet).
  claims file     files the claim (POST /origin/claims, scope claims:file); it is assessed at once.
                  Prints the claim id, its state and the reasons. Exit 0 ACCEPTED, 1 DENIED
                  (e.g. CL_CLAIM_NOT_COVERED), 3 MADE (waits for a customs officer).
  claims list     claims the organisation is a party to (claimant, customs, certifier), newest first;
                  --certification <hash> only those on that certification.
  claims show     one claim: its line, certification hash, checks, decision, history and
                  information requests.
  claims decide   the customs service the claim was filed with accepts or denies it, with a reason
                  (scope claims:decide). Exit 0 once decided.
  claims correct  the claimant corrects a claim with the whole corrected line: the old claim becomes
                  CORRECTED and the new one is assessed (exit codes as for claims file).

Line options (verify, file, correct):
  --entry <number>        entry number: filer code, 7 digits, check digit, e.g. AB1-2345678-7
  --line <n>              line of the entry summary, from 1
  --htsus <number>        the line's HTSUS number, 10 digits (or 8), without dots
  --import-date <date>    date of importation, YYYY-MM-DD
  --port <code>           CBP port of entry (Schedule D, e.g. 2304 Laredo): the node dates the claim
                          with today's date there and runs its deadlines by that port's business days
                          (default: Eastern time). The claim date is always the node's: there is no
                          flag to set it.
  --value <usd>           value of the originating goods in U.S. dollars, e.g. 48250.00
  --non-commercial        the importation is not commercial
  --certification <file>  the certification relied on: a signed credential, an export envelope with
                          its anchor receipt (clearledger export), or a PNG/JPEG image of its QR code.
                          Without it the claim relies on the exemption (non-commercial, or at most
                          US$2,500).
  --customs <did>         (file) the customs service to file with (default: the node's operator)
  --importer <did>        (file) the importer of record (default: your organisation). A broker files
                          for an importer that authorised it, on entries under the broker's filer code.

Other options:
  --accept | --deny       (decide) the decision
  --reason <text>         (decide) why, 3 to 2000 characters
  --state <state>         (list) MADE, ACCEPTED, DENIED or CORRECTED
  --certification <hash>  (list) the certification's hash (64 hex digits)
  --limit <n>             (list) how many (default 25, at most 1000)
  --after <id>            (list) continue after this id (the "next" of the previous page)
  --node <url>, --token <token>, --config <file>, --timeout <seconds>   (clearledger --help)
  --json                  print the node's answer as JSON
  -h, --help              show this help
`;

export const requestsHelp = `Usage: clearledger requests list   [--state <state>] [--limit <n>] [--after <id>]
       clearledger requests show   <request id> [--download <sha256> --out <file>]
       clearledger requests ask    <claim id> --question "<text>" [--to <did>] [--documents "<a>,<b>"]
                                   [--days <n>]
       clearledger requests answer <request id> --text "<text>" [--file <document> ...]
       clearledger requests review <request id> --accept | --defective | --start-verification |
                                   --affirm | --deny  --note "<text>"

Information requests on a claim of preference, on a node (--node, CLEARLEDGER_NODE_URL or
clearledger login). States: REQUESTED → UNDER_REVIEW → IN_USE | CORRECTION_REQUIRED → … |
VERIFICATION → AFFIRMED | DENIED. Accepting or affirming decides a waiting claim ACCEPTED; denying,
or a missed deadline, decides it DENIED.

  requests list     requests the organisation sent or received, newest first
  requests show     one request: question, due date, answers with their documents, findings and
                    history; --download <sha256> --out <file> saves a document of an answer (its
                    SHA-256 is checked)
  requests ask      customs asks about a claim (scope claims:decide); by default the certifier of the
                    claim's certification is asked, and the answer is due in 30 business days
  requests answer   the party asked answers with text and documents (scope requests:answer); each
                    --file is sent with its name and media type, at most 512 KiB each (a PDF,
                    PNG, JPEG or TIFF scan up to 10 MiB is streamed on its own first), 10 in all
  requests review   customs reviews the answer (scope claims:decide): --accept, --defective (a
                    correction is due in 5 business days), --start-verification, then --affirm or --deny

Options:
  --state <state>       (list) e.g. REQUESTED, UNDER_REVIEW, IN_USE, DENIED
  --limit <n>           (list) how many (default 25, at most 1000)
  --after <id>          (list) continue after this id (the "next" of the previous page)
  --question <text>     (ask) what is asked, 3 to 5000 characters
  --to <did>            (ask) the party asked (default: the certifier)
  --documents <list>    (ask) documents requested, comma-separated
  --days <n>            (ask) business days to answer, 1 to 120 (default 30)
  --text <text>         (answer) the answer, 1 to 20000 characters
  --file <document>     (answer) a document to attach; repeat for several
  --note <text>         (review) the finding, 3 to 5000 characters
  --download <sha256>   (show) the document to save; --out <file> where
  --node <url>, --token <token>, --config <file>, --timeout <seconds>   (clearledger --help)
  --json                print the node's answer as JSON
  -h, --help            show this help
`;

/** The flags a claims or requests command reads (the CLI's parsed options). */
export type CaseFlags = Record<string, string | boolean | string[] | undefined>;

/** A claim as the node serves it (GET /origin/claims/{id}). */
type ClaimAnswer = {
  id: string;
  state: string;
  claimant: string;
  participants: string[];
  line: ClaimLine;
  certification: { id: string | null; hash: string; issuer: string } | null;
  assessment: ClaimVerification;
  decision: { outcome: string; reason: string; code: string; by: string; at: string; record: string | null } | null;
  supersedes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  events?: CaseEvent[];
  requests?: RequestAnswer[];
};

type CaseEvent = { seq: number; kind: string; actorOrgId: string; actorId: string; data: unknown; at: string };

/** An information request as the node serves it (GET /origin/requests/{id}). */
type RequestAnswer = {
  id: string;
  claimId: string;
  state: string;
  from: string;
  to: string;
  question: string;
  documentsRequested: string[];
  due: string;
  overdue: boolean;
  answers: {
    by: string;
    text: string;
    documents: { name: string; mediaType: string; sha256: string; size: number }[];
    at: string;
    record: string | null;
  }[];
  findings: { event: string; note: string; by: string; at: string }[];
  record: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  events?: CaseEvent[];
};

/** Largest document of an answer (the node's limit). */
export const MAX_DOCUMENT_BYTES = 512 * 1024;
/** Most documents in one answer (the node's limit). */
const MAX_DOCUMENTS = 10;
/** Largest request body the node takes. */
const MAX_BODY_BYTES = 1024 * 1024;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const bad = (message: string, field: string) => new ClearledgerError('CL_INPUT_INVALID', message, { field });

/** The node's JSON pointers into a claim line, as the flags that set them. */
const flagOfField: Record<string, string> = {
  '/entryNumber': '--entry',
  '/entryLine': '--line',
  '/htsus': '--htsus',
  '/importDate': '--import-date',
  '/port': '--port',
  '/importer': '--importer',
  '/valueUsd': '--value',
  '/commercial': '--non-commercial',
  '/customs': '--customs',
  '/certification': '--certification',
  '/question': '--question',
  '/to': '--to',
  '/documentsRequested': '--documents',
  '/dueInBusinessDays': '--days',
  '/text': '--text',
  '/documents': '--file',
  '/note': '--note',
  '/reason': '--reason',
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

function needToken(client: NodeClient, command: string): void {
  if (client.token === undefined)
    throw new ClearledgerError(
      'CL_AUTH_REQUIRED',
      `clearledger ${command} needs an access token for ${client.url}: sign in with clearledger login, or give --token or CLEARLEDGER_TOKEN.`,
    );
}

/**
 * The certification a claim relies on, as the node takes it: `{verifiableCredential, anchor?}` from
 * a signed credential, an export envelope or a record file (as `clearledger verify <file>` reads
 * them), or from the QR code of a PNG or JPEG image (as `clearledger verify --qr` reads it). A QR
 * code that only links to its record is resolved on the node by its hash.
 */
export async function presentedCertification(
  client: NodeClient,
  file: string,
): Promise<{ verifiableCredential: Record<string, unknown>; anchor?: AnchorReceipt }> {
  if (isImage(file)) {
    const { readQrPayload } = await import('../qr.ts');
    const payload = readQrPayload(file);
    if (payload.kind === 'embedded') {
      const vc = payload.verifiableCredential;
      if (typeof vc !== 'object' || vc === null || Array.isArray(vc))
        throw bad(`The QR code of ${file} does not hold a credential.`, '--certification');
      return {
        verifiableCredential: vc as Record<string, unknown>,
        ...(payload.anchor === undefined ? {} : { anchor: payload.anchor }),
      };
    }
    const record = await remoteRecord(client, payload.hash).catch((error: unknown) => {
      if (error instanceof ClearledgerError && ['CL_STORE_NOT_FOUND', 'CL_HTTP_NOT_FOUND'].includes(error.code))
        throw bad(
          `The QR code of ${file} links to ${payload.url} (hash ${payload.hash}); ${client.url} does not give that record to this caller. Get the record file (clearledger export) and give it as --certification.`,
          '--certification',
        );
      throw error;
    });
    return {
      verifiableCredential: record.verifiableCredential,
      ...(record.anchor === null ? {} : { anchor: record.anchor }),
    };
  }
  const { credential, anchor } = readRecordFile(file);
  return { verifiableCredential: credential, ...(anchor === undefined ? {} : { anchor }) };
}

/** True when the file starts as a PNG or JPEG image does. */
function isImage(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    if (n < 3) return false;
    const png = n === 4 && head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47;
    const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
    return png || jpeg;
  } catch {
    return false; // the JSON reader names the problem (missing file, not readable)
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The body of a claim line from the flags (and the certification, when given). */
async function claimBody(client: NodeClient, flags: CaseFlags, withCustoms: boolean): Promise<Record<string, unknown>> {
  const required: [string, string][] = [
    ['entry', '--entry <number>'],
    ['line', '--line <n>'],
    ['htsus', '--htsus <number>'],
    ['import-date', '--import-date <YYYY-MM-DD>'],
    ['value', '--value <usd>'],
  ];
  const missing = required.filter(([name]) => str(flags[name]) === undefined).map(([, usage]) => usage);
  if (missing.length > 0)
    throw bad(`A claim line needs ${missing.join(', ')}.`, `--${required.find(([, u]) => u === missing[0])![0]}`);
  const lineText = str(flags.line)!;
  if (!/^\d{1,4}$/.test(lineText) || Number(lineText) < 1)
    throw bad('--line is the line number of the entry summary, from 1 to 9999.', '--line');
  if (!withCustoms && str(flags.customs) !== undefined)
    throw bad('--customs applies to clearledger claims file only.', '--customs');
  if (flags['claim-date'] !== undefined)
    throw bad(
      '--claim-date is not accepted: the node dates a claim with the date at the port when it receives it.',
      '--claim-date',
    );
  if (!withCustoms && str(flags.importer) !== undefined)
    throw bad('--importer applies to clearledger claims file only.', '--importer');
  const certification = str(flags.certification);
  const customs = str(flags.customs);
  const importer = str(flags.importer);
  const port = str(flags.port);
  return {
    entryNumber: str(flags.entry)!,
    entryLine: Number(lineText),
    htsus: str(flags.htsus)!.replaceAll('.', ''),
    importDate: str(flags['import-date'])!,
    ...(port === undefined ? {} : { port }),
    valueUsd: str(flags.value)!,
    commercial: flags['non-commercial'] !== true,
    ...(certification === undefined ? {} : { certification: await presentedCertification(client, certification) }),
    ...(withCustoms && customs !== undefined ? { customs } : {}),
    ...(withCustoms && importer !== undefined ? { importer } : {}),
  };
}

const mark: Record<ClaimCheck['status'], string> = { VALID: '✔', INVALID: '✘', ERROR: '!', SKIPPED: '–' };

function checkLines(checks: readonly ClaimCheck[]): string[] {
  return checks.map(
    (c) =>
      `  ${mark[c.status]} ${c.check.padEnd(14)} ${c.status.padEnd(8)} ${c.message} [${c.code}]${c.rule === undefined ? '' : ` (${c.rule})`}`,
  );
}

function describeLine(line: ClaimLine): string {
  return (
    `${line.entryNumber} line ${line.entryLine}  HTSUS ${line.htsus}  imported ${line.importDate}` +
    `  claimed ${line.claimDate}  US$${line.valueUsd}${line.commercial ? '' : '  (non-commercial)'}`
  );
}

const exitOfOutcome = (outcome: string) =>
  outcome === 'ACCEPT' ? exitCodes.ok : outcome === 'DENY' ? exitCodes.invalid : exitCodes.inconclusive;
const exitOfState = (state: string) =>
  state === 'ACCEPTED' ? exitCodes.ok : state === 'DENIED' ? exitCodes.invalid : exitCodes.inconclusive;

function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** `clearledger claims <verify|file|list|show|decide|correct>`. */
export async function claimsCommand(
  client: NodeClient,
  positionals: readonly string[],
  flags: CaseFlags,
  out: Output,
): Promise<number> {
  const [action, id] = positionals;
  needToken(client, `claims ${action}`);
  switch (action) {
    case 'verify':
      return verifyClaimCommand(client, flags, out);
    case 'file': {
      const claim = await call<ClaimAnswer>(client, 'POST', '/origin/claims', await claimBody(client, flags, true));
      return printFiled(claim, out);
    }
    case 'correct': {
      const claim = await call<ClaimAnswer>(
        client,
        'POST',
        `/origin/claims/${encodeURIComponent(id!)}/correction`,
        await claimBody(client, flags, false),
      );
      if (!out.json) process.stderr.write(`${id} is CORRECTED by ${claim.id}.\n`);
      return printFiled(claim, out);
    }
    case 'list':
      return listClaims(client, flags, out);
    case 'show': {
      const claim = await call<ClaimAnswer>(client, 'GET', `/origin/claims/${encodeURIComponent(id!)}`);
      if (out.json) printJson(claim);
      else process.stdout.write(claimText(claim).join('\n') + '\n');
      return exitCodes.ok;
    }
    case 'decide': {
      const accept = flags.accept === true;
      if (accept === (flags.deny === true))
        throw bad('Give --accept or --deny (one of the two) and --reason "<text>".', '--accept');
      const reason = str(flags.reason);
      if (reason === undefined) throw bad('A decision needs --reason "<text>".', '--reason');
      const claim = await call<ClaimAnswer>(client, 'POST', `/origin/claims/${encodeURIComponent(id!)}/decision`, {
        outcome: accept ? 'ACCEPTED' : 'DENIED',
        reason,
      });
      out.result(claim, `${claim.id} ${claim.state}: ${claim.decision?.reason ?? reason}`);
      return exitCodes.ok;
    }
  }
  throw bad('Use clearledger claims verify|file|list|show|decide|correct. Run clearledger claims --help.', 'claims');
}

async function verifyClaimCommand(client: NodeClient, flags: CaseFlags, out: Output): Promise<number> {
  if (str(flags.customs) !== undefined) throw bad('--customs applies to clearledger claims file only.', '--customs');
  const answer = await call<{
    line: ClaimLine;
    assessment: ClaimVerification;
    certification: VerificationReport | null;
  }>(client, 'POST', '/origin/claims/verify', await claimBody(client, flags, false));
  if (out.json) printJson(answer);
  else {
    const { line, assessment, certification: report } = answer;
    const lines = [`${assessment.outcome}  ${describeLine(line)}`, ...checkLines(assessment.checks)];
    if (assessment.goodsLine !== undefined) lines.push(`  goods line ${assessment.goodsLine} of the certification`);
    if (report !== null) {
      lines.push(
        `  certification ${report.verdict}  ${report.hash ?? ''}${report.issuer === undefined ? '' : `  issuer ${report.issuer}`}`,
      );
      for (const c of report.checks)
        if (c.status !== 'VALID' && c.code !== 'CL_VERIFY_NOT_APPLICABLE')
          lines.push(`    ${mark[c.status]} ${c.check.padEnd(9)} ${c.status.padEnd(8)} ${c.message} [${c.code}]`);
    }
    if (assessment.outcome === 'REVIEW')
      lines.push('  a claim filed now would wait for a customs officer (state MADE)');
    process.stdout.write(lines.join('\n') + '\n');
  }
  return exitOfOutcome(answer.assessment.outcome);
}

function printFiled(claim: ClaimAnswer, out: Output): number {
  if (out.json) printJson(claim);
  else process.stdout.write(claimText(claim).join('\n') + '\n');
  return exitOfState(claim.state);
}

function claimText(claim: ClaimAnswer): string[] {
  const lines = [`${claim.id}  ${claim.state}  ${describeLine(claim.line)}`];
  lines.push(
    claim.certification === null
      ? '  certification  none (the exemption is claimed)'
      : `  certification  ${claim.certification.hash}  issuer ${claim.certification.issuer}${claim.certification.id === null ? '' : `  ${claim.certification.id}`}`,
  );
  lines.push(`  claimant ${claim.claimant}  parties ${claim.participants.join(', ')}`);
  if (claim.supersedes !== null) lines.push(`  corrects ${claim.supersedes}`);
  lines.push(`  assessment ${claim.assessment.outcome}`, ...checkLines(claim.assessment.checks));
  if (claim.decision !== null) {
    const d = claim.decision;
    lines.push(`  decision ${d.outcome} by ${d.by} at ${d.at}: ${d.reason} [${d.code}]`);
    if (d.record !== null) lines.push(`    recorded as ${d.record}`);
  } else if (claim.state === 'MADE') lines.push('  waiting for a customs officer');
  if (claim.events !== undefined && claim.events.length > 0) {
    lines.push('  history');
    for (const e of claim.events) lines.push(`    ${e.at}  ${e.kind}  ${e.actorId} (${e.actorOrgId})`);
  }
  if (claim.requests !== undefined && claim.requests.length > 0) {
    lines.push('  information requests');
    for (const r of claim.requests) lines.push(`    ${requestLine(r)}`);
  }
  return lines;
}

function parseLimit(flags: CaseFlags): number {
  const text = str(flags.limit) ?? '25';
  const limit = Number(text);
  if (!/^\d{1,4}$/.test(text) || limit < 1 || limit > 1000)
    throw bad('--limit must be a whole number from 1 to 1000.', '--limit');
  return limit;
}

/** Pages of at most 100 from a list route that answers `{items, next}`, until `limit`. */
async function pages<T>(
  client: NodeClient,
  path: string,
  query: Record<string, string>,
  flags: CaseFlags,
): Promise<{ items: T[]; next: string | null }> {
  const limit = parseLimit(flags);
  const items: T[] = [];
  let before = str(flags.after);
  let next: string | null = null;
  do {
    const params = new URLSearchParams({ ...query, limit: String(Math.min(100, limit - items.length)) });
    if (before !== undefined) params.set('before', before);
    const page = await call<{ items: T[]; next: string | null }>(client, 'GET', `${path}?${params}`);
    items.push(...page.items);
    next = page.next;
    before = next ?? undefined;
  } while (next !== null && items.length < limit);
  return { items, next };
}

async function listClaims(client: NodeClient, flags: CaseFlags, out: Output): Promise<number> {
  const state = str(flags.state)?.toUpperCase();
  if (state !== undefined && !['MADE', 'ACCEPTED', 'DENIED', 'CORRECTED'].includes(state))
    throw bad('--state must be MADE, ACCEPTED, DENIED or CORRECTED.', '--state');
  const certification = str(flags.certification)?.toLowerCase();
  if (certification !== undefined && !/^[0-9a-f]{64}$/.test(certification))
    throw bad("--certification (claims list) is the certification's hash, 64 hex digits.", '--certification');
  const list = await pages<ClaimAnswer>(
    client,
    '/origin/claims',
    { ...(state === undefined ? {} : { state }), ...(certification === undefined ? {} : { certification }) },
    flags,
  );
  if (out.json) {
    printJson(list);
    return exitCodes.ok;
  }
  const lines = list.items.map(
    (c) =>
      `${c.id}  ${c.state.padEnd(9)}  ${c.line.entryNumber} line ${c.line.entryLine}  ${c.line.htsus}  ${c.line.importDate}` +
      `  ${c.certification === null ? 'exemption' : `${c.certification.hash.slice(0, 16)}…`}  (${c.assessment.outcome})`,
  );
  if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
  process.stderr.write(
    `${list.items.length} claim(s)${list.next === null ? '' : `; more with --after ${list.next}`}\n`,
  );
  return exitCodes.ok;
}

function requestLine(r: RequestAnswer): string {
  const question = r.question.length > 60 ? `${r.question.slice(0, 59)}…` : r.question;
  return `${r.id}  ${r.state.padEnd(19)}  claim ${r.claimId}  to ${r.to}  due ${r.due}${r.overdue ? ' (overdue)' : ''}  "${question}"`;
}

function requestText(r: RequestAnswer): string[] {
  const lines = [
    `${r.id}  ${r.state}  on claim ${r.claimId}`,
    `  from ${r.from}  to ${r.to}  due ${r.due}${r.overdue ? ' (overdue)' : ''}`,
    `  question: ${r.question}`,
  ];
  if (r.documentsRequested.length > 0) lines.push(`  documents requested: ${r.documentsRequested.join(', ')}`);
  if (r.record !== null) lines.push(`  recorded as ${r.record}`);
  r.answers.forEach((a, i) => {
    lines.push(`  answer ${i + 1} by ${a.by} at ${a.at}${a.record === null ? '' : ` (recorded as ${a.record})`}`);
    lines.push(`    ${a.text}`);
    for (const d of a.documents)
      lines.push(`    document ${d.name}  ${d.mediaType}  ${d.size} bytes  sha256 ${d.sha256}`);
  });
  for (const f of r.findings) lines.push(`  finding ${f.event} by ${f.by} at ${f.at}: ${f.note}`);
  if (r.events !== undefined && r.events.length > 0) {
    lines.push('  history');
    for (const e of r.events) lines.push(`    ${e.at}  ${e.kind}  ${e.actorId} (${e.actorOrgId})`);
  }
  return lines;
}

const mediaTypes: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.doc': 'application/msword',
  '.zip': 'application/zip',
};

/** Largest scan uploaded for an answer (PDF, PNG, JPEG or TIFF), streamed to the node before the answer. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const UPLOAD_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/tiff']);

/** A document of an answer: inline (read whole, base64) or, for a scan over 512 KiB, a file to upload first. */
export type AnswerDocumentInput =
  | { name: string; mediaType: string; contentBase64: string }
  | { name: string; mediaType: string; upload: string };

/**
 * The documents of an answer: files of at most 512 KiB read whole (base64); scans (PDF, PNG, JPEG,
 * TIFF) up to 10 MiB are uploaded on their own first, streamed from disk.
 */
export function readDocuments(files: readonly string[]): AnswerDocumentInput[] {
  if (files.length > MAX_DOCUMENTS)
    throw bad(`An answer holds at most ${MAX_DOCUMENTS} documents; ${files.length} were given.`, '--file');
  return files.map((file) => {
    let size: number;
    try {
      size = statSync(file).size;
    } catch (cause) {
      throw bad(`Cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`, '--file');
    }
    const mediaType = mediaTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (size > MAX_DOCUMENT_BYTES && size <= MAX_UPLOAD_BYTES && UPLOAD_TYPES.has(mediaType))
      return { name: basename(file).slice(0, 200), mediaType, upload: file };
    if (size > MAX_DOCUMENT_BYTES)
      throw bad(
        UPLOAD_TYPES.has(mediaType)
          ? `${file} is ${size.toLocaleString('en-US')} bytes; a scan for an answer is at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB: scan it at a lower resolution or split it.`
          : `${file} is ${size.toLocaleString('en-US')} bytes; a document of an answer is at most ${MAX_DOCUMENT_BYTES / 1024} KiB (${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} bytes), or ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB for a PDF, PNG, JPEG or TIFF scan.`,
        '--file',
      );
    const bytes = readFileSync(file);
    if (bytes.length === 0) throw bad(`${file} is empty.`, '--file');
    if (bytes.length > MAX_DOCUMENT_BYTES)
      throw bad(`${file} is larger than ${MAX_DOCUMENT_BYTES / 1024} KiB.`, '--file');
    return { name: basename(file).slice(0, 200), mediaType, contentBase64: bytes.toString('base64') };
  });
}

const reviewActions = {
  accept: 'ACCEPT',
  defective: 'FIND_DEFECTIVE',
  'start-verification': 'START_VERIFICATION',
  affirm: 'AFFIRM',
  deny: 'DENY',
} as const;

/** `clearledger requests <list|show|ask|answer|review>`. */
export async function requestsCommand(
  client: NodeClient,
  positionals: readonly string[],
  flags: CaseFlags,
  out: Output,
): Promise<number> {
  const [action, id] = positionals;
  needToken(client, `requests ${action}`);
  const path = `/origin/requests/${encodeURIComponent(id ?? '')}`;
  switch (action) {
    case 'list': {
      const state = str(flags.state)?.toUpperCase();
      const list = await pages<RequestAnswer>(client, '/origin/requests', state === undefined ? {} : { state }, flags);
      if (out.json) printJson(list);
      else {
        if (list.items.length > 0) process.stdout.write(list.items.map(requestLine).join('\n') + '\n');
        process.stderr.write(
          `${list.items.length} request(s)${list.next === null ? '' : `; more with --after ${list.next}`}\n`,
        );
      }
      return exitCodes.ok;
    }
    case 'show': {
      const request = await call<RequestAnswer>(client, 'GET', path);
      const sha256 = str(flags.download)?.toLowerCase();
      if (sha256 !== undefined) return downloadDocument(client, request, sha256, str(flags.out), out);
      if (str(flags.out) !== undefined) throw bad('--out goes with --download <sha256>.', '--out');
      if (out.json) printJson(request);
      else process.stdout.write(requestText(request).join('\n') + '\n');
      return exitCodes.ok;
    }
    case 'ask': {
      const question = str(flags.question);
      if (question === undefined) throw bad('Ask with --question "<text>".', '--question');
      const daysText = str(flags.days);
      if (daysText !== undefined && (!/^\d{1,3}$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > 120))
        throw bad('--days is a number of business days from 1 to 120.', '--days');
      const documents = str(flags.documents)
        ?.split(',')
        .map((d) => d.trim())
        .filter((d) => d !== '');
      const to = str(flags.to);
      const request = await call<RequestAnswer>(client, 'POST', `/origin/claims/${encodeURIComponent(id!)}/requests`, {
        question,
        ...(to === undefined ? {} : { to }),
        ...(documents === undefined || documents.length === 0 ? {} : { documentsRequested: documents }),
        ...(daysText === undefined ? {} : { dueInBusinessDays: Number(daysText) }),
      });
      out.result(
        request,
        `${request.id} ${request.state}: asked ${request.to} about claim ${request.claimId}, due ${request.due}.`,
      );
      return exitCodes.ok;
    }
    case 'answer': {
      const text = str(flags.text);
      if (text === undefined)
        throw bad('Answer with --text "<text>" (and --file <document> for each document).', '--text');
      const files = Array.isArray(flags.file) ? flags.file : typeof flags.file === 'string' ? [flags.file] : [];
      const documents = [];
      for (const d of readDocuments(files)) {
        if (!('upload' in d)) {
          documents.push(d);
          continue;
        }
        const stored = await client.json<{ sha256: string }>(
          'POST',
          `${path}/documents?name=${encodeURIComponent(d.name)}`,
          { body: { file: d.upload, contentType: d.mediaType } },
        );
        documents.push({ sha256: stored.sha256, name: d.name });
      }
      const body = { text, ...(documents.length === 0 ? {} : { documents }) };
      if (Buffer.byteLength(JSON.stringify(body)) > MAX_BODY_BYTES)
        throw bad(
          'The documents together are too large for one answer (the node takes 1 MiB per request, and base64 adds a third): send fewer or smaller documents.',
          '--file',
        );
      const request = await call<RequestAnswer>(client, 'POST', `${path}/answer`, body);
      const sent = request.answers[request.answers.length - 1]?.documents ?? [];
      out.result(
        request,
        [
          `${request.id} ${request.state}: answered with ${sent.length} document(s).`,
          ...sent.map((d) => `  ${d.name}  ${d.size} bytes  sha256 ${d.sha256}`),
        ].join('\n'),
      );
      return exitCodes.ok;
    }
    case 'review': {
      const chosen = (Object.keys(reviewActions) as (keyof typeof reviewActions)[]).filter((k) => flags[k] === true);
      if (chosen.length !== 1)
        throw bad(
          'Give one of --accept, --defective, --start-verification, --affirm or --deny, and --note "<text>".',
          '--accept',
        );
      const note = str(flags.note);
      if (note === undefined) throw bad('A review needs --note "<text>".', '--note');
      const request = await call<RequestAnswer>(client, 'POST', `${path}/review`, {
        action: reviewActions[chosen[0]!],
        note,
      });
      out.result(
        request,
        `${request.id} ${request.state}${request.state === 'CORRECTION_REQUIRED' ? `: a correction is due by ${request.due}` : ''}.`,
      );
      return exitCodes.ok;
    }
  }
  throw bad('Use clearledger requests list|show|ask|answer|review. Run clearledger requests --help.', 'requests');
}

async function downloadDocument(
  client: NodeClient,
  request: RequestAnswer,
  sha256: string,
  file: string | undefined,
  out: Output,
): Promise<number> {
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw bad('--download takes the SHA-256 of a document, 64 hex digits.', '--download');
  if (file === undefined) throw bad('Say where to save the document with --out <file>.', '--out');
  const document = request.answers.flatMap((a) => a.documents).find((d) => d.sha256 === sha256);
  if (document === undefined)
    throw new ClearledgerError('CL_STORE_NOT_FOUND', `No document ${sha256} in the answers to ${request.id}.`, {
      field: '--download',
    });
  const bytes = await client.bytes('GET', `/origin/requests/${encodeURIComponent(request.id)}/documents/${sha256}`);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256)
    throw new ClearledgerError(
      'CL_INTERNAL',
      `The document received from ${client.url} has SHA-256 ${actual}, not ${sha256}; it was not saved.`,
    );
  writeFileSync(file, bytes);
  out.result(
    { request: request.id, name: document.name, mediaType: document.mediaType, size: bytes.length, sha256, file },
    `Saved ${document.name} (${bytes.length} bytes, SHA-256 checked) to ${file}.`,
  );
  return exitCodes.ok;
}
