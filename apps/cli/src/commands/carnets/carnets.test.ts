// ATA carnets through the CLI, against a node listening on loopback: the issuing association issues
// a carnet (API); U.S. customs endorse its exportation at Los Angeles and are refused a second one
// with its exit code; German customs import through a batch file with refused rows; a claim on an
// item that is not overdue is refused; every party sees the items' places and vouchers in carnets show.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ataCarnet } from '../../../../../test/fixtures/ataCarnet.ts';
import { type Json, networkApp } from '../../../../../test/helpers/networkApp.ts';
import { cliAsync, waitFor } from '../../../../../test/helpers/programs.ts';

const USCIB = 'did:web:uscib.example';
const HOLDER = 'did:web:films.example';
const ZOLL = 'did:web:zoll.example';

const dir = mkdtempSync(join(tmpdir(), 'clearledger-carnets-'));
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

const DAY = 86_400_000;
const dayAt = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** The §4.8 carnet (camera, lenses, lighting kit for Germany and France), issued yesterday for 300 days. */
const carnetCredential = (serial: number) => {
  const base = ataCarnet();
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
    type: ['VerifiableCredential', 'AtaCarnetCredential'],
    issuer: USCIB,
    credentialSubject: {
      ...base,
      carnetNumber: `US-${String(serial).padStart(6, '0')}`,
      holder: { ...base.holder, id: HOLDER },
      // Yesterday (UTC): on or before today's date at every office, from Los Angeles to Frankfurt.
      issueDate: dayAt(-1),
      validUntil: dayAt(300),
    },
  };
};

describe('clearledger carnets against a node on loopback', { timeout: 600_000 }, () => {
  let net: Awaited<ReturnType<typeof networkApp>>;
  let url: string;
  /** The CLI as one party of the node (its token on the command line). */
  const as =
    (who: 'officer' | 'holder' | 'zoll' | 'uscib') =>
    (...args: string[]) =>
      cliAsync(env, [...args, '--node', url, '--token', net.tokens[who]!]);
  const officer = as('officer');
  const holder = as('holder');
  const zoll = as('zoll');
  let carnetId = '';
  let hash = '';
  let customsName = '';
  const places = async () =>
    ((await net.call('uscib', 'GET', `/carnets/${carnetId}`)).body.items as Json[]).map((i) => [
      i.item,
      i.state,
      i.country,
    ]);

  before(async () => {
    net = await networkApp([
      { who: 'uscib', did: USCIB, roles: ['CARNET_ISSUER'], country: 'US', role: 'STAFF' },
      { who: 'holder', did: HOLDER, roles: ['IMPORTER'], country: 'US', role: 'STAFF' },
      { who: 'zoll', did: ZOLL, roles: ['CUSTOMS'], country: 'DE', role: 'OFFICER' },
    ]);
    await net.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(net.app.server.address() as AddressInfo).port}`;
    customsName = (await net.node.store.getOrganization(net.node.operatorOrgId))?.name ?? net.node.operatorOrgId;
  });
  after(async () => {
    await net?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help on carnets and in the main command list', async () => {
    const main = await cliAsync(env, ['--help']);
    assert.equal(main.code, 0);
    assert.match(main.stdout, /carnets list\|show\|endorse\|claim/);
    const help = await cliAsync(env, ['carnets', '--help']);
    assert.equal(help.code, 0, show(help));
    assert.match(help.stdout, /^Usage: clearledger carnets list/);
    assert.match(help.stdout, /--kind <kind>\s+EXPORT/);
    assert.match(help.stdout, /--present <carnet-envelope\.json>/);
    assert.match(help.stdout, /--batch <file\.csv\|file\.json>/);
    const without = await cliAsync(env, ['carnets', 'list']);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /talks to a node/);
  });

  it('bad input is refused before anything is sent (CL_INPUT_INVALID naming the flag, exit 2, even with the node unreachable)', async () => {
    const nowhere = (...args: string[]) =>
      cliAsync(env, ['carnets', ...args, '--node', 'http://127.0.0.1:9', '--token', 'x', '--json']);
    const id = `carnet_${'a'.repeat(64)}`;
    const voucher = ['--kind', 'EXPORT', '--items', '1,2', '--office', '2704'];
    for (const [args, field, message] of [
      [['endorse', id, '--kind', 'LEAVE', '--items', '1', '--office', '2704'], '--kind', /one of EXPORT, IMPORT/],
      [['endorse', id, '--kind', 'EXPORT', '--items', '1,x', '--office', '2704'], '--items', /item numbers from 1/],
      [['endorse', id, '--kind', 'EXPORT', '--items', '1,1', '--office', '2704'], '--items', /item 1 twice/],
      [['endorse', id, '--kind', 'EXPORT', '--items', '1'], '--office', /needs --office/],
      [['endorse', id, '--kind', 'EXPORT', '--office', '2704'], '--items', /needs --items/],
      [['endorse', id, ...voucher, '--deadline', '2026-02-30'], '--deadline', /date YYYY-MM-DD/],
      [['endorse', id, ...voucher, '--deadline', dayAt(30)], '--deadline', /--kind IMPORT only/],
      [['endorse', id, ...voucher, '--office', 'frankfurt!'], '--office', /CBP port/],
      [['endorse', 'carnet_12', ...voucher], '<carnet id>', /not a carnet id/],
      [['endorse', ...voucher], '<carnet id>', /Name the carnet/],
      [['endorse', id, '--batch', file('vouchers.csv'), '--kind', 'EXPORT'], '--kind', /make it a column/],
      [
        ['claim', id, '--item', '3', '--amount', '1,200', '--duties', '1000', '--currency', 'EUR'],
        '--amount',
        /exact decimal/,
      ],
      [['claim', id, '--item', '3', '--amount', '1200', '--duties', '1000'], '--currency', /needs --currency/],
      [
        ['claim', id, '--item', '0', '--amount', '1', '--duties', '1', '--currency', 'EUR'],
        '--item',
        /from 1 to 65535/,
      ],
      [['show'], 'show', /one argument/],
      [['list', '--items', '1'], '--items', /applies to clearledger carnets endorse/],
      [['claim', id, '--kind', 'EXPORT'], '--kind', /applies to clearledger carnets endorse/],
    ] as const) {
      const r = await nowhere(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${show(r)}`);
      const error = JSON.parse(r.stdout).error;
      assert.equal(error.code, 'CL_INPUT_INVALID', args.join(' '));
      assert.equal(error.field, field, args.join(' '));
      assert.match(error.message, message, args.join(' '));
    }
  });

  it('the association issues a carnet (API); the holder lists it and sees every item at home', async () => {
    const issued = await net.call('uscib', 'POST', '/credentials/issue', { credential: carnetCredential(1) });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    hash = issued.body.hash;
    carnetId = `carnet_${hash}`;
    await waitFor(
      async () => {
        const carnet = await net.call('uscib', 'GET', `/carnets/${carnetId}`);
        const record = await net.call('uscib', 'GET', `/credentials/${encodeURIComponent(issued.body.id)}`);
        return carnet.body.registered === true && record.body.anchor !== null ? true : undefined;
      },
      30_000,
      'the carnet to be anchored and registered',
    );
    const list = await holder('carnets', 'list', '--json');
    assert.equal(list.code, 0, show(list));
    assert.deepEqual(
      (JSON.parse(list.stdout).carnets as Json[]).map((c) => [c.id, c.carnetNumber, c.state]),
      [[carnetId, 'US-000001', 'ISSUED']],
    );
    const text = await holder('carnets', 'list');
    assert.match(
      text.stdout,
      new RegExp(
        `${carnetId}\\s+ISSUED\\s+US-000001\\s+holder holder\\s+valid until ${dayAt(300)}\\s+0/3 item\\(s\\) away from home`,
      ),
    );
    const shown = await holder('carnets', 'show', hash);
    assert.equal(shown.code, 0, show(shown));
    assert.match(shown.stdout, /carnet US-000001/);
    assert.match(shown.stdout, /^\s+1\s+AT_HOME .*1 × Camera body XYZ s\/n 123$/m);
    assert.match(shown.stdout, /no vouchers/);
  });

  it('customs endorse the exportation at Los Angeles; a second exportation of an item abroad is refused (CL_CARNET_ITEM_STATE, exit 5)', async () => {
    const exported = await officer(
      'carnets',
      'endorse',
      carnetId,
      '--kind',
      'EXPORT',
      '--items',
      '1,2,3',
      '--office',
      '2704',
    );
    assert.equal(exported.code, 0, show(exported));
    assert.match(
      exported.stdout,
      /^ENDORSED {2}EXPORT \(yellow\) {2}items 1, 2, 3 {2}at 2704 US {2}on \d{4}-\d\d-\d\d$/m,
    );
    assert.match(exported.stdout, new RegExp(`by ${customsName} \\(${net.node.operatorOrgId}\\)  tx 0x[0-9a-f]{64}`));
    assert.match(exported.stdout, /3 of 3 item\(s\) away from home/);
    assert.deepEqual(await places(), [
      [1, 'ABROAD', null],
      [2, 'ABROAD', null],
      [3, 'ABROAD', null],
    ]);

    const again = await officer(
      'carnets',
      'endorse',
      carnetId,
      '--kind',
      'EXPORT',
      '--items',
      '1',
      '--office',
      '2704',
      '--json',
    );
    assert.equal(again.code, 5, show(again));
    const error = JSON.parse(again.stdout).error;
    assert.equal(error.code, 'CL_CARNET_ITEM_STATE');
    assert.equal(error.field, '--items');
    const text = await officer('carnets', 'endorse', carnetId, '--kind', 'EXPORT', '--items', '2', '--office', '2704');
    assert.equal(text.code, 5, show(text));
    assert.match(text.stderr, /^CL_CARNET_ITEM_STATE: .*\(--items\)/);
    const seen = (await net.call('holder', 'GET', `/carnets/${carnetId}`)).body;
    assert.equal(seen.vouchers.length, 1, 'the refused exportations left no voucher');
    assert.equal(seen.voucherCount, 1);
  });

  it('endorse --batch: German customs import two items at Frankfurt; an office of another country and an item imported twice are refused rows (exit 2)', async () => {
    writeFileSync(
      file('vouchers.csv'),
      ['kind,items,office,deadline', `IMPORT,"1,2",DE-FRA,${dayAt(90)}`, 'IMPORT,3,2704,', 'IMPORT,1,DE-FRA,'].join(
        '\n',
      ),
    );
    const r = await zoll('carnets', 'endorse', carnetId, '--batch', file('vouchers.csv'), '--json');
    assert.equal(r.code, 2, show(r));
    const summary = JSON.parse(r.stdout);
    assert.deepEqual(
      summary.endorsed.map((e: Json) => [
        e.row,
        e.carnet,
        e.voucher.kind,
        e.voucher.items.map((i: Json) => i.item),
        e.voucher.office,
        e.voucher.deadline,
      ]),
      [[1, carnetId, 'IMPORT', [1, 2], 'DE-FRA', dayAt(90)]],
    );
    assert.deepEqual(
      summary.refused.map((e: Json) => [e.row, e.line, e.code, e.field]),
      [
        [2, 3, 'CL_CARNET_OFFICE_NOT_OWN', '--office'],
        [3, 4, 'CL_CARNET_ITEM_STATE', '--items'],
      ],
    );

    // The same as JSON rows naming their carnet, in text: item 3 imported, nothing refused (exit 0).
    writeFileSync(
      file('vouchers.json'),
      JSON.stringify([{ carnet: hash, kind: 'import', items: [3], office: 'DE-MUC' }]),
    );
    const json = await zoll('carnets', 'endorse', '--batch', file('vouchers.json'));
    assert.equal(json.code, 0, show(json));
    assert.match(json.stdout, /^1 endorsed, 0 refused$/m);
    assert.match(json.stderr, /row 1 {2}endorsed {2}IMPORT \(white\) {2}items 3 {2}at DE-MUC DE/);

    // A malformed row: the whole file is refused and nothing is sent.
    writeFileSync(file('bad.csv'), ['kind,items,office', 'REEXPORT,1,DE-FRA', 'REEXPORT,,DE-FRA'].join('\n'));
    const bad = await zoll('carnets', 'endorse', carnetId, '--batch', file('bad.csv'));
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /^CL_INPUT_INVALID: .*nothing was sent/);
    assert.match(bad.stderr, /row 2 \(line 3\): A voucher needs --items/);
    assert.equal((await net.call('holder', 'GET', `/carnets/${carnetId}`)).body.vouchers.length, 3);
  });

  it('a claim on an item that is not overdue is refused with its code; carnets show gives every place and voucher by office, date and customs', async () => {
    const claim = await zoll(
      'carnets',
      'claim',
      carnetId,
      '--item',
      '1',
      '--amount',
      '100',
      '--duties',
      '100',
      '--currency',
      'EUR',
      '--json',
    );
    assert.equal(claim.code, 5, show(claim));
    assert.equal(JSON.parse(claim.stdout).error.code, 'CL_CARNET_ITEM_STATE');

    const shown = await holder('carnets', 'show', carnetId);
    assert.equal(shown.code, 0, show(shown));
    assert.match(shown.stdout, /chain\s+registered, 3 voucher\(s\)/);
    assert.match(
      shown.stdout,
      new RegExp(`^\\s+1\\s+IN_COUNTRY .*in DE\\s+until ${dayAt(90)}\\s+1 × Camera body`, 'm'),
    );
    assert.match(shown.stdout, /^\s+3\s+IN_COUNTRY .*in DE/m);
    assert.match(shown.stdout, new RegExp(`EXPORT \\(yellow\\)  items 1, 2, 3  at 2704 US .* by ${customsName}`));
    assert.match(
      shown.stdout,
      /IMPORT \(white\) {2}items 1, 2 {2}at DE-FRA DE .*re-export by .* by zoll \(did:web:zoll\.example\)/,
    );
    assert.match(shown.stdout, /IMPORT \(white\) {2}items 3 {2}at DE-MUC DE .* by zoll/);
    const json = JSON.parse((await holder('carnets', 'show', carnetId, '--json')).stdout);
    assert.deepEqual(
      json.items.map((i: Json) => [i.item, i.state, i.country]),
      [
        [1, 'IN_COUNTRY', 'DE'],
        [2, 'IN_COUNTRY', 'DE'],
        [3, 'IN_COUNTRY', 'DE'],
      ],
    );
    assert.deepEqual(
      json.vouchers.map((v: Json) => [v.kind, v.office, v.customsParty.id]),
      [
        ['EXPORT', '2704', net.node.operatorOrgId],
        ['IMPORT', 'DE-FRA', ZOLL],
        ['IMPORT', 'DE-MUC', ZOLL],
      ],
    );
  });

  it('endorse --present: the carnet as its export envelope {credential, anchor}; German customs re-export item 3 at Munich', async () => {
    const exported = await as('uscib')('export', hash, '--out', file('carnet-envelope.json'), '--json');
    assert.equal(exported.code, 0, show(exported));
    const r = await zoll(
      'carnets',
      'endorse',
      '--present',
      file('carnet-envelope.json'),
      '--kind',
      'REEXPORT',
      '--items',
      '3',
      '--office',
      'de-muc',
      '--json',
    );
    assert.equal(r.code, 0, show(r));
    const answer = JSON.parse(r.stdout);
    assert.deepEqual(
      [answer.carnet.id, answer.voucher.kind, answer.voucher.office, answer.voucher.colour],
      [carnetId, 'REEXPORT', 'DE-MUC', 'WHITE'],
    );
    assert.deepEqual((await places())[2], [3, 'ABROAD', null]);
    const both = await zoll(
      'carnets',
      'endorse',
      carnetId,
      '--present',
      file('carnet-envelope.json'),
      '--kind',
      'REEXPORT',
      '--items',
      '1',
      '--office',
      'DE-MUC',
    );
    assert.equal(both.code, 2);
    assert.match(both.stderr, /not both/);
  });
});
