import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inBondMovement } from '../fixtures/inBondMovement.ts';
import { waitFor } from '../helpers/programs.ts';
import { get, post, type Served, serve, signIn } from '../helpers/servedNode.ts';

const CARRIER = 'did:web:pacific-rail.example';

/**
 * An in-bond movement across two nodes on one chain: the bonded carrier files and reports on its own
 * node; CBP, on its node, is presented the filing, authorises it and concludes it. Each node judges
 * what it is asked against the chain's facts, including the events the other node reported.
 */
describe('an in-bond movement between a carrier node and the CBP node', () => {
  let a: Served;
  let b: Served;
  before(async () => {
    a = await serve(
      {
        CLEARLEDGER_ORG_ROLES: 'NETWORK_AUTHORITY,CUSTOMS',
        CLEARLEDGER_ORG_COUNTRY: 'US',
        CLEARLEDGER_ORG_DID: 'did:web:cbp.example',
      },
      [{ username: 'officer', orgId: 'did:web:cbp.example', role: 'OFFICER' }],
    );
    const contracts = a.node.ledger!.client.contracts!;
    b = await serve(
      {
        CLEARLEDGER_ORG_DID: CARRIER,
        CLEARLEDGER_ORG_NAME: 'Pacific Rail Bonded Carriers Inc.',
        CLEARLEDGER_ORG_ROLES: 'BONDED_CARRIER',
        CLEARLEDGER_ORG_COUNTRY: 'US',
        CHAIN_RPC_URL: a.node.ledger!.rpcUrl!,
        CLEARLEDGER_TRUST_REGISTRY: contracts.trustRegistry,
        CLEARLEDGER_ANCHOR_REGISTRY: contracts.anchorRegistry,
        CLEARLEDGER_INSTRUMENT_REGISTRY: contracts.instrumentRegistry!,
      },
      [{ username: 'dispatcher', orgId: CARRIER, role: 'STAFF' }],
    );
    await a.node.ledger!.client.registerOrganization(CARRIER, b.node.ledger!.address, ['BONDED_CARRIER']);
    await a.node.ledger!.client.fund(b.node.ledger!.address);
    await b.node.ledger!.syncOperatorKeys();
  });
  after(async () => {
    await b?.dispose();
    await a?.dispose();
  });

  it('CBP authorises and concludes on its node what the carrier files and reports on its own', async () => {
    const worker = b.node.ledger!.startAnchorWorker();
    try {
      const [officer, dispatcher] = [await signIn(a.url, 'officer'), await signIn(b.url, 'dispatcher')];
      const filed = await post(b.url, dispatcher, '/credentials/issue', {
        credential: inBondMovement({ issuer: CARRIER }),
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const hash = filed.body.hash as string;
      const presented = await waitFor(
        async () => {
          const record = await get(b.url, dispatcher, `/credentials/${encodeURIComponent(filed.body.id)}`);
          const movement = await get(b.url, dispatcher, `/in-bond/${hash}`);
          return record.anchor === null || movement.registered === null
            ? undefined
            : { verifiableCredential: record.verifiableCredential, anchor: record.anchor };
        },
        20_000,
        'the filing to be anchored and registered',
      );
      // CBP's node does not know the movement until it is presented.
      assert.equal((await post(a.url, officer, `/in-bond/${hash}/events`, { kind: 'AUTHORIZE' })).status, 404);
      const authorised = await post(a.url, officer, `/in-bond/${hash}/events`, {
        kind: 'AUTHORIZE',
        movement: presented,
      });
      assert.equal(authorised.status, 200, JSON.stringify(authorised.body));
      assert.equal(authorised.body.state, 'AUTHORIZED');
      // The carrier's node learns the authorisation from the chain when it reports the departure.
      const departed = await post(b.url, dispatcher, `/in-bond/${hash}/events`, { kind: 'DEPART' });
      assert.equal(departed.status, 200, JSON.stringify(departed.body));
      assert.equal(departed.body.state, 'EN_ROUTE');
      const wrong = await post(b.url, dispatcher, `/in-bond/${hash}/events`, {
        kind: 'ARRIVE',
        port: '2704',
        firmsCode: 'H123',
      });
      assert.equal(wrong.body.error.code, 'CL_INBOND_WRONG_PORT');
      const arrived = await post(b.url, dispatcher, `/in-bond/${hash}/events`, {
        kind: 'ARRIVE',
        port: '3901',
        firmsCode: 'H123',
      });
      assert.equal(arrived.status, 200, JSON.stringify(arrived.body));
      // CBP's node: the arrival was reported elsewhere; it concludes against the chain's facts, once.
      const concluded = await post(a.url, officer, `/in-bond/${hash}/events`, { kind: 'CONCLUDE' });
      assert.equal(concluded.status, 200, JSON.stringify(concluded.body));
      const twice = await post(a.url, officer, `/in-bond/${hash}/events`, { kind: 'CONCLUDE' });
      assert.equal(twice.body.error.code, 'CL_INBOND_EVENT_NOT_ALLOWED');
      // The carrier cannot authorise (customs' act), on either node.
      const carrierAuthorises = await post(b.url, dispatcher, `/in-bond/${hash}/events`, { kind: 'AUTHORIZE' });
      assert.equal(carrierAuthorises.status >= 400, true);
      for (const [url, token] of [
        [a.url, officer],
        [b.url, dispatcher],
      ] as const) {
        const seen = await get(url, token, `/in-bond/${hash}`);
        assert.equal(seen.state, 'CONCLUDED', JSON.stringify(seen));
      }
    } finally {
      await worker.stop();
    }
  });
});
