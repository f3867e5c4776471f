// Claims at entry and information requests through the CLI, against one demo node on loopback: the
// producer's anchored certification accepted and a claim outside its period denied; a certification
// not anchored yet waits for an officer, who asks the producer, reviews the answer and so decides it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { usmcaCertification } from '../../../../../test/fixtures/usmcaCertification.ts';
import {
  programEnv,
  type RunningNode,
  cli as runCli,
  startNode,
  waitFor,
} from '../../../../../test/helpers/programs.ts';

const bin = new URL('../../../bin/clearledger.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'clearledger-claims-'));
const file = (name: string) => join(dir, name);
/** Nothing inherited that would pick a node, a token or a data folder: each party names its config file. */
const env: Record<string, string> = {
  CLEARLEDGER_CONFIG: file('default-config.json'),
  XDG_CONFIG_HOME: file('xdg'),
  CLEARLEDGER_NODE_URL: '',
  CLEARLEDGER_TOKEN: '',
  CLEARLEDGER_DATA_DIR: '',
  CLEARLEDGER_PASSWORD: '',
};
type Run = { code: number | null; stdout: string; stderr: string };
const show = (r: Run) => `exit ${r.code}\n${r.stdout.slice(0, 3000)}\n${r.stderr.slice(0, 2000)}`;
const json = (r: Run) => JSON.parse(r.stdout);
/** The CLI as one party: its own config file (written by clearledger login). */
const as =
  (party: 'producer' | 'importer' | 'officer') =>
  (...args: string[]) =>
    runCli(env, ...args, '--config', file(`${party}.json`));
const producer = as('producer');
const importer = as('importer');
const officer = as('officer');

/**
 * Today where the ports of these tests are (New York, Laredo): the date in the westernmost of the
 * continental U.S. zones, which no port of theirs has passed. Not the UTC date: in the American
 * evening that is already tomorrow, and the node refuses an importation dated after today at the port.
 */
const today = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
}).format(new Date());
/** Before the demo certifications' blanket period (this calendar year). */
const yearBefore = `${Number(today.slice(0, 4)) - 1}-12-15`;
const lineFlags = (entry: string, importDate: string, ...more: string[]) => [
  '--entry',
  entry,
  '--line',
  '1',
  '--htsus',
  '9403604081',
  '--import-date',
  importDate,
  '--value',
  '48250.00',
  ...more,
];

describe('clearledger claims and requests against a demo node', { timeout: 600_000 }, () => {
  let node: RunningNode;
  let producerDid: string;
  let envelope: { credential: Record<string, unknown>; anchor: { root: string } };

  before(async () => {
    // Anchoring once an hour: the demo records are anchored when the node starts, a record issued
    // later stays unanchored for the whole suite (what a claim on a fresh certification meets).
    node = await startNode(file('node'), { CLEARLEDGER_ANCHOR_LATENCY_MS: '3600000' }, 120_000, { demo: true });
    const logins = readFileSync(file('node/demo-logins.txt'), 'utf8').split('\n');
    for (const [party, username] of [
      ['producer', 'producer.admin'],
      ['importer', 'importer.admin'],
      ['officer', 'cbp.officer'],
    ] as const) {
      const password = logins.find((l) => l.startsWith(`${username}\t`))?.split('\t')[1];
      assert.ok(password, `${username} has a demo login`);
      const r = spawnSync(
        process.execPath,
        [
          bin,
          'login',
          '--node',
          node.url,
          '--username',
          username,
          '--password-stdin',
          '--config',
          file(`${party}.json`),
        ],
        { env: programEnv(env), input: `${password}\n`, encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(r.status, 0, `${username}: ${r.stdout}${r.stderr}`);
    }
    producerDid = json(producer('whoami', '--json')).organization.did;
  });
  after(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help on claims, requests and the main list; without a node they say so (exit 2)', () => {
    const main = runCli(env, '--help');
    assert.match(
      main.stdout,
      /claims verify\|file\|list\|show\|decide\|correct[\s\S]*requests list\|show\|ask\|answer\|review/,
    );
    const claims = runCli(env, 'claims', '--help');
    assert.equal(claims.code, 0, show(claims));
    assert.match(claims.stdout, /^Usage: clearledger claims verify/);
    assert.match(claims.stdout, /Exit 0 ACCEPT, 1 DENY, 3 REVIEW[\s\S]*--certification <file>/);
    const requests = runCli(env, 'requests', '--help');
    assert.equal(requests.code, 0, show(requests));
    assert.match(requests.stdout, /requests review <request id> --accept \| --defective \| --start-verification \|/);
    const local = runCli(env, 'claims', 'list', '--json');
    assert.equal(local.code, 2, show(local));
    assert.match(json(local).error.message, /talks to a node/);
    const unknown = importer('claims', 'withdraw', 'x');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Use clearledger claims verify\|file\|list\|show\|decide\|correct/);
  });

  it("the producer's anchored certification: verify ACCEPT (exit 0), file ACCEPTED, an importation before its period DENIED (exit 1); no claim date can be set", async () => {
    const id = await waitFor(
      () => {
        const listed = producer('records', 'list', '--status', 'anchored', '--json');
        assert.equal(listed.code, 0, show(listed));
        return json(listed).items[0]?.id as string | undefined;
      },
      60_000,
      'an anchored demo certification',
      1000,
    );
    const exported = producer('export', id, '--out', file('envelope.json'), '--json');
    assert.equal(exported.code, 0, show(exported));
    envelope = JSON.parse(readFileSync(file('envelope.json'), 'utf8'));
    assert.ok(envelope.anchor.root, 'the envelope carries its anchor receipt');

    const verified = importer(
      'claims',
      'verify',
      ...lineFlags('GLH-2345678-2', today),
      '--certification',
      file('envelope.json'),
    );
    assert.equal(verified.code, 0, show(verified));
    assert.match(verified.stdout, /^ACCEPT {2}GLH-2345678-2 line 1 {2}HTSUS 9403604081/);
    for (const check of ['certification', 'coverage', 'acceptance', 'classification', 'criterion'])
      assert.match(verified.stdout, new RegExp(`✔ ${check} +VALID `), check);
    const verifiedJson = json(
      importer(
        'claims',
        'verify',
        ...lineFlags('GLH-2345678-2', today),
        '--certification',
        file('envelope.json'),
        '--json',
      ),
    );
    assert.equal(verifiedJson.assessment.outcome, 'ACCEPT');
    assert.equal(verifiedJson.certification.verdict, 'VALID');
    assert.equal(json(importer('claims', 'list', '--json')).items.length, 0, 'verify files nothing');

    // The same certification from the QR code of its printed copy.
    assert.equal(producer('qr', file('envelope.json'), '--out', file('qr.png')).code, 0);
    const fromQr = importer(
      'claims',
      'verify',
      ...lineFlags('GLH-2345678-2', today),
      '--certification',
      file('qr.png'),
      '--json',
    );
    assert.equal(fromQr.code, 0, show(fromQr));
    assert.equal(json(fromQr).certification.hash, verifiedJson.certification.hash);

    const filed = importer(
      'claims',
      'file',
      ...lineFlags('GLH-2345678-2', today),
      '--certification',
      file('envelope.json'),
      '--json',
    );
    assert.equal(filed.code, 0, show(filed));
    const claim = json(filed);
    assert.equal(claim.state, 'ACCEPTED');
    assert.equal(claim.decision.code, 'CL_VERIFY_OK');
    assert.equal(claim.certification.hash, verifiedJson.certification.hash);

    const late = importer(
      'claims',
      'file',
      ...lineFlags('GLH-2345679-0', yearBefore),
      '--certification',
      file('envelope.json'),
    );
    assert.equal(late.code, 1, show(late));
    assert.match(late.stdout, /^claim_\S+ {2}DENIED {2}GLH-2345679-0 line 1/);
    assert.match(late.stdout, /✘ coverage +INVALID .*outside the blanket period.*\[CL_CLAIM_NOT_COVERED\]/);
    assert.match(late.stdout, /decision DENIED by system .*\[CL_CLAIM_NOT_COVERED\]/);

    const mine = importer('claims', 'list', '--certification', claim.certification.hash, '--json');
    assert.deepEqual(
      json(mine).items.map((c: { state: string }) => c.state),
      ['DENIED', 'ACCEPTED'],
    );
    const denied = officer('claims', 'list', '--state', 'denied');
    assert.equal(denied.code, 0, show(denied));
    assert.match(denied.stdout, /DENIED +GLH-2345679-0 line 1/);
    const shown = importer('claims', 'show', claim.id);
    assert.equal(shown.code, 0, show(shown));
    assert.match(shown.stdout, new RegExp(`certification {2}${claim.certification.hash} {2}issuer ${producerDid}`));
    assert.match(shown.stdout, /history\n.*claim\.made[\s\S]*claim\.decided/);

    const backdated = importer(
      'claims',
      'file',
      ...lineFlags('GLH-2345670-9', today, '--claim-date', today),
      '--certification',
      file('envelope.json'),
      '--json',
    );
    assert.equal(backdated.code, 2, show(backdated));
    assert.equal(json(backdated).error.field, '--claim-date');
    assert.match(json(backdated).error.message, /dates a claim/);
    const atLaredo = importer(
      'claims',
      'file',
      ...lineFlags('GLH-2345670-9', today, '--port', '2304'),
      '--certification',
      file('envelope.json'),
      '--json',
    );
    assert.equal(atLaredo.code, 0, show(atLaredo));
    assert.equal(json(atLaredo).port, '2304');
    const unknownPort = importer('claims', 'verify', ...lineFlags('GLH-2345670-9', today, '--port', '9999'), '--json');
    assert.equal(unknownPort.code, 2, show(unknownPort));
    assert.equal(json(unknownPort).error.field, '--port');

    // GLH-2345678: G=7 L=3 H=8 → 7 3 8 2 3 4 5 6 7 8; doubled 6+4+8+3+7 = 28, others 30; 58 → check digit 2.
    const mistyped = importer('claims', 'verify', ...lineFlags('GLH-2345678-9', today), '--json');
    assert.equal(mistyped.code, 2, show(mistyped));
    assert.equal(json(mistyped).error.code, 'CL_CLAIM_ENTRY_CHECK_DIGIT');
    assert.equal(json(mistyped).error.field, '--entry');
    const missing = importer('claims', 'file', '--entry', 'GLH-2345678-2', '--json');
    assert.equal(missing.code, 2, show(missing));
    assert.equal(json(missing).error.field, '--line');
    const badHtsus = importer(
      'claims',
      'verify',
      ...lineFlags('GLH-2345678-2', today).map((a) => (a === '9403604081' ? '940360' : a)),
      '--json',
    );
    assert.equal(badHtsus.code, 2, show(badHtsus));
    assert.equal(json(badHtsus).error.field, '--htsus');
  });

  it('a certification not anchored yet waits (exit 3); the officer asks, the producer answers with a document, the officer accepts → ACCEPTED', () => {
    writeFileSync(file('fresh.json'), JSON.stringify(usmcaCertification({ issuer: producerDid, serial: 4242 })));
    const issued = producer('issue', file('fresh.json'), '--out', file('fresh.signed.json'), '--json');
    assert.equal(issued.code, 0, show(issued));
    const filed = importer(
      'claims',
      'file',
      ...lineFlags('GLH-7777777-8', '2025-06-10'),
      '--certification',
      file('fresh.signed.json'),
    );
    assert.equal(filed.code, 3, show(filed));
    assert.match(filed.stdout, /^claim_\S+ {2}MADE /);
    assert.match(filed.stdout, /! certification +ERROR .*\[CL_CLAIM_CERTIFICATION_UNCERTAIN\]/);
    assert.match(filed.stdout, /waiting for a customs officer/);
    const claimId = /^(claim_\S+)/.exec(filed.stdout)![1]!;

    const checked = importer(
      'claims',
      'verify',
      ...lineFlags('GLH-7777777-8', '2025-06-10'),
      '--certification',
      file('fresh.signed.json'),
    );
    assert.equal(checked.code, 3, show(checked));
    assert.match(checked.stdout, /^REVIEW /);
    assert.match(checked.stdout, /anchor +SKIPPED .*\[CL_VERIFY_ANCHOR_(MISSING|PENDING)\]/);

    const notCustoms = importer('requests', 'ask', claimId, '--question', 'Why?', '--json');
    assert.equal(notCustoms.code, 2, show(notCustoms));
    assert.equal(json(notCustoms).error.code, 'CL_AUTH_FORBIDDEN');
    const asked = officer(
      'requests',
      'ask',
      claimId,
      '--question',
      'Provide the supplier invoices for the oak boards.',
      '--documents',
      'supplier invoices, BOM',
      '--days',
      '10',
      '--json',
    );
    assert.equal(asked.code, 0, show(asked));
    const request = json(asked);
    assert.deepEqual(
      [request.state, request.to, request.claimId, request.documentsRequested],
      ['REQUESTED', producerDid, claimId, ['supplier invoices', 'BOM']],
    );
    const inbox = producer('requests', 'list');
    assert.equal(inbox.code, 0, show(inbox));
    assert.match(
      inbox.stdout,
      new RegExp(`^${request.id} +REQUESTED +claim ${claimId} {2}to ${producerDid} {2}due ${request.due}`),
    );

    const invoice = Buffer.from('%PDF-1.4\nsupplier invoice 4471, oak boards, origin MX\n');
    writeFileSync(file('invoice-4471.pdf'), invoice);
    writeFileSync(file('bom.csv'), 'material,hs6,value\nparts,940391,3500\n');
    writeFileSync(file('too-big.bin'), Buffer.alloc(512 * 1024 + 1, 7));
    // A scanned invoice of 3 MiB: streamed to the node on its own, then named in the answer by its hash.
    const scan = Buffer.alloc(3 * 1024 * 1024, 0x20);
    scan.write('%PDF-1.7\n', 0, 'latin1');
    writeFileSync(file('scan-7781.pdf'), scan);
    const tooBig = producer('requests', 'answer', request.id, '--text', 'x', '--file', file('too-big.bin'), '--json');
    assert.equal(tooBig.code, 2, show(tooBig));
    assert.equal(json(tooBig).error.field, '--file');
    assert.match(
      json(tooBig).error.message,
      /too-big\.bin is 524,289 bytes; a document of an answer is at most 512 KiB \(524,288 bytes\)/,
    );

    const answered = producer(
      'requests',
      'answer',
      request.id,
      '--text',
      'Oak boards come from a Mexican sawmill; invoice and bill of materials attached.',
      '--file',
      file('invoice-4471.pdf'),
      '--file',
      file('bom.csv'),
      '--file',
      file('scan-7781.pdf'),
    );
    assert.equal(answered.code, 0, show(answered));
    const sha = createHash('sha256').update(invoice).digest('hex');
    assert.match(
      answered.stderr,
      new RegExp(
        `UNDER_REVIEW: answered with 3 document\\(s\\)\\.\\n {2}invoice-4471\\.pdf {2}${invoice.length} bytes {2}sha256 ${sha}`,
      ),
    );

    const seen = officer('requests', 'show', request.id, '--json');
    assert.equal(seen.code, 0, show(seen));
    assert.deepEqual(
      json(seen).answers[0].documents.map((d: { name: string; mediaType: string }) => [d.name, d.mediaType]),
      [
        ['invoice-4471.pdf', 'application/pdf'],
        ['bom.csv', 'text/csv'],
        ['scan-7781.pdf', 'application/pdf'],
      ],
    );
    const scanSha = createHash('sha256').update(scan).digest('hex');
    assert.equal(json(seen).answers[0].documents[2].sha256, scanSha);
    const scanned = officer('requests', 'show', request.id, '--download', scanSha, '--out', file('scan-copy.pdf'));
    assert.equal(scanned.code, 0, show(scanned));
    assert.deepEqual(readFileSync(file('scan-copy.pdf')), scan, 'the 3 MiB scan comes back whole');
    const download = officer('requests', 'show', request.id, '--download', sha, '--out', file('downloaded.pdf'));
    assert.equal(download.code, 0, show(download));
    assert.deepEqual(readFileSync(file('downloaded.pdf')), invoice);

    const reviewed = officer(
      'requests',
      'review',
      request.id,
      '--accept',
      '--note',
      'Satisfactory: the sawmill is named.',
    );
    assert.equal(reviewed.code, 0, show(reviewed));
    assert.match(reviewed.stderr, /IN_USE/);
    const again = officer('requests', 'review', request.id, '--affirm', '--note', 'again', '--json');
    assert.equal(again.code, 5, show(again));
    assert.equal(json(again).error.code, 'CL_ORIGIN_CERTIFICATION_STATE');

    const decided = importer('claims', 'show', claimId, '--json');
    assert.equal(decided.code, 0, show(decided));
    const claim = json(decided);
    assert.equal(claim.state, 'ACCEPTED');
    assert.equal(claim.decision.reason, 'Satisfactory: the sawmill is named.');
    assert.deepEqual(
      claim.requests.map((r: { id: string; state: string }) => [r.id, r.state]),
      [[request.id, 'IN_USE']],
    );
    const text = importer('claims', 'show', claimId);
    assert.match(text.stdout, /^claim_\S+ {2}ACCEPTED /);
    assert.match(text.stdout, /information requests\n {4}req_\S+ +IN_USE /);
  });

  it('customs decides a waiting claim (exit 0); the claimant corrects another one', () => {
    const waiting = importer(
      'claims',
      'file',
      ...lineFlags('GLH-8888888-7', '2025-06-10'),
      '--certification',
      file('fresh.signed.json'),
      '--json',
    );
    assert.equal(waiting.code, 3, show(waiting));
    const id = json(waiting).id as string;
    const byImporter = importer('claims', 'decide', id, '--accept', '--reason', 'mine', '--json');
    assert.equal(byImporter.code, 2, show(byImporter));
    assert.equal(json(byImporter).error.code, 'CL_AUTH_FORBIDDEN');
    const noChoice = officer('claims', 'decide', id, '--reason', 'Reviewed.');
    assert.equal(noChoice.code, 2, show(noChoice));
    const denied = officer('claims', 'decide', id, '--deny', '--reason', 'No proof of origin was provided.');
    assert.equal(denied.code, 0, show(denied));
    assert.match(denied.stderr, new RegExp(`${id} DENIED: No proof of origin was provided\\.`));
    const twice = officer('claims', 'decide', id, '--accept', '--reason', 'Changed my mind.', '--json');
    assert.equal(twice.code, 5, show(twice));

    const other = importer(
      'claims',
      'file',
      ...lineFlags('GLH-9999999-6', '2025-06-10'),
      '--certification',
      file('fresh.signed.json'),
      '--json',
    );
    assert.equal(other.code, 3, show(other));
    const corrected = importer(
      'claims',
      'correct',
      json(other).id,
      ...lineFlags('GLH-9999999-6', today),
      '--certification',
      file('envelope.json'),
      '--json',
    );
    assert.equal(corrected.code, 0, show(corrected));
    assert.deepEqual([json(corrected).state, json(corrected).supersedes], ['ACCEPTED', json(other).id]);
    assert.equal(json(importer('claims', 'show', json(other).id, '--json')).state, 'CORRECTED');
  });
});
