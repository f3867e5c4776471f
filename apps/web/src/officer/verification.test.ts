import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nobleCrypto, type VerificationReport } from '@clearledger/core';
import { ApiError } from '../api/client.ts';
import { createCheckHistory } from '../offline/checkHistory.ts';
import { memoryKeyValueStore } from '../offline/keyValueStore.ts';
import { batch, issued, NOW, snapshotOf } from '../testing/ledgerFixture.ts';
import { checkRecord, recheckOnline, type VerificationDeps } from './verification.ts';

const a = issued(1);
const { root, receipts } = batch([a.hash]);
const snapshot = snapshotOf([{ root, size: 1 }]);

function deps(overrides: Partial<VerificationDeps> = {}, api: Partial<VerificationDeps['api']> = {}): VerificationDeps {
  let n = 0;
  return {
    crypto: nobleCrypto,
    now: () => NOW,
    newId: () => `check-${++n}`,
    snapshot: () => snapshot,
    online: () => true,
    signedIn: () => true,
    history: createCheckHistory(memoryKeyValueStore()),
    api: {
      getCredentialByHash: async () => ({ verifiableCredential: a.credential, anchor: receipts[0]! }),
      verifyOnline: async () => {
        throw new ApiError({ status: 0, code: 'NETWORK', message: 'down' });
      },
      ...api,
    },
    ...overrides,
  };
}

describe('checkRecord', () => {
  it('checks an embedded record on the device and records the check', async () => {
    const d = deps();
    const outcome = await checkRecord(
      d,
      { kind: 'embedded', credential: a.credential, anchor: receipts[0]! },
      'camera',
    );
    assert.equal(outcome.kind, 'checked');
    assert.equal(outcome.kind === 'checked' && outcome.entry.report.verdict, 'VALID');
    assert.deepEqual(
      (await d.history.list()).map((e) => [e.id, e.origin, e.report.verdict]),
      [['check-1', 'camera', 'VALID']],
    );
  });

  it('a QR reference needs the network, then a signed-in account', async () => {
    const reference = { kind: 'reference' as const, url: `https://node.example/v/${a.hash}`, hash: a.hash };
    assert.equal((await checkRecord(deps({ online: () => false }), reference, 'camera')).kind, 'needs-network');
    assert.equal((await checkRecord(deps({ signedIn: () => false }), reference, 'camera')).kind, 'needs-login');
    const found = await checkRecord(deps(), reference, 'camera');
    assert.equal(found.kind === 'checked' && found.entry.report.verdict, 'VALID');
    assert.equal(found.kind === 'checked' && found.entry.referenceHash, a.hash);
  });

  it('a QR reference the node does not know reads as not found; a different record as INVALID', async () => {
    const reference = { kind: 'reference' as const, url: 'https://node.example/v/x', hash: a.hash };
    const missing = deps(
      {},
      {
        getCredentialByHash: async () => {
          throw new ApiError({ status: 404, code: 'CL_STORE_NOT_FOUND', message: 'no' });
        },
      },
    );
    assert.equal((await checkRecord(missing, reference, 'photo')).kind, 'not-found');
    const b = issued(2);
    const swapped = deps(
      {},
      { getCredentialByHash: async () => ({ verifiableCredential: b.credential, anchor: null }) },
    );
    const outcome = await checkRecord(swapped, reference, 'photo');
    assert.equal(outcome.kind === 'checked' && outcome.entry.report.verdict, 'INVALID');
  });
});

describe('recheckOnline', () => {
  it('replaces the device’s report with the node’s live one', async () => {
    const live: VerificationReport = {
      verdict: 'INVALID',
      checks: [{ check: 'status', status: 'INVALID', code: 'CL_VERIFY_REVOKED', message: 'revoked' }],
      verifiedAt: NOW,
      ledgerSource: { kind: 'live', blockNumber: 99 },
    };
    const d = deps({}, { verifyOnline: async () => live });
    const outcome = await checkRecord(d, { kind: 'embedded', credential: a.credential, anchor: receipts[0]! }, 'paste');
    assert.ok(outcome.kind === 'checked');
    const updated = await recheckOnline(d, outcome.entry);
    assert.equal(updated.report.verdict, 'INVALID');
    assert.equal((await d.history.get(outcome.entry.id))?.report.ledgerSource?.kind, 'live');
  });

  it('keeps the device’s report when the node cannot be reached', async () => {
    const d = deps();
    const outcome = await checkRecord(d, { kind: 'embedded', credential: a.credential, anchor: receipts[0]! }, 'paste');
    assert.ok(outcome.kind === 'checked');
    await assert.rejects(recheckOnline(d, outcome.entry), { code: 'NETWORK' });
    assert.equal((await d.history.get(outcome.entry.id))?.report.verdict, 'VALID');
  });
});
