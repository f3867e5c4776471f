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
import { type RunningNode, startNode, waitFor } from '../helpers/programs.ts';

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
      'uscib.staff',
      'carrier.staff',
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
    assert.equal(snapshot.organizations.length, 9);
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
});
