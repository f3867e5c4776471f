// The CLI against a real node on loopback: sign-in, whoami, a 1,000-row CSV import verified in full,
// a CSV with bad rows, and the remote failures (wrong token, unreachable node, readable config file).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import {
  cliAsync,
  programEnv,
  type RunningNode,
  cli as runCli,
  startNode,
  waitFor,
} from '../../../../test/helpers/programs.ts';

const bin = new URL('../../bin/clearledger.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'clearledger-remote-'));
const file = (name: string) => join(dir, name);
const configFile = file('config.json');
/**
 * The CLI's environment: this test's config file, nothing inherited that would pick a node or a
 * token (the login test resolves the node from the config file; the later tests name it).
 */
const env: Record<string, string> = {
  CLEARLEDGER_CONFIG: configFile,
  XDG_CONFIG_HOME: file('xdg'),
  CLEARLEDGER_NODE_URL: '',
  CLEARLEDGER_TOKEN: '',
  CLEARLEDGER_DATA_DIR: '',
  CLEARLEDGER_PASSWORD: '',
};
const cli = (...args: string[]) => runCli(env, ...args);
after(() => rmSync(dir, { recursive: true, force: true }));
const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const show = (r: { code: number | null; stdout: string; stderr: string }) =>
  `exit ${r.code}\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(0, 2000)}`;

/** Runs the CLI with `input` on standard input. */
function cliWithInput(input: string, extraEnv: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: programEnv({ ...env, ...extraEnv }),
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The fixture without the fields a CSV row sets: what every row starts from. */
function templateOf(issuer: string) {
  const credential = usmcaCertification({ issuer });
  const { certificationNumber: _number, ...subject } = credential.credentialSubject;
  const { name: _name, ...exporter } = subject.exporter;
  const [first, ...goods] = subject.goods;
  const { hs6: _hs6, invoiceReference: _invoice, line: _line, ...firstLine } = first!;
  return { ...credential, credentialSubject: { ...subject, exporter, goods: [firstLine, ...goods] } };
}

const header = [
  'credentialSubject.certificationNumber',
  'credentialSubject.exporter.name',
  'credentialSubject.goods.0.line:number',
  'credentialSubject.goods.0.hs6',
  'credentialSubject.goods.0.invoiceReference',
  'credentialSubject.certifier.address.postalCode',
];
const csvCell = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
function csvRow(i: number): string[] {
  return [
    `MX-ACM-2025-${String(i).padStart(7, '0')}`,
    `Exportadora ${i}, S.A. de C.V.`,
    '1',
    '940360',
    `PO-${i}`,
    '045050',
  ];
}

describe('clearledger against a node over HTTP', { timeout: 600_000 }, () => {
  let node: RunningNode;
  let operator: string;
  let did: string;
  const api = async (method: string, path: string, body?: unknown, token = operator) => {
    const res = await fetch(node.url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    node = await startNode(file('node'), { CLEARLEDGER_ORG_ROLES: 'PRODUCER,EXPORTER' });
    operator = readFileSync(file('node/operator-token'), 'utf8').trim();
    did = ((await api('GET', '/me')).body.organization as { did: string }).did;
    const created = await api('POST', '/accounts', {
      username: 'clerk',
      displayName: 'Customs Clerk',
      password: 'correct horse battery',
      roles: ['STAFF'],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });
  /** After sign-in: the node by URL, the token from the config file written by login (same node). */
  const remote = () => ({ ...env, CLEARLEDGER_NODE_URL: node.url });
  const rcli = (...args: string[]) => runCli(remote(), ...args);
  after(async () => {
    await node?.stop();
  });

  it('--help names the remote options and the new commands', () => {
    const main = cli('--help');
    assert.equal(main.code, 0);
    assert.match(
      main.stdout,
      /records list\|show[\s\S]*login[\s\S]*whoami[\s\S]*--node <url>[\s\S]*CLEARLEDGER_NODE_URL/,
    );
    for (const command of ['login', 'logout', 'whoami', 'records']) {
      const r = cli(command, '--help');
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, new RegExp(`Usage: clearledger ${command}`));
    }
    assert.match(cli('issue', '--help').stdout, /file\.csv[\s\S]*--template[\s\S]*--batch[\s\S]*--rejects/);
  });

  it('login with the password on stdin saves node + token owner-only; whoami reads them', () => {
    const refused = cli('login', '--node', node.url, '--username', 'clerk', '--password', 'x');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /never taken from a flag/);

    const wrong = cliWithInput(
      'not the password\n',
      {},
      'login',
      '--node',
      node.url,
      '--username',
      'clerk',
      '--password-stdin',
      '--json',
    );
    assert.equal(wrong.code, 2, show(wrong));
    assert.equal(json(wrong).error.code, 'CL_AUTH_INVALID_CREDENTIALS');

    const r = cliWithInput(
      'correct horse battery\n',
      {},
      'login',
      '--node',
      node.url,
      '--username',
      'clerk',
      '--password-stdin',
      '--json',
    );
    assert.equal(r.code, 0, show(r));
    assert.equal(json(r).name, 'Customs Clerk');
    assert.doesNotMatch(r.stdout + r.stderr, /accessToken|"token"/, 'the token is never printed');
    assert.equal(statSync(configFile).mode & 0o777, 0o600);
    const saved = JSON.parse(readFileSync(configFile, 'utf8'));
    assert.equal(saved.node, node.url);
    assert.match(saved.token, /\S{20,}/);

    const me = cli('whoami', '--json');
    assert.equal(me.code, 0, show(me));
    assert.deepEqual([json(me).kind, json(me).roles, json(me).organization.did], ['account', ['STAFF'], did]);
    assert.match(cli('whoami').stderr, /Customs Clerk \(account [^)]+\) of .* roles STAFF/);
  });

  it('login as an OAuth client (client credentials) with the secret on stdin', async () => {
    const client = await api('POST', '/clients', { name: 'broker system', scopes: ['credentials:read'] });
    assert.equal(client.status, 201, JSON.stringify(client.body));
    const other = file('client-config.json');
    const r = cliWithInput(
      `${client.body.clientSecret}\n`,
      { CLEARLEDGER_CONFIG: other },
      'login',
      '--node',
      node.url,
      '--client-id',
      String(client.body.clientId),
      '--client-secret-stdin',
      '--json',
    );
    assert.equal(r.code, 0, show(r));
    const me = runCli({ ...env, CLEARLEDGER_CONFIG: other }, 'whoami', '--json');
    assert.equal(json(me).kind, 'client');
    assert.deepEqual(json(me).scopes, ['credentials:read']);
  });

  it('imports 1,000 certifications from a CSV; all stored with distinct hashes, all VALID once anchored', async () => {
    writeFileSync(file('template.json'), JSON.stringify(templateOf(did)));
    const rows = Array.from({ length: 1000 }, (_, i) =>
      csvRow(i + 1)
        .map(csvCell)
        .join(','),
    );
    writeFileSync(file('certifications.csv'), [header.join(','), ...rows].join('\r\n') + '\r\n');

    const started = performance.now();
    const r = await cliAsync(
      remote(),
      [
        'issue',
        file('certifications.csv'),
        '--template',
        file('template.json'),
        '--out',
        file('issued.ndjson'),
        '--json',
      ],
      180_000,
    );
    const seconds = (performance.now() - started) / 1000;
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stderr, '', 'no progress output with --json');
    const summary = json(r);
    assert.deepEqual(summary.counts, { total: 1000, issued: 1000, rejected: 0, notIssued: 0, unknown: 0 });
    assert.ok(summary.requests >= 3, `requests stay under the 1 MiB body limit (${summary.requests} requests)`);
    assert.equal(new Set(summary.issued.map((i: { hash: string }) => i.hash)).size, 1000);
    assert.deepEqual(
      summary.issued.map((i: { line: number }) => i.line),
      Array.from({ length: 1000 }, (_, i) => i + 2),
    );
    console.log(
      `# 1,000-row CSV import: ${seconds.toFixed(2)} s for the whole CLI run (${Math.round(1000 / seconds)}/s); ` +
        `${summary.seconds} s issuing (${summary.perSecond}/s) in ${summary.requests} requests`,
    );

    const issued = readFileSync(file('issued.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(issued.length, 1000);
    assert.deepEqual(
      issued.map((c) => c.credentialSubject.certificationNumber),
      Array.from({ length: 1000 }, (_, i) => csvRow(i + 1)[0]),
    );
    const sample = issued[41];
    assert.equal(sample.credentialSubject.certifier.address.postalCode, '045050', 'numeric-looking cells stay strings');
    assert.equal(sample.credentialSubject.goods[0].line, 1, ':number makes a number');
    assert.equal(sample.credentialSubject.goods[0].hs6, '940360');
    assert.equal(sample.credentialSubject.exporter.name, 'Exportadora 42, S.A. de C.V.');
    assert.equal(sample.credentialSubject.exporter.address.addressLocality, 'Silao', 'the template fills the rest');
    assert.equal(sample.credentialSubject.goods.length, 5);
    assert.equal(sample.proof.cryptosuite, 'eddsa-jcs-2022');

    // Stored: the node lists exactly these 1,000, each hash once.
    const stored = new Set<string>();
    let next: string | null = null;
    do {
      const page = await api(
        'GET',
        `/credentials?limit=100${next === null ? '' : `&after=${encodeURIComponent(next)}`}`,
      );
      for (const item of page.body.items as { hash: string }[]) stored.add(item.hash);
      next = page.body.next as string | null;
    } while (next !== null);
    assert.deepEqual([...stored].sort(), summary.issued.map((i: { hash: string }) => i.hash).sort());

    await waitFor(
      async () => ((await api('GET', '/credentials?status=anchored&limit=1')).body.total === 1000 ? true : undefined),
      60_000,
      '1,000 records anchored',
    );
    const listed = rcli('records', 'list', '--status', 'anchored', '--limit', '3', '--json');
    assert.equal(listed.code, 0, show(listed));
    assert.equal(json(listed).total, 1000);
    assert.equal(json(listed).items.length, 3);

    // Every record verifies VALID on the node (POST /credentials/verify, 8 at a time).
    const verified = await cliAsync(remote(), ['verify', file('issued.ndjson'), '--json'], 180_000);
    assert.equal(verified.code, 0, show(verified));
    const report = json(verified);
    assert.deepEqual(report.verdicts, { VALID: 1000, INVALID: 0, INCONCLUSIVE: 0 });
    console.log(`# verified 1,000 over HTTP in ${report.seconds} s (${report.perSecond}/s)`);

    // One record: shown, exported with its receipt, as a QR code, revoked → INVALID.
    const hash = summary.issued[7].hash as string;
    const shown = rcli('records', 'show', hash, '--json');
    assert.equal(shown.code, 0, show(shown));
    assert.equal(json(shown).status, 'anchored');
    const exported = rcli('export', hash, '--out', file('envelope.json'), '--json');
    assert.equal(exported.code, 0, show(exported));
    assert.equal(JSON.parse(readFileSync(file('envelope.json'), 'utf8')).anchor.root, json(shown).anchor.root);
    const qr = rcli('qr', hash, '--json');
    assert.equal(qr.code, 0, show(qr));
    assert.deepEqual([json(qr).kind, json(qr).anchored, json(qr).hash], ['embedded', true, hash]);
    const revoked = rcli('revoke', file('envelope.json'), '--reason', 'CERTIFIER_ERROR', '--json');
    assert.equal(revoked.code, 0, show(revoked));
    assert.equal(json(revoked).status, 'REVOKED');
    const afterRevoke = rcli('verify', file('envelope.json'), '--json');
    assert.equal(afterRevoke.code, 1, show(afterRevoke));
    assert.equal(
      json(afterRevoke).checks.find((c: { check: string }) => c.check === 'status').code,
      'CL_VERIFY_REVOKED',
    );
  });

  it('3 bad rows among 20: the other requests issue, the summary lists the bad rows by line, exit 2', () => {
    writeFileSync(file('template.json'), JSON.stringify(usmcaCertification({ issuer: did })));
    const columns = ['credentialSubject.certificationNumber', 'issuer', 'validFrom', 'type:json'];
    const rows = Array.from({ length: 20 }, (_, i) => {
      const cells = [`MX-BAD-${i}`, '', '', ''];
      if (i === 2) cells[3] = '["VerifiableCredential",'; // not JSON: rejected before sending (line 4)
      if (i === 7) cells[1] = 'did:web:someone-else.example'; // not the signer: the node refuses (line 9)
      if (i === 16) cells[2] = 'soon'; // not a date-time: the node refuses (line 18)
      return cells.map(csvCell).join(',');
    });
    writeFileSync(file('bad.csv'), [columns.join(','), ...rows].join('\n') + '\n');

    const r = rcli('issue', file('bad.csv'), '--template', file('template.json'), '--batch', '5', '--json');
    assert.equal(r.code, 2, show(r));
    const summary = json(r);
    // Requests: rows 0,1,3,4,5 (issued) · 6–10 (refused: row 7) · 11–15 (issued) · 16–19 (refused: row 16).
    assert.deepEqual(summary.counts, { total: 20, issued: 10, rejected: 3, notIssued: 7, unknown: 0 }, show(r));
    assert.equal(summary.requests, 4);
    assert.deepEqual(
      summary.rejected.map((p: { line: number; field: string; column?: string; code: string }) => [
        p.line,
        p.field,
        p.column,
        p.code,
      ]),
      [
        [4, 'type:json', 'type:json', 'CL_JSON_SYNTAX'],
        [9, '/issuer', 'issuer', 'CL_CREDENTIAL_INVALID'],
        [18, '/validFrom', 'validFrom', 'CL_CREDENTIAL_INVALID'],
      ],
    );
    assert.deepEqual(
      summary.notIssued.map((p: { line: number }) => p.line),
      [8, 10, 11, 12, 19, 20, 21],
    );
    assert.equal(summary.error.code, 'CL_JSON_SYNTAX');

    const text = rcli(
      'issue',
      file('bad.csv'),
      '--template',
      file('template.json'),
      '--batch',
      '5',
      '--rejects',
      file('rejects.csv'),
    );
    assert.equal(text.code, 2, show(text));
    assert.match(text.stderr, /^Issued 10 of 20 credential\(s\) on http:\/\/127\.0\.0\.1:\d+ in 4 request\(s\)/m);
    assert.match(
      text.stderr,
      /3 row\(s\) rejected:\n {2}line 4 type:json: Not valid JSON.*\n {2}line 9 \/issuer \(issuer\): The issuer must be/,
    );
    assert.match(text.stderr, /line 18 \/validFrom \(validFrom\):/);
    assert.match(
      text.stderr,
      /7 row\(s\) not issued because another row of their request was rejected: lines 8, 10–12, 19–21/,
    );
    const rejects = readFileSync(file('rejects.csv'), 'utf8').trim().split('\n');
    assert.equal(rejects.length, 11);
    assert.equal(rejects[0], columns.join(','));
    assert.equal(rejects[3], 'MX-BAD-7,did:web:someone-else.example,,');
  });

  it('--idempotency-key: rerunning an interrupted or completed run issues nothing twice', async () => {
    const total = async () => (await api('GET', '/credentials?q=MX-IDEM-&limit=1')).body.total as number;
    const rows = Array.from({ length: 12 }, (_, i) =>
      csvRow(4000 + i)
        .map(csvCell)
        .join(','),
    );
    rows.forEach((_, i) => {
      rows[i] = rows[i]!.replace(/^MX-ACM-2025-/, 'MX-IDEM-');
    });
    writeFileSync(file('tmpl-idem.json'), JSON.stringify(templateOf(did)));
    // The run "crashed" after its first request: only the first five rows went out.
    writeFileSync(file('idem-part.csv'), [header.join(','), ...rows.slice(0, 5)].join('\n') + '\n');
    writeFileSync(file('idem.csv'), [header.join(','), ...rows].join('\n') + '\n');
    const issue = (csv: string) =>
      rcli(
        'issue',
        file(csv),
        '--template',
        file('tmpl-idem.json'),
        '--batch',
        '5',
        '--idempotency-key',
        'run-7',
        '--json',
      );
    const part = issue('idem-part.csv');
    assert.equal(part.code, 0, show(part));
    assert.equal(await total(), 5);
    const whole = issue('idem.csv');
    assert.equal(whole.code, 0, show(whole));
    const summary = json(whole);
    assert.equal(summary.counts.issued, 12);
    assert.equal(await total(), 12, 'the first five were not issued again');
    assert.deepEqual(
      summary.issued.slice(0, 5).map((i: { id: string }) => i.id),
      json(part).issued.map((i: { id: string }) => i.id),
    );
    const again = issue('idem.csv');
    assert.equal(again.code, 0, show(again));
    assert.deepEqual(json(again).issued, summary.issued, 'the same records, by id and hash');
    assert.equal(await total(), 12);
    // The key with other rows is refused, and nothing is issued.
    writeFileSync(file('idem-other.csv'), [header.join(','), ...rows.slice(1, 6)].join('\n') + '\n');
    const reused = issue('idem-other.csv');
    assert.equal(reused.code, 2, show(reused));
    assert.match(reused.stdout + reused.stderr, /CL_HTTP_IDEMPOTENCY_KEY_REUSED/);
    assert.equal(await total(), 12);
  });

  it('remote failures: wrong token exit 2, unreachable node exit 6, a readable config file holding a token is refused', async () => {
    writeFileSync(file('one.json'), JSON.stringify(usmcaCertification({ issuer: did })));
    const badToken = rcli('issue', file('one.json'), '--node', node.url, '--token', 'not-a-token', '--json');
    assert.equal(badToken.code, 2, show(badToken));
    assert.equal(json(badToken).error.code, 'CL_AUTH_TOKEN_EXPIRED');

    const port = await closedPort();
    const down = rcli(
      'issue',
      file('bad.csv'),
      '--template',
      file('template.json'),
      '--node',
      `http://127.0.0.1:${port}`,
      '--json',
    );
    assert.equal(down.code, 6, show(down));
    assert.equal(json(down).error.code, 'CL_NODE_UNREACHABLE');
    const downText = rcli('records', 'list', '--node', `http://127.0.0.1:${port}`);
    assert.equal(downText.code, 6);
    assert.match(
      downText.stderr,
      /^CL_NODE_UNREACHABLE: Cannot reach the node at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
    );

    // The saved token goes to the saved node only.
    const elsewhere = rcli('whoami', '--node', node.url.replace('127.0.0.1', 'localhost'), '--json');
    assert.equal(elsewhere.code, 2, show(elsewhere));
    assert.equal(json(elsewhere).error.code, 'CL_AUTH_REQUIRED');

    chmodSync(configFile, 0o644);
    const readable = rcli('whoami', '--json');
    assert.equal(readable.code, 2, show(readable));
    assert.equal(json(readable).error.code, 'CL_CONFIG_INVALID');
    assert.match(json(readable).error.message, /other users may read it \(mode 0644\).*chmod 600/);
    chmodSync(configFile, 0o600);
    assert.equal(rcli('whoami').code, 0);

    const token = JSON.parse(readFileSync(configFile, 'utf8')).token as string;
    assert.equal((await api('GET', '/me', undefined, token)).status, 200);
    const out = rcli('logout', '--json');
    assert.equal(out.code, 0, show(out));
    const saved = JSON.parse(readFileSync(configFile, 'utf8'));
    assert.deepEqual([saved.node, saved.token], [node.url, undefined]);
    assert.equal((await api('GET', '/me', undefined, token)).status, 401, 'the token is revoked on the node');
    assert.equal(rcli('whoami').code, 2);
  });
});

describe('clearledger issue <file.csv> in local mode', { timeout: 300_000 }, () => {
  const localEnv = {
    ...env,
    CLEARLEDGER_DATA_DIR: file('local'),
    CLEARLEDGER_ORG_DID: 'did:web:producer.example',
    CLEARLEDGER_ORG_ROLES: 'PRODUCER',
  };
  const local = (...args: string[]) => runCli(localEnv, ...args);

  it('issues the rows on the data folder in batches, with the same summary and exit code', () => {
    // A complete certification but for its number: the node checks the agreement's rules too.
    const complete = usmcaCertification({ issuer: 'did:web:producer.example' });
    const { certificationNumber: _n, ...subject } = complete.credentialSubject;
    writeFileSync(file('local-template.json'), JSON.stringify({ ...complete, credentialSubject: subject }));
    const rows = Array.from({ length: 12 }, (_, i) =>
      [`MX-LOCAL-${i}`, i === 5 ? 'not-a-number' : String(i + 1)].join(','),
    );
    writeFileSync(
      file('local.csv'),
      ['credentialSubject.certificationNumber,credentialSubject.goods.0.line:number', ...rows].join('\n'),
    );
    const r = local(
      'issue',
      file('local.csv'),
      '--template',
      file('local-template.json'),
      '--batch',
      '4',
      '--out',
      file('local.json'),
      '--json',
    );
    assert.equal(r.code, 2, show(r));
    const summary = json(r);
    assert.deepEqual(summary.counts, { total: 12, issued: 11, rejected: 1, notIssued: 0, unknown: 0 });
    assert.deepEqual(summary.rejected[0], {
      index: 5,
      line: 7,
      code: 'CL_INPUT_INVALID',
      field: 'credentialSubject.goods.0.line:number',
      column: 'credentialSubject.goods.0.line:number',
      message: '"not-a-number" is not a number.',
    });
    assert.equal(
      summary.batches.reduce((n: number, b: { size: number }) => n + b.size, 0),
      11,
    );
    const written = JSON.parse(readFileSync(file('local.json'), 'utf8'));
    assert.equal(written.length, 11);
    assert.deepEqual(
      written.map((c: { credentialSubject: { goods: { line: number }[] } }) => c.credentialSubject.goods[0]!.line),
      [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12],
    );
    const listed = local('records', 'list', '--json', '--limit', '100');
    assert.equal(json(listed).total, 11);
    // Not anchored: no anchor worker runs on a local data folder.
    const verified = local('verify', file('local.json'), '--json');
    assert.equal(verified.code, 3, show(verified));
    assert.deepEqual(json(verified).verdicts, { VALID: 0, INVALID: 0, INCONCLUSIVE: 11 });
  });

  it('--idempotency-key in local mode: the key is recorded in the store, a rerun issues nothing twice', () => {
    const credential = usmcaCertification({ issuer: 'did:web:producer.example', serial: 9100 });
    writeFileSync(file('local-one.json'), JSON.stringify(credential));
    const first = local('issue', file('local-one.json'), '--idempotency-key', 'local-9100', '--json');
    assert.equal(first.code, 0, show(first));
    const again = local('issue', file('local-one.json'), '--idempotency-key', 'local-9100', '--json');
    assert.equal(again.code, 0, show(again));
    assert.deepEqual(json(again).issued, json(first).issued);
    assert.equal(json(local('records', 'list', '--json', '--search', 'MX-ACM-2025-0009100')).total, 1);
    writeFileSync(file('local-other.json'), JSON.stringify({ ...credential, validFrom: '2025-02-01T00:00:00Z' }));
    const reused = local('issue', file('local-other.json'), '--idempotency-key', 'local-9100', '--json');
    assert.equal(reused.code, 2, show(reused));
    assert.match(reused.stdout + reused.stderr, /CL_HTTP_IDEMPOTENCY_KEY_REUSED/);
  });
});
