import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '@clearledger/core';
import { portLocalDate } from '@clearledger/core';
import { hashPassword } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { waitFor } from '../../../test/helpers/programs.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';
import { recordTradeIdentifiers } from './certificate-of-origin/tradeIdentifiers.ts';

const PRODUCER = 'did:web:muebles-jalisco.example';
const IMPORTER = 'did:web:greatlakeshome.example';
const BROKER = 'did:web:borderbrokerage.example';
const RIVAL = 'did:web:rival-imports.example';
const PASSWORD = 'a long enough password';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
type Json = Record<string, any>;

describe('claims at entry and information requests (USMCA)', () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
  let worker: { stop(): Promise<void> } | undefined;
  const tokens: Record<string, string> = {};

  const call = async (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
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
    entryNumber: 'AB1-2345678-7',
    entryLine: 1,
    htsus: '9403604081',
    importDate: '2025-06-10',
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
      ['rival', RIVAL, ['IMPORTER'], 'STAFF'],
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
    // What customs verified: the importer files its own entries under AB1, the broker under BRK, the
    // rival importer under RVL; the importer authorises the broker only later (in its test).
    const recorded = { by: 'test', at: new Date().toISOString() };
    await recordTradeIdentifiers(env.node.store, {
      org: IMPORTER,
      importerNumbers: ['36-441820100'],
      filerCodes: ['AB1'],
      ...recorded,
    });
    await recordTradeIdentifiers(env.node.store, {
      org: BROKER,
      importerNumbers: [],
      filerCodes: ['BRK'],
      ...recorded,
    });
    await recordTradeIdentifiers(env.node.store, {
      org: RIVAL,
      importerNumbers: ['98-765432100'],
      filerCodes: ['RVL'],
      ...recorded,
    });
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
      ...line({ entryLine: 41, importDate: '2026-02-01' }),
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
      ...line({ entryLine: 2, importDate: '2026-02-01' }),
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
      line({ entryNumber: 'AB1-0000001-2', valueUsd: '2400.00' }),
    );
    assert.equal(small.body.state, 'ACCEPTED');
    const large = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000002-0', valueUsd: '9000.00' }),
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
      line({ entryNumber: 'AB1-0000003-8', valueUsd: '12,000' }),
    );
    assert.equal(badValue.body.error.field, '/valueUsd');
    const officerFiles = await call('officer', 'POST', '/origin/claims', line({ entryNumber: 'AB1-0000004-6' }));
    assert.equal(officerFiles.status, 403);
  });

  it('information request: asked, answered with a document, found defective, corrected, accepted → the claim is accepted', async () => {
    // A certification whose anchor is not presented and not on this node's ledger yet → review.
    await worker!.stop();
    const issued = await call('producer', 'POST', '/credentials/issue', {
      credential: usmcaCertification({ issuer: PRODUCER, serial: 9 }),
    });
    const made = await call('importer', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'AB1-7777777-3' }),
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
    // Customs asks only a party to the claim: an organisation of the network that is not one is refused.
    for (const stranger of [RIVAL, BROKER]) {
      const refused = await call('officer', 'POST', `/origin/claims/${made.body.id}/requests`, {
        to: stranger,
        question: 'Provide the supplier invoices.',
      });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'CL_INPUT_INVALID');
      assert.equal(refused.body.error.field, '/to');
    }
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
      ...line({ entryNumber: 'AB1-8888888-2' }),
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
    assert.ok(mine.body.items.every((c: Json) => c.importer === IMPORTER));
    assert.deepEqual((await call('broker', 'GET', '/origin/claims')).body.items, []);
    const audit = await call('officer', 'GET', '/audit?action=claim.make');
    assert.ok(audit.body.items.length >= 6);
    // The Mexican certifier's answers to CBP's requests concern CBP: they are in CBP's log too.
    const answers = await call('officer', 'GET', '/audit?action=request.answer');
    assert.ok(answers.body.items.some((e: Json) => e.orgId === PRODUCER && e.outcome === 'success'));
  });
  it('the claim date is the node’s, at the port: a claimDate in the body is refused, never used (CO-08 cannot be backdated)', async () => {
    for (const url of ['/origin/claims', '/origin/claims/verify']) {
      const backdated = await call('importer', 'POST', url, {
        ...line({ entryNumber: 'AB1-0000010-3', importDate: '2025-01-15', valueUsd: '100' }),
        claimDate: '2025-01-16',
      });
      assert.equal(backdated.status, 400, url);
      assert.equal(backdated.body.error.code, 'CL_INPUT_INVALID');
      assert.equal(backdated.body.error.field, '/claimDate');
      assert.match(backdated.body.error.message, /date at the port/);
    }
    const made = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000010-3', importDate: '2025-01-15', valueUsd: '100', port: '2304' }),
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.port, '2304');
    assert.equal(made.body.line.claimDate, portLocalDate(new Date().toISOString(), 'America/Chicago'));
    const unknownPort = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000011-1', importDate: '2025-01-15', valueUsd: '100', port: '9999' }),
    );
    assert.equal(unknownPort.status, 400);
    assert.equal(unknownPort.body.error.field, '/port');
    const future = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000011-1', importDate: '2099-01-01', valueUsd: '100' }),
    );
    assert.equal(future.body.error.field, '/importDate');
  });

  it('E-CO-4 at entry: a claim the node dates more than 4 years after the signature is denied as expired', async () => {
    const certification = await anchoredCertification(40); // signed 2024-12-15: acceptance ends 2028-12-15
    const later = await buildApp({ node: env.node, clock: () => new Date('2029-01-10T15:00:00.000Z') });
    try {
      const res = await later.inject({
        method: 'POST',
        url: '/origin/claims',
        headers: { authorization: `Bearer ${tokens.importer}` },
        payload: { ...line({ entryNumber: 'AB1-0000012-9' }), certification },
      });
      const made = res.json() as Json;
      assert.equal(res.statusCode, 201, JSON.stringify(made));
      assert.equal(made.line.claimDate, '2029-01-10');
      assert.equal(made.state, 'DENIED');
      assert.equal(
        made.assessment.checks.find((c: Json) => c.check === 'acceptance').code,
        'CL_CLAIM_ACCEPTANCE_EXPIRED',
      );
    } finally {
      await later.close();
    }
  });

  it('a claim belongs to the importer of record: another importer cannot squat its entry line, and the importer still files', async () => {
    const entry = line({ entryNumber: 'AB1-5555555-5', importDate: '2025-01-15', valueUsd: '100' });
    const squat = await call('rival', 'POST', '/origin/claims', entry);
    assert.equal(squat.status, 403, JSON.stringify(squat.body));
    assert.equal(squat.body.error.code, 'CL_CLAIM_ENTRY_FILER_MISMATCH');
    const posing = await call('rival', 'POST', '/origin/claims', { ...entry, importer: IMPORTER });
    assert.equal(posing.status, 403);
    assert.equal(posing.body.error.code, 'CL_CLAIM_NOT_IMPORTER_OF_RECORD');
    const noImporterNumber = await call('producer', 'POST', '/origin/claims', entry);
    assert.equal(noImporterNumber.body.error.code, 'CL_CLAIM_NOT_IMPORTER_OF_RECORD');

    const mine = await call('importer', 'POST', '/origin/claims', entry);
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.equal(mine.body.state, 'ACCEPTED');
    assert.equal(mine.body.importer, IMPORTER);
    assert.equal((await call('rival', 'GET', `/origin/claims/${mine.body.id}`)).status, 404);
    assert.equal((await call('importer', 'POST', '/origin/claims', entry)).status, 409, 'still one claim per line');
    const own = await call(
      'rival',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'RVL-5555555-8', importDate: '2025-01-15', valueUsd: '100' }),
    );
    assert.equal(own.status, 201, 'the rival claims on its own entries');
  });

  it('a broker claims for the importer that authorised it, on entries under its own filer code only', async () => {
    const entry = line({ entryNumber: 'BRK-1234567-1', importDate: '2025-01-15', valueUsd: '100' });
    const unauthorised = await call('broker', 'POST', '/origin/claims', { ...entry, importer: IMPORTER });
    assert.equal(unauthorised.status, 403);
    assert.equal(unauthorised.body.error.code, 'CL_CLAIM_ENTRY_FILER_MISMATCH');
    const byRival = await call('rival', 'PUT', `/origin/broker-authorizations/${encodeURIComponent(BROKER)}`);
    assert.equal(byRival.status, 200, JSON.stringify(byRival.body));
    const notThisImporter = await call('broker', 'POST', '/origin/claims', { ...entry, importer: IMPORTER });
    assert.equal(notThisImporter.status, 403, "the rival's authorisation does not cover the importer's entries");
    const authorised = await call('importer', 'PUT', `/origin/broker-authorizations/${encodeURIComponent(BROKER)}`);
    assert.equal(authorised.status, 200, JSON.stringify(authorised.body));
    assert.deepEqual(
      authorised.body.brokers.map((b: Json) => b.broker),
      [BROKER],
    );
    const filed = await call('broker', 'POST', '/origin/claims', { ...entry, importer: IMPORTER });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.deepEqual([filed.body.claimant, filed.body.importer, filed.body.filer], [BROKER, IMPORTER, BROKER]);
    assert.equal((await call('importer', 'GET', `/origin/claims/${filed.body.id}`)).status, 200);
    const onImportersCode = await call('broker', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'AB1-5555556-3', importDate: '2025-01-15', valueUsd: '100' }),
      importer: IMPORTER,
    });
    assert.equal(onImportersCode.status, 403);
    assert.equal(onImportersCode.body.error.code, 'CL_CLAIM_NOT_IMPORTER_OF_RECORD');
    const brokerAuthorises = await call('broker', 'PUT', `/origin/broker-authorizations/${encodeURIComponent(BROKER)}`);
    assert.equal(brokerAuthorises.status, 403, 'only importers authorise brokers');
    const selfRecorded = await call('importer', 'PUT', `/origin/trade-identifiers/${encodeURIComponent(IMPORTER)}`, {
      importerNumbers: ['36-441820100'],
      filerCodes: ['AB1', 'RVL'],
    });
    assert.equal(selfRecorded.status, 403, 'identifiers are recorded by customs, not by the trader');
  });

  it('a certification naming an arbitrary DID as its certifier does not make that DID a party to the claim', async () => {
    const issued = await call('producer', 'POST', '/credentials/issue', {
      credential: usmcaCertification({ issuer: PRODUCER, serial: 41 }),
    });
    const forged = { ...issued.body.verifiableCredential, issuer: RIVAL };
    const made = await call('importer', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'AB1-6666666-4' }),
      certification: { verifiableCredential: forged },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.state, 'DENIED');
    assert.equal(made.body.certification.issuer, RIVAL);
    assert.equal(made.body.certification.issuerVerified, false);
    assert.ok(!made.body.participants.includes(RIVAL), JSON.stringify(made.body.participants));
    assert.equal((await call('rival', 'GET', `/origin/claims/${made.body.id}`)).status, 404);
    assert.deepEqual(
      (await call('rival', 'GET', '/origin/claims?limit=100')).body.items.map((c: Json) => c.id).includes(made.body.id),
      false,
    );
  });

  it('CO-12 per importation: the lines of one entry add up; a declared non-commercial importation waits for an officer', async () => {
    const first = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000020-2', entryLine: 1, importDate: '2025-03-03', valueUsd: '1500.00' }),
    );
    assert.equal(first.body.state, 'ACCEPTED', JSON.stringify(first.body.assessment));
    const second = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000020-2', entryLine: 2, importDate: '2025-03-03', valueUsd: '1500.00' }),
    );
    assert.equal(second.body.state, 'DENIED');
    assert.equal(second.body.decision.code, 'CL_CLAIM_CERTIFICATION_REQUIRED');
    assert.match(second.body.decision.reason, /US\$3000, 2 lines/);

    const nonCommercial = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000021-0', importDate: '2025-04-01', valueUsd: '90000', commercial: false }),
    );
    assert.equal(nonCommercial.body.state, 'MADE', 'never accepted on the claimant’s word');
    assert.equal(nonCommercial.body.assessment.outcome, 'REVIEW');
    assert.equal(nonCommercial.body.assessment.checks[0].code, 'CL_CLAIM_EXEMPTION_REVIEW');
    const decided = await call('officer', 'POST', `/origin/claims/${nonCommercial.body.id}/decision`, {
      outcome: 'ACCEPTED',
      reason: 'Personal effects; non-commercial confirmed.',
    });
    assert.equal(decided.body.state, 'ACCEPTED');
  });

  it('CO-12 series risk rule: one shipment split into entries under US$2,500 each goes to an officer', async () => {
    const a = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000031-9', importDate: '2025-05-05', valueUsd: '2000.00' }),
    );
    assert.equal(a.body.state, 'ACCEPTED');
    const b = await call(
      'importer',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'AB1-0000032-7', importDate: '2025-05-06', valueUsd: '2000.00' }),
    );
    assert.equal(b.body.state, 'MADE');
    assert.equal(b.body.assessment.checks[0].code, 'CL_CLAIM_EXEMPTION_REVIEW');
    assert.match(b.body.assessment.checks[0].message, /series/);
    const seen = await call('officer', 'GET', `/origin/claims/${b.body.id}`);
    assert.deepEqual(seen.body.events[0].data.series, ['AB1-0000031-9']);
    // The rival's entries are its own importations: they never make a series with the importer's.
    const rival = await call(
      'rival',
      'POST',
      '/origin/claims',
      line({ entryNumber: 'RVL-0000033-8', importDate: '2025-05-05', valueUsd: '2000.00' }),
    );
    assert.equal(rival.body.state, 'ACCEPTED');
  });

  it('deadlines run in business days at the port: a request sent at 23:30 in Los Angeles before Thanksgiving', async () => {
    // Tuesday 25 November 2025, 23:30 PST at Los Angeles (2704) — already Wednesday 26 November in UTC.
    let now = new Date('2025-11-26T07:30:00.000Z');
    const atPort = await buildApp({ node: env.node, clock: () => now });
    const send = async (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const res = await atPort.inject({
        method,
        url,
        headers: { authorization: `Bearer ${tokens[who]}` },
        ...(payload === undefined ? {} : { payload: payload as Json }),
      });
      return { status: res.statusCode, body: res.json() as Json };
    };
    try {
      const made = await send(
        'importer',
        'POST',
        '/origin/claims',
        line({
          entryNumber: 'AB1-0000040-0',
          importDate: '2025-11-20',
          valueUsd: '500',
          commercial: false,
          port: '2704',
        }),
      );
      assert.equal(made.body.state, 'MADE', JSON.stringify(made.body));
      assert.equal(made.body.line.claimDate, '2025-11-25', 'the date at the port, not in UTC');
      const asked = await send('officer', 'POST', `/origin/claims/${made.body.id}/requests`, {
        question: 'Show that the goods are personal effects.',
        dueInBusinessDays: 2,
      });
      assert.equal(asked.status, 201, JSON.stringify(asked.body));
      assert.equal(asked.body.to, IMPORTER, 'without a verified certifier the importer of record is asked');
      // 26 Nov (1), Thanksgiving skipped, 28 Nov (2). From the UTC date it would have been 1 December.
      assert.equal(asked.body.due, '2025-11-28');
      const answered = await send('importer', 'POST', `/origin/requests/${asked.body.id}/answer`, {
        text: 'Household goods of a returning resident.',
      });
      assert.equal(answered.body.state, 'UNDER_REVIEW');
      const defective = await send('officer', 'POST', `/origin/requests/${asked.body.id}/review`, {
        action: 'FIND_DEFECTIVE',
        note: 'No inventory of the goods.',
      });
      // Five business days from Tuesday 25 November: 26, 28 Nov, 1, 2, 3 Dec.
      assert.equal(defective.body.due, '2025-12-03');
      assert.equal(
        await atPort.sweepOverdueRequests(new Date('2025-12-04T07:59:00.000Z')),
        0,
        '23:59 on 3 Dec at the port',
      );
      now = new Date('2025-12-04T07:30:00.000Z');
      assert.equal((await send('officer', 'GET', `/origin/requests/${asked.body.id}`)).body.overdue, false);
      assert.equal(await atPort.sweepOverdueRequests(new Date('2025-12-04T08:00:00.000Z')), 1, 'midnight at the port');
      const claim = await send('importer', 'GET', `/origin/claims/${made.body.id}`);
      assert.equal(claim.body.state, 'DENIED');
      assert.match(claim.body.decision.reason, /by 2025-12-03/);
    } finally {
      await atPort.close();
    }
  });
});
