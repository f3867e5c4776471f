import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createSigner, issueCredential, verifyCredential } from '@clearledger/core';
import { nodeCrypto } from '@clearledger/node';
import fc from 'fast-check';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { createLedgerClient, type LedgerClient } from '../client/createLedgerClient.ts';
import { createTestChain, testPrivateKeys } from '../testing/testChain.ts';
import { chainLedgerView } from './chainLedgerView.ts';
import { createStatusIndex } from './statusIndex.ts';

const T0 = Date.parse('2025-01-01T00:00:00Z') / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Property: for generated key timelines (add key 1, maybe rotate to key 2 at r, maybe revoke one of
 * them at v) and a record signed with either key at time t, the chain-backed issuer check says VALID
 * exactly when the model says the key was the issuer's and valid at t.
 */
describe('key rotation and revocation timelines (property, real EVM)', () => {
  let authority: LedgerClient;
  let chain: Awaited<ReturnType<typeof createTestChain>>;
  before(async () => {
    chain = await createTestChain({ accounts: 10 });
    authority = createLedgerClient({
      transport: chain.transport,
      chainId: chain.chain.id,
      privateKey: testPrivateKeys[0],
    });
    await authority.deploy('did:web:cbp.example');
  });

  it('the issuer check always matches the model', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          rotateAt: fc.option(fc.integer({ min: 10, max: 1000 }), { nil: undefined }),
          revoke: fc.option(fc.record({ key: fc.constantFrom(1, 2), at: fc.integer({ min: 0, max: 1200 }) }), {
            nil: undefined,
          }),
          signWith: fc.constantFrom(1, 2),
          at: fc.integer({ min: -50, max: 1500 }),
        }),
        async ({ rotateAt, revoke, signWith, at }) => {
          run++;
          const did = `did:web:producer-${run}.example`;
          // One organisation per admin account: each run's organisation gets a fresh, funded account.
          const freshKey = generatePrivateKey();
          const fresh = createLedgerClient({
            transport: chain.transport,
            chainId: chain.chain.id,
            privateKey: freshKey,
            contracts: authority.contracts!,
          });
          await chain.provider.request({
            method: 'hardhat_setBalance',
            params: [privateKeyToAccount(freshKey).address, '0x3635C9ADC5DEA00000'],
          });
          await authority.registerOrganization(did, fresh.address, ['PRODUCER']);
          const k1 = createSigner(nodeCrypto, { issuer: did, seed: nodeCrypto.randomBytes(32) });
          const k2 = createSigner(nodeCrypto, { issuer: did, seed: nodeCrypto.randomBytes(32) });
          await fresh.addKey(did, k1.publicKeyMultibase, iso(T0));
          const windows = new Map<number, { from: number; until: number | null; revoked: number | null }>([
            [1, { from: T0, until: null, revoked: null }],
          ]);
          if (rotateAt !== undefined) {
            await fresh.rotateKey(did, k1.publicKeyMultibase, k2.publicKeyMultibase, iso(T0 + rotateAt));
            windows.set(1, { from: T0, until: T0 + rotateAt, revoked: null });
            windows.set(2, { from: T0 + rotateAt, until: null, revoked: null });
          }
          if (revoke !== undefined && windows.has(revoke.key)) {
            const w = windows.get(revoke.key)!;
            const revokedAt = Math.max(w.from, T0 + revoke.at);
            await fresh.revokeKey(did, (revoke.key === 1 ? k1 : k2).publicKeyMultibase, iso(revokedAt));
            w.revoked = revokedAt;
          }
          const signer = signWith === 1 ? k1 : k2;
          const t = T0 + at;
          const issued = issueCredential(
            { crypto: nodeCrypto, now: iso(t) },
            { credential: { ...usmcaCertification({ issuer: did }), validFrom: iso(T0 - 100) }, signer },
          );
          assert.ok(issued.success);
          const view = chainLedgerView({ client: authority, statuses: createStatusIndex(authority) });
          const report = await verifyCredential(
            { crypto: nodeCrypto, now: iso(T0 + 2000), ledger: view },
            { credential: issued.credential },
          );
          const issuerCheck = report.checks.find((c) => c.check === 'issuer')!;
          const w = windows.get(signWith);
          const expected =
            w !== undefined &&
            t >= w.from &&
            (w.until === null || t < w.until) &&
            (w.revoked === null || t < w.revoked);
          assert.equal(
            issuerCheck.status,
            expected ? 'VALID' : 'INVALID',
            `${JSON.stringify({ rotateAt, revoke, signWith, at })}: ${issuerCheck.message}`,
          );
          if (!expected)
            assert.ok(['CL_VERIFY_KEY_NOT_VALID_AT_ISSUANCE', 'CL_VERIFY_KEY_UNKNOWN'].includes(issuerCheck.code));
        },
      ),
      { numRuns: 40 },
    );
  });
});
