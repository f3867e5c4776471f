import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  nobleCrypto,
  parseVerificationMethod,
  snapshotLedgerView,
  verifyCredential,
  verifyProofValue,
} from '@clearledger/core';
import { demoInBondNumbers } from '../../apps/server/src/demo/demoInstruments.ts';
import { type RunningNode, startNode, waitFor } from '../helpers/programs.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
type Json = Record<string, any>;

describe('npm start on a fresh data folder creates the demo network', () => {
  let node: RunningNode;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'clearledger-demo-'));
    node = await startNode(dataDir, {}, 120_000, { demo: true });
  });
  after(async () => {
    await node?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = async (username: string) => {
    const line = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${username}\t`));
    assert.ok(line, `${username} has a demo login`);
    const res = await fetch(`${node.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: line.split('\t')[1] }),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as { accessToken: string; organization: { did: string; roles: string[] } };
  };

  it('prints a sign-in for every organisation and keeps them in an owner-only file', () => {
    const out = node.output();
    for (const username of [
      'cbp.officer',
      'producer.admin',
      'importer.admin',
      'broker.staff',
      'aphis.staff',
      'atf.staff',
      'uscib.staff',
      'carrier.staff',
      'carrier2.staff',
      'zoll.officer',
      'brand.admin',
      'factory.staff',
    ]) {
      assert.match(out, new RegExp(`^\\s+${username.replace('.', '\\.')}\\s+\\S+-demo\\s`, 'm'));
    }
    assert.equal(statSync(join(dataDir, 'demo-logins.txt')).mode & 0o777, 0o600);
  });

  it("each demo organisation is on the chain with its roles, and the producer's records get anchored and verify VALID", async () => {
    const producer = await login('producer.admin');
    assert.deepEqual(producer.organization.roles.sort(), ['EXPORTER', 'PRODUCER']);
    const auth = { authorization: `Bearer ${producer.accessToken}` };
    const list = (await (await fetch(`${node.url}/credentials`, { headers: auth })).json()) as {
      items: { id: string; status: string }[];
      total: number;
    };
    assert.equal(list.total, 3);
    const record = await waitFor(
      async () => {
        const r = (await (
          await fetch(`${node.url}/credentials/${encodeURIComponent(list.items[0]!.id)}`, { headers: auth })
        ).json()) as {
          status: string;
          verifiableCredential: Record<string, unknown>;
          anchor: unknown;
        };
        return r.status === 'anchored' ? r : undefined;
      },
      30_000,
      'the demo records to be anchored',
    );
    const report = (await (
      await fetch(`${node.url}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: record.verifiableCredential, anchor: record.anchor }),
      })
    ).json()) as { verdict: string };
    assert.equal(report.verdict, 'VALID');

    // Offline: the signed trust snapshot, checked against the node's DID document, gives the same verdict.
    const did = (await (await fetch(`${node.url}/.well-known/did.json`)).json()) as {
      verificationMethod: { publicKeyMultibase: string }[];
    };
    const { snapshot, proof } = (await (await fetch(`${node.url}/trust/snapshot`)).json()) as {
      snapshot: Parameters<typeof snapshotLedgerView>[0];
      proof: Record<string, unknown>;
    };
    const method = parseVerificationMethod(proof.verificationMethod as string);
    assert.equal(method.publicKeyMultibase, did.verificationMethod[0]!.publicKeyMultibase);
    assert.deepEqual(verifyProofValue(nobleCrypto, { snapshot }, proof, method.publicKey), { ok: true });
    assert.equal(snapshot.organizations.length, 12);
    const offline = await verifyCredential(
      { crypto: nobleCrypto, now: new Date().toISOString(), ledger: snapshotLedgerView(snapshot) },
      { credential: record.verifiableCredential, anchor: record.anchor as never },
    );
    assert.equal(offline.verdict, 'VALID');
    assert.equal(offline.ledgerSource?.kind, 'snapshot');
  });

  it("a customs officer reads a trader's record by its hash; the importer cannot", async () => {
    const producer = await login('producer.admin');
    const [first] = (
      (await (
        await fetch(`${node.url}/credentials`, { headers: { authorization: `Bearer ${producer.accessToken}` } })
      ).json()) as {
        items: { hash: string }[];
      }
    ).items;
    const officer = await login('cbp.officer');
    const seen = await fetch(`${node.url}/credentials/by-hash/${first!.hash}`, {
      headers: { authorization: `Bearer ${officer.accessToken}` },
    });
    assert.equal(seen.status, 200);
    const importer = await login('importer.admin');
    const denied = await fetch(`${node.url}/credentials/by-hash/${first!.hash}`, {
      headers: { authorization: `Bearer ${importer.accessToken}` },
    });
    assert.equal(denied.status, 404);
  });

  const get = async (username: string, url: string) => {
    const { accessToken } = await login(username);
    const res = await fetch(`${node.url}${url}`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(res.status, 200, url);
    return (await res.json()) as Json;
  };

  it('the agencies see their permits with the uses drawn at entry: APHIS PPQ 587 and ATF Form 6', async () => {
    const [ppq587] = (await get('aphis.staff', '/permits')).permits as Json[];
    assert.deepEqual([ppq587!.program, ppq587!.state, ppq587!.balance], ['PPQ 587', 'PARTIALLY_USED', '750']);
    const plants = await get('importer.admin', `/permits/${ppq587!.id}`);
    assert.deepEqual(
      plants.uses.map((u: Json) => [u.quantity, u.drawerParty.name]),
      [
        ['400', 'Border Customs Brokerage Inc.'],
        ['250', 'Great Lakes Home Furnishings LLC'],
        ['600', 'Great Lakes Home Furnishings LLC'],
      ],
    );
    const [form6] = (await get('atf.staff', '/permits')).permits as Json[];
    assert.deepEqual([form6!.program, form6!.balance], ['ATF Form 6 Part I', '300']);
    assert.equal((await get('brand.admin', `/permits/${form6!.id}`)).uses.length, 2);
  });

  it('the carnet went US → DE → US: exported by CBP, imported and partly re-exported by German customs; one item is still in Germany', async () => {
    const [carnet] = (await get('uscib.staff', '/carnets')).carnets as Json[];
    assert.equal(carnet!.carnetNumber, 'US-204817');
    const seen = await get('zoll.officer', `/carnets/${carnet!.id}`);
    const kinds = seen.vouchers.map((v: Json) => [v.kind, v.country]);
    for (const step of [
      ['EXPORT', 'US'],
      ['IMPORT', 'DE'],
      ['REEXPORT', 'DE'],
    ])
      assert.ok(
        kinds.some((k: string[]) => k[0] === step[0] && k[1] === step[1]),
        `${step.join(' in ')}: ${JSON.stringify(kinds)}`,
      );
    assert.deepEqual([seen.items[2].state, seen.items[2].country], ['IN_COUNTRY', 'DE']);
    // The re-import is dated at New York: before midnight there it waits for the German re-export's date.
    const reimported = kinds.some((k: string[]) => k[0] === 'REIMPORT' && k[1] === 'US');
    const germanDate = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' });
    const newYorkDate = new Date().toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
    if (reimported || germanDate === newYorkDate) {
      assert.ok(reimported, 'items 1 and 2 re-imported in the U.S.');
      assert.deepEqual(
        seen.items.slice(0, 2).map((i: Json) => i.state),
        ['AT_HOME', 'AT_HOME'],
      );
    }
  });

  it('in-bond movements: one on time and concluded, one reported late with its violation, one diverted with customs’ approval', async () => {
    const movements = (await get('cbp.officer', '/in-bond')).movements as Json[];
    const byNumber = (n: string) => {
      const m = movements.find((x) => x.inBondNumber === n);
      assert.ok(m, n);
      return m;
    };
    const onTime = await get('carrier.staff', `/in-bond/${byNumber(demoInBondNumbers.onTime).id}`);
    assert.deepEqual([onTime.state, onTime.violations], ['CONCLUDED', []]);
    const late = await get('carrier.staff', `/in-bond/${byNumber(demoInBondNumbers.late).id}`);
    assert.deepEqual(
      late.violations.map((v: Json) => [v.code, v.rule]),
      [['LATE_REPORT', 'IB-07']],
    );
    const diverted = await get('carrier2.staff', `/in-bond/${byNumber(demoInBondNumbers.diverted).id}`);
    assert.deepEqual(
      [diverted.state, diverted.destinationPort, diverted.filedDestinationPort],
      ['EN_ROUTE', '3801', '3901'],
    );
    assert.ok(diverted.timeline.some((t: Json) => t.kind === 'DIVERSION_DECISION'));
  });

  it('a restart adds nothing: the same permits, carnet and movements, no new sign-ins printed', async () => {
    await node.stop();
    node = await startNode(dataDir, {}, 120_000, { demo: true });
    assert.doesNotMatch(node.output(), /Demo network created/);
    assert.equal(((await get('aphis.staff', '/permits')).permits as Json[]).length, 1);
    assert.equal(((await get('uscib.staff', '/carnets')).carnets as Json[]).length, 1);
    assert.equal(((await get('cbp.officer', '/in-bond')).movements as Json[]).length, 3);
    const [ppq587] = (await get('aphis.staff', '/permits')).permits as Json[];
    assert.equal(ppq587!.balance, '750');
  });
});
