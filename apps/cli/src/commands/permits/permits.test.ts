// Permits through the CLI, against a node listening on loopback: the agency issues an ATF Form 6
// with clearledger issue; the holder lists it, draws, replays a draw, is refused more than the
// balance, draws with the permit presented as its export envelope, draws a batch with a refused
// row; the agency reverses a use and every party sees it in permits show.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { entryNumberCheckDigit } from '@clearledger/core';
import { type Json, networkApp } from '../../../../../test/helpers/networkApp.ts';
import { cliAsync, waitFor } from '../../../../../test/helpers/programs.ts';

const ATF = 'did:web:atf.example';
const HOLDER = 'did:web:frontier-arms.example';

const dir = mkdtempSync(join(tmpdir(), 'clearledger-permits-'));
const file = (name: string) => join(dir, name);
/** Nothing inherited that would pick a node, a token or a data folder. */
const env: Record<string, string> = {
  CLEARLEDGER_CONFIG: file('config.json'),
  XDG_CONFIG_HOME: file('xdg'),
  CLEARLEDGER_NODE_URL: '',
  CLEARLEDGER_TOKEN: '',
  CLEARLEDGER_DATA_DIR: '',
};
type Run = { code: number | null; stdout: string; stderr: string };
const show = (r: Run) => `exit ${r.code}\n${r.stdout.slice(0, 3000)}\n${r.stderr.slice(0, 2000)}`;

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An ATF Form 6 permit for 500 rifles from Germany through Laredo or Nogales (E-PM-1's shape). */
const form6 = (serial: number) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
  type: ['VerifiableCredential', 'LpcoCredential'],
  issuer: ATF,
  credentialSubject: {
    type: 'Lpco',
    lpcoType: 'PERMIT',
    agency: { code: 'ATF', name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives' },
    program: 'ATF Form 6 Part I',
    number: `2026-${String(serial).padStart(6, '0')}`,
    holder: { id: HOLDER, name: 'Frontier Arms Importers LLC', importerNumber: '12-3456789AB', country: 'US' },
    issuedOn: today(),
    expiresOn: inDays(700),
    singleUse: false,
    authorizedQuantity: { value: '500', unit: 'NO' },
    scope: { hs: ['930330'], countries: ['DE'], ports: ['2304', '2402'] },
    goodsDescription: 'Rifles, model X, caliber .308',
  },
});

/** Entry numbers with a valid check digit: filer FA1, serial n. */
const entry = (n: number) => {
  const base = `FA1${String(n).padStart(7, '0')}`;
  return `${base.slice(0, 3)}-${base.slice(3)}-${entryNumberCheckDigit(base)}`;
};

const useFlags = (n: number, quantity: string, ...more: string[]) => [
  '--entry',
  entry(n),
  '--line',
  '1',
  '--quantity',
  quantity,
  '--unit',
  'NO',
  '--port',
  '2304',
  '--hts',
  '9303.30.8030',
  '--country',
  'DE',
  ...more,
];

describe('clearledger permits against a node on loopback', { timeout: 600_000 }, () => {
  let net: Awaited<ReturnType<typeof networkApp>>;
  let url: string;
  /** The CLI as one party of the node (its token on the command line). */
  const as =
    (who: 'atf' | 'holder') =>
    (...args: string[]) =>
      cliAsync(env, [...args, '--node', url, '--token', net.tokens[who]!]);
  const atf = as('atf');
  const holder = as('holder');
  let permitId = '';
  let hash = '';
  const balance = async () => (await net.call('atf', 'GET', `/permits/${permitId}`)).body.balance as string;

  before(async () => {
    net = await networkApp([
      { who: 'atf', did: ATF, roles: ['PGA'], country: 'US', role: 'STAFF' },
      { who: 'holder', did: HOLDER, roles: ['IMPORTER'], country: 'US', role: 'STAFF' },
    ]);
    await net.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(net.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await net?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help on permits and in the main command list', async () => {
    const main = await cliAsync(env, ['--help']);
    assert.equal(main.code, 0);
    assert.match(main.stdout, /permits list\|show\|draw\|reverse/);
    const help = await cliAsync(env, ['permits', '--help']);
    assert.equal(help.code, 0, show(help));
    assert.match(help.stdout, /^Usage: clearledger permits list/);
    assert.match(help.stdout, /--present <permit-envelope\.json>/);
    assert.match(help.stdout, /--batch <file\.csv\|file\.json>/);
    const without = await cliAsync(env, ['permits', 'list']);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /talks to a node/);
  });

  it('bad input is refused before anything is sent (CL_INPUT_INVALID, exit 2, even with the node unreachable)', async () => {
    const nowhere = (...args: string[]) =>
      cliAsync(env, ['permits', ...args, '--node', 'http://127.0.0.1:9', '--token', 'x', '--json']);
    const id = `permit_${'a'.repeat(64)}`;
    for (const [args, field, message] of [
      [['draw', id, ...useFlags(1, '1,000')], '--quantity', /exact decimal/],
      [['draw', id, ...useFlags(1, '0')], '--quantity', /more than 0/],
      [['draw', id, ...useFlags(1, '5').filter((a) => a !== '--hts' && a !== '9303.30.8030')], '--hts', /needs --hts/],
      [['draw', id, ...useFlags(1, '5', '--port', '9999')], '--port', /not a CBP port/],
      [['draw', id, '--entry', 'FA1-0000001-0', ...useFlags(1, '5').slice(2)], '--entry', /check digit/],
      [['draw', 'permit_123', ...useFlags(1, '5')], '<permit id>', /not a permit id/],
      [['draw', ...useFlags(1, '5')], '<permit id>', /Name the permit/],
      [['show'], 'show', /one argument/],
      [['reverse', id, '0x12', '--reason', 'x'], '<use key>', /not a use key/],
      [['reverse', id, `0x${'b'.repeat(64)}`], '--reason', /needs --reason/],
      [['list', '--quantity', '5'], '--quantity', /applies to clearledger permits draw/],
      [['draw', id, '--batch', file('missing.csv')], 'missing', /Cannot read/],
    ] as const) {
      const r = await nowhere(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${show(r)}`);
      const error = JSON.parse(r.stdout).error;
      assert.equal(error.code, 'CL_INPUT_INVALID', args.join(' '));
      if (field !== 'missing') assert.equal(error.field, field, args.join(' '));
      assert.match(error.message, message, args.join(' '));
    }
  });

  it('the agency issues a permit with clearledger issue; the holder lists it and sees it whole', async () => {
    writeFileSync(file('form6.json'), JSON.stringify(form6(1)));
    const issued = await atf('issue', file('form6.json'), '--json');
    assert.equal(issued.code, 0, show(issued));
    hash = JSON.parse(issued.stdout).issued[0].hash;
    permitId = `permit_${hash}`;
    await waitFor(
      async () => {
        const permit = await net.call('atf', 'GET', `/permits/${permitId}`);
        const record = await net.call('atf', 'GET', `/credentials/${encodeURIComponent(permit.body.credentialId)}`);
        return permit.body.registered === true && record.body.anchor !== null ? true : undefined;
      },
      30_000,
      'the permit to be anchored and registered',
    );
    const list = await holder('permits', 'list', '--json');
    assert.equal(list.code, 0, show(list));
    const listed = JSON.parse(list.stdout).permits as Json[];
    assert.deepEqual(
      listed.map((p) => [p.id, p.state, p.balance]),
      [[permitId, 'ACTIVE', '500']],
    );
    const text = await holder('permits', 'list');
    assert.match(
      text.stdout,
      new RegExp(`${permitId}\\s+ACTIVE\\s+ATF 2026-000001\\s+balance 500/500 NO\\s+holder holder`),
    );
    const shown = await holder('permits', 'show', hash);
    assert.equal(shown.code, 0, show(shown));
    assert.match(shown.stdout, /ACTIVE\s+ATF Form 6 Part I no\. 2026-000001/);
    assert.match(shown.stdout, /balance\s+500 of 500 NO/);
    assert.match(shown.stdout, /no uses/);
  });

  it('draws, a replay says so and draws nothing, more than the balance is refused with exit 5', async () => {
    const first = await holder('permits', 'draw', permitId, ...useFlags(1, '200'), '--json');
    assert.equal(first.code, 0, show(first));
    const drawn = JSON.parse(first.stdout);
    assert.equal(drawn.replay, false);
    assert.deepEqual([drawn.use.quantity, drawn.use.port, drawn.permit.balance], ['200', '2304', '300']);
    assert.match(drawn.use.useKey, /^0x[0-9a-f]{64}$/);

    const replay = await holder('permits', 'draw', permitId, ...useFlags(1, '200'));
    assert.equal(replay.code, 0, show(replay));
    assert.match(replay.stdout, new RegExp(`^REPLAY  ${entry(1)} line 1  200 NO  port 2304`));
    assert.match(replay.stdout, /nothing was drawn again/);
    assert.match(replay.stdout, new RegExp(`use ${drawn.use.useKey}`));
    assert.match(replay.stdout, /balance 300 of 500 NO/);

    const changed = await holder('permits', 'draw', permitId, ...useFlags(1, '201'), '--json');
    assert.equal(changed.code, 5, show(changed));
    assert.equal(JSON.parse(changed.stdout).error.code, 'CL_PERMIT_USE_KEY_REUSED');

    const tooMuch = await holder('permits', 'draw', permitId, ...useFlags(2, '301'), '--json');
    assert.equal(tooMuch.code, 5, show(tooMuch));
    const error = JSON.parse(tooMuch.stdout).error;
    assert.equal(error.code, 'CL_PERMIT_INSUFFICIENT_BALANCE');
    assert.equal(error.field, '--quantity');
    const outOfScope = await holder('permits', 'draw', permitId, ...useFlags(2, '1', '--country', 'CN'));
    assert.equal(outOfScope.code, 2, show(outOfScope));
    assert.match(outOfScope.stderr, /^CL_PERMIT_OUT_OF_SCOPE: .*\(--country\)/);
    assert.equal(await balance(), '300');
  });

  it('draw --present: the permit as its export envelope {credential, anchor}', async () => {
    const exported = await atf('export', hash, '--out', file('permit-envelope.json'), '--json');
    assert.equal(exported.code, 0, show(exported));
    const r = await holder(
      'permits',
      'draw',
      '--present',
      file('permit-envelope.json'),
      ...useFlags(2, '50'),
      '--json',
    );
    assert.equal(r.code, 0, show(r));
    const answer = JSON.parse(r.stdout);
    assert.deepEqual([answer.replay, answer.permit.id, answer.permit.balance], [false, permitId, '250']);
    const both = await holder(
      'permits',
      'draw',
      permitId,
      '--present',
      file('permit-envelope.json'),
      ...useFlags(3, '1'),
    );
    assert.equal(both.code, 2);
    assert.match(both.stderr, /not both/);
  });

  it('draw --batch: a summary of drawn and refused rows with their codes, exit 2 when some were refused', async () => {
    writeFileSync(
      file('draws.csv'),
      [
        'entry,line,quantity,unit,port,hts,country,product',
        `${entry(3)},1,10,NO,2304,930330,DE,Rifle model X`,
        `${entry(4)},1,10,NO,2304,930330,CN,Rifle model X`,
        `${entry(5)},2,20,NO,2402,9303.30.8030,DE,`,
        `${entry(6)},1,9999,NO,2304,930330,DE,`,
      ].join('\n'),
    );
    const r = await holder('permits', 'draw', permitId, '--batch', file('draws.csv'), '--json');
    assert.equal(r.code, 2, show(r));
    const summary = JSON.parse(r.stdout);
    assert.deepEqual(
      summary.drawn.map((d: Json) => [d.row, d.use.entryNumber, d.use.quantity, d.replay, d.balance]),
      [
        [1, entry(3), '10', false, '240'],
        [3, entry(5), '20', false, '220'],
      ],
    );
    assert.deepEqual(
      summary.refused.map((d: Json) => [d.row, d.line, d.entryNumber, d.code, d.field]),
      [
        [2, 3, entry(4), 'CL_PERMIT_OUT_OF_SCOPE', '--country'],
        [4, 5, entry(6), 'CL_PERMIT_INSUFFICIENT_BALANCE', '--quantity'],
      ],
    );
    assert.equal(await balance(), '220');

    // Again as JSON rows naming their permit, in text: a replay, a new draw, nothing refused (exit 0).
    writeFileSync(
      file('draws.json'),
      JSON.stringify([
        {
          permit: permitId,
          entry: entry(3),
          line: 1,
          quantity: '10',
          unit: 'NO',
          port: '2304',
          hts: '930330',
          country: 'DE',
        },
        {
          permit: hash,
          entryNumber: entry(7),
          line: 1,
          quantity: 5,
          unit: 'NO',
          port: '2304',
          hts: '930330',
          country: 'DE',
        },
      ]),
    );
    const again = await holder('permits', 'draw', '--batch', file('draws.json'));
    assert.equal(again.code, 0, show(again));
    assert.match(again.stdout, /^1 drawn, 1 already drawn before \(replays\), 0 refused$/m);
    assert.match(again.stderr, /row 1 .* replay \(drawn before\)/);
    assert.equal(await balance(), '215');

    // A malformed row: the whole file is refused and nothing is sent.
    writeFileSync(
      file('bad.csv'),
      [
        'entry,line,quantity,unit,port,hts,country',
        `${entry(8)},1,1,NO,2304,930330,DE`,
        `${entry(9)},x,1,NO,2304,930330,DE`,
      ].join('\n'),
    );
    const bad = await holder('permits', 'draw', permitId, '--batch', file('bad.csv'));
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /^CL_INPUT_INVALID: .*nothing was sent/);
    assert.match(bad.stderr, /row 2 \(line 3\): --line is the line of the entry summary/);
    assert.equal(await balance(), '215');
  });

  it('the agency reverses a use; permits show lists every use with entry, port, time and who by name', async () => {
    const permit = (await net.call('holder', 'GET', `/permits/${permitId}`)).body;
    const first = (permit.uses as Json[]).find((u) => u.entryNumber === entry(1))!;
    const notAgency = await holder('permits', 'reverse', permitId, first.useKey, '--reason', 'wrong line');
    assert.equal(notAgency.code, 2, show(notAgency));
    assert.match(notAgency.stderr, /^CL_AUTH_FORBIDDEN/);

    const reversed = await atf('permits', 'reverse', permitId, first.useKey, '--reason', 'Entry line cancelled');
    assert.equal(reversed.code, 0, show(reversed));
    assert.match(reversed.stdout, new RegExp(`^REVERSED  ${entry(1)} line 1  200 NO: Entry line cancelled`));
    assert.match(reversed.stdout, /balance 415 NO/);

    const shown = await holder('permits', 'show', permitId);
    assert.equal(shown.code, 0, show(shown));
    assert.match(shown.stdout, /balance\s+415 of 500 NO/);
    for (const [n, quantity, port] of [
      [1, '200', '2304'],
      [2, '50', '2304'],
      [3, '10', '2304'],
      [5, '20', '2402'],
      [7, '5', '2304'],
    ] as const)
      assert.match(
        shown.stdout,
        new RegExp(
          `\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  ${entry(n)} line \\d  ${quantity} NO  port ${port}  by holder \\(${HOLDER}\\)`,
        ),
      );
    assert.match(shown.stdout, /REVERSED at .* by atf \(did:web:atf\.example\): Entry line cancelled/);
    const json = JSON.parse((await atf('permits', 'show', permitId, '--json')).stdout);
    assert.equal(json.uses.length, 5);
    assert.equal(json.uses.find((u: Json) => u.useKey === first.useKey).reversed.reason, 'Entry line cancelled');
  });
});
