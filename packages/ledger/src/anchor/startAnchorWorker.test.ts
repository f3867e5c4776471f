import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSigner, issueCredentials, type Store, verifyCredential } from '@clearledger/core';
import { nodeCrypto } from '@clearledger/node';
import { openStore } from '@clearledger/store';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { createLedgerClient, type LedgerClient } from '../client/createLedgerClient.ts';
import { createTestChain, testPrivateKeys } from '../testing/testChain.ts';
import { chainLedgerView } from '../view/chainLedgerView.ts';
import { createStatusIndex } from '../view/statusIndex.ts';
import { startAnchorWorker } from './startAnchorWorker.ts';

const AUTHORITY = 'did:web:cbp.example';
const PRODUCER = 'did:web:producer.example';

describe('anchor worker, ledger client and chain view (real EVM, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearledger-anchor-'));
  let store: Store;
  let authority: LedgerClient;
  let producer: LedgerClient;
  const signer = createSigner(nodeCrypto, { issuer: PRODUCER, seed: nodeCrypto.randomBytes(32) });

  let chain: Awaited<ReturnType<typeof createTestChain>>;
  before(async () => {
    chain = await createTestChain({ accounts: 3 });
    authority = createLedgerClient({
      transport: chain.transport,
      chainId: chain.chain.id,
      privateKey: testPrivateKeys[0],
    });
    const contracts = await authority.deploy(AUTHORITY);
    producer = createLedgerClient({
      transport: chain.transport,
      chainId: chain.chain.id,
      privateKey: testPrivateKeys[1],
      contracts,
    });
    await authority.registerOrganization(PRODUCER, producer.address, ['PRODUCER']);
    await producer.addKey(PRODUCER, signer.publicKeyMultibase, '2024-01-01T00:00:00Z');
    store = await openStore({ kind: 'sqlite', file: join(dir, 'store.sqlite') });
    await store.putOrganization({
      id: PRODUCER,
      did: PRODUCER,
      name: 'Producer',
      country: 'MX',
      roles: ['PRODUCER'],
      active: true,
      createdAt: new Date().toISOString(),
    });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const issue = async (n: number) => {
    const result = await issueCredentials(
      { store, crypto: nodeCrypto, now: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
      {
        orgId: PRODUCER,
        signer,
        credentials: Array.from({ length: n }, (_, i) => usmcaCertification({ issuer: PRODUCER, serial: i })),
      },
    );
    assert.ok(result.success);
    return result.issued;
  };

  it('seals and anchors pending credentials; they then verify VALID against the chain', async () => {
    const issued = await issue(25);
    const worker = startAnchorWorker({
      store,
      crypto: nodeCrypto,
      clients: new Map([[PRODUCER, producer]]),
      maxLatencyMs: 60_000,
    });
    const result = await worker.runOnce();
    await worker.stop();
    assert.deepEqual(result, { sealed: 25, anchored: 25 });
    const row = await store.getCredential(PRODUCER, issued[0]!.id);
    assert.equal(row.status, 'anchored');

    const view = chainLedgerView({ client: authority, statuses: createStatusIndex(authority), store });
    for (const credential of issued.slice(0, 5)) {
      const report = await verifyCredential(
        { crypto: nodeCrypto, now: new Date().toISOString(), ledger: view },
        { credential: credential.credential },
      );
      assert.equal(
        report.verdict,
        'VALID',
        JSON.stringify(
          report.checks.filter((c) => c.status !== 'VALID'),
          null,
          1,
        ),
      );
      assert.equal(report.ledgerSource?.kind, 'live');
    }
  });

  it('a revocation is effective in the next block', async () => {
    const [credential] = await issue(1);
    const worker = startAnchorWorker({
      store,
      crypto: nodeCrypto,
      clients: new Map([[PRODUCER, producer]]),
      maxLatencyMs: 60_000,
    });
    await worker.runOnce();
    await worker.stop();
    const view = chainLedgerView({ client: authority, statuses: createStatusIndex(authority), store });
    const ctx = { crypto: nodeCrypto, now: new Date().toISOString(), ledger: view };
    assert.equal((await verifyCredential(ctx, { credential: credential!.credential })).verdict, 'VALID');
    await producer.setStatus(credential!.hash, 'REVOKED', 'CERTIFIER_ERROR');
    const report = await verifyCredential(ctx, { credential: credential!.credential });
    assert.equal(report.verdict, 'INVALID');
    assert.equal(report.checks.find((c) => c.check === 'status')?.code, 'CL_VERIFY_REVOKED');
    // Another organisation cannot change the producer's statuses.
    await authority.setStatus(credential!.hash, 'ACTIVE').catch(() => undefined);
    assert.equal((await verifyCredential(ctx, { credential: credential!.credential })).verdict, 'INVALID');
  });

  it('a root sent before a crash is recorded without a second transaction', async () => {
    await issue(3);
    const worker = startAnchorWorker({
      store,
      crypto: nodeCrypto,
      clients: new Map([[PRODUCER, producer]]),
      maxLatencyMs: 60_000,
    });
    await worker.stop();
    // Seal, then send the anchor transaction "just before the crash" without recording it.
    const { sealPendingBatch } = await import('@clearledger/core');
    const batch = await sealPendingBatch(
      { store, crypto: nodeCrypto, now: new Date().toISOString() },
      { orgId: PRODUCER, maxSize: 100 },
    );
    assert.ok(batch);
    const sent = await producer.anchorRoots([{ root: batch.root, count: batch.size }]);
    const blockBefore = await producer.blockNumber();
    const restarted = startAnchorWorker({
      store,
      crypto: nodeCrypto,
      clients: new Map([[PRODUCER, producer]]),
      maxLatencyMs: 60_000,
    });
    const result = await restarted.runOnce();
    await restarted.stop();
    assert.equal(result.anchored, 3);
    assert.equal(await producer.blockNumber(), blockBefore, 'no new transaction');
    const recorded = await store.getBatch(PRODUCER, batch.batchId);
    assert.equal(recorded.anchor?.txHash, sent.txHash);
  });

  it('parallel writes from one account get distinct nonces and all land', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        producer.setStatus(i.toString(16).padStart(64, '0'), 'SUSPENDED', `parallel ${i}`),
      ),
    );
    assert.equal(new Set(results.map((r) => r.txHash)).size, 20);
    const nonces = await Promise.all(
      results.map((r) => producer.publicClient.getTransaction({ hash: r.txHash }).then((t) => t.nonce)),
    );
    assert.equal(new Set(nonces).size, 20);
    // A fresh client for the same account (a restarted node) continues from the chain's count.
    const restarted = createLedgerClient({
      transport: chain.transport,
      chainId: chain.chain.id,
      privateKey: testPrivateKeys[1],
      contracts: producer.contracts!,
    });
    const after = await restarted.setStatus('ff'.repeat(32), 'SUSPENDED');
    const nonce = (await producer.publicClient.getTransaction({ hash: after.txHash })).nonce;
    assert.equal(nonce, Math.max(...nonces) + 1);
  });

  it('maps contract errors to CL_LEDGER_* codes', async () => {
    await assert.rejects(producer.registerOrganization('did:web:x.example', authority.address, ['IMPORTER']), {
      code: 'CL_LEDGER_NOT_AUTHORIZED',
    });
    await assert.rejects(authority.anchorRoots([{ root: 'ab'.repeat(32), count: 0 }]), (e: { code: string }) =>
      e.code.startsWith('CL_LEDGER_'),
    );
  });
});
