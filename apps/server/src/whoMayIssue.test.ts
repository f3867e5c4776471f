import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueCredential, type Role } from '@clearledger/core';
import { hashPassword } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { waitFor } from '../../../test/helpers/programs.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';
import { recordTradeIdentifiers } from './certificate-of-origin/tradeIdentifiers.ts';

const PRODUCER = 'did:web:acero-norte.example';
const EXPORTER = 'did:web:closing-exporter.example';
const IMPORTER = 'did:web:lakeside-imports.example';
const BROKER = 'did:web:crossing-brokers.example';
const PASSWORD = 'a long enough password';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
type Json = Record<string, any>;

/**
 * Who may issue what, over HTTP on a node with its embedded chain: the node refuses at issuance what
 * its verifier would reject (same reason code), and a record a broker's own software signed and
 * anchored under a certifier's type is INVALID and never accepted at entry.
 */
describe('who may issue what (POST /credentials/issue, /credentials/verify, claims)', () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
  let worker: { stop(): Promise<void> } | undefined;
  const tokens: Record<string, string> = {};

  const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return { status: res.statusCode, body: res.json() as Json };
  };
  const issue = (who: string, credential: Json) => call(who, 'POST', '/credentials/issue', { credential });
  const anchored = (who: string, id: string) =>
    waitFor(
      async () => {
        const r = await call(who, 'GET', `/credentials/${encodeURIComponent(id)}`);
        return r.body.anchor === null
          ? undefined
          : { verifiableCredential: r.body.verifiableCredential, anchor: r.body.anchor };
      },
      20_000,
      `${id} to be anchored`,
    );
  const refusal = (answer: { status: number; body: Json }) => {
    assert.equal(answer.status, 422, JSON.stringify(answer.body));
    return answer.body.error.problems.map((p: Json) => [p.code, p.field]);
  };

  before(async () => {
    env = await tempNode(
      {
        CLEARLEDGER_ORG_ROLES: 'NETWORK_AUTHORITY,CUSTOMS',
        CLEARLEDGER_ORG_COUNTRY: 'US',
        CLEARLEDGER_CHAIN_RPC_PORT: 'off',
      },
      { ledger: true },
    );
    app = await buildApp({ node: env.node, rateLimits: { loginPerMinute: 1000 } });
    const passwordHash = await hashPassword(PASSWORD, { ln: 10, r: 8, p: 1 });
    const people: [string, string, Role[]][] = [
      ['producer', PRODUCER, ['PRODUCER', 'EXPORTER']],
      ['exporter', EXPORTER, ['EXPORTER']],
      ['importer', IMPORTER, ['IMPORTER']],
      ['broker', BROKER, ['BROKER']],
    ];
    for (const [who, did, roles] of people) {
      await env.node.hostOrganization({ did, name: who, country: who === 'importer' ? 'US' : 'MX', roles });
      await env.node.store.putAccount({
        id: `acct_${who}`,
        orgId: did,
        username: who,
        displayName: who,
        passwordHash,
        roles: ['STAFF'],
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        createdAt: new Date().toISOString(),
      });
      const res = await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: who, password: PASSWORD },
      });
      tokens[who] = res.json().accessToken;
    }
    await recordTradeIdentifiers(env.node.store, {
      org: IMPORTER,
      importerNumbers: ['36-441820100'],
      filerCodes: ['AB1'],
      by: 'test',
      at: new Date().toISOString(),
    });
    worker = env.node.ledger!.startAnchorWorker();
  });
  after(async () => {
    await worker?.stop();
    await app.close();
    await env.dispose();
  });

  it('refuses a bare VerifiableCredential, two record types and an unknown type, with the verifier’s codes', async () => {
    const base = usmcaCertification({ issuer: PRODUCER, serial: 1 });
    const bare = await issue('producer', { ...base, type: ['VerifiableCredential'] });
    assert.deepEqual(refusal(bare), [['CL_VERIFY_TYPE_UNKNOWN', '/type']]);
    assert.match(bare.body.error.problems[0].message, /names no record type/);
    const mixed = await issue('producer', {
      ...base,
      type: ['VerifiableCredential', 'USMCACertificationOfOrigin', 'OriginQualificationCredential'],
    });
    assert.deepEqual(refusal(mixed), [['CL_VERIFY_TYPE_AMBIGUOUS', '/type']]);
    const unknown = await issue('producer', { ...base, type: ['VerifiableCredential', 'ImportPermit'] });
    assert.deepEqual(refusal(unknown), [['CL_VERIFY_TYPE_UNKNOWN', '/type']]);
    // Bulk: all or nothing, each refused record by its index.
    const bulk = await call('producer', 'POST', '/credentials/issue', {
      credentials: [usmcaCertification({ issuer: PRODUCER, serial: 2 }), { ...base, type: ['VerifiableCredential'] }],
    });
    assert.deepEqual(
      bulk.body.error.problems.map((p: Json) => [p.index, p.code]),
      [[1, 'CL_VERIFY_TYPE_UNKNOWN']],
    );
  });

  it('refuses a record type none of the organisation’s roles may issue, as the verifier would', async () => {
    const byBroker = await issue('broker', usmcaCertification({ issuer: BROKER, serial: 3 }));
    assert.deepEqual(refusal(byBroker), [['CL_VERIFY_ROLE_NOT_ALLOWED', '/type']]);
    assert.match(byBroker.body.error.problems[0].message, /USMCACertificationOfOrigin.*the issuer holds BROKER/);
  });

  it('the attack: a broker-signed record typed as an information response and a certification is INVALID and its claim is not accepted', async () => {
    // The broker's own software signs and stores it, bypassing the node's issuance check.
    const signer = await env.node.signerFor(BROKER);
    const signed = issueCredential(
      { crypto: env.node.crypto, now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
      {
        credential: {
          ...usmcaCertification({ issuer: BROKER, serial: 4 }),
          type: ['VerifiableCredential', 'InformationResponseCredential', 'USMCACertificationOfOrigin'],
        },
        signer,
      },
    );
    assert.ok(signed.success);
    await env.node.store.insertCredentials(BROKER, [
      {
        id: signed.credential.id!,
        hash: signed.hash,
        type: 'InformationResponseCredential',
        issuedAt: new Date().toISOString(),
        document: signed.canonical,
      },
    ]);
    const certification = await anchored('broker', signed.credential.id!);
    const report = await call('importer', 'POST', '/credentials/verify', certification);
    assert.equal(report.body.verdict, 'INVALID', JSON.stringify(report.body.checks));
    assert.equal(report.body.checks.find((c: Json) => c.check === 'issuer').code, 'CL_VERIFY_TYPE_AMBIGUOUS');
    assert.equal(report.body.checks.find((c: Json) => c.check === 'anchor').status, 'VALID', 'anchored all the same');

    const claim = await call('importer', 'POST', '/origin/claims', {
      entryNumber: 'AB1-7654321-8',
      entryLine: 1,
      htsus: '9403604081',
      importDate: '2025-06-10',
      valueUsd: '48250.00',
      certification,
    });
    assert.ok(claim.status === 201 || claim.status === 422, JSON.stringify(claim.body));
    assert.notEqual(claim.body.state, 'ACCEPTED', JSON.stringify(claim.body));
  });

  it('a deactivated organisation issues nothing new; what it anchored before stays VALID', async () => {
    const issued = await issue('exporter', usmcaCertification({ issuer: EXPORTER, serial: 5 }));
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const before = await anchored('exporter', issued.body.id);
    await env.node.ledger!.client.setActive(EXPORTER, false);

    const refused = await issue('exporter', usmcaCertification({ issuer: EXPORTER, serial: 6 }));
    assert.deepEqual(refusal(refused), [['CL_VERIFY_ISSUER_INACTIVE', '/issuer']]);
    const report = await call('importer', 'POST', '/credentials/verify', before);
    assert.equal(report.body.verdict, 'VALID', JSON.stringify(report.body.checks));
  });
});
