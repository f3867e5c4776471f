import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProof, didKeyFromMultibase, encodePublicKeyMultibase } from '@clearledger/core';
import { nodeCrypto } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';

describe("POST /presentations/verify (W3C VC API): the holder's proof and each credential", () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
  let credential: Record<string, unknown>;
  const seed = new Uint8Array(32).fill(7);
  const key = encodePublicKeyMultibase(nodeCrypto.ed25519PublicKey(seed));
  const holder = didKeyFromMultibase(key);

  const present = (options: { challenge?: string; domain?: string } = {}) =>
    createProof(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        holder,
        verifiableCredential: [credential],
      },
      {
        crypto: nodeCrypto,
        seed,
        options: {
          verificationMethod: `${holder}#${key}`,
          proofPurpose: 'authentication',
          created: '2026-11-21T10:00:00Z',
          ...options,
        },
      },
    );

  before(async () => {
    env = await tempNode();
    app = await buildApp({ node: env.node, operatorToken: 'operator-token-presentations' });
    const issued = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: { authorization: 'Bearer operator-token-presentations' },
      payload: { credential: usmcaCertification({ issuer: env.node.operatorOrgId }) },
    });
    credential = issued.json().verifiableCredential;
  });
  after(async () => {
    await app.close();
    await env.dispose();
  });

  const verify = async (body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/presentations/verify', payload: body });
    return { status: res.statusCode, body: res.json() };
  };

  it('a holder-signed presentation with the expected challenge: the holder check is VALID and each credential has its report', async () => {
    const r = await verify({
      verifiablePresentation: present({ challenge: 'c-123', domain: 'cbp.example' }),
      options: { challenge: 'c-123', domain: 'cbp.example' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.presentation.status, 'VALID', JSON.stringify(r.body.presentation));
    assert.equal(r.body.presentation.holder, holder);
    assert.equal(r.body.credentials.length, 1);
    assert.equal(r.body.credentials[0].checks.find((c: { check: string }) => c.check === 'integrity').status, 'VALID');
    // Not anchored yet on this node: the overall verdict cannot be VALID.
    assert.equal(r.body.verdict, 'INCONCLUSIVE');
  });

  it('a replayed presentation (other challenge), a tampered one, or one without the proof asked for is INVALID', async () => {
    const replay = await verify({
      verifiablePresentation: present({ challenge: 'old' }),
      options: { challenge: 'new' },
    });
    assert.equal(replay.body.presentation.status, 'INVALID');
    assert.equal(replay.body.verdict, 'INVALID');
    const tampered = present({ challenge: 'c' }) as Record<string, unknown>;
    tampered.holder = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    const t = await verify({ verifiablePresentation: tampered, options: { challenge: 'c' } });
    assert.equal(t.body.presentation.status, 'INVALID');
    const unsigned = await verify({
      verifiablePresentation: { type: ['VerifiablePresentation'], verifiableCredential: [credential] },
      options: { challenge: 'c' },
    });
    assert.equal(unsigned.body.presentation.status, 'INVALID');
    const notVp = await verify({ verifiablePresentation: { type: ['Something'] } });
    assert.equal(notVp.status, 400);
    assert.equal(notVp.body.error.field, '/verifiablePresentation/type');
  });
});
