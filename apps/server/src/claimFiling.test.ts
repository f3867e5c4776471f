import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Role } from '@clearledger/core';
import { hashPassword } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { personToken } from '../../../test/helpers/personToken.ts';
import { waitFor } from '../../../test/helpers/programs.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';
import { MAX_UPLOAD_BYTES } from './certificate-of-origin/claimFilingRoutes.ts';
import { recordTradeIdentifiers, setBrokerAuthorization } from './certificate-of-origin/tradeIdentifiers.ts';

const PRODUCER = 'did:web:muebles-jalisco.example';
const IMPORTER = 'did:web:greatlakeshome.example';
const OTHER_IMPORTER = 'did:web:lakeshore-outdoor.example';
const BROKER = 'did:web:borderbrokerage.example';
const PASSWORD = 'a long enough password';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
type Json = Record<string, any>;

const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

describe('claims as a broker files them: check digit, on behalf of an importer, re-assessment on anchoring, documents', () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
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
  const upload = async (who: string, requestId: string, bytes: Buffer, contentType: string, name = 'invoice.pdf') => {
    const res = await app.inject({
      method: 'POST',
      url: `/origin/requests/${requestId}/documents?name=${encodeURIComponent(name)}`,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': contentType },
      payload: bytes,
    });
    return { status: res.statusCode, body: res.json() as Json };
  };
  const issued = async (serial: number) => {
    const r = await call('producer', 'POST', '/credentials/issue', {
      credential: usmcaCertification({ issuer: PRODUCER, serial }),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as Json;
  };
  const line = (overrides: Json = {}) => ({
    entryNumber: 'BRK-1234567-4',
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
    const people: [string, string, string, Role[], string][] = [
      ['officer', env.node.operatorOrgId, 'U.S. Customs and Border Protection', [], 'OFFICER'],
      ['producer', PRODUCER, 'Muebles Artesanales de Jalisco S.A. de C.V.', ['PRODUCER', 'EXPORTER'], 'STAFF'],
      ['importer', IMPORTER, 'Great Lakes Home Furnishings LLC', ['IMPORTER'], 'STAFF'],
      ['other', OTHER_IMPORTER, 'Lakeshore Outdoor Living Inc.', ['IMPORTER'], 'STAFF'],
      ['broker', BROKER, 'Border Customs Brokerage Inc.', ['BROKER'], 'STAFF'],
    ];
    for (const [who, did, name, roles, role] of people) {
      if (did !== env.node.operatorOrgId)
        await env.node.hostOrganization({ did, name, country: who === 'producer' ? 'MX' : 'US', roles });
      tokens[who] = await personToken(
        app,
        env.node.store,
        { id: `acct_${who}`, orgId: did, username: who, displayName: who, roles: [role] },
        { password: PASSWORD, passwordHash },
      );
    }
    const recorded = { by: 'test', at: new Date().toISOString() };
    await recordTradeIdentifiers(env.node.store, {
      org: IMPORTER,
      importerNumbers: ['36-441820100'],
      filerCodes: ['AB1'],
      ...recorded,
    });
    await recordTradeIdentifiers(env.node.store, {
      org: OTHER_IMPORTER,
      importerNumbers: ['37-551820100'],
      filerCodes: ['LSO'],
      ...recorded,
    });
    await recordTradeIdentifiers(env.node.store, {
      org: BROKER,
      importerNumbers: [],
      filerCodes: ['BRK'],
      ...recorded,
    });
    // The importer authorised the broker; the other importer did not.
    await setBrokerAuthorization(env.node.store, { importer: IMPORTER, broker: BROKER, authorize: true, ...recorded });
  });
  after(async () => {
    await app.close();
    await env.dispose();
  });

  it('the entry number is checked with CBP’s check digit: a mistyped digit is refused with CL_CLAIM_ENTRY_CHECK_DIGIT', async () => {
    // BRK-1234567: B=2 R=9 K=2 → 2 9 2 1 2 3 4 5 6 7; doubled 9→18→9, 1→2, 3→6, 5→10→1, 7→14→5 = 23;
    // others 2+2+2+4+6 = 16; 39 → 1.
    const wrong = await call('broker', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'BRK-1234567-4' }),
      importer: IMPORTER,
    });
    assert.equal(wrong.status, 400, JSON.stringify(wrong.body));
    assert.equal(wrong.body.error.code, 'CL_CLAIM_ENTRY_CHECK_DIGIT');
    assert.equal(wrong.body.error.field, '/entryNumber');
    assert.match(wrong.body.error.message, /should be 1/);
    const checked = await call('broker', 'POST', '/origin/claims/verify', line({ entryNumber: 'BRK-1234567-4' }));
    assert.equal(checked.body.error.code, 'CL_CLAIM_ENTRY_CHECK_DIGIT', 'checking without filing says so too');
  });

  it('a broker files on behalf of an importer that authorised it, picked from its list; not for one that did not', async () => {
    const importers = await call('broker', 'GET', '/origin/importers');
    assert.equal(importers.status, 200, JSON.stringify(importers.body));
    assert.deepEqual(
      importers.body.items.map((i: Json) => [i.did, i.name]),
      [[IMPORTER, 'Great Lakes Home Furnishings LLC']],
    );
    const certification = await issued(1);
    const presented = { verifiableCredential: certification.verifiableCredential };
    const filed = await call('broker', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'BRK-1234567-1', importDate: '2025-01-15', valueUsd: '100' }),
      importer: IMPORTER,
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.deepEqual([filed.body.claimant, filed.body.importer, filed.body.filer], [BROKER, IMPORTER, BROKER]);

    // The attack: the broker names an importer that never authorised it, on its own filer code.
    const forOther = await call('broker', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'BRK-7654321-1' }),
      importer: OTHER_IMPORTER,
      certification: presented,
    });
    assert.equal(forOther.status, 403, JSON.stringify(forOther.body));
    assert.equal(forOther.body.error.code, 'CL_CLAIM_ENTRY_FILER_MISMATCH');
    const listOther = await call(
      'broker',
      'GET',
      `/origin/claimable-certifications?importer=${encodeURIComponent(OTHER_IMPORTER)}`,
    );
    assert.equal(listOther.status, 403, 'nor may it list the certifications naming that importer');
    assert.equal((await call('other', 'GET', '/origin/claims?limit=100')).body.items.length, 0);
  });

  it('the certifications to pick from are those naming my organisation or my client, with their number and issuer by name', async () => {
    const forBroker = await call('broker', 'GET', '/origin/claimable-certifications');
    assert.equal(forBroker.status, 200, JSON.stringify(forBroker.body));
    assert.ok(forBroker.body.items.length >= 1);
    const first = forBroker.body.items[0];
    assert.equal(first.importer.did, IMPORTER);
    assert.equal(first.issuer.name, 'Muebles Artesanales de Jalisco S.A. de C.V.');
    assert.match(first.certificationNumber, /^MX-ACM-2025-/);
    // The other importer is not named by these certifications: it sees none of them.
    const forOther = await call('other', 'GET', '/origin/claimable-certifications');
    assert.deepEqual(forOther.body.items, []);
    const full = await call('broker', 'GET', `/origin/claimable-certifications/${first.hash}`);
    assert.equal(full.status, 200, JSON.stringify(full.body));
    assert.equal(full.body.verifiableCredential.credentialSubject.certificationNumber, first.certificationNumber);
    assert.equal((await call('other', 'GET', `/origin/claimable-certifications/${first.hash}`)).status, 404);
    const forImporter = await call('importer', 'GET', '/origin/claimable-certifications');
    assert.deepEqual(
      forImporter.body.items.map((i: Json) => i.hash).sort(),
      forBroker.body.items.map((i: Json) => i.hash).sort(),
    );
  });

  it('a claim waiting because its certification was not anchored yet is decided when the anchor worker anchors it', async () => {
    const certification = await issued(2);
    const made = await call('broker', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'BRK-0000001-5' }),
      importer: IMPORTER,
      certification: { verifiableCredential: certification.verifiableCredential },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.state, 'MADE', 'not anchored yet: it waits');
    assert.equal(made.body.assessment.outcome, 'REVIEW');
    const worker = env.node.ledger!.startAnchorWorker();
    try {
      const decided = await waitFor(
        async () => {
          const seen = await call('broker', 'GET', `/origin/claims/${made.body.id}`);
          return seen.body.state === 'MADE' ? undefined : seen.body;
        },
        20_000,
        'the claim to be decided once anchored',
      );
      assert.equal(decided.state, 'ACCEPTED', JSON.stringify(decided.assessment));
      assert.equal(decided.assessment.outcome, 'ACCEPT');
      assert.equal(decided.decision.by, 'system');
      assert.ok(decided.certification.anchor !== null, 'the anchor receipt is kept with the claim');
      assert.deepEqual(
        decided.events.map((e: Json) => e.kind),
        ['claim.made', 'claim.reassessed', 'claim.decided'],
      );
    } finally {
      await worker.stop();
    }
  });

  it('a denied claim is corrected: the old one becomes CORRECTED and the corrected line is accepted', async () => {
    const certification = await issued(3);
    const presented = { verifiableCredential: certification.verifiableCredential };
    const denied = await call('importer', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'AB1-0000050-9', importDate: '2024-06-10' }),
      certification: presented,
    });
    assert.equal(denied.status, 201, JSON.stringify(denied.body));
    assert.equal(denied.body.state, 'DENIED', JSON.stringify(denied.body.assessment));
    const corrected = await call('importer', 'POST', `/origin/claims/${denied.body.id}/correction`, {
      ...line({ entryNumber: 'AB1-0000050-9', importDate: '2025-06-10', valueUsd: '2000' }),
    });
    assert.equal(corrected.status, 201, JSON.stringify(corrected.body));
    assert.equal(corrected.body.supersedes, denied.body.id);
    assert.equal((await call('importer', 'GET', `/origin/claims/${denied.body.id}`)).body.state, 'CORRECTED');
    const again = await call('importer', 'POST', `/origin/claims/${denied.body.id}/correction`, line());
    assert.equal(again.status, 409, 'a claim is corrected once');
  });

  it('documents of an answer: 10 MiB streamed to disk and hashed, one byte more is 413 with nothing left, a text file is 415', async () => {
    const claim = await call('importer', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'AB1-0000060-8', valueUsd: '500', commercial: false }),
    });
    assert.equal(claim.body.state, 'MADE', JSON.stringify(claim.body));
    const asked = await call('officer', 'POST', `/origin/claims/${claim.body.id}/requests`, {
      question: 'Send the commercial invoice.',
      documentsRequested: ['Commercial invoice'],
    });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const documents = join(env.dataDir, 'documents');
    const pdf = Buffer.alloc(MAX_UPLOAD_BYTES, 0x20);
    pdf.write('%PDF-1.7\n', 0, 'latin1');
    pdf.write('%%EOF\n', MAX_UPLOAD_BYTES - 6, 'latin1');

    const tooLarge = await upload('importer', asked.body.id, Buffer.concat([pdf, Buffer.from('x')]), 'application/pdf');
    assert.equal(tooLarge.status, 413, JSON.stringify(tooLarge.body));
    assert.equal(tooLarge.body.error.code, 'CL_CLAIM_DOCUMENT_TOO_LARGE');
    assert.deepEqual(filesIn(documents), [], 'nothing partial is left on disk');

    // Without a length announced (chunked), the node counts while it writes and stops at the limit.
    const chunked = await app.inject({
      method: 'POST',
      url: `/origin/requests/${asked.body.id}/documents`,
      headers: { authorization: `Bearer ${tokens.importer}`, 'content-type': 'application/pdf' },
      payload: Readable.from([pdf.subarray(0, 5_000_000), pdf.subarray(5_000_000), Buffer.from('x')]),
    });
    assert.equal(chunked.statusCode, 413, chunked.body);
    assert.equal(chunked.json().error.code, 'CL_CLAIM_DOCUMENT_TOO_LARGE');
    assert.deepEqual(filesIn(documents), [], 'the partial file is removed');

    const text = await upload('importer', asked.body.id, Buffer.from('just some text, no invoice'), 'application/pdf');
    assert.equal(text.status, 415, JSON.stringify(text.body));
    assert.equal(text.body.error.code, 'CL_CLAIM_DOCUMENT_TYPE');
    const disguised = await upload('importer', asked.body.id, pdf, 'image/png');
    assert.equal(disguised.status, 415, 'a PDF sent as a PNG is refused');
    assert.deepEqual(filesIn(documents), []);
    const notAsked = await upload('broker', asked.body.id, pdf, 'application/pdf');
    assert.equal(notAsked.status, 404, 'only the parties see the request; only the party asked uploads');

    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const kept = await upload('importer', asked.body.id, pdf, 'application/pdf', 'Invoice 7781 (scan).pdf');
    assert.equal(kept.status, 201, JSON.stringify(kept.body));
    assert.deepEqual(kept.body, {
      name: 'Invoice 7781 (scan).pdf',
      mediaType: 'application/pdf',
      sha256,
      size: MAX_UPLOAD_BYTES,
    });
    assert.deepEqual(filesIn(documents), [sha256]);
    const tiff = await upload(
      'importer',
      asked.body.id,
      Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 0]),
      'image/tiff',
      'page2.tif',
    );
    assert.equal(tiff.status, 201, JSON.stringify(tiff.body));

    const answered = await call('importer', 'POST', `/origin/requests/${asked.body.id}/answer`, {
      text: 'The invoice is attached.',
      documents: [{ sha256 }],
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.deepEqual(answered.body.answers[0].documents[0], {
      name: 'Invoice 7781 (scan).pdf',
      mediaType: 'application/pdf',
      sha256,
      size: MAX_UPLOAD_BYTES,
    });
    const late = await upload('importer', asked.body.id, pdf, 'application/pdf', 'late.pdf');
    assert.equal(late.status, 409, 'an answered request takes no more documents');
    assert.equal(late.body.error.code, 'CL_ORIGIN_CERTIFICATION_STATE');
    const unknown = await call('importer', 'POST', `/origin/requests/${asked.body.id}/answer`, {
      text: 'Another one.',
      documents: [{ sha256: 'ab'.repeat(32) }],
    });
    assert.notEqual(unknown.status, 200);
    const read = await app.inject({
      method: 'GET',
      url: `/origin/requests/${asked.body.id}/documents/${sha256}`,
      headers: { authorization: `Bearer ${tokens.officer}` },
    });
    assert.equal(read.statusCode, 200);
    assert.equal(read.headers['content-type'], 'application/pdf');
    assert.equal(createHash('sha256').update(read.rawPayload).digest('hex'), sha256);
  });

  it('an upload is written to disk while it arrives, not held in memory until the end', async () => {
    const claim = await call('importer', 'POST', '/origin/claims', {
      ...line({ entryNumber: 'AB1-0000070-7', valueUsd: '500', commercial: false }),
    });
    const asked = await call('officer', 'POST', `/origin/claims/${claim.body.id}/requests`, { question: 'Invoice?' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address() as { port: number };
    const documents = join(env.dataDir, 'documents');
    const before = new Set(filesIn(documents));
    const half = Buffer.alloc(4 * 1024 * 1024, 0x20);
    half.write('%PDF-1.4\n', 0, 'latin1');
    const answer = new Promise<{ status: number; body: Json }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: address.port,
          method: 'POST',
          path: `/origin/requests/${asked.body.id}/documents?name=scan.pdf`,
          headers: {
            authorization: `Bearer ${tokens.importer}`,
            'content-type': 'application/pdf',
            'content-length': String(half.length * 2),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Json }));
        },
      );
      req.on('error', reject);
      req.write(half);
      // Half is sent: the node already holds it in a partial file on disk.
      void waitFor(
        () => {
          const partial = filesIn(documents).find((f) => !before.has(f) && f.startsWith('.upload-'));
          return partial === undefined ? undefined : partial;
        },
        10_000,
        'a partial upload file on disk',
        20,
      ).then(
        () => req.end(half),
        (error: unknown) => {
          req.destroy();
          reject(error);
        },
      );
    });
    const done = await answer;
    assert.equal(done.status, 201, JSON.stringify(done.body));
    assert.equal(done.body.size, half.length * 2);
    assert.ok(!filesIn(documents).some((f) => f.startsWith('.upload-')), 'the partial file became the document');
  });
});
