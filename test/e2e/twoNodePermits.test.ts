import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { entryNumberCheckDigit } from '@clearledger/core';
import { createInstrumentLedger } from '@clearledger/ledger';
import { waitFor } from '../helpers/programs.ts';
import { get, post, type Served, serve, signIn } from '../helpers/servedNode.ts';

const ATF = 'did:web:atf.example';
const HOLDER = 'did:web:frontier-arms.example';
const DESIGNEE = 'did:web:frontier-logistics.example';
const QUOTA = 1000;
const CLIENTS = 50;
const EACH = 60; // 50 × 60 = 3,000: three times the quota

const entry = (n: number) => {
  const base = `FL${String.fromCharCode(65 + (n % 26))}${String(n).padStart(7, '0')}`;
  return `${base.slice(0, 3)}-${base.slice(3)}-${entryNumberCheckDigit(base)}`;
};

/**
 * PM-04 across nodes: CBP's node (embedded chain, served on loopback) hosts the agency and the
 * holder; the designee runs its own node on the same chain. 50 clients draw 3× the permit's quota
 * through both HTTP APIs at once.
 */
describe('one permit, two nodes on one chain, 50 concurrent clients', () => {
  let a: Served;
  let b: Served;
  before(async () => {
    a = await serve(
      {
        CLEARLEDGER_ORG_ROLES: 'NETWORK_AUTHORITY,CUSTOMS',
        CLEARLEDGER_ORG_COUNTRY: 'US',
        CLEARLEDGER_ORG_DID: 'did:web:cbp.example',
      },
      [
        { username: 'atf', orgId: ATF, role: 'STAFF' },
        { username: 'holder', orgId: HOLDER, role: 'STAFF' },
      ],
      [
        { did: ATF, name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives', roles: ['PGA'] },
        { did: HOLDER, name: 'Frontier Arms Importers LLC', roles: ['IMPORTER'] },
      ],
    );
    const contracts = a.node.ledger!.client.contracts!;
    b = await serve(
      {
        CLEARLEDGER_ORG_DID: DESIGNEE,
        CLEARLEDGER_ORG_NAME: 'Frontier Logistics',
        CLEARLEDGER_ORG_ROLES: 'IMPORTER',
        CLEARLEDGER_ORG_COUNTRY: 'US',
        CHAIN_RPC_URL: a.node.ledger!.rpcUrl!,
        CLEARLEDGER_TRUST_REGISTRY: contracts.trustRegistry,
        CLEARLEDGER_ANCHOR_REGISTRY: contracts.anchorRegistry,
        CLEARLEDGER_INSTRUMENT_REGISTRY: contracts.instrumentRegistry!,
      },
      [{ username: 'designee', orgId: DESIGNEE, role: 'STAFF' }],
    );
    // The network authority registers the designee's node account.
    await a.node.ledger!.client.registerOrganization(DESIGNEE, b.node.ledger!.address, ['IMPORTER']);
    await a.node.ledger!.client.fund(b.node.ledger!.address);
  });
  after(async () => {
    await b?.dispose();
    await a?.dispose();
  });

  it('total drawn never exceeds the quota, the chain balance equals both stores, no server error', async () => {
    const worker = a.node.ledger!.startAnchorWorker();
    try {
      const [atf, holder, designee] = [
        await signIn(a.url, 'atf'),
        await signIn(a.url, 'holder'),
        await signIn(b.url, 'designee'),
      ];
      const today = new Date().toISOString().slice(0, 10);
      const issued = await post(a.url, atf, '/credentials/issue', {
        credential: {
          '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
          type: ['VerifiableCredential', 'LpcoCredential'],
          issuer: ATF,
          credentialSubject: {
            type: 'Lpco',
            lpcoType: 'PERMIT',
            agency: { code: 'ATF', name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives' },
            program: 'ATF Form 6 Part I',
            number: '2026-900001',
            holder: { id: HOLDER, name: 'Frontier Arms Importers LLC', country: 'US' },
            designees: [{ id: DESIGNEE, name: 'Frontier Logistics' }],
            issuedOn: today,
            expiresOn: new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10),
            singleUse: false,
            authorizedQuantity: { value: String(QUOTA), unit: 'NO' },
            scope: { hs: ['930330'] },
            goodsDescription: 'Rifles, model X',
          },
        },
      });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const permitId = `permit_${issued.body.hash}`;
      const presented = await waitFor(
        async () => {
          const record = await get(a.url, atf, `/credentials/${encodeURIComponent(issued.body.id)}`);
          return record.anchor === null
            ? undefined
            : { verifiableCredential: record.verifiableCredential, anchor: record.anchor };
        },
        20_000,
        'the permit to be anchored',
      );
      const line = (n: number) => ({
        entryNumber: entry(n),
        line: 1,
        quantity: String(EACH),
        unit: 'NO',
        port: n % 2 === 0 ? '2304' : '2402',
        hts: '930330',
        country: 'DE',
      });
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: CLIENTS }, (_, n) =>
          n % 2 === 0
            ? post(a.url, holder, '/permits/draws', { permitId, ...line(n) })
            : post(b.url, designee, '/permits/draws', { permit: presented, ...line(n) }),
        ),
      );
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 60_000, `50 draws took ${elapsed} ms`);
      const statuses = answers.map((r) => r.status);
      assert.deepEqual(
        answers.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.body),
        [],
        'only 201 (drawn) or 409 (refused)',
      );
      for (const refused of answers.filter((r) => r.status === 409))
        assert.equal(refused.body.error.code, 'CL_PERMIT_INSUFFICIENT_BALANCE', JSON.stringify(refused.body));
      const drawn = answers.filter((r) => r.status === 201).reduce((sum, r) => sum + Number(r.body.use.quantity), 0);
      assert.ok(drawn <= QUOTA, `drew ${drawn}`);
      // Every refusal came from the balance: the quota is used up to the last whole draw.
      assert.equal(drawn, Math.floor(QUOTA / EACH) * EACH, JSON.stringify(statuses));

      const chain = await createInstrumentLedger(a.node.ledger!.client).permitOf(ATF, issued.body.hash);
      assert.equal(chain.balance, BigInt(QUOTA - drawn) * 1_000_000n);
      const onA = await get(a.url, atf, `/permits/${permitId}`);
      const onB = await get(b.url, designee, `/permits/${permitId}`);
      const drawnCount = answers.filter((r) => r.status === 201).length;
      // The agency, on its node, sees every use at every port: its node's own in full, the other
      // node's from the chain (drawer, quantity, port, time; the entry is with the node that drew).
      assert.equal(onA.uses.length, drawnCount);
      assert.equal(
        onA.uses.reduce((sum: number, u: { quantity: string }) => sum + Number(u.quantity), 0),
        drawn,
      );
      const fromB = onA.uses.filter((u: { entryNumber: string | null }) => u.entryNumber === null);
      assert.equal(fromB.length, answers.filter((r, n) => r.status === 201 && n % 2 === 1).length);
      for (const u of fromB)
        assert.equal(u.drawerParty?.name ?? u.drawer, u.drawer === DESIGNEE ? (u.drawerParty?.name ?? DESIGNEE) : '');
      assert.ok(fromB.every((u: { drawer: string; port: string }) => u.drawer === DESIGNEE && u.port === '2402'));
      // Each node recorded in full exactly the uses drawn through it; together, every use once.
      const recorded = [...onA.uses, ...onB.uses].filter((u: { entryNumber: string | null }) => u.entryNumber !== null);
      assert.equal(recorded.length, drawnCount);
      assert.equal(new Set(recorded.map((u: { useKey: string }) => u.useKey)).size, recorded.length);
      assert.equal(onA.balance, String(QUOTA - drawn));
      assert.equal(onB.balance, String(QUOTA - drawn));
    } finally {
      await worker.stop();
    }
  });
});
