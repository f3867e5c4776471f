import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allErrorCodes, type VerificationCheck, type VerificationReport } from '@clearledger/core';
import { en } from '../i18n/en.ts';
import {
  checkOutcome,
  checkPassed,
  checkSentence,
  ledgerSourceSentence,
  nextSteps,
  verdictChange,
  verdictLooks,
} from './verdictPresentation.ts';

const check = (c: Partial<VerificationCheck>): VerificationCheck => ({
  check: 'anchor',
  status: 'VALID',
  code: 'CL_VERIFY_OK',
  message: 'node message',
  ...c,
});
const report = (
  verdict: VerificationReport['verdict'],
  checks: VerificationCheck[],
  extra: Partial<VerificationReport> = {},
) => ({ verdict, checks, verifiedAt: '2025-06-10T09:00:00Z', ...extra }) as VerificationReport;

describe('checkSentence', () => {
  it('has a sentence in the dictionary for every verification reason code core defines', () => {
    const codes = allErrorCodes.filter((c) => c.startsWith('CL_VERIFY_') && c !== 'CL_VERIFY_OK');
    assert.ok(codes.length >= 20);
    for (const code of codes) {
      const sentence = checkSentence(check({ status: 'INVALID', code }));
      assert.ok(sentence !== null, code);
      assert.ok(sentence.key in en, `${code} → ${sentence.key}`);
    }
  });

  it('says what each passing check established', () => {
    for (const name of ['format', 'integrity', 'issuer', 'status', 'validity', 'domain'] as const)
      assert.equal(checkSentence(check({ check: name }))?.key, `reason.ok.${name}`);
    assert.deepEqual(checkSentence(check({ details: { blockNumber: 40, anchoredAt: '2025-01-10T12:00:05Z' } })), {
      key: 'reason.ok.anchorAt',
      params: { block: 40, at: { dateTime: '2025-01-10T12:00:05Z' } },
    });
  });

  it('carries the revocation reason into the sentence', () => {
    assert.deepEqual(
      checkSentence(
        check({
          check: 'status',
          status: 'INVALID',
          code: 'CL_VERIFY_REVOKED',
          details: { reason: 'CERTIFIER_ERROR' },
        }),
      ),
      { key: 'reason.CL_VERIFY_REVOKED.because', params: { reason: 'CERTIFIER_ERROR' } },
    );
  });

  it('names the age of a stale snapshot and the last acceptable date of an expired certification', () => {
    const stale = check({
      check: 'status',
      status: 'ERROR',
      code: 'CL_VERIFY_SNAPSHOT_STALE',
      details: { snapshotAgeMs: 30.5 * 3_600_000, maxAgeMs: 24 * 3_600_000, asOf: '2025-06-09T02:30:00Z' },
    });
    assert.deepEqual(checkSentence(stale), {
      key: 'reason.CL_VERIFY_SNAPSHOT_STALE.age',
      params: { hours: 30, max: 24, at: { dateTime: '2025-06-09T02:30:00Z' } },
    });
    const expired = check({
      check: 'domain',
      status: 'INVALID',
      code: 'CL_VERIFY_ACCEPTANCE_EXPIRED',
      details: { acceptedUntil: '2023-01-05' },
    });
    assert.deepEqual(checkSentence(expired), {
      key: 'reason.CL_VERIFY_ACCEPTANCE_EXPIRED.until',
      params: { until: { date: '2023-01-05' } },
    });
    assert.deepEqual(nextSteps(report('INCONCLUSIVE', [stale])), [
      'next.inconclusive.doNotReleaseYet',
      'next.inconclusive.snapshotStale',
    ]);
    assert.deepEqual(nextSteps(report('INVALID', [expired])), [
      'next.invalid.doNotAccept',
      'next.invalid.dates',
      'next.invalid.refer',
    ]);
  });

  it('returns null for a code the app does not know, so the report message is shown', () => {
    assert.equal(checkSentence(check({ status: 'INVALID', code: 'CL_VERIFY_SOMETHING_NEW' as never })), null);
  });
});

describe('checkOutcome', () => {
  it('gives every status an icon and words, and tells "not applicable" from "not checked"', () => {
    assert.equal(
      checkOutcome({ status: 'SKIPPED', code: 'CL_VERIFY_NOT_APPLICABLE' }).label,
      'checkStatus.NOT_APPLICABLE',
    );
    assert.equal(checkOutcome({ status: 'SKIPPED', code: 'CL_VERIFY_ANCHOR_PENDING' }).label, 'checkStatus.SKIPPED');
    assert.equal(checkOutcome({ status: 'INVALID', code: 'CL_VERIFY_SIGNATURE' }).tone, 'invalid');
    for (const look of Object.values(verdictLooks)) {
      assert.ok(look.icon.length > 0);
      assert.ok(look.label in en);
    }
  });
});

describe('checkOutcome under a verdict', () => {
  it('a passed check is green under VALID only, grey otherwise; a failed one stays red', () => {
    const passed = { status: 'VALID', code: 'CL_VERIFY_OK' } as const;
    assert.equal(checkOutcome(passed, 'VALID').tone, 'valid');
    assert.equal(checkOutcome(passed, 'INVALID').tone, 'neutral');
    assert.equal(checkOutcome(passed, 'INCONCLUSIVE').tone, 'neutral');
    assert.equal(checkOutcome(passed, 'INVALID').icon, '✓', 'the icon still says it passed');
    assert.equal(checkOutcome({ status: 'INVALID', code: 'CL_VERIFY_REVOKED' }, 'INVALID').tone, 'invalid');
  });

  it('folds passed and not-applicable checks, keeps failed, errored and skipped ones open', () => {
    assert.equal(checkPassed({ status: 'VALID', code: 'CL_VERIFY_OK' }), true);
    assert.equal(checkPassed({ status: 'SKIPPED', code: 'CL_VERIFY_NOT_APPLICABLE' }), true);
    assert.equal(checkPassed({ status: 'SKIPPED', code: 'CL_VERIFY_ANCHOR_PENDING' }), false);
    assert.equal(checkPassed({ status: 'INVALID', code: 'CL_VERIFY_SIGNATURE' }), false);
    assert.equal(checkPassed({ status: 'ERROR', code: 'CL_VERIFY_LEDGER_UNAVAILABLE' }), false);
  });
});

describe('verdictChange', () => {
  const valid = report('VALID', [check({ check: 'status' })]);
  it('VALID → INVALID because revoked names the reason in a word', () => {
    const revoked = report('INVALID', [
      check({ check: 'integrity' }),
      check({ check: 'status', status: 'INVALID', code: 'CL_VERIFY_REVOKED' }),
    ]);
    assert.deepEqual(verdictChange(valid, revoked), { from: 'VALID', to: 'INVALID', reason: 'change.revoked' });
    assert.equal(en['change.revoked'], 'revoked');
  });

  it('a reason without a word of its own is named by its check', () => {
    const pending = report('INCONCLUSIVE', [
      check({ check: 'anchor', status: 'SKIPPED', code: 'CL_VERIFY_ANCHOR_PENDING' }),
    ]);
    assert.deepEqual(verdictChange(valid, pending), { from: 'VALID', to: 'INCONCLUSIVE', reason: 'check.anchor' });
  });

  it('is null when the verdict stays, and has no reason when it becomes VALID', () => {
    assert.equal(verdictChange(valid, report('VALID', [check({})])), null);
    assert.deepEqual(verdictChange(report('INCONCLUSIVE', []), valid), {
      from: 'INCONCLUSIVE',
      to: 'VALID',
      reason: null,
    });
  });
});

describe('nextSteps', () => {
  it('VALID: release; offline adds a re-check for later revocations', () => {
    assert.deepEqual(nextSteps(report('VALID', [check({})], { ledgerSource: { kind: 'live', blockNumber: 9 } })), [
      'next.valid.release',
    ]);
    assert.deepEqual(
      nextSteps(report('VALID', [check({})], { ledgerSource: { kind: 'snapshot', blockNumber: 9, asOf: 'x' } })),
      ['next.valid.release', 'next.valid.offline'],
    );
  });

  it('INCONCLUSIVE because the anchor is pending: re-check later or request the anchored record', () => {
    const steps = nextSteps(report('INCONCLUSIVE', [check({ status: 'SKIPPED', code: 'CL_VERIFY_ANCHOR_PENDING' })]));
    assert.deepEqual(steps, ['next.inconclusive.doNotReleaseYet', 'next.inconclusive.anchorPending']);
  });

  it('INVALID: do not accept, hold or ask, and refer to the issuer', () => {
    assert.deepEqual(
      nextSteps(report('INVALID', [check({ check: 'integrity', status: 'INVALID', code: 'CL_VERIFY_SIGNATURE' })])),
      ['next.invalid.doNotAccept', 'next.invalid.altered', 'next.invalid.refer'],
    );
    assert.deepEqual(
      nextSteps(report('INVALID', [check({ check: 'status', status: 'INVALID', code: 'CL_VERIFY_REVOKED' })])),
      ['next.invalid.doNotAccept', 'next.invalid.withdrawn', 'next.invalid.refer'],
    );
  });
});

describe('ledgerSourceSentence', () => {
  it('names the block online, and block and time offline', () => {
    assert.deepEqual(ledgerSourceSentence({ ledgerSource: { kind: 'live', blockNumber: 77 } }), {
      key: 'source.live',
      params: { block: 77 },
    });
    assert.deepEqual(
      ledgerSourceSentence({ ledgerSource: { kind: 'snapshot', blockNumber: 42, asOf: '2025-06-10T08:00:00Z' } }),
      {
        key: 'source.snapshot',
        params: { block: 42, at: { dateTime: '2025-06-10T08:00:00Z' } },
      },
    );
    assert.deepEqual(ledgerSourceSentence({}), { key: 'source.none' });
  });
});
