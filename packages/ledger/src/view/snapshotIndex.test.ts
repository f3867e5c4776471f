import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  decodePublicKeyMultibase,
  encodePublicKeyMultibase,
  type LedgerSnapshot,
  snapshotLedgerView,
} from '@clearledger/core';
import { createWalletClient, toHex } from 'viem';
import { createLedgerClient, type LedgerClient } from '../client/createLedgerClient.ts';
import { organizationId } from '../contracts/organizationId.ts';
import { trustRegistryAbi } from '../generated/contracts.generated.ts';
import { createTestChain, testPrivateKeys } from '../testing/testChain.ts';
import { chainLedgerView } from './chainLedgerView.ts';
import { createSnapshotIndex } from './snapshotIndex.ts';
import { createStatusIndex } from './statusIndex.ts';

const CBP = 'did:web:cbp.gov';
const PRODUCER = 'did:web:aceros-del-norte.mx';
const IMPORTER = 'did:web:great-lakes-imports.us';
const BROKER = 'did:web:border-brokers.us';
const STRANGER = 'did:web:never-registered.example';

const T0 = Date.parse('2025-01-01T00:00:00Z') / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const newKey = () => encodePublicKeyMultibase(randomBytes(32));
const newHash = () => randomBytes(32).toString('hex');

/** A fresh chain with the contracts deployed by CBP, and a ledger client per account. */
async function network() {
  const testChain = await createTestChain({ accounts: 4 });
  const clientOf = (index: 0 | 1 | 2 | 3) =>
    createLedgerClient({
      transport: testChain.transport,
      chainId: testChain.chain.id,
      privateKey: testPrivateKeys[index],
    });
  const authority = clientOf(0);
  const contracts = await authority.deploy(CBP);
  const producer = clientOf(1);
  const importer = clientOf(2);
  const broker = clientOf(3);
  for (const c of [producer, importer, broker]) c.setContracts(contracts);
  return { testChain, authority, producer, importer, broker };
}

/** What to compare: every (issuer, key) pair, every root and every (hash, issuer) pair. */
type Probe = { issuers: string[]; keys: string[]; roots: string[]; statuses: [hash: string, issuer: string][] };

/**
 * Asserts that the offline view over the snapshot answers every probe exactly as the live view over
 * the chain does — issuer facts now and at every block (roles and the active flag are history),
 * anchors per (root, issuer) — and that the snapshot is as of the chain head. Returns the snapshot.
 */
async function assertSameFacts(client: LedgerClient, snapshot: LedgerSnapshot, probe: Probe) {
  const live = chainLedgerView({ client, statuses: createStatusIndex(client) });
  const offline = snapshotLedgerView(snapshot);
  const head = await client.blockNumber();
  assert.equal(snapshot.blockNumber, head);
  const headTime = (await client.publicClient.getBlock({ blockNumber: BigInt(head) })).timestamp;
  assert.equal(snapshot.asOf, iso(Number(headTime)));
  for (const issuer of [...probe.issuers, STRANGER])
    for (const key of [...probe.keys, newKey()])
      assert.deepEqual(
        await offline.issuerFacts(issuer, key),
        await live.issuerFacts(issuer, key),
        `issuerFacts(${issuer}, ${key})`,
      );
  // Every block of a short history (and the head and beyond of a long one).
  const blocks = [...new Set([...Array.from({ length: Math.min(head, 100) + 1 }, (_, b) => b), head, head + 1])];
  for (const issuer of [...probe.issuers, STRANGER])
    for (const blockNumber of blocks)
      assert.deepEqual(
        await offline.issuerFacts(issuer, probe.keys[0] ?? newKey(), { blockNumber }),
        await live.issuerFacts(issuer, probe.keys[0] ?? newKey(), { blockNumber }),
        `issuerFacts(${issuer}) at block ${blockNumber}`,
      );
  for (const root of [...probe.roots, newHash()])
    for (const issuer of [...probe.issuers, STRANGER])
      assert.deepEqual(
        await offline.anchorFacts(root, issuer),
        await live.anchorFacts(root, issuer),
        `anchorFacts(${root}, ${issuer})`,
      );
  for (const [hash, issuer] of [...probe.statuses, [newHash(), PRODUCER] as [string, string]])
    assert.deepEqual(
      await offline.statusFacts(hash, issuer),
      await live.statusFacts(hash, issuer),
      `statusFacts(${hash}, ${issuer})`,
    );
  return snapshot;
}

describe('createSnapshotIndex (real contracts, in-process EVM)', () => {
  it('gives snapshotLedgerView the same facts as chainLedgerView through a whole history', async () => {
    const { authority, producer, importer, broker } = await network();
    const index = createSnapshotIndex(authority);
    const probe: Probe = { issuers: [CBP, PRODUCER, IMPORTER, BROKER], keys: [], roots: [], statuses: [] };
    const step = async () => {
      await index.sync();
      return assertSameFacts(authority, index.snapshot(), probe);
    };
    const org = (snapshot: LedgerSnapshot, did: string) => snapshot.organizations.find((o) => o.id === did);

    // The deployment registers the network authority.
    let snapshot = await step();
    assert.deepEqual(org(snapshot, CBP), {
      id: CBP,
      active: true,
      roles: ['NETWORK_AUTHORITY', 'CUSTOMS'],
      history: [{ blockNumber: 1, active: true, roles: ['NETWORK_AUTHORITY', 'CUSTOMS'] }],
      keys: [],
    });

    await authority.registerOrganization(PRODUCER, producer.address, ['PRODUCER', 'EXPORTER']);
    await authority.registerOrganization(IMPORTER, importer.address, ['IMPORTER']);
    snapshot = await step();
    assert.deepEqual(org(snapshot, PRODUCER)?.roles, ['EXPORTER', 'PRODUCER']);

    // Keys: open-ended and bounded, then a rotation and a revocation moved earlier.
    const [p1, p2, i1] = [newKey(), newKey(), newKey()];
    probe.keys.push(p1, p2, i1);
    await producer.addKey(PRODUCER, p1, iso(T0));
    await importer.addKey(IMPORTER, i1, iso(T0), iso(T0 + 86_400));
    snapshot = await step();
    assert.deepEqual(org(snapshot, IMPORTER)?.keys, [
      { publicKeyMultibase: i1, validFrom: iso(T0), validUntil: iso(T0 + 86_400), revokedAt: null },
    ]);

    await producer.rotateKey(PRODUCER, p1, p2, iso(T0 + 3_600));
    snapshot = await step();
    assert.deepEqual(
      org(snapshot, PRODUCER)?.keys.map((k) => [k.publicKeyMultibase, k.validFrom, k.validUntil]),
      [
        [p1, iso(T0), iso(T0 + 3_600)],
        [p2, iso(T0 + 3_600), null],
      ],
    );

    await producer.revokeKey(PRODUCER, p2, iso(T0 + 7_200));
    await step();
    await producer.revokeKey(PRODUCER, p2, iso(T0 + 3_600));
    snapshot = await step();
    assert.equal(org(snapshot, PRODUCER)?.keys[1]?.revokedAt, iso(T0 + 3_600));

    // Anchors: single, batch, and a batch repeating an anchored root (no second event).
    const [r1, r2, r3, r4] = [newHash(), newHash(), newHash(), newHash()];
    probe.roots.push(r1, r2, r3, r4);
    const single = await producer.anchorRoots([{ root: r1, count: 3 }]);
    await importer.anchorRoots([
      { root: r2, count: 1 },
      { root: `0x${r3}`, count: 250 },
    ]);
    await producer.anchorRoots([
      { root: r1, count: 3 },
      { root: r4, count: 7 },
    ]);
    snapshot = await step();
    assert.equal(snapshot.anchors.length, 4);
    assert.deepEqual(
      snapshot.anchors.find((a) => a.root === r1),
      {
        root: r1,
        issuer: PRODUCER,
        size: 3,
        blockNumber: single.blockNumber,
        anchoredAt: (await authority.getAnchor(PRODUCER, r1))?.anchoredAt,
        chainId: authority.chain.id,
      },
    );

    // Statuses: suspend, revoke, reinstate.
    const [h1, h2, h3] = [newHash(), newHash(), newHash()];
    probe.statuses.push([h1, PRODUCER], [h2, PRODUCER], [h3, IMPORTER]);
    await producer.setStatus(h1, 'SUSPENDED', 'UNDER_VERIFICATION');
    await producer.setStatus(h2, 'REVOKED', 'CERTIFIER_ERROR');
    await importer.setStatus(h3, 'SUSPENDED');
    snapshot = await step();
    assert.deepEqual(Object.keys(snapshot.statuses).sort(), [h1, h2, h3].sort());
    assert.equal(snapshot.statuses[h2]?.[0]?.reason, 'CERTIFIER_ERROR');

    await producer.setStatus(h1, 'ACTIVE');
    snapshot = await step();
    assert.equal(snapshot.statuses[h1], undefined, 'a reinstated credential has no entry');

    // Deactivation and role changes; an inactive organisation may still revoke keys and credentials.
    await authority.setActive(IMPORTER, false);
    await authority.setRoles(PRODUCER, ['PRODUCER']);
    snapshot = await step();
    assert.equal(org(snapshot, IMPORTER)?.active, false);
    assert.deepEqual(org(snapshot, PRODUCER)?.roles, ['PRODUCER']);
    // …without rewriting the past: at the block of the producer's first anchor it held EXPORTER too.
    assert.deepEqual(
      (await snapshotLedgerView(snapshot).issuerFacts(PRODUCER, p1, { blockNumber: single.blockNumber })).organization,
      { id: PRODUCER, active: true, roles: ['EXPORTER', 'PRODUCER'] },
    );

    await importer.revokeKey(IMPORTER, i1, iso(T0 + 60));
    await importer.setStatus(h3, 'REVOKED', 'WITHDRAWN');
    await authority.setActive(IMPORTER, true);
    await step();

    // A late newcomer: its registration, key and anchor arrive in a later sync.
    const b1 = newKey();
    const r5 = newHash();
    probe.keys.push(b1);
    probe.roots.push(r5);
    await authority.registerOrganization(BROKER, broker.address, ['BROKER']);
    await broker.addKey(BROKER, b1, iso(T0));
    await broker.anchorRoots([{ root: r5, count: 2 }]);
    snapshot = await step();
    assert.equal(snapshot.anchors.find((a) => a.root === r5)?.issuer, BROKER);

    // Front-running: the broker anchors the producer's root r4 under its own name; both anchors stand.
    await broker.anchorRoots([{ root: r4, count: 1 }]);
    snapshot = await step();
    assert.deepEqual(
      snapshot.anchors.filter((a) => a.root === r4).map((a) => [a.issuer, a.size]),
      [
        [PRODUCER, 7],
        [BROKER, 1],
      ],
    );
  });

  it('survives a JSON round trip with the same answers', async () => {
    const { authority, producer } = await network();
    await authority.registerOrganization(PRODUCER, producer.address, ['PRODUCER']);
    const [key, root, revoked, suspended] = [newKey(), newHash(), newHash(), newHash()];
    await producer.addKey(PRODUCER, key, iso(T0));
    await producer.rotateKey(PRODUCER, key, newKey(), iso(T0 + 10));
    await producer.anchorRoots([{ root, count: 4 }]);
    await producer.setStatus(revoked, 'REVOKED', 'CERTIFIER_ERROR');
    await producer.setStatus(suspended, 'SUSPENDED');
    const index = createSnapshotIndex(authority);
    await index.sync();
    const snapshot = index.snapshot();
    const copy = JSON.parse(JSON.stringify(snapshot)) as LedgerSnapshot;
    assert.deepEqual(copy, snapshot);
    await assertSameFacts(authority, copy, {
      issuers: [PRODUCER],
      keys: [key],
      roots: [root],
      statuses: [
        [revoked, PRODUCER],
        [suspended, PRODUCER],
      ],
    });
    // A snapshot is a copy: changing it changes neither the index nor the next snapshot.
    snapshot.organizations[0]!.roles.push('CUSTOMS');
    assert.deepEqual(index.snapshot(), copy);
  });

  it('reads only new blocks on each sync, in bounded ranges, sharing one run between concurrent callers', async () => {
    const { testChain, authority, producer } = await network();
    const ranges: [number, number][] = [];
    const spied: LedgerClient = {
      ...authority,
      publicClient: {
        ...authority.publicClient,
        getLogs: ((parameters: { fromBlock: bigint; toBlock: bigint }) => {
          ranges.push([Number(parameters.fromBlock), Number(parameters.toBlock)]);
          return authority.publicClient.getLogs(parameters as never);
        }) as typeof authority.publicClient.getLogs,
      },
    };
    const index = createSnapshotIndex(spied);
    assert.equal(index.blockNumber, -1);
    assert.throws(() => index.snapshot(), { code: 'CL_LEDGER_UNAVAILABLE' });

    const first = await index.sync();
    assert.deepEqual(ranges, [[0, first]]);

    await authority.registerOrganization(PRODUCER, producer.address, ['PRODUCER']);
    const [a, b] = await Promise.all([index.sync(), index.sync()]);
    assert.equal(a, await authority.blockNumber());
    assert.equal(b, a);
    assert.deepEqual(ranges.slice(1), [[first + 1, a]], 'one read of the new block for both callers');
    assert.ok(index.snapshot().organizations.some((o) => o.id === PRODUCER));

    assert.equal(await index.sync(), a);
    assert.equal(ranges.length, 2, 'nothing new, nothing read');

    // 12,000 empty blocks, then an anchor: read in spans of at most 5,000 blocks, none skipped.
    await testChain.provider.request({ method: 'hardhat_mine', params: ['0x2ee0'] } as never);
    const root = newHash();
    await producer.anchorRoots([{ root, count: 1 }]);
    const head = await index.sync();
    const later = ranges.slice(2);
    assert.deepEqual(later[0]?.[0], a + 1);
    assert.equal(later.at(-1)?.[1], head);
    for (const [i, [from, to]] of later.entries()) {
      assert.ok(to - from + 1 <= 5_000, `range ${from}-${to}`);
      if (i > 0) assert.equal(from, later[i - 1]![1] + 1);
    }
    assert.equal(later.length, 3);
    await assertSameFacts(authority, index.snapshot(), { issuers: [PRODUCER], keys: [], roots: [root], statuses: [] });
  });

  it('does not read before the contracts are known', async () => {
    const testChain = await createTestChain({ accounts: 1 });
    const client = createLedgerClient({
      transport: testChain.transport,
      chainId: testChain.chain.id,
      privateKey: testPrivateKeys[0],
    });
    const index = createSnapshotIndex(client);
    assert.equal(await index.sync(), -1);
    await client.deploy(CBP);
    assert.equal(await index.sync(), await client.blockNumber());
    assert.deepEqual(
      index.snapshot().organizations.map((o) => o.id),
      [CBP],
    );
  });

  it("keeps each organisation's status apart: a status another organisation set never counts for the issuer", async () => {
    const { authority, producer, importer } = await network();
    await authority.registerOrganization(PRODUCER, producer.address, ['PRODUCER']);
    await authority.registerOrganization(IMPORTER, importer.address, ['IMPORTER']);
    const [shared, theirs] = [newHash(), newHash()];
    await importer.setStatus(shared, 'SUSPENDED', 'DISPUTE');
    await producer.setStatus(shared, 'REVOKED', 'CERTIFIER_ERROR');
    await importer.setStatus(theirs, 'SUSPENDED', 'SPITE');
    const index = createSnapshotIndex(authority);
    await index.sync();
    const offline = snapshotLedgerView(index.snapshot());
    const live = chainLedgerView({ client: authority, statuses: createStatusIndex(authority) });

    for (const [hash, issuer] of [
      [shared, PRODUCER],
      [shared, IMPORTER],
      [theirs, PRODUCER],
      [theirs, IMPORTER],
    ] as const) {
      assert.deepEqual(
        await offline.statusFacts(hash, issuer),
        await live.statusFacts(hash, issuer),
        `${hash} ${issuer}`,
      );
    }
    // The importer cannot make the producer's credential look suspended to offline verifiers.
    assert.equal((await offline.statusFacts(theirs, PRODUCER)).status, 'ACTIVE');
    assert.equal((await offline.statusFacts(shared, PRODUCER)).status, 'REVOKED');

    await importer.setStatus(shared, 'ACTIVE');
    await index.sync();
    assert.deepEqual(
      index.snapshot().statuses[shared]?.map((s) => s.issuer),
      [PRODUCER],
    );
  });

  it('clamps key times a Date cannot hold instead of failing the sync', async () => {
    const { testChain, authority, producer } = await network();
    await authority.registerOrganization(PRODUCER, producer.address, ['PRODUCER']);
    const key = newKey();
    const wallet = createWalletClient({
      account: testChain.accounts[1]!,
      chain: testChain.chain,
      transport: testChain.transport,
    });
    const hash = await wallet.writeContract({
      address: authority.contracts!.trustRegistry,
      abi: trustRegistryAbi,
      functionName: 'addKey',
      args: [organizationId(PRODUCER), toHex(decodePublicKeyMultibase(key)), BigInt(T0), 2n ** 64n - 1n],
    });
    await authority.publicClient.waitForTransactionReceipt({ hash });
    await assert.rejects(authority.getKey(key), RangeError);
    const index = createSnapshotIndex(authority);
    await index.sync();
    assert.deepEqual(index.snapshot().organizations.find((o) => o.id === PRODUCER)?.keys, [
      { publicKeyMultibase: key, validFrom: iso(T0), validUntil: '+275760-09-13T00:00:00.000Z', revokedAt: null },
    ]);
  });
});
