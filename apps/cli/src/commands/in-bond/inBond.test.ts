// In-bond movements through the CLI, against a node listening on loopback: a bonded carrier files an
// IT (API); customs authorise it and the carrier reports its departure and arrival with clearledger
// inbond event; an arrival at another port is refused with its code and exit code; a batch of events
// with refused rows; inbond show gives the timeline with who reported each event and when.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inBondMovement } from '../../../../../test/fixtures/inBondMovement.ts';
import { type Json, networkApp } from '../../../../../test/helpers/networkApp.ts';
import { cliAsync, waitFor } from '../../../../../test/helpers/programs.ts';

const RAIL = 'did:web:pacific-rail.example';

const dir = mkdtempSync(join(tmpdir(), 'clearledger-inbond-'));
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

/** E-IB-1's IT 61 from Los Angeles (2704) to Chicago (3901) by rail, 200 cartons on two bills, with its own number. */
const filing = (number: string) => {
  const vc = inBondMovement({ entryType: '61' }) as Json;
  return { ...vc, credentialSubject: { ...vc.credentialSubject, inBondNumber: number } };
};

describe('clearledger inbond against a node on loopback', { timeout: 600_000 }, () => {
  let net: Awaited<ReturnType<typeof networkApp>>;
  let url: string;
  /** The CLI as one party of the node (its token on the command line). */
  const as =
    (who: 'officer' | 'rail') =>
    (...args: string[]) =>
      cliAsync(env, [...args, '--node', url, '--token', net.tokens[who]!]);
  const officer = as('officer');
  const rail = as('rail');
  let customsName = '';
  let first = '';

  /** Files a movement as the carrier (API) and waits until the chain holds it; answers its id. */
  const filed = async (number: string) => {
    const res = await net.call('rail', 'POST', '/credentials/issue', { credential: filing(number) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = `inbond_${res.body.hash}`;
    await waitFor(
      async () => ((await net.call('rail', 'GET', `/in-bond/${id}`)).body.registered ? true : undefined),
      30_000,
      'the movement to be registered on the chain',
    );
    return id;
  };

  before(async () => {
    net = await networkApp([{ who: 'rail', did: RAIL, roles: ['BONDED_CARRIER'], country: 'US', role: 'STAFF' }]);
    await net.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(net.app.server.address() as AddressInfo).port}`;
    customsName = (await net.node.store.getOrganization(net.node.operatorOrgId))?.name ?? net.node.operatorOrgId;
  });
  after(async () => {
    await net?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help on inbond and in the main command list', async () => {
    const main = await cliAsync(env, ['--help']);
    assert.equal(main.code, 0);
    assert.match(main.stdout, /inbond list\|show\|event/);
    const help = await cliAsync(env, ['inbond', '--help']);
    assert.equal(help.code, 0, show(help));
    assert.match(help.stdout, /^Usage: clearledger inbond list/);
    assert.match(help.stdout, /--approve \| --deny/);
    assert.match(help.stdout, /--batch <file\.csv\|file\.json>/);
    const without = await cliAsync(env, ['inbond', 'list']);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /talks to a node/);
  });

  it('bad input is refused before anything is sent (CL_INPUT_INVALID naming the flag, exit 2, even with the node unreachable)', async () => {
    const nowhere = (...args: string[]) =>
      cliAsync(env, ['inbond', ...args, '--node', 'http://127.0.0.1:9', '--token', 'x', '--json']);
    const id = `inbond_${'a'.repeat(64)}`;
    const arrive = ['--kind', 'ARRIVE', '--port', '3901', '--firms', 'H123'];
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    for (const [args, field, message] of [
      [['event', id, '--kind', 'ARRIVED'], '--kind', /one of AUTHORIZE, DEPART/],
      [['event', id, '--port', '3901'], '--kind', /needs --kind/],
      [['event', id, '--kind', 'ARRIVE', '--port', '3901'], '--firms', /needs --firms/],
      [['event', id, ...arrive, '--port', '9999'], '--port', /not a CBP port/],
      [['event', id, ...arrive, '--firms', 'H1'], '--firms', /FIRMS code/],
      [['event', id, ...arrive, '--scope', 'BILL', '--quantity', '120'], '--ref', /names its number with --ref/],
      [['event', id, ...arrive, '--scope', 'BILL', '--ref', 'MAEU1'], '--quantity', /gives its --quantity/],
      [['event', id, ...arrive, '--quantity', '12,5'], '--quantity', /exact decimal/],
      [['event', id, ...arrive, '--at', 'yesterday'], '--at', /ISO 8601/],
      [['event', id, ...arrive, '--at', tomorrow], '--at', /in the future/],
      [['event', id, ...arrive, '--approve'], '--approve', /DIVERSION_DECISION only/],
      [['event', id, '--kind', 'AUTHORIZE', '--port', '3901'], '--port', /does not apply to a AUTHORIZE/],
      [['event', id, '--kind', 'DIVERSION_DECISION'], '--approve', /--approve or --deny/],
      [['event', id, '--kind', 'DIVERSION_DECISION', '--approve', '--deny'], '--deny', /not both/],
      [['event', id, '--kind', 'DIVERSION_REQUEST', '--new-port', '39'], '--new-port', /4 digits/],
      [['event', id, '--kind', 'TRANSFER', '--to-carrier', 'haul'], '--to-carrier', /DID/],
      [['event', 'inbond_12', '--kind', 'AUTHORIZE'], '<movement id>', /not a movement id/],
      [['event', '--kind', 'AUTHORIZE'], '<movement id>', /Name the movement/],
      [['event', id, '--batch', file('events.csv'), '--kind', 'DEPART'], '--kind', /make it a column/],
      [['show'], 'show', /one argument/],
      [['list', '--kind', 'DEPART'], '--kind', /applies to clearledger inbond event/],
    ] as const) {
      const r = await nowhere(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${show(r)}`);
      const error = JSON.parse(r.stdout).error;
      assert.equal(error.code, 'CL_INPUT_INVALID', args.join(' '));
      assert.equal(error.field, field, args.join(' '));
      assert.match(error.message, message, args.join(' '));
    }
  });

  it('E-IB-1 through the CLI: filed by the carrier, authorised by customs, departed; an arrival at Los Angeles is refused (CL_INBOND_WRONG_PORT, exit 2); arrived at Chicago', async () => {
    first = await filed('270400101');
    const listed = await rail('inbond', 'list', '--json');
    assert.equal(listed.code, 0, show(listed));
    assert.deepEqual(
      (JSON.parse(listed.stdout).movements as Json[]).map((m) => [m.id, m.inBondNumber, m.state]),
      [[first, '270400101', 'ON_FILE']],
    );
    const text = await officer('inbond', 'list');
    assert.match(text.stdout, new RegExp(`${first}\\s+ON_FILE\\s+IT 61 270400101  2704 → 3901  carrier rail`));

    const carrierCannot = await rail('inbond', 'event', first, '--kind', 'AUTHORIZE', '--json');
    assert.equal(carrierCannot.code, 2, show(carrierCannot));
    assert.equal(JSON.parse(carrierCannot.stdout).error.code, 'CL_INBOND_NOT_CARRIER');

    const authorised = await officer('inbond', 'event', first, '--kind', 'AUTHORIZE');
    assert.equal(authorised.code, 0, show(authorised));
    assert.match(authorised.stdout, new RegExp(`^RECORDED  AUTHORIZE  by officer of ${customsName} \\(`, 'm'));
    assert.match(authorised.stdout, /IT 270400101 {2}now AUTHORIZED/);
    const departed = await rail('inbond', 'event', first, '--kind', 'DEPART', '--json');
    assert.equal(departed.code, 0, show(departed));
    assert.equal(JSON.parse(departed.stdout).state, 'EN_ROUTE');

    const wrongPort = await rail(
      'inbond',
      'event',
      first,
      '--kind',
      'ARRIVE',
      '--port',
      '2704',
      '--firms',
      'H123',
      '--json',
    );
    assert.equal(wrongPort.code, 2, show(wrongPort));
    const error = JSON.parse(wrongPort.stdout).error;
    assert.equal(error.code, 'CL_INBOND_WRONG_PORT');
    assert.equal(error.field, '--port');
    const wrongText = await rail('inbond', 'event', first, '--kind', 'ARRIVE', '--port', '2704', '--firms', 'H123');
    assert.equal(wrongText.code, 2);
    assert.match(wrongText.stderr, /^CL_INBOND_WRONG_PORT: .*3901.*\(--port\)/);
    assert.equal((await net.call('rail', 'GET', `/in-bond/${first}`)).body.state, 'EN_ROUTE', 'nothing changed');

    const arrivedAt = new Date(Date.now() - 3_600_000).toISOString();
    const arrived = await rail(
      'inbond',
      'event',
      first,
      '--kind',
      'arrive',
      '--port',
      '3901',
      '--firms',
      'h123',
      '--at',
      arrivedAt,
      '--json',
    );
    assert.equal(arrived.code, 0, show(arrived));
    const movement = JSON.parse(arrived.stdout);
    assert.deepEqual([movement.state, movement.chain.arrived], ['ARRIVED', '200']);
    assert.deepEqual(movement.violations, []);
  });

  it('inbond show: the timeline names who reported each event, when it happened and when it was reported', async () => {
    const shown = await rail('inbond', 'show', first);
    assert.equal(shown.code, 0, show(shown));
    assert.match(shown.stdout, /ARRIVED {2}IT 61 no\. 270400101/);
    assert.match(shown.stdout, /route\s+2704 → 3901/);
    assert.match(shown.stdout, /goods\s+manifest 200, arrived 200, exported 0/);
    assert.match(shown.stdout, /chain\s+ARRIVED, 3 event\(s\)/);
    assert.match(
      shown.stdout,
      new RegExp(`^\\s+\\S+Z  AUTHORIZE\\s+by ${customsName} \\(${net.node.operatorOrgId}\\)$`, 'm'),
    );
    assert.match(shown.stdout, /^\s+\S+Z {2}DEPART\s+by rail of rail \(did:web:pacific-rail\.example\)/m);
    assert.match(shown.stdout, /^\s+\S+Z {2}ARRIVE\s+by rail of rail .* happened \S+Z {2}port 3901 {2}FIRMS H123$/m);
    const json = JSON.parse((await officer('inbond', 'show', first, '--json')).stdout);
    const events = (json.timeline as Json[]).filter((t) => /^[A-Z_]+$/.test(t.kind));
    assert.deepEqual(
      events.map((t) => [t.kind, t.by.org.id]),
      [
        ['AUTHORIZE', net.node.operatorOrgId],
        ['DEPART', RAIL],
        ['ARRIVE', RAIL],
      ],
    );
  });

  it('event --batch: events of two movements from one file, refused rows with their codes, exit 2', async () => {
    const second = await filed('270400102');
    const auth = await officer('inbond', 'event', second, '--kind', 'AUTHORIZE');
    assert.equal(auth.code, 0, show(auth));
    writeFileSync(
      file('events.csv'),
      [
        'movement,kind,scope,ref,quantity,port,firms',
        `${second},DEPART,,,,,`,
        `${second},ARRIVE,BILL,MAEU250600001,120,3901,H123`,
        `${second},ARRIVE,BILL,MAEU250600001,120,3901,H123`,
        `${second},ARRIVE,BILL,MAEU250600002,81,3901,H123`,
        `${first},CONCLUDE,,,,,`,
      ].join('\n'),
    );
    const r = await rail('inbond', 'event', '--batch', file('events.csv'), '--json');
    assert.equal(r.code, 2, show(r));
    const summary = JSON.parse(r.stdout);
    assert.deepEqual(
      summary.recorded.map((e: Json) => [e.row, e.movement, e.event.kind, e.state]),
      [
        [1, second, 'DEPART', 'EN_ROUTE'],
        [2, second, 'ARRIVE', 'ARRIVED_PARTIAL'],
        [5, first, 'CONCLUDE', 'CONCLUDED'],
      ],
    );
    assert.deepEqual(
      summary.refused.map((e: Json) => [e.row, e.line, e.code, e.field]),
      [
        [3, 4, 'CL_INBOND_EVENT_NOT_ALLOWED', '--kind'],
        [4, 5, 'CL_INBOND_QUANTITY_EXCEEDED', '--quantity'],
      ],
    );

    // JSON rows for one movement named on the command line, in text: nothing refused (exit 0).
    writeFileSync(
      file('events.json'),
      JSON.stringify([
        { kind: 'ARRIVE', scope: 'BILL', ref: 'MAEU250600002', quantity: 80, port: '3901', firmsCode: 'H123' },
      ]),
    );
    const again = await rail('inbond', 'event', second, '--batch', file('events.json'));
    assert.equal(again.code, 0, show(again));
    assert.match(again.stdout, /^1 recorded, 0 refused$/m);
    assert.match(
      again.stderr,
      /row 1 {2}recorded {2}ARRIVE {2}bill MAEU250600002 {2}quantity 80 {2}port 3901 {2}FIRMS H123 {2}270400102 now ARRIVED/,
    );

    // A malformed row: the whole file is refused and nothing is sent.
    writeFileSync(file('bad.csv'), ['kind,port', 'CONCLUDE,', 'ARRIVE,39'].join('\n'));
    const bad = await rail('inbond', 'event', second, '--batch', file('bad.csv'));
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /^CL_INPUT_INVALID: .*nothing was sent/);
    assert.match(bad.stderr, /row 2 \(line 3\): --port is a CBP port code of 4 digits/);
    assert.equal((await net.call('rail', 'GET', `/in-bond/${second}`)).body.state, 'ARRIVED');
  });
});
