import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInclusionCache, nobleCrypto } from '@clearledger/core';
import { batch, ISSUER, issued, NOW, SNAPSHOT_AS_OF, SNAPSHOT_BLOCK, snapshotOf } from '../testing/ledgerFixture.ts';
import { checkReferencedHash, verifyLocally } from './verifyLocally.ts';

const ctx = (snapshot: ReturnType<typeof snapshotOf> | null) => ({ crypto: nobleCrypto, now: NOW, snapshot });
const statusOf = (report: Awaited<ReturnType<typeof verifyLocally>>, name: string) =>
  report.checks.find((c) => c.check === name);

describe('verifyLocally', () => {
  const a = issued(1);
  const b = issued(2);
  const { root, receipts } = batch([a.hash, b.hash]);
  const snapshot = snapshotOf([{ root, size: 2 }]);

  it('is VALID offline for an anchored record, citing the snapshot block and time', async () => {
    const report = await verifyLocally(
      { ...ctx(snapshot), inclusionCache: createInclusionCache() },
      { credential: a.credential, anchor: receipts[0] },
    );
    assert.equal(report.verdict, 'VALID', JSON.stringify(report.checks));
    assert.deepEqual(report.ledgerSource, { kind: 'snapshot', blockNumber: SNAPSHOT_BLOCK, asOf: SNAPSHOT_AS_OF });
  });

  it('is INVALID when the snapshot says the issuer revoked the record', async () => {
    const revoked = snapshotOf([{ root, size: 2 }], {
      statuses: { [a.hash]: [{ issuer: ISSUER, status: 'REVOKED', reason: 'CERTIFIER_ERROR' }] },
    });
    const report = await verifyLocally(ctx(revoked), { credential: a.credential, anchor: receipts[0] });
    assert.equal(report.verdict, 'INVALID');
    assert.equal(statusOf(report, 'status')?.code, 'CL_VERIFY_REVOKED');
  });

  it('is INVALID for an altered record', async () => {
    const altered = structuredClone(a.credential) as typeof a.credential & {
      credentialSubject: { goods: { hs6: string }[] };
    };
    altered.credentialSubject.goods[0]!.hs6 = '940390';
    const report = await verifyLocally(ctx(snapshot), { credential: altered, anchor: receipts[0] });
    assert.equal(report.verdict, 'INVALID');
    assert.equal(statusOf(report, 'integrity')?.code, 'CL_VERIFY_SIGNATURE');
  });

  it('is INCONCLUSIVE, not INVALID, when the anchor is newer than the snapshot', async () => {
    const later = batch([a.hash], { block: SNAPSHOT_BLOCK + 5, anchoredAt: '2025-06-10T08:30:00Z' });
    const report = await verifyLocally(ctx(snapshot), { credential: a.credential, anchor: later.receipts[0] });
    assert.equal(report.verdict, 'INCONCLUSIVE');
    const anchor = statusOf(report, 'anchor')!;
    assert.equal(anchor.status, 'ERROR');
    assert.equal(anchor.details?.snapshotBehind, true);
    assert.equal(anchor.details?.originalCode, 'CL_VERIFY_ANCHOR_NOT_ON_LEDGER');
  });

  it('stays INVALID when the receipt claims a block the snapshot covers', async () => {
    const forged = batch([a.hash], { block: SNAPSHOT_BLOCK - 1, anchoredAt: '2025-06-01T00:00:00Z' });
    const report = await verifyLocally(ctx(snapshot), { credential: a.credential, anchor: forged.receipts[0] });
    assert.equal(report.verdict, 'INVALID');
    assert.equal(statusOf(report, 'anchor')?.code, 'CL_VERIFY_ANCHOR_NOT_ON_LEDGER');
  });

  it('treats an issuer unknown to a snapshot older than the signature as INCONCLUSIVE', async () => {
    const fresh = issued(3, { now: '2025-06-10T08:45:00Z' });
    const empty = snapshotOf([], { organizations: [] });
    const report = await verifyLocally(ctx(empty), { credential: fresh.credential });
    assert.equal(report.verdict, 'INCONCLUSIVE');
    assert.equal(statusOf(report, 'issuer')?.details?.snapshotBehind, true);
    const old = await verifyLocally(ctx(empty), { credential: a.credential });
    assert.equal(old.verdict, 'INVALID');
  });

  describe('a stale snapshot (older than the allowed age at verification time) is never green', () => {
    const hours = (h: number) => new Date(Date.parse(SNAPSHOT_AS_OF) + h * 3_600_000).toISOString();
    const at = (now: string, maxSnapshotAgeMs?: number) =>
      verifyLocally(
        { ...ctx(snapshot), now, ...(maxSnapshotAgeMs === undefined ? {} : { maxSnapshotAgeMs }) },
        { credential: a.credential, anchor: receipts[0] },
      );

    it('25 h old by default: INCONCLUSIVE, the issuer and status checks carry the snapshot’s age', async () => {
      const report = await at(hours(25));
      assert.equal(report.verdict, 'INCONCLUSIVE');
      for (const name of ['issuer', 'status']) {
        const check = statusOf(report, name)!;
        assert.equal(check.status, 'ERROR', name);
        assert.equal(check.code, 'CL_VERIFY_SNAPSHOT_STALE');
        assert.equal(check.details?.snapshotAgeMs, 25 * 3_600_000);
        assert.equal(check.details?.maxAgeMs, 24 * 3_600_000);
        assert.equal(check.details?.asOf, SNAPSHOT_AS_OF);
        assert.match(check.message, /is 25 h old, more than the 24 h allowed/);
      }
      assert.equal(statusOf(report, 'anchor')?.status, 'VALID', 'anchors do not go stale');
    });

    it('24 h old exactly is still trusted by default', async () => {
      assert.equal((await at(hours(24))).verdict, 'VALID');
    });

    it('the allowed age is a setting: 6 h makes a 7-hour-old snapshot stale, 72 h keeps a 48-hour-old one', async () => {
      assert.equal((await at(hours(7), 6 * 3_600_000)).verdict, 'INCONCLUSIVE');
      assert.equal((await at(hours(5), 6 * 3_600_000)).verdict, 'VALID');
      assert.equal((await at(hours(48), 72 * 3_600_000)).verdict, 'VALID');
    });

    it('a revocation the stale snapshot knows stays INVALID', async () => {
      const revoked = snapshotOf([{ root, size: 2 }], {
        statuses: { [a.hash]: [{ issuer: ISSUER, status: 'REVOKED', reason: 'CERTIFIER_ERROR' }] },
      });
      const report = await verifyLocally(
        { ...ctx(revoked), now: hours(30) },
        { credential: a.credential, anchor: receipts[0] },
      );
      assert.equal(report.verdict, 'INVALID');
      assert.equal(statusOf(report, 'status')?.code, 'CL_VERIFY_REVOKED');
    });
  });

  it('without a snapshot, the ledger checks are skipped and the verdict INCONCLUSIVE', async () => {
    const report = await verifyLocally(ctx(null), { credential: a.credential, anchor: receipts[0] });
    assert.equal(report.verdict, 'INCONCLUSIVE');
    assert.equal(report.ledgerSource, undefined);
  });
});

describe('checkReferencedHash', () => {
  it('marks the report INVALID when the record is not the one the QR code names', async () => {
    const a = issued(1);
    const { root, receipts } = batch([a.hash]);
    const report = await verifyLocally(ctx(snapshotOf([{ root, size: 1 }])), {
      credential: a.credential,
      anchor: receipts[0],
    });
    assert.equal(checkReferencedHash(report, a.hash.toUpperCase()).verdict, 'VALID');
    const other = checkReferencedHash(report, 'ab'.repeat(32));
    assert.equal(other.verdict, 'INVALID');
    assert.equal(other.checks.find((c) => c.check === 'integrity')?.details?.hashMismatch, true);
  });
});
