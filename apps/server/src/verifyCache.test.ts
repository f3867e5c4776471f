import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AnchorReceipt, issueCredentials, sealPendingBatch } from '@clearledger/core';
import type { FastifyInstance } from 'fastify';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { waitFor } from '../../../test/helpers/programs.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';

type Json = Record<string, any>;

/** Verified at the real clock: signed today, so the certification is within its acceptance period (CO-08). */
const today = () => new Date().toISOString().slice(0, 10);

describe('POST /credentials/verify: one forged receipt cannot poison the verdicts of a batch', () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
  let worker: { stop(): Promise<void> } | undefined;
  const auth = { authorization: 'Bearer verify-cache-operator' };
  let records: { verifiableCredential: Json; anchor: AnchorReceipt }[] = [];

  before(async () => {
    env = await tempNode({ CLEARLEDGER_CHAIN_RPC_PORT: 'off' }, { ledger: true });
    app = await buildApp({ node: env.node, operatorToken: 'verify-cache-operator' });
    const issued = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: auth,
      payload: {
        credentials: [1, 2, 3].map((serial) =>
          usmcaCertification({ issuer: env.node.operatorOrgId, serial, signedOn: today() }),
        ),
      },
    });
    assert.equal(issued.statusCode, 201, issued.body);
    const ids = (issued.json().issued as Json[]).map((c) => c.id as string);
    // Started after the three are pending: the worker seals them as one batch of three.
    worker = env.node.ledger!.startAnchorWorker();
    records = await waitFor(
      async () => {
        const got = await Promise.all(
          ids.map(async (id) =>
            (await app.inject({ method: 'GET', url: `/credentials/${encodeURIComponent(id)}`, headers: auth })).json(),
          ),
        );
        return got.every((r) => r.anchor !== null) ? got : undefined;
      },
      20_000,
      'the batch to be anchored',
    );
    // Every verification of this suite runs on the node's verification workers (each with its own
    // inclusion cache), as they do under load.
    await env.node.prepareVerifying();
  });
  after(async () => {
    await worker?.stop();
    await app.close();
    await env.dispose();
  });

  const verify = async (verifiableCredential: Json, anchor: AnchorReceipt) => {
    const res = await app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential, anchor },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as {
      verdict: string;
      checks: { check: string; status: string; code: string; message: string }[];
    };
  };

  it('leaf 2 of the 3-leaf batch presented as index 1 of a 2-leaf batch is INVALID, and all three genuine records stay VALID', async () => {
    assert.deepEqual(
      records.map((r) => [r.anchor.leafIndex, r.anchor.treeSize]),
      [
        [0, 3],
        [1, 3],
        [2, 3],
      ],
    );
    const third = records[2]!;
    const forged = { ...third.anchor, leafIndex: 1, treeSize: 2 };
    const attack = await verify(third.verifiableCredential, forged);
    assert.equal(attack.verdict, 'INVALID');
    const anchorCheck = attack.checks.find((c) => c.check === 'anchor')!;
    assert.equal(anchorCheck.code, 'CL_VERIFY_ANCHOR_PROOF');
    assert.match(anchorCheck.message, /claims a batch of 2, but 3 were anchored/);
    for (const [i, r] of records.entries()) {
      const report = await verify(r.verifiableCredential, r.anchor);
      assert.equal(
        report.verdict,
        'VALID',
        `record ${i}: ${JSON.stringify(report.checks.filter((c) => c.status !== 'VALID'))}`,
      );
    }
    // And again after every genuine receipt warmed the cache: the forgery is still refused.
    assert.equal((await verify(third.verifiableCredential, forged)).verdict, 'INVALID');
  });

  it('a record revoked through the API is INVALID on the very next verification, on every worker', async () => {
    const record = records[0]!;
    const before = await Promise.all([1, 2, 3, 4].map(() => verify(record.verifiableCredential, record.anchor)));
    for (const report of before) assert.equal(report.verdict, 'VALID');
    const revoked = await app.inject({
      method: 'POST',
      url: '/credentials/status',
      headers: auth,
      payload: { credentialId: record.verifiableCredential.id, status: 'REVOKED', reason: 'withdrawn' },
    });
    assert.equal(revoked.statusCode, 200, revoked.body);
    const after = await Promise.all([1, 2, 3, 4].map(() => verify(record.verifiableCredential, record.anchor)));
    for (const report of after) {
      assert.equal(report.verdict, 'INVALID');
      assert.equal(report.checks.find((c) => c.check === 'status')?.code, 'CL_VERIFY_REVOKED');
    }
  });
});

describe("POST /credentials/verify on a node without its chain: the store's view does not know statuses", () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
  before(async () => {
    env = await tempNode();
    app = await buildApp({ node: env.node, operatorToken: 'local-view-operator' });
  });
  after(async () => {
    await app.close();
    await env.dispose();
  });

  it('an anchored record is INCONCLUSIVE with the status check SKIPPED (CL_VERIFY_STATUS_UNKNOWN), never VALID', async () => {
    const { node } = env;
    const signer = await node.signerFor(node.operatorOrgId);
    const now = new Date().toISOString();
    const issued = await issueCredentials(
      { store: node.store, crypto: node.crypto, now },
      {
        orgId: node.operatorOrgId,
        signer,
        credentials: [usmcaCertification({ issuer: signer.issuer, signedOn: today() })],
      },
    );
    assert.ok(issued.success);
    const batch = await sealPendingBatch(
      { store: node.store, crypto: node.crypto, now },
      { orgId: node.operatorOrgId, maxSize: 10 },
    );
    assert.ok(batch);
    await node.store.markBatchAnchored(node.operatorOrgId, batch.batchId, {
      chainId: 1337,
      txHash: `0x${'ab'.repeat(32)}`,
      blockNumber: 7,
      anchoredAt: now,
    });
    const res = await app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential: issued.issued[0]!.credential },
    });
    const report = res.json() as { verdict: string; ledgerSource: unknown; checks: Json[] };
    assert.deepEqual(report.ledgerSource, { kind: 'local' });
    assert.deepEqual(
      report.checks.map((c) => `${c.check}:${c.status}`),
      [
        'format:VALID',
        'integrity:VALID',
        'issuer:VALID',
        'anchor:VALID',
        'status:SKIPPED',
        'validity:VALID',
        'domain:VALID',
      ],
    );
    const status = report.checks.find((c) => c.check === 'status')!;
    assert.equal(status.code, 'CL_VERIFY_STATUS_UNKNOWN');
    assert.match(status.message, /does not know whether the issuer revoked or suspended/);
    assert.equal(report.verdict, 'INCONCLUSIVE');
  });
});
