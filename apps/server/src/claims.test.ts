import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '@clearledger/core';
import { hashPassword } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { waitFor } from '../../../test/helpers/programs.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';

const PRODUCER = 'did:web:muebles-jalisco.example';
const IMPORTER = 'did:web:greatlakeshome.example';
const BROKER = 'did:web:borderbrokerage.example';
const PASSWORD = 'a long enough password';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
type Json = Record<string, any>;

describe('claims at entry and information requests (USMCA)', () => {
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

  /** Issues a certification as the producer and returns it with its anchor receipt once anchored. */
  const anchoredCertification = async (serial: number) => {
    const issued = await call('producer', 'POST', '/credentials/issue', {
      credential: usmcaCertification({ issuer: PRODUCER, serial }),
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
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

  const line = (overrides: Json = {}) => ({
    entryNumber: 'AB1-2345678-9',
    entryLine: 1,
    htsus: '9403604081',
    importDate: '2025-06-10',
    claimDate: '2025-06-12',
    valueUsd: '48250.00',
    ...overrides,
  });

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
    const people: [string, string, Role[], string][] = [
      ['officer', env.node.operatorOrgId, [], 'OFFICER'],
      ['producer', PRODUCER, ['PRODUCER', 'EXPORTER'], 'STAFF'],
      ['importer', IMPORTER, ['IMPORTER'], 'STAFF'],
      ['broker', BROKER, ['BROKER'], 'STAFF'],
    ];
    for (const [who, did, roles, role] of people) {
      if (did !== env.node.operatorOrgId)
        await env.node.hostOrganization({ did, name: who, country: who === 'producer' ? 'MX' : 'US', roles });
      await env.node.store.putAccount({
        id: `acct_${who}`,
        orgId: did,
        username: who,
        displayName: who,
        passwordHash,
        roles: [role],
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
    worker = env.node.ledger!.startAnchorWorker();
  });
  after(async () => {
    await worker?.stop();
    await app.close();
    await env.dispose();
  });

  it('E-CO-1 at entry: a covered, anchored certification is accepted at once, with a signed decision all parties see', async () => {
    const certification = await anchoredCertification(1);
    const made = await call('importer', 'POST', '/origin/claims', { ...line(), certification });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.state, 'ACCEPTED');
    assert.equal(made.body.assessment.outcome, 'ACCEPT');
    assert.equal(made.body.decision.outcome, 'ACCEPTED');
    assert.match(made.body.decision.record, /^urn:uuid:/, 'the decision is a credential of the customs service');
    for (const who of ['importer', 'officer', 'producer']) {
      const seen = await call(who, 'GET', `/origin/claims/${made.body.id}`);
      assert.equal(seen.status, 200, who);
      assert.deepEqual(
        seen.body.events.map((e: Json) => e.kind),
        ['claim.made', 'claim.decided'],
      );
    }
    const stranger = await call('broker', 'GET', `/origin/claims/${made.body.id}`);
    assert.equal(stranger.status, 404);
    const again = await call('importer', 'POST', '/origin/claims', { ...line(), certification });
    assert.equal(again.status, 409, 'one claim per entry line');
  });

  it('a broker checks a claim line without filing it: the same assessment, nothing stored', async () => {
    const certification = await anchoredCertification(3);
    const before = (await call('importer', 'GET', '/origin/claims?limit=100')).body.items.length;
    const checked = await call('importer', 'POST', '/origin/claims/verify', {
      ...line({ entryLine: 40 }),
      certification,
    });
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    assert.equal(checked.body.assessment.outcome, 'ACCEPT');
    assert.equal(checked.body.certification.verdict, 'VALID');
    const late = await call('importer', 'POST', '/origin/claims/verify', {
      ...line({ entryLine: 41, importDate: '2026-02-01', claimDate: '2026-02-02' }),
      certification,
    });
    assert.equal(late.body.assessment.outcome, 'DENY');
    assert.equal((await call('importer', 'GET', '/origin/claims?limit=100')).body.items.length, before);
    const anonymous = await app.inject({ method: 'POST', url: '/origin/claims/verify', payload: line() });
    assert.equal(anonymous.statusCode, 401);
  });

  it('a corrected certification supersedes the original: same certifier only, and the original is revoked', async () => {
    const original = await anchoredCertification(20);
    const originalId = original.verifiableCredential.id;
    const fixed = usmcaCertification({ issuer: PRODUCER, serial: 21 });
    const corrected = await call('producer', 'POST', '/credentials/issue', {
      credential: { ...fixed, credentialSubject: { ...fixed.credentialSubject, supersedes: originalId } },
    });
    assert.equal(corrected.status, 201, JSON.stringify(corrected.body));
    assert.deepEqual(corrected.body.superseded, { id: originalId, status: 'REVOKED' });
    const report = await call('importer', 'POST', '/credentials/verify', original);
    assert.equal(report.body.verdict, 'INVALID');
    assert.equal(report.body.checks.find((c: Json) => c.check === 'status').code, 'CL_VERIFY_REVOKED');

    const other = usmcaCertification({ issuer: PRODUCER, serial: 22 });
    const wrongCertifier = await call('producer', 'POST', '/credentials/issue', {
      credential: {
        ...other,
        credentialSubject: {
          ...other.credentialSubject,
          supersedes: corrected.body.id,
          certifier: { ...other.credentialSubject.certifier, name: 'Someone Else S.A.' },
        },
      },
    });
    assert.equal(wrongCertifier.status, 422);
    assert.ok(wrongCertifier.body.error.problems.some((p: Json) => p.field.startsWith('/credentialSubject/certifier')));
    const notMine = await call('producer', 'POST', '/credentials/issue', {
      credential: {
        ...other,
        credentialSubject: { ...other.credentialSubject, supersedes: 'urn:uuid:00000000-0000-4000-8000-000000000000' },
      },
    });
    assert.equal(notMine.status, 422);
    assert.equal(notMine.body.error.problems[0].field, '/credentialSubject/supersedes');
  });

  it('E-CO-2 at entry: an importation after the blanket period is denied as not covered, with the reason', async () => {
    const certification = await anchoredCertification(2);
    const made = await call('importer', 'POST', '/origin/claims', {
      ...line({ entryLine: 2, importDate: '2026-02-01', claimDate: '2026-02-03' }),
      certification,
    });
    assert.equal(made.body.state, 'DENIED');
    assert.equal(made.body.decision.code, 'CL_CLAIM_NOT_COVERED');
    const wrongLine = await call('importer', 'POST', '/origin/claims', {
      ...line({ entryLine: 3, htsus: '8471300100' }),
      certification,
    });
    assert.equal(wrongLine.body.decision.code, 'CL_CLAIM_CLASSIFICATION_MISMATCH');
  });

  it('E-CO-8 at entry: no certification under US$2,500 is accepted; above it, denied', async () => {
    const small = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000001-1', valueUsd: '2400.00' }),
    );
    assert.equal(small.body.state, 'ACCEPTED');
    const large = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000002-2', valueUsd: '9000.00' }),
    );
    assert.equal(large.body.decision.code, 'CL_CLAIM_CERTIFICATION_REQUIRED');
  });

  it('bad claims are 400 with the field; only importers file, only customs decide', async () => {
    const bad = await call('importer', 'POST', '/origin/claims', line({ entryNumber: 'nope' }));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, '/entryNumber');
    const badValue = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000003-3', valueUsd: '12,000' }),
    );
    assert.equal(badValue.body.error.field, '/valueUsd');
    const officerFiles = await call('officer', 'POST', '/origin/claims', line({ entryNumber: 'AB1-0000004-4' }));
    assert.equal(officerFiles.status, 403);
  });

  it('information request: asked, answered with a document, found defective, corrected, accepted → the claim is accepted', async () => {
    // A certification whose anchor is not presented and not on this node's ledger yet → review.
    await worker!.stop();
    const issued = await call('producer', 'POST', '/credentials/issue', {
      credential: usmcaCertification({ issuer: PRODUCER, serial: 9 }),
    });
    const made = await call('importer', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'AB1-7777777-7' }),
      certification: { verifiableCredential: issued.body.verifiableCredential },
    });
    worker = env.node.ledger!.startAnchorWorker();
    assert.equal(made.body.state, 'MADE', JSON.stringify(made.body.assessment));
    assert.equal(made.body.assessment.outcome, 'REVIEW');

    const importerDecides = await call('importer', 'POST', `/origin/claims/${made.body.id}/decision`, {
      outcome: 'ACCEPTED',
      reason: 'mine',
    });
    assert.equal(importerDecides.status, 403);
    const asked = await call('officer', 'POST', `/origin/claims/${made.body.id}/requests`, {
      question: 'Provide the supplier invoices for the oak boards and information on the finishing process.',
      documentsRequested: ['supplier invoices'],
      dueInBusinessDays: 10,
    });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    assert.equal(asked.body.state, 'REQUESTED');
    assert.equal(asked.body.to, PRODUCER, 'by default the certifier is asked');
    const inbox = await call('producer', 'GET', '/origin/requests');
    assert.deepEqual(
      inbox.body.items.map((r: Json) => r.id),
      [asked.body.id],
    );
    const notAsked = await call('importer', 'POST', `/origin/requests/${asked.body.id}/answer`, { text: 'not me' });
    assert.equal(notAsked.status, 403);

    const invoice = Buffer.from('%PDF-1.4 supplier invoice 4471, oak boards, origin MX');
    const answered = await call('producer', 'POST', `/origin/requests/${asked.body.id}/answer`, {
      text: 'Oak boards are bought from a Mexican sawmill; invoice attached.',
      documents: [
        { name: 'invoice-4471.pdf', mediaType: 'application/pdf', contentBase64: invoice.toString('base64') },
      ],
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.equal(answered.body.state, 'UNDER_REVIEW');
    const sha = answered.body.answers[0].documents[0].sha256;
    assert.equal(sha, (await import('node:crypto')).createHash('sha256').update(invoice).digest('hex'));
    assert.match(answered.body.answers[0].record, /^urn:uuid:/, 'the answer is an anchored credential');
    const download = await app.inject({
      method: 'GET',
      url: `/origin/requests/${asked.body.id}/documents/${sha}`,
      headers: { authorization: `Bearer ${tokens.officer}` },
    });
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, invoice);
    const strangerDownload = await call('broker', 'GET', `/origin/requests/${asked.body.id}/documents/${sha}`);
    assert.equal(strangerDownload.status, 404);

    const defective = await call('officer', 'POST', `/origin/requests/${asked.body.id}/review`, {
      action: 'FIND_DEFECTIVE',
      note: 'The invoice does not name the sawmill.',
    });
    assert.equal(defective.body.state, 'CORRECTION_REQUIRED');
    assert.ok(defective.body.due > new Date().toISOString().slice(0, 10), 'a correction is due in 5 business days');
    const corrected = await call('producer', 'POST', `/origin/requests/${asked.body.id}/answer`, {
      text: 'The sawmill is Aserradero del Norte (RFC ADN0101).',
    });
    assert.equal(corrected.body.state, 'UNDER_REVIEW');
    const accepted = await call('officer', 'POST', `/origin/requests/${asked.body.id}/review`, {
      action: 'ACCEPT',
      note: 'Satisfactory.',
    });
    assert.equal(accepted.body.state, 'IN_USE');
    const claim = await call('importer', 'GET', `/origin/claims/${made.body.id}`);
    assert.equal(claim.body.state, 'ACCEPTED');
    assert.equal(claim.body.decision.reason, 'Satisfactory.');
    const illegal = await call('officer', 'POST', `/origin/requests/${asked.body.id}/review`, {
      action: 'AFFIRM',
      note: 'again',
    });
    assert.equal(illegal.status, 409);
    assert.equal(illegal.body.error.code, 'CL_ORIGIN_CERTIFICATION_STATE');
  });

  it('a missed deadline denies the claim (the overdue sweep), and the late answer is refused', async () => {
    await worker!.stop();
    const issued = await call('producer', 'POST', '/credentials/issue', {
      credential: usmcaCertification({ issuer: PRODUCER, serial: 10 }),
    });
    const made = await call('importer', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'AB1-8888888-8' }),
      certification: { verifiableCredential: issued.body.verifiableCredential },
    });
    worker = env.node.ledger!.startAnchorWorker();
    assert.equal(made.body.state, 'MADE');
    const asked = await call('officer', 'POST', `/origin/claims/${made.body.id}/requests`, {
      question: 'Bill of materials?',
      dueInBusinessDays: 1,
    });
    assert.equal(await app.sweepOverdueRequests(new Date()), 0, 'nothing is overdue yet');
    const later = new Date(Date.now() + 10 * 86_400_000);
    assert.equal(await app.sweepOverdueRequests(later), 1);
    const request = await call('officer', 'GET', `/origin/requests/${asked.body.id}`);
    assert.equal(request.body.state, 'DENIED');
    assert.ok(request.body.events.some((e: Json) => e.kind === 'request.deadline-missed'));
    const claim = await call('importer', 'GET', `/origin/claims/${made.body.id}`);
    assert.equal(claim.body.state, 'DENIED');
    const late = await call('producer', 'POST', `/origin/requests/${asked.body.id}/answer`, { text: 'late' });
    assert.equal(late.status, 409);
  });

  it('customs reads claims and their audit trail; the claimant sees only its own', async () => {
    const mine = await call('importer', 'GET', '/origin/claims?limit=100');
    assert.ok(mine.body.items.length >= 6);
    assert.ok(mine.body.items.every((c: Json) => c.claimant === IMPORTER));
    assert.deepEqual((await call('broker', 'GET', '/origin/claims')).body.items, []);
    const audit = await call('officer', 'GET', '/audit?action=claim.make');
    assert.ok(audit.body.items.length >= 6);
  });
});
