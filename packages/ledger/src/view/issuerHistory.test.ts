import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createSigner,
  issueCredential,
  issueCredentials,
  type LedgerView,
  type Role,
  type SealPendingBatchResult,
  type Signer,
  type Store,
  sealPendingBatch,
  type VerificationReport,
  verifyCredential,
} from '@clearledger/core';
import { nodeCrypto } from '@clearledger/node';
import { openStore } from '@clearledger/store';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { startAnchorWorker } from '../anchor/startAnchorWorker.ts';
import { createLedgerClient, type LedgerClient } from '../client/createLedgerClient.ts';
import { createTestChain, testPrivateKeys } from '../testing/testChain.ts';
import { chainLedgerView } from './chainLedgerView.ts';
import { indexedLedgerView } from './indexedLedgerView.ts';
import { createSnapshotIndex } from './snapshotIndex.ts';
import { createStatusIndex } from './statusIndex.ts';

const AUTHORITY = 'did:web:cbp.example';
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const issuerCheck = (report: VerificationReport) => report.checks.find((c) => c.check === 'issuer')!;
const notValid = (report: VerificationReport) =>
  JSON.stringify(
    report.checks.filter((c) => c.status !== 'VALID'),
    null,
    1,
  );

/**
 * Roles, the active flag and anchors as of issuance, on a real EVM with the real store, anchor worker
 * and both live views (contract calls, and the event index the node verifies with).
 */
describe('issuer facts as of issuance, anchors per organisation (real EVM, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearledger-history-'));
  let chain: Awaited<ReturnType<typeof createTestChain>>;
  let authority: LedgerClient;
  let store: Store;
  let views: { name: string; view: LedgerView }[];
  let orgs = 0;

  before(async () => {
    chain = await createTestChain({ accounts: 2 });
    authority = createLedgerClient({
      transport: chain.transport,
      chainId: chain.chain.id,
      privateKey: testPrivateKeys[0],
    });
    await authority.deploy(AUTHORITY);
    store = await openStore({ kind: 'sqlite', file: join(dir, 'store.sqlite') });
    views = [
      {
        name: 'chainLedgerView',
        view: chainLedgerView({ client: authority, statuses: createStatusIndex(authority), store }),
      },
      { name: 'indexedLedgerView', view: indexedLedgerView({ snapshots: createSnapshotIndex(authority), store }) },
    ];
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A new organisation on the chain and in the store: its own funded account and a registered key. */
  const organisation = async (roles: Role[]) => {
    const did = `did:web:org-${++orgs}.example`;
    const privateKey = generatePrivateKey();
    const client = createLedgerClient({
      transport: chain.transport,
      chainId: chain.chain.id,
      privateKey,
      contracts: authority.contracts!,
    });
    await chain.provider.request({
      method: 'hardhat_setBalance',
      params: [privateKeyToAccount(privateKey).address, '0x3635C9ADC5DEA00000'],
    } as never);
    await authority.registerOrganization(did, client.address, roles);
    const signer = createSigner(nodeCrypto, { issuer: did, seed: nodeCrypto.randomBytes(32) });
    await client.addKey(did, signer.publicKeyMultibase, '2024-01-01T00:00:00Z');
    await store.putOrganization({ id: did, did, name: did, country: 'MX', roles, active: true, createdAt: now() });
    return { did, client, signer };
  };

  /** Issues through the node's issuance path, judged against the node's live view. */
  const issue = (org: { did: string; signer: Signer }, n: number, ledger: LedgerView = views[1]!.view) =>
    issueCredentials(
      { store, crypto: nodeCrypto, now: now(), ledger },
      {
        orgId: org.did,
        signer: org.signer,
        credentials: Array.from({ length: n }, (_, i) => usmcaCertification({ issuer: org.did, serial: i })),
      },
    );

  const anchorAll = async (org: { did: string; client: LedgerClient }) => {
    const worker = startAnchorWorker({
      store,
      crypto: nodeCrypto,
      clients: new Map([[org.did, org.client]]),
      maxLatencyMs: 60_000,
    });
    try {
      return await worker.runOnce();
    } finally {
      await worker.stop();
    }
  };

  const verifyOn = (view: LedgerView, credential: unknown) =>
    verifyCredential({ crypto: nodeCrypto, now: new Date().toISOString(), ledger: view }, { credential });

  it('deactivating an organisation keeps its anchored records VALID and stops new ones', async () => {
    const producer = await organisation(['PRODUCER']);
    const issued = await issue(producer, 2);
    assert.ok(issued.success, JSON.stringify(issued));
    assert.equal((await anchorAll(producer)).anchored, 2);

    await authority.setActive(producer.did, false);
    for (const { name, view } of views) {
      for (const record of issued.issued) {
        const report = await verifyOn(view, record.credential);
        assert.equal(report.verdict, 'VALID', `${name}: ${notValid(report)}`);
      }
    }

    // No new records: issuance refuses with the verifier's reason…
    const refused = await issue(producer, 1);
    assert.equal(refused.success, false);
    assert.deepEqual(!refused.success && refused.problems.map((p) => [p.index, p.code, p.field]), [
      [0, 'CL_VERIFY_ISSUER_INACTIVE', '/issuer'],
    ]);
    // …and one signed anyway (outside the node) cannot be anchored and verifies INVALID.
    const signed = issueCredential(
      { crypto: nodeCrypto, now: now() },
      { credential: usmcaCertification({ issuer: producer.did, serial: 99 }), signer: producer.signer },
    );
    assert.ok(signed.success);
    for (const { name, view } of views) {
      const report = await verifyOn(view, signed.credential);
      assert.equal(report.verdict, 'INVALID', name);
      assert.equal(issuerCheck(report).code, 'CL_VERIFY_ISSUER_INACTIVE', name);
    }
    await assert.rejects(producer.client.anchorRoots([{ root: 'ab'.repeat(32), count: 1 }]), {
      code: 'CL_LEDGER_NOT_AUTHORIZED',
    });
  });

  it('removing a role keeps the records issued while it was held VALID and refuses new ones', async () => {
    const exporter = await organisation(['EXPORTER', 'BROKER']);
    const issued = await issue(exporter, 1);
    assert.ok(issued.success, JSON.stringify(issued));
    await anchorAll(exporter);

    await authority.setRoles(exporter.did, ['BROKER']);
    for (const { name, view } of views) {
      const report = await verifyOn(view, issued.issued[0]!.credential);
      assert.equal(report.verdict, 'VALID', `${name}: ${notValid(report)}`);
    }
    const refused = await issue(exporter, 1);
    assert.deepEqual(!refused.success && refused.problems.map((p) => [p.code, p.field]), [
      ['CL_VERIFY_ROLE_NOT_ALLOWED', '/type'],
    ]);
    const signed = issueCredential(
      { crypto: nodeCrypto, now: now() },
      { credential: usmcaCertification({ issuer: exporter.did, serial: 7 }), signer: exporter.signer },
    );
    assert.ok(signed.success);
    for (const { name, view } of views) {
      const report = await verifyOn(view, signed.credential);
      assert.equal(issuerCheck(report).code, 'CL_VERIFY_ROLE_NOT_ALLOWED', name);
    }
    // Granting it again: new records may be issued again.
    await authority.setRoles(exporter.did, ['BROKER', 'EXPORTER']);
    assert.equal((await issue(exporter, 1)).success, true);
  });

  it('while the chain cannot be read, issuance goes on with the roles the node’s store knows', async () => {
    const producer = await organisation(['PRODUCER']);
    const down: LedgerView = {
      ...views[1]!.view,
      issuerFacts: () => Promise.reject(new Error('chain unreachable')),
    };
    assert.equal((await issue(producer, 1, down)).success, true);
    const lpco = await issueCredentials(
      { store, crypto: nodeCrypto, now: now(), ledger: down },
      {
        orgId: producer.did,
        signer: producer.signer,
        credentials: [
          { ...usmcaCertification({ issuer: producer.did }), type: ['VerifiableCredential', 'LpcoCredential'] },
        ],
      },
    );
    assert.deepEqual(!lpco.success && lpco.problems.map((p) => p.code), ['CL_VERIFY_ROLE_NOT_ALLOWED']);
  });

  it('front-running: another organisation anchoring a pending root first neither blocks the issuer nor lends it its anchor', async () => {
    const producer = await organisation(['PRODUCER']);
    const squatter = await organisation(['IMPORTER']);
    const issued = await issue(producer, 3);
    assert.ok(issued.success);
    const batch = (await sealPendingBatch(
      { store, crypto: nodeCrypto, now: now() },
      { orgId: producer.did, maxSize: 100 },
    )) as NonNullable<SealPendingBatchResult>;
    // The squatter copies the sealed root (as it would from the pending transaction) and lands first.
    const squat = await squatter.client.anchorRoots([{ root: batch.root, count: batch.size }]);

    // Only the issuer's own anchor counts: with just the squatter's, a receipt naming the root is refused.
    const row = await store.findReceipt(issued.issued[0]!.hash);
    assert.ok(row?.leafIndex !== null && row?.inclusionProof != null);
    const receipt = { root: batch.root, leafIndex: row.leafIndex!, treeSize: batch.size, proof: row.inclusionProof };
    for (const { name, view } of views) {
      const report = await verifyCredential(
        { crypto: nodeCrypto, now: new Date().toISOString(), ledger: view },
        { credential: issued.issued[0]!.credential, anchor: receipt },
      );
      assert.equal(report.verdict, 'INVALID', name);
      assert.equal(report.checks.find((c) => c.check === 'anchor')?.code, 'CL_VERIFY_ANCHOR_NOT_ON_LEDGER', name);
    }
    const result = await anchorAll(producer); // RootTaken here before anchors were per organisation
    assert.equal(result.anchored, 3);
    const ownBlock = (await store.getBatch(producer.did, batch.batchId)).anchor?.blockNumber;
    assert.ok(ownBlock !== undefined && ownBlock > squat.blockNumber);

    for (const { name, view } of views) {
      assert.equal((await view.anchorFacts(batch.root, squatter.did))?.blockNumber, squat.blockNumber, name);
      assert.equal((await view.anchorFacts(batch.root, producer.did))?.blockNumber, ownBlock, name);
      for (const record of issued.issued) {
        const report = await verifyOn(view, record.credential);
        assert.equal(report.verdict, 'VALID', `${name}: ${notValid(report)}`);
        const anchor = report.checks.find((c) => c.check === 'anchor')!;
        assert.equal(anchor.details?.blockNumber, ownBlock, `${name}: the issuer's anchor, not the squatter's`);
      }
    }
  });
});
