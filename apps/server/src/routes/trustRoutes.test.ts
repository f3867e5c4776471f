import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodePublicKeyMultibase, type LedgerSnapshot, verifyProofValue } from '@clearledger/core';
import type { FastifyInstance } from 'fastify';
import { tempNode } from '../../../../test/helpers/tempNode.ts';
import { buildApp } from '../buildApp.ts';

type Signed = { snapshot: LedgerSnapshot; proof: Record<string, unknown> };

describe('GET /trust/snapshot names the organisations', () => {
  let env: Awaited<ReturnType<typeof tempNode>>;
  let app: FastifyInstance;
  const did = 'did:web:alpha-exports.example';

  before(async () => {
    env = await tempNode(
      { CLEARLEDGER_ORG_ROLES: 'NETWORK_AUTHORITY,CUSTOMS', CLEARLEDGER_ORG_COUNTRY: 'US' },
      { ledger: true },
    );
    await env.node.hostOrganization({ did, name: 'Alpha Exports S.A. de C.V.', country: 'MX', roles: ['PRODUCER'] });
    app = await buildApp({ node: env.node, operatorToken: 'operator-token-for-trust-tests' });
  });
  after(async () => {
    await app?.close();
    await env?.dispose();
  });

  const signedSnapshot = async (): Promise<Signed> => {
    const res = await app.inject({ method: 'GET', url: '/trust/snapshot' });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Signed;
  };
  const nodeKey = async () => {
    const document = (await app.inject({ method: 'GET', url: '/.well-known/did.json' })).json() as {
      verificationMethod: { publicKeyMultibase: string }[];
    };
    return decodePublicKeyMultibase(document.verificationMethod[0]!.publicKeyMultibase);
  };

  it('each organisation carries the name its node registered, under the node’s signature', async () => {
    const { snapshot, proof } = await signedSnapshot();
    const alpha = snapshot.organizations.find((org) => org.id === did);
    assert.equal(alpha?.name, 'Alpha Exports S.A. de C.V.');
    const operator = snapshot.organizations.find((org) => org.id === env.node.operatorOrgId);
    assert.equal(typeof operator?.name, 'string', 'the operator is named too');
    assert.ok(verifyProofValue(env.node.crypto, { snapshot }, proof, await nodeKey()).ok, 'the names are signed');
    const forged = structuredClone(snapshot);
    forged.organizations.find((org) => org.id === did)!.name = 'Someone Else LLC';
    assert.equal(verifyProofValue(env.node.crypto, { snapshot: forged }, proof, await nodeKey()).ok, false);
  });

  it('a renamed organisation is named anew without waiting for a new block', async () => {
    const org = await env.node.store.getOrganization(did);
    assert.ok(org);
    await env.node.store.putOrganization({ ...org, name: 'Alpha Exports International S.A.' });
    const { snapshot, proof } = await signedSnapshot();
    assert.equal(snapshot.organizations.find((o) => o.id === did)?.name, 'Alpha Exports International S.A.');
    assert.ok(verifyProofValue(env.node.crypto, { snapshot }, proof, await nodeKey()).ok);
  });
});
