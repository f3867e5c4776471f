import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearledgerError, roles as coreRoles, type ErrorCode } from '@clearledger/core';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  getContract,
  type Hash,
  type Hex,
  http,
  keccak256,
  parseEventLogs,
  stringToBytes,
  zeroHash,
} from 'viem';
import { organizationId } from './contracts/organizationId.ts';
import { roleBitmask, rolesFromBitmask } from './contracts/roleBitmask.ts';
import { type ContractErrorName, toLedgerError } from './errors/contractErrors.ts';
import {
  anchorRegistryAbi,
  anchorRegistryBytecode,
  trustRegistryAbi,
  trustRegistryBytecode,
} from './generated/contracts.generated.ts';
import { createTestChain } from './testing/testChain.ts';

const CBP = 'did:web:cbp.gov';
const PRODUCER = 'did:web:aceros-del-norte.mx';
const IMPORTER = 'did:web:great-lakes-imports.us';

/** Account indexes of the test chain: who plays which part. */
const AUTHORITY = 0;
const PRODUCER_ADMIN = 1;
const IMPORTER_ADMIN = 2;
const OUTSIDER = 3;
const SPARE = 4;

const bytes32 = (label: string): Hex => keccak256(stringToBytes(label));

/** A fresh chain with both contracts deployed, a producer and an importer registered. */
async function network() {
  const { transport, chain, accounts } = await createTestChain({ accounts: 5 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 10 });
  const wallets = accounts.map((account) => createWalletClient({ account, chain, transport }));
  const wallet = (index: number) => wallets[index]!;
  const address = (index: number): Address => accounts[index]!.address;

  /** Waits for a transaction (mined at once: the chain auto-mines) and requires success. */
  async function mined(hash: Promise<Hash>) {
    const receipt = await publicClient.getTransactionReceipt({ hash: await hash });
    assert.equal(receipt.status, 'success');
    return receipt;
  }

  const deployTrust = await mined(
    wallet(AUTHORITY).deployContract({ abi: trustRegistryAbi, bytecode: trustRegistryBytecode, args: [CBP] }),
  );
  const trustAddress = deployTrust.contractAddress!;
  const deployAnchors = await mined(
    wallet(AUTHORITY).deployContract({
      abi: anchorRegistryAbi,
      bytecode: anchorRegistryBytecode,
      args: [trustAddress],
    }),
  );
  const anchorsAddress = deployAnchors.contractAddress!;

  const trust = (as: number) =>
    getContract({ address: trustAddress, abi: trustRegistryAbi, client: { public: publicClient, wallet: wallet(as) } });
  const anchors = (as: number) =>
    getContract({
      address: anchorsAddress,
      abi: anchorRegistryAbi,
      client: { public: publicClient, wallet: wallet(as) },
    });

  await mined(
    trust(AUTHORITY).write.registerOrganization([
      PRODUCER,
      address(PRODUCER_ADMIN),
      roleBitmask(['PRODUCER', 'EXPORTER']),
    ]),
  );
  await mined(
    trust(AUTHORITY).write.registerOrganization([IMPORTER, address(IMPORTER_ADMIN), roleBitmask(['IMPORTER'])]),
  );

  const now = async () => (await publicClient.getBlock()).timestamp;
  return { publicClient, trust, anchors, mined, address, now, trustAddress, anchorsAddress, deployTrust };
}

/** Asserts that `action` reverts with the custom error `name` and that toLedgerError maps it to `code`. */
async function rejectsWith(
  action: Promise<unknown>,
  name: ContractErrorName,
  code: ErrorCode,
): Promise<ClearledgerError> {
  const error = await action.then(
    () => assert.fail(`expected ${name}, but the call succeeded`),
    (e: unknown) => e,
  );
  const mapped = toLedgerError(error);
  assert.equal(mapped.details?.errorName, name, `expected ${name}: ${mapped.message}`);
  assert.equal(mapped.code, code);
  return mapped;
}

describe('TrustRegistry', () => {
  it('makes the deployer the admin of the first network authority, which also holds CUSTOMS', async () => {
    const { trust, address, deployTrust } = await network();
    const cbp = organizationId(CBP);
    const [did, roles, active, admin, exists] = await trust(OUTSIDER).read.getOrganization([cbp]);
    assert.deepEqual(
      [did, rolesFromBitmask(roles), active, admin, exists],
      [CBP, ['NETWORK_AUTHORITY', 'CUSTOMS'], true, address(AUTHORITY), true],
    );
    assert.equal(await trust(OUTSIDER).read.orgOfAdmin([address(AUTHORITY)]), cbp);
    assert.equal(await trust(OUTSIDER).read.hasRole([cbp, 0]), true);
    assert.equal(await trust(OUTSIDER).read.hasRole([cbp, 4]), false);
    assert.equal(await trust(OUTSIDER).read.ROLE_COUNT(), coreRoles.length, 'contract and core agree on the roles');
    const [registered] = parseEventLogs({
      abi: trustRegistryAbi,
      logs: deployTrust.logs,
      eventName: 'OrganizationRegistered',
    });
    assert.equal(registered?.args.orgId, cbp);
  });

  it('lets the authority register an organisation with roles, change its roles and deactivate it', async () => {
    const { trust, mined, address } = await network();
    const broker = 'did:web:border-brokers.us';
    const id = organizationId(broker);
    const registered = await mined(
      trust(AUTHORITY).write.registerOrganization([broker, address(SPARE), roleBitmask(['BROKER'])]),
    );
    const [event] = parseEventLogs({
      abi: trustRegistryAbi,
      logs: registered.logs,
      eventName: 'OrganizationRegistered',
    });
    assert.deepEqual(event?.args, { orgId: id, did: broker, admin: address(SPARE), roles: roleBitmask(['BROKER']) });
    assert.equal(await trust(OUTSIDER).read.orgOfAdmin([address(SPARE)]), id);
    assert.equal(await trust(OUTSIDER).read.hasRole([id, 6]), true);

    const changed = await mined(trust(AUTHORITY).write.setRoles([id, roleBitmask(['BROKER', 'IMPORTER'])]));
    const [rolesChanged] = parseEventLogs({ abi: trustRegistryAbi, logs: changed.logs, eventName: 'RolesChanged' });
    assert.deepEqual(rolesChanged?.args, {
      orgId: id,
      previousRoles: roleBitmask(['BROKER']),
      roles: roleBitmask(['BROKER', 'IMPORTER']),
    });
    const deactivated = await mined(trust(AUTHORITY).write.setActive([id, false]));
    const [activeChanged] = parseEventLogs({
      abi: trustRegistryAbi,
      logs: deactivated.logs,
      eventName: 'ActiveChanged',
    });
    assert.deepEqual(activeChanged?.args, { orgId: id, active: false });
    const [, roles, active] = await trust(OUTSIDER).read.getOrganization([id]);
    assert.deepEqual([rolesFromBitmask(roles), active], [['IMPORTER', 'BROKER'], false]);

    // Setting what is already there changes nothing and says nothing.
    const unchanged = await mined(trust(AUTHORITY).write.setActive([id, false]));
    assert.equal(unchanged.logs.length, 0);
  });

  it('answers roles and the active flag at any block: grants, removals and deactivation are history, not rewrites', async () => {
    const { trust, mined, address } = await network();
    const broker = 'did:web:border-brokers.us';
    const id = organizationId(broker);
    const at = async (block: bigint) => {
      const [roles, active, existed] = await trust(OUTSIDER).read.organizationAt([id, block]);
      return existed ? { roles: rolesFromBitmask(roles), active } : null;
    };
    const registered = await mined(
      trust(AUTHORITY).write.registerOrganization([broker, address(SPARE), roleBitmask(['BROKER'])]),
    );
    const granted = await mined(trust(AUTHORITY).write.setRoles([id, roleBitmask(['BROKER', 'IMPORTER'])]));
    const removed = await mined(trust(AUTHORITY).write.setRoles([id, roleBitmask(['IMPORTER'])]));
    const deactivated = await mined(trust(AUTHORITY).write.setActive([id, false]));
    await mined(trust(AUTHORITY).write.setActive([id, false])); // no change, no checkpoint

    assert.equal(await at(registered.blockNumber - 1n), null, 'not registered before its block');
    assert.deepEqual(await at(registered.blockNumber), { roles: ['BROKER'], active: true });
    assert.deepEqual(await at(granted.blockNumber), { roles: ['IMPORTER', 'BROKER'], active: true });
    assert.deepEqual(await at(removed.blockNumber), { roles: ['IMPORTER'], active: true });
    assert.deepEqual(await at(deactivated.blockNumber - 1n), { roles: ['IMPORTER'], active: true });
    assert.deepEqual(await at(deactivated.blockNumber), { roles: ['IMPORTER'], active: false });
    assert.deepEqual(await at(deactivated.blockNumber + 1000n), { roles: ['IMPORTER'], active: false });
    assert.equal(await trust(OUTSIDER).read.historyLength([id]), 4n);
    // The authority's own registration at deployment is history too.
    const [cbpRoles, cbpActive, cbpExisted] = await trust(OUTSIDER).read.organizationAt([organizationId(CBP), 1n]);
    assert.deepEqual(
      [rolesFromBitmask(cbpRoles), cbpActive, cbpExisted],
      [['NETWORK_AUTHORITY', 'CUSTOMS'], true, true],
    );
  });

  it('refuses role grants and registrations by anyone but the authority', async () => {
    const { trust, address } = await network();
    const producer = organizationId(PRODUCER);
    for (const caller of [PRODUCER_ADMIN, OUTSIDER]) {
      await rejectsWith(
        trust(caller).write.registerOrganization(['did:web:fake.example', address(SPARE), 1n]),
        'NotAuthority',
        'CL_LEDGER_NOT_AUTHORIZED',
      );
      await rejectsWith(
        trust(caller).write.setRoles([producer, roleBitmask(['CUSTOMS'])]),
        'NotAuthority',
        'CL_LEDGER_NOT_AUTHORIZED',
      );
      await rejectsWith(trust(caller).write.setActive([producer, false]), 'NotAuthority', 'CL_LEDGER_NOT_AUTHORIZED');
    }
    const mapped = await rejectsWith(
      trust(PRODUCER_ADMIN).write.setRoles([producer, 1n]),
      'NotAuthority',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    assert.match(mapped.message, /network authority/);
  });

  it('refuses duplicates, unknown organisations, undefined roles and self-lockout of the authority', async () => {
    const { trust, address } = await network();
    const cbp = organizationId(CBP);
    const taken = await rejectsWith(
      trust(AUTHORITY).write.registerOrganization([PRODUCER, address(SPARE), 1n]),
      'OrganizationExists',
      'CL_LEDGER_CONFLICT',
    );
    assert.deepEqual(taken.details?.args, [organizationId(PRODUCER)]);
    await rejectsWith(
      trust(AUTHORITY).write.registerOrganization(['did:web:other.example', address(PRODUCER_ADMIN), 1n]),
      'AdminInUse',
      'CL_LEDGER_CONFLICT',
    );
    await rejectsWith(
      trust(AUTHORITY).write.registerOrganization(['did:web:other.example', address(SPARE), 1n << 11n]),
      'InvalidRoles',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
    await rejectsWith(
      trust(AUTHORITY).write.registerOrganization(['', address(SPARE), 1n]),
      'InvalidDid',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
    await rejectsWith(
      trust(AUTHORITY).write.setRoles([bytes32('nobody'), 1n]),
      'UnknownOrganization',
      'CL_LEDGER_UNKNOWN_ORGANIZATION',
    );
    await rejectsWith(
      trust(AUTHORITY).write.setRoles([cbp, roleBitmask(['CUSTOMS'])]),
      'AuthoritySelfLockout',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
    await rejectsWith(
      trust(AUTHORITY).write.setActive([cbp, false]),
      'AuthoritySelfLockout',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
  });

  it('lets a second network authority act only while it is active', async () => {
    const { trust, mined, address } = await network();
    const importer = organizationId(IMPORTER);
    await mined(trust(AUTHORITY).write.setRoles([importer, roleBitmask(['NETWORK_AUTHORITY', 'IMPORTER'])]));
    await mined(
      trust(IMPORTER_ADMIN).write.registerOrganization([
        'did:web:cbsa.gc.ca',
        address(SPARE),
        roleBitmask(['CUSTOMS']),
      ]),
    );
    await mined(trust(AUTHORITY).write.setActive([importer, false]));
    await rejectsWith(
      trust(IMPORTER_ADMIN).write.setRoles([organizationId('did:web:cbsa.gc.ca'), 0n]),
      'NotAuthority',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
  });

  it('lets an organisation add, rotate and revoke its keys, with events and views that agree', async () => {
    const { trust, mined, now } = await network();
    const producer = organizationId(PRODUCER);
    const first = bytes32('producer key 1');
    const second = bytes32('producer key 2');
    const t0 = (await now()) - 86_400n;

    const added = await mined(trust(PRODUCER_ADMIN).write.addKey([producer, first, t0, 0n]));
    const [keyAdded] = parseEventLogs({ abi: trustRegistryAbi, logs: added.logs, eventName: 'KeyAdded' });
    assert.deepEqual(keyAdded?.args, { orgId: producer, publicKey: first, validFrom: t0, validUntil: 0n });
    assert.deepEqual(await trust(OUTSIDER).read.getKey([first]), [producer, t0, 0n, 0n, true]);

    const t1 = t0 + 3_600n;
    const rotated = await mined(trust(PRODUCER_ADMIN).write.rotateKey([producer, first, second, t1]));
    const [keyRotated] = parseEventLogs({ abi: trustRegistryAbi, logs: rotated.logs, eventName: 'KeyRotated' });
    assert.deepEqual(keyRotated?.args, { orgId: producer, oldKey: first, newKey: second, at: t1 });
    assert.deepEqual(await trust(OUTSIDER).read.getKey([first]), [producer, t0, t1, 0n, true]);
    assert.deepEqual(await trust(OUTSIDER).read.getKey([second]), [producer, t1, 0n, 0n, true]);

    // Compromise found out later: the revocation takes effect in the past.
    const compromisedAt = t1 + 60n;
    const revoked = await mined(trust(PRODUCER_ADMIN).write.revokeKey([producer, second, compromisedAt]));
    const [keyRevoked] = parseEventLogs({ abi: trustRegistryAbi, logs: revoked.logs, eventName: 'KeyRevoked' });
    assert.deepEqual(keyRevoked?.args, { orgId: producer, publicKey: second, revokedAt: compromisedAt });
    assert.deepEqual(await trust(OUTSIDER).read.getKey([second]), [producer, t1, 0n, compromisedAt, true]);

    // Repeating the revocation is a no-op; it may move earlier, never later.
    assert.equal(
      (await mined(trust(PRODUCER_ADMIN).write.revokeKey([producer, second, compromisedAt]))).logs.length,
      0,
    );
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.revokeKey([producer, second, compromisedAt + 1n]),
      'KeyRevokedAlready',
      'CL_LEDGER_CONFLICT',
    );
    await mined(trust(PRODUCER_ADMIN).write.revokeKey([producer, second, t1]));
    assert.equal((await trust(OUTSIDER).read.getKey([second]))[3], t1);
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.rotateKey([producer, second, bytes32('producer key 3'), t1 + 100n]),
      'KeyRevokedAlready',
      'CL_LEDGER_CONFLICT',
    );
    assert.deepEqual(await trust(OUTSIDER).read.getKey([bytes32('never added')]), [zeroHash, 0n, 0n, 0n, false]);
  });

  it("refuses key changes by anyone but the organisation's admin, and key reuse", async () => {
    const { trust, mined, now } = await network();
    const producer = organizationId(PRODUCER);
    const importer = organizationId(IMPORTER);
    const key = bytes32('producer key');
    const t0 = await now();
    await mined(trust(PRODUCER_ADMIN).write.addKey([producer, key, t0, 0n]));

    for (const caller of [IMPORTER_ADMIN, OUTSIDER, AUTHORITY]) {
      await rejectsWith(
        trust(caller).write.addKey([producer, bytes32('intruder key'), t0, 0n]),
        'NotOrgAdmin',
        'CL_LEDGER_NOT_AUTHORIZED',
      );
      await rejectsWith(trust(caller).write.revokeKey([producer, key, t0]), 'NotOrgAdmin', 'CL_LEDGER_NOT_AUTHORIZED');
    }
    // A key belongs to one organisation forever: not another's, not even re-added by its own.
    await rejectsWith(trust(IMPORTER_ADMIN).write.addKey([importer, key, t0, 0n]), 'KeyExists', 'CL_LEDGER_CONFLICT');
    await rejectsWith(trust(PRODUCER_ADMIN).write.addKey([producer, key, t0, 0n]), 'KeyExists', 'CL_LEDGER_CONFLICT');
    await rejectsWith(
      trust(IMPORTER_ADMIN).write.rotateKey([importer, key, bytes32('importer key'), t0 + 10n]),
      'KeyNotOwned',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.rotateKey([producer, bytes32('unknown'), bytes32('new'), t0 + 10n]),
      'UnknownKey',
      'CL_LEDGER_UNKNOWN_KEY',
    );
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.addKey([producer, bytes32('backwards'), t0, t0]),
      'InvalidValidity',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.rotateKey([producer, key, bytes32('new'), t0]),
      'InvalidValidity',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.revokeKey([producer, key, t0 - 1n]),
      'InvalidValidity',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.addKey([bytes32('nobody'), bytes32('k'), t0, 0n]),
      'UnknownOrganization',
      'CL_LEDGER_UNKNOWN_ORGANIZATION',
    );
  });

  it('lets an inactive organisation revoke keys but not add or rotate them', async () => {
    const { trust, mined, now } = await network();
    const producer = organizationId(PRODUCER);
    const key = bytes32('producer key');
    const t0 = await now();
    await mined(trust(PRODUCER_ADMIN).write.addKey([producer, key, t0, 0n]));
    await mined(trust(AUTHORITY).write.setActive([producer, false]));
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.addKey([producer, bytes32('another'), t0, 0n]),
      'InactiveOrganization',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.rotateKey([producer, key, bytes32('another'), t0 + 1n]),
      'InactiveOrganization',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    await mined(trust(PRODUCER_ADMIN).write.revokeKey([producer, key, t0]));
  });

  it('lets an organisation hand its administration to another account', async () => {
    const { trust, mined, address, now } = await network();
    const producer = organizationId(PRODUCER);
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.setAdmin([producer, address(IMPORTER_ADMIN)]),
      'AdminInUse',
      'CL_LEDGER_CONFLICT',
    );
    await rejectsWith(
      trust(OUTSIDER).write.setAdmin([producer, address(OUTSIDER)]),
      'NotOrgAdmin',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    const changed = await mined(trust(PRODUCER_ADMIN).write.setAdmin([producer, address(SPARE)]));
    const [event] = parseEventLogs({ abi: trustRegistryAbi, logs: changed.logs, eventName: 'AdminChanged' });
    assert.deepEqual(event?.args, {
      orgId: producer,
      previousAdmin: address(PRODUCER_ADMIN),
      newAdmin: address(SPARE),
    });
    assert.equal(await trust(OUTSIDER).read.orgOfAdmin([address(PRODUCER_ADMIN)]), zeroHash);
    assert.equal(await trust(OUTSIDER).read.orgOfAdmin([address(SPARE)]), producer);
    assert.equal((await trust(OUTSIDER).read.getOrganization([producer]))[3], address(SPARE));
    await rejectsWith(
      trust(PRODUCER_ADMIN).write.addKey([producer, bytes32('k'), await now(), 0n]),
      'NotOrgAdmin',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    await mined(trust(SPARE).write.addKey([producer, bytes32('k'), await now(), 0n]));
  });
});

describe('AnchorRegistry', () => {
  it('records an anchor once: the same organisation anchoring the same root again changes nothing', async () => {
    const { anchors, mined, publicClient } = await network();
    const producer = organizationId(PRODUCER);
    const root = bytes32('batch 1');
    assert.deepEqual(await anchors(OUTSIDER).read.getAnchor([producer, root]), [0, 0n, 0n, false]);

    const first = await mined(anchors(PRODUCER_ADMIN).write.anchor([root, 250]));
    const [anchored] = parseEventLogs({ abi: anchorRegistryAbi, logs: first.logs, eventName: 'Anchored' });
    assert.deepEqual(anchored?.args, { root, orgId: producer, count: 250 });
    const block = await publicClient.getBlock({ blockNumber: first.blockNumber });
    const recorded = [250, block.timestamp, first.blockNumber, true] as const;
    assert.deepEqual(await anchors(OUTSIDER).read.getAnchor([producer, root]), recorded);

    const again = await mined(anchors(PRODUCER_ADMIN).write.anchor([root, 250]));
    assert.equal(again.logs.length, 0);
    assert.ok(again.blockNumber > first.blockNumber);
    assert.deepEqual(await anchors(OUTSIDER).read.getAnchor([producer, root]), recorded);
  });

  it('front-running: another organisation anchoring the same root first neither blocks the issuer nor stands in for it', async () => {
    const { anchors, mined, publicClient } = await network();
    const producer = organizationId(PRODUCER);
    const importer = organizationId(IMPORTER);
    const root = bytes32('producer batch, seen in the mempool');
    // The importer copies the producer's pending root (with a different count) and lands first.
    const squat = await mined(anchors(IMPORTER_ADMIN).write.anchor([root, 7]));
    assert.deepEqual(await anchors(OUTSIDER).read.getAnchor([producer, root]), [0, 0n, 0n, false]);
    // The producer's own anchor still goes through (it was RootTaken before), with its own count and block.
    const own = await mined(anchors(PRODUCER_ADMIN).write.anchor([root, 3]));
    const [event] = parseEventLogs({ abi: anchorRegistryAbi, logs: own.logs, eventName: 'Anchored' });
    assert.deepEqual(event?.args, { root, orgId: producer, count: 3 });
    const ownBlock = await publicClient.getBlock({ blockNumber: own.blockNumber });
    assert.deepEqual(await anchors(OUTSIDER).read.getAnchor([producer, root]), [
      3,
      ownBlock.timestamp,
      own.blockNumber,
      true,
    ]);
    const squatBlock = await publicClient.getBlock({ blockNumber: squat.blockNumber });
    assert.deepEqual(await anchors(OUTSIDER).read.getAnchor([importer, root]), [
      7,
      squatBlock.timestamp,
      squat.blockNumber,
      true,
    ]);
    // A batch holding the squatted root goes through too.
    await mined(
      anchors(PRODUCER_ADMIN).write.anchorBatch([
        [bytes32('next'), root],
        [1, 3],
      ]),
    );
  });

  it('refuses another count for a root it anchored, a zero count or root, and callers without an organisation', async () => {
    const { anchors, mined, address } = await network();
    const root = bytes32('batch 1');
    await mined(anchors(PRODUCER_ADMIN).write.anchor([root, 3]));
    const mismatch = await rejectsWith(
      anchors(PRODUCER_ADMIN).write.anchor([root, 4]),
      'CountMismatch',
      'CL_LEDGER_CONFLICT',
    );
    assert.deepEqual(mismatch.details?.args, [root, 3]);
    // Another organisation's count is its own business.
    await mined(anchors(IMPORTER_ADMIN).write.anchor([root, 4]));
    await rejectsWith(
      anchors(PRODUCER_ADMIN).write.anchor([bytes32('batch 2'), 0]),
      'InvalidCount',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
    await rejectsWith(anchors(PRODUCER_ADMIN).write.anchor([zeroHash, 1]), 'InvalidRoot', 'CL_LEDGER_INVALID_ARGUMENT');
    const outsider = await rejectsWith(
      anchors(OUTSIDER).write.anchor([bytes32('batch 3'), 1]),
      'UnknownAdmin',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    assert.deepEqual(outsider.details?.args, [address(OUTSIDER)]);
  });

  it('anchors many roots in one transaction, skipping the ones it anchored already', async () => {
    const { anchors, mined } = await network();
    const producer = organizationId(PRODUCER);
    const roots = [bytes32('r1'), bytes32('r2'), bytes32('r3')];
    await mined(anchors(PRODUCER_ADMIN).write.anchor([roots[1]!, 20]));
    const receipt = await mined(anchors(PRODUCER_ADMIN).write.anchorBatch([roots, [10, 20, 30]]));
    const events = parseEventLogs({ abi: anchorRegistryAbi, logs: receipt.logs, eventName: 'Anchored' });
    assert.deepEqual(
      events.map((e) => e.args),
      [
        { root: roots[0], orgId: producer, count: 10 },
        { root: roots[2], orgId: producer, count: 30 },
      ],
    );
    for (const [i, root] of roots.entries()) {
      const [count, , , exists] = await anchors(OUTSIDER).read.getAnchor([producer, root]);
      assert.deepEqual([count, exists], [(i + 1) * 10, true]);
    }
  });

  it('rejects a whole batch when one of its roots has another count, and malformed batches', async () => {
    const { anchors, mined } = await network();
    const producer = organizationId(PRODUCER);
    const anchoredAlready = bytes32('anchored with 1');
    await mined(anchors(PRODUCER_ADMIN).write.anchor([anchoredAlready, 1]));
    await rejectsWith(
      anchors(PRODUCER_ADMIN).write.anchorBatch([
        [bytes32('mine'), anchoredAlready],
        [1, 2],
      ]),
      'CountMismatch',
      'CL_LEDGER_CONFLICT',
    );
    assert.equal((await anchors(OUTSIDER).read.getAnchor([producer, bytes32('mine')]))[3], false);
    await rejectsWith(
      anchors(PRODUCER_ADMIN).write.anchorBatch([[bytes32('a')], [1, 2]]),
      'InvalidBatch',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
    await rejectsWith(
      anchors(PRODUCER_ADMIN).write.anchorBatch([[], []]),
      'InvalidBatch',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
  });

  it('lets no inactive organisation anchor, and lets it again once reactivated', async () => {
    const { trust, anchors, mined } = await network();
    const producer = organizationId(PRODUCER);
    await mined(trust(AUTHORITY).write.setActive([producer, false]));
    const refused = await rejectsWith(
      anchors(PRODUCER_ADMIN).write.anchor([bytes32('late batch'), 5]),
      'InactiveOrganization',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    assert.match(refused.message, /inactive/);
    await rejectsWith(
      anchors(PRODUCER_ADMIN).write.anchorBatch([[bytes32('late batch')], [5]]),
      'InactiveOrganization',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    await mined(trust(AUTHORITY).write.setActive([producer, true]));
    await mined(anchors(PRODUCER_ADMIN).write.anchor([bytes32('late batch'), 5]));
  });

  it('suspends, reinstates and revokes a credential; revocation is final', async () => {
    const { anchors, mined, publicClient } = await network();
    const producer = organizationId(PRODUCER);
    const credential = bytes32('credential 1');
    const reason = bytes32('UNDER_VERIFICATION');
    assert.deepEqual(await anchors(OUTSIDER).read.statusOf([producer, credential]), [0, zeroHash, 0n]);

    const suspended = await mined(anchors(PRODUCER_ADMIN).write.setStatus([credential, 2, reason]));
    const [event] = parseEventLogs({ abi: anchorRegistryAbi, logs: suspended.logs, eventName: 'StatusChanged' });
    assert.deepEqual(event?.args, { orgId: producer, credentialHash: credential, status: 2, reason });
    const since = (await publicClient.getBlock({ blockNumber: suspended.blockNumber })).timestamp;
    assert.deepEqual(await anchors(OUTSIDER).read.statusOf([producer, credential]), [2, reason, since]);

    await mined(anchors(PRODUCER_ADMIN).write.setStatus([credential, 0, zeroHash]));
    assert.equal((await anchors(OUTSIDER).read.statusOf([producer, credential]))[0], 0);

    const withdrawn = bytes32('ORIGIN_NOT_QUALIFIED');
    await mined(anchors(PRODUCER_ADMIN).write.setStatus([credential, 1, withdrawn]));
    assert.deepEqual((await anchors(OUTSIDER).read.statusOf([producer, credential])).slice(0, 2), [1, withdrawn]);
    // The same revocation again is a harmless retry; anything else is refused.
    assert.equal((await mined(anchors(PRODUCER_ADMIN).write.setStatus([credential, 1, withdrawn]))).logs.length, 0);
    await rejectsWith(
      anchors(PRODUCER_ADMIN).write.setStatus([credential, 0, zeroHash]),
      'CredentialRevoked',
      'CL_LEDGER_CONFLICT',
    );
    await rejectsWith(
      anchors(PRODUCER_ADMIN).write.setStatus([credential, 2, reason]),
      'CredentialRevoked',
      'CL_LEDGER_CONFLICT',
    );
    await rejectsWith(
      anchors(PRODUCER_ADMIN).write.setStatus([credential, 3, reason]),
      'InvalidStatus',
      'CL_LEDGER_INVALID_ARGUMENT',
    );
  });

  it("lets only the issuing organisation change its credentials' status", async () => {
    const { anchors, mined } = await network();
    const producer = organizationId(PRODUCER);
    const importer = organizationId(IMPORTER);
    const credential = bytes32('producer credential');
    await mined(anchors(IMPORTER_ADMIN).write.setStatus([credential, 1, bytes32('SPITE')]));
    assert.deepEqual(await anchors(OUTSIDER).read.statusOf([producer, credential]), [0, zeroHash, 0n]);
    assert.equal((await anchors(OUTSIDER).read.statusOf([importer, credential]))[0], 1);
    await rejectsWith(
      anchors(OUTSIDER).write.setStatus([credential, 1, zeroHash]),
      'UnknownAdmin',
      'CL_LEDGER_NOT_AUTHORIZED',
    );
    // The producer can still act on its own credential.
    await mined(anchors(PRODUCER_ADMIN).write.setStatus([credential, 2, zeroHash]));
  });
});

describe('toLedgerError', () => {
  it('reports a revert without a known custom error as CL_LEDGER_REJECTED', async () => {
    const { publicClient, trustAddress } = await network();
    // TrustRegistry has no getAnchor: the call reverts with no data.
    const error = await publicClient
      .readContract({
        address: trustAddress,
        abi: anchorRegistryAbi,
        functionName: 'getAnchor',
        args: [zeroHash, zeroHash],
      })
      .then(
        () => assert.fail('expected a revert'),
        (e: unknown) => e,
      );
    assert.equal(toLedgerError(error).code, 'CL_LEDGER_REJECTED');
  });

  it('reports an unreachable chain as CL_LEDGER_UNAVAILABLE', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const client = createPublicClient({ transport: http('http://127.0.0.1:1', { retryCount: 0 }) });
    const error = await client.getBlockNumber().then(
      () => assert.fail('expected a connection error'),
      (e: unknown) => e,
    );
    assert.equal(toLedgerError(error).code, 'CL_LEDGER_UNAVAILABLE');
  });

  it('passes ClearledgerError through and reports anything else as CL_INTERNAL', () => {
    const own = new ClearledgerError('CL_STORE_CONFLICT', 'exists');
    assert.equal(toLedgerError(own), own);
    assert.equal(toLedgerError(new TypeError('bug')).code, 'CL_INTERNAL');
  });
});
