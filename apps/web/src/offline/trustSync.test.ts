import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProof, createSigner, type LedgerSnapshot, nobleCrypto } from '@clearledger/core';
import { seed, snapshotOf } from '../testing/ledgerFixture.ts';
import { memoryKeyValueStore, memoryStringStorage } from './keyValueStore.ts';
import { verifySignedSnapshot } from './trustSnapshot.ts';
import { createKeyPin, createSnapshotStore, type SyncTrustParameters, syncTrust, trustNewKey } from './trustSync.ts';

const NODE_DID = 'did:web:cbp.example';
const nodeKey = createSigner(nobleCrypto, { issuer: NODE_DID, seed: seed(7) });
const otherKey = createSigner(nobleCrypto, { issuer: NODE_DID, seed: seed(8) });

const didDocument = (signer = nodeKey) => ({
  id: NODE_DID,
  verificationMethod: [
    {
      id: signer.verificationMethod,
      type: 'Multikey',
      controller: NODE_DID,
      publicKeyMultibase: signer.publicKeyMultibase,
    },
  ],
});
const signed = (snapshot: LedgerSnapshot, signer = nodeKey) =>
  createProof(
    { snapshot },
    {
      crypto: nobleCrypto,
      seed: signer.seed,
      options: { verificationMethod: signer.verificationMethod, created: '2025-06-10T08:00:00Z' },
    },
  );

function setup() {
  const storage = memoryStringStorage();
  const kv = memoryKeyValueStore();
  let doc: unknown = didDocument();
  let body: unknown = signed(snapshotOf([]));
  const params = (): SyncTrustParameters => ({
    source: {
      didDocument: async () => doc,
      signedSnapshot: async () => body,
    },
    crypto: nobleCrypto,
    pin: createKeyPin(storage),
    snapshots: createSnapshotStore(kv),
    now: '2025-06-10T09:00:00Z',
  });
  return {
    params,
    serve(nextDoc: unknown, nextBody: unknown) {
      doc = nextDoc;
      body = nextBody;
    },
  };
}

describe('verifySignedSnapshot', () => {
  it('accepts the node’s proof over { snapshot } and refuses any change', () => {
    const body = signed(snapshotOf([]));
    const trusted = { did: NODE_DID, publicKeyMultibase: nodeKey.publicKeyMultibase };
    assert.equal(verifySignedSnapshot(nobleCrypto, body, trusted).success, true);
    const tampered = structuredClone(body);
    tampered.snapshot.organizations[0]!.roles.push('CUSTOMS');
    const result = verifySignedSnapshot(nobleCrypto, tampered, trusted);
    assert.equal(result.success, false);
    assert.equal(!result.success && result.reason, 'SIGNATURE');
  });

  it('refuses a snapshot signed by another key, and a malformed one', () => {
    const trusted = { did: NODE_DID, publicKeyMultibase: nodeKey.publicKeyMultibase };
    const foreign = verifySignedSnapshot(nobleCrypto, signed(snapshotOf([]), otherKey), trusted);
    assert.equal(!foreign.success && foreign.reason, 'WRONG_KEY');
    const broken = signed({ ...snapshotOf([]), statuses: { abc: { status: 'REVOKED' } } } as unknown as LedgerSnapshot);
    const malformed = verifySignedSnapshot(nobleCrypto, broken, trusted);
    assert.equal(!malformed.success && malformed.reason, 'MALFORMED');
    assert.equal(verifySignedSnapshot(nobleCrypto, { snapshot: snapshotOf([]) }, trusted).success, false);
  });

  it('accepts an organisation’s registration history and refuses a malformed one', () => {
    const trusted = { did: NODE_DID, publicKeyMultibase: nodeKey.publicKeyMultibase };
    const withHistory = (history: unknown) => {
      const snapshot = snapshotOf([]);
      const org = snapshot.organizations[0]!;
      return signed({
        ...snapshot,
        organizations: [{ ...org, history }, ...snapshot.organizations.slice(1)],
      } as LedgerSnapshot);
    };
    const history = [
      { blockNumber: 1, active: true, roles: ['PRODUCER'] },
      { blockNumber: 9, active: false, roles: ['PRODUCER'] },
    ];
    assert.equal(verifySignedSnapshot(nobleCrypto, withHistory(history), trusted).success, true);
    for (const bad of [
      {},
      [{ blockNumber: '1', active: true, roles: [] }],
      [{ blockNumber: 1, active: true, roles: [3] }],
      [null],
    ]) {
      const result = verifySignedSnapshot(nobleCrypto, withHistory(bad), trusted);
      assert.equal(!result.success && result.reason, 'MALFORMED', JSON.stringify(bad));
      assert.match(!result.success ? result.message : '', /history/);
    }
  });
});

describe('syncTrust', () => {
  it('pins the node key on first contact and keeps the verified snapshot', async () => {
    const world = setup();
    const result = await syncTrust(world.params());
    assert.equal(result.kind, 'updated');
    assert.equal(result.kind === 'updated' && result.firstContact, true);
    assert.equal(world.params().pin.get()?.publicKeyMultibase, nodeKey.publicKeyMultibase);
    assert.equal((await world.params().snapshots.load())?.snapshot.blockNumber, 42);
  });

  it('refuses a changed node key until the officer trusts it explicitly', async () => {
    const world = setup();
    await syncTrust(world.params());
    world.serve(didDocument(otherKey), signed(snapshotOf([], { blockNumber: 50 }), otherKey));
    const changed = await syncTrust(world.params());
    assert.equal(changed.kind, 'key-changed');
    assert.equal((await world.params().snapshots.load())?.snapshot.blockNumber, 42);
    const accepted = await trustNewKey(world.params(), {
      did: NODE_DID,
      publicKeyMultibase: otherKey.publicKeyMultibase,
    });
    assert.equal(accepted.kind, 'updated');
    assert.equal((await world.params().snapshots.load())?.snapshot.blockNumber, 50);
  });

  it('refuses a snapshot signed by someone else even when the DID document names the pinned key', async () => {
    const world = setup();
    await syncTrust(world.params());
    world.serve(didDocument(), signed(snapshotOf([], { blockNumber: 60 }), otherKey));
    const result = await syncTrust(world.params());
    assert.equal(result.kind, 'rejected');
    assert.equal((await world.params().snapshots.load())?.snapshot.blockNumber, 42);
  });

  it('keeps the newer snapshot when the node offers an older one', async () => {
    const world = setup();
    world.serve(didDocument(), signed(snapshotOf([], { blockNumber: 70 })));
    await syncTrust(world.params());
    world.serve(didDocument(), signed(snapshotOf([], { blockNumber: 65 })));
    const result = await syncTrust(world.params());
    assert.equal(result.kind, 'older');
    assert.equal((await world.params().snapshots.load())?.snapshot.blockNumber, 70);
  });

  it('reports an unreachable node without touching what is kept', async () => {
    const world = setup();
    await syncTrust(world.params());
    const result = await syncTrust({
      ...world.params(),
      source: {
        didDocument: () => Promise.reject(new Error('offline')),
        signedSnapshot: () => Promise.reject(new Error('offline')),
      },
    });
    assert.equal(result.kind, 'unreachable');
    assert.equal((await world.params().snapshots.load())?.snapshot.blockNumber, 42);
  });
});
