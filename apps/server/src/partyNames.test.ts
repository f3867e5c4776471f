import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '@clearledger/core';
import { hashPassword } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { personToken } from '../../../test/helpers/personToken.ts';
import { waitFor } from '../../../test/helpers/programs.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';
import { recordTradeIdentifiers } from './certificate-of-origin/tradeIdentifiers.ts';

const PRODUCER = 'did:web:muebles-names.example';
const IMPORTER = 'did:web:importer-names.example';
const RIVAL = 'did:web:rival-names.example';
const PASSWORD = 'a long enough password';
const NAMES = {
  officer: ['U.S. Customs Test Service', 'Officer Dana Namecheck'],
  producer: ['Muebles Nombres S.A. de C.V.', 'María Namecheck'],
  importer: ['Great Lakes Namecheck LLC', 'Jordan Namecheck'],
  rival: ['Rival Namecheck Imports', 'Riley Namecheck'],
} as const;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
type Json = Record<string, any>;

describe('parties by name in claims, requests and records, scoped to the caller', () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
  let worker: { stop(): Promise<void> } | undefined;
  const tokens: Record<string, string> = {};
  const made = { waiting: '', accepted: '', certificationId: '', certifications: [] as string[] };

  const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return { status: res.statusCode, body: res.json() as Json, text: res.body };
  };

  const anchored = async (serial: number) => {
    const issued = await call('producer', 'POST', '/credentials/issue', {
      credential: usmcaCertification({ issuer: PRODUCER, serial }),
    });
    assert.equal(issued.status, 201, issued.text);
    made.certifications.push(issued.body.id);
    return waitFor(
      async () => {
        const r = await call('producer', 'GET', `/credentials/${encodeURIComponent(issued.body.id)}`);
        return r.body.anchor === null
          ? undefined
          : { verifiableCredential: r.body.verifiableCredential, anchor: r.body.anchor };
      },
      20_000,
      'the certification to be anchored',
    );
  };

  before(async () => {
    env = await tempNode(
      {
        CLEARLEDGER_ORG_ROLES: 'NETWORK_AUTHORITY,CUSTOMS',
        CLEARLEDGER_ORG_COUNTRY: 'US',
        CLEARLEDGER_ORG_NAME: NAMES.officer[0],
        CLEARLEDGER_CHAIN_RPC_PORT: 'off',
      },
      { ledger: true },
    );
    app = await buildApp({ node: env.node, rateLimits: { loginPerMinute: 1000 } });
    const passwordHash = await hashPassword(PASSWORD, { ln: 10, r: 8, p: 1 });
    const people: [keyof typeof NAMES, string, Role[], string][] = [
      ['officer', env.node.operatorOrgId, [], 'OFFICER'],
      ['producer', PRODUCER, ['PRODUCER', 'EXPORTER'], 'ADMIN'],
      ['importer', IMPORTER, ['IMPORTER'], 'STAFF'],
      ['rival', RIVAL, ['IMPORTER'], 'STAFF'],
    ];
    for (const [who, did, roles, role] of people) {
      if (did !== env.node.operatorOrgId)
        await env.node.hostOrganization({ did, name: NAMES[who][0], country: who === 'producer' ? 'MX' : 'US', roles });
      tokens[who] = await personToken(
        app,
        env.node.store,
        { id: `acct_${who}`, orgId: did, username: who, displayName: NAMES[who][1], roles: [role] },
        { password: PASSWORD, passwordHash },
      );
    }
    const at = { by: 'test', at: new Date().toISOString() };
    await recordTradeIdentifiers(env.node.store, {
      org: IMPORTER,
      importerNumbers: ['36-441820100'],
      filerCodes: ['AB1'],
      ...at,
    });
    await recordTradeIdentifiers(env.node.store, {
      org: RIVAL,
      importerNumbers: ['98-765432100'],
      filerCodes: ['RVL'],
      ...at,
    });
    worker = env.node.ledger!.startAnchorWorker();

    const certification = await anchored(1);
    made.certificationId = String(certification.verifiableCredential.id);
    const line = { entryNumber: 'AB1-2345678-7', htsus: '9403604081', importDate: '2025-06-10', valueUsd: '48250.00' };
    const accepted = await call('importer', 'POST', '/origin/claims', { ...line, entryLine: 1, certification });
    assert.equal(accepted.body.state, 'ACCEPTED', accepted.text);
    made.accepted = accepted.body.id;
    // A non-commercial declaration without a certification waits for an officer.
    const waiting = await call('importer', 'POST', '/origin/claims', {
      ...line,
      entryNumber: 'AB1-0000021-0',
      importDate: '2025-04-01',
      valueUsd: '90000',
      entryLine: 1,
      commercial: false,
    });
    assert.equal(waiting.body.state, 'MADE', waiting.text);
    made.waiting = waiting.body.id;
  });
  after(async () => {
    await worker?.stop();
    await app.close();
    await env.dispose();
  });

  it('a claim names its parties and who acted; the claimant sees its own people by name, customs staff as customs', async () => {
    const mine = await call('importer', 'GET', `/origin/claims/${made.accepted}`);
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.body.parties.claimant, { id: IMPORTER, name: NAMES.importer[0] });
    assert.deepEqual(mine.body.parties.importer, { id: IMPORTER, name: NAMES.importer[0] });
    assert.deepEqual(mine.body.parties.customs, { id: env.node.operatorOrgId, name: NAMES.officer[0] });
    assert.deepEqual(mine.body.parties.certifier, { id: PRODUCER, name: NAMES.producer[0] });
    const made0 = mine.body.events[0];
    assert.equal(made0.kind, 'claim.made');
    assert.deepEqual(made0.actor, {
      org: { id: IMPORTER, name: NAMES.importer[0] },
      person: { id: 'acct_importer', name: NAMES.importer[1] },
      system: false,
    });
    // Whom customs may ask: the claim's parties other than customs, the certifier first.
    assert.deepEqual(
      mine.body.askable.map((p: Json) => p.name),
      [NAMES.producer[0], NAMES.importer[0]],
    );

    const decided = await call('officer', 'POST', `/origin/claims/${made.waiting}/decision`, {
      outcome: 'DENIED',
      reason: 'Not a commercial importation.',
    });
    assert.equal(decided.status, 200, decided.text);
    assert.deepEqual(decided.body.decidedBy.person, { id: 'acct_officer', name: NAMES.officer[1] });
    const seen = await call('importer', 'GET', `/origin/claims/${made.waiting}`);
    assert.deepEqual(seen.body.decidedBy, {
      org: { id: env.node.operatorOrgId, name: NAMES.officer[0] },
      person: null,
      system: false,
    });
    assert.ok(!seen.text.includes(NAMES.officer[1]), "customs' officer is not named to the importer");
    const automatic = await call('importer', 'GET', `/origin/claims/${made.accepted}`);
    assert.equal(automatic.body.decidedBy.system, true);
  });

  it('claims lists carry names only of their own parties: another importer sees none of them', async () => {
    const list = await call('importer', 'GET', '/origin/claims');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.length >= 2);
    for (const claim of list.body.items) {
      assert.equal(claim.parties.claimant.name, NAMES.importer[0]);
      if (claim.certification !== null) assert.equal(claim.parties.certifier.name, NAMES.producer[0]);
    }
    const rival = await call('rival', 'GET', '/origin/claims');
    assert.deepEqual(rival.body.items, []);
    assert.ok(!rival.text.includes(NAMES.importer[0]) && !rival.text.includes(NAMES.producer[0]));
    const foreign = await call('rival', 'GET', `/origin/claims/${made.accepted}`);
    assert.equal(foreign.status, 404);
    assert.ok(!foreign.text.includes(NAMES.importer[0]));
  });

  it('an information request names who asked and who is asked; badges count what waits on each', async () => {
    const before = await call('producer', 'GET', '/origin/inbox');
    assert.deepEqual(before.body, { requests: 0, claims: 0 });
    const asked = await call('officer', 'POST', `/origin/claims/${made.accepted}/requests`, {
      to: PRODUCER,
      question: 'Please send the bill of materials of line 1.',
      dueInBusinessDays: 10,
    });
    assert.equal(asked.status, 201, asked.text);
    assert.deepEqual(asked.body.toParty, { id: PRODUCER, name: NAMES.producer[0] });
    const received = await call('producer', 'GET', '/origin/requests');
    assert.deepEqual(received.body.items[0].fromParty, { id: env.node.operatorOrgId, name: NAMES.officer[0] });
    assert.deepEqual(received.body.items[0].toParty, { id: PRODUCER, name: NAMES.producer[0] });
    assert.deepEqual((await call('producer', 'GET', '/origin/inbox')).body, { requests: 1, claims: 1 });
    assert.deepEqual((await call('rival', 'GET', '/origin/inbox')).body, { requests: 0, claims: 0 });

    const answered = await call('producer', 'POST', `/origin/requests/${asked.body.id}/answer`, { text: 'Attached.' });
    assert.equal(answered.status, 200, answered.text);
    assert.deepEqual(answered.body.answeredBy, [{ id: PRODUCER, name: NAMES.producer[0] }]);
    assert.deepEqual((await call('producer', 'GET', '/origin/inbox')).body, { requests: 0, claims: 0 });
    // Customs: the answer waits for its review; no claim waits for a decision (the other was denied).
    assert.deepEqual((await call('officer', 'GET', '/origin/inbox')).body, { requests: 1, claims: 0 });
    const page = await call('producer', 'GET', `/origin/requests/${asked.body.id}`);
    assert.deepEqual(
      page.body.events.map((e: Json) => [e.kind, e.actor.org.name, e.actor.person?.name ?? null]),
      [
        ['request.sent', NAMES.officer[0], null],
        ['request.answered', NAMES.producer[0], NAMES.producer[1]],
      ],
    );
  });

  it('records list: number, importer and period, newest first; a revoked record is REVOKED and found by its filter', async () => {
    await anchored(2);
    const newest = await call('producer', 'GET', '/credentials?order=newest&type=USMCACertificationOfOrigin');
    assert.equal(newest.status, 200, newest.text);
    assert.deepEqual(
      newest.body.items.map((i: Json) => i.id),
      [...made.certifications].reverse(),
    );
    const first = newest.body.items[0];
    assert.deepEqual(first.summary, {
      number: 'MX-ACM-2025-0000002',
      importer: 'Great Lakes Home Furnishings LLC',
      period: { from: '2025-01-01', to: '2025-12-31' },
    });
    assert.equal(first.standing, null);

    const revoked = await call('producer', 'POST', '/credentials/status', {
      credentialId: made.certificationId,
      status: 'REVOKED',
      reason: 'CERTIFIER_ERROR',
    });
    assert.equal(revoked.status, 200, revoked.text);
    const listed = await call('producer', 'GET', '/credentials?status=revoked');
    assert.deepEqual(
      listed.body.items.map((i: Json) => [i.id, i.standing]),
      [[made.certificationId, { status: 'REVOKED', reason: 'CERTIFIER_ERROR' }]],
    );
    assert.equal(listed.body.total, 1);
    assert.equal((await call('producer', 'GET', '/credentials?status=suspended')).body.total, 0);
    const record = await call('producer', 'GET', `/credentials/${encodeURIComponent(made.certificationId)}`);
    assert.equal(record.body.standing.status, 'REVOKED');
  });
});
