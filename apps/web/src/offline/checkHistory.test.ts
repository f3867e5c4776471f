import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VerificationReport } from '@clearledger/core';
import { type CheckEntry, createCheckHistory, summarizeCheck } from './checkHistory.ts';
import { memoryKeyValueStore } from './keyValueStore.ts';

const report = (verdict: VerificationReport['verdict']): VerificationReport => ({
  verdict,
  checks: [],
  verifiedAt: '2025-06-10T09:00:00Z',
  credentialId: 'urn:uuid:1',
  issuer: 'did:web:producer.example',
  types: ['VerifiableCredential', 'USMCACertificationOfOrigin'],
});
const entry = (id: string, at: string, verdict: VerificationReport['verdict'] = 'VALID'): CheckEntry => ({
  id,
  at,
  origin: 'camera',
  report: report(verdict),
  credential: { id: 'urn:uuid:1' },
});

describe('check history', () => {
  it('lists checks newest first, whatever order they were added in', async () => {
    const history = createCheckHistory(memoryKeyValueStore());
    await history.add(entry('b', '2025-06-10T09:02:00Z'));
    await history.add(entry('a', '2025-06-10T09:01:00Z'));
    await history.add(entry('c', '2025-06-10T09:03:00Z'));
    assert.deepEqual(
      (await history.list()).map((e) => e.id),
      ['c', 'b', 'a'],
    );
  });

  it('keeps at most max entries, dropping the oldest', async () => {
    const history = createCheckHistory(memoryKeyValueStore(), { max: 2 });
    for (const [i, at] of ['09:01', '09:02', '09:03'].entries())
      await history.add(entry(String(i), `2025-06-10T${at}:00Z`));
    assert.deepEqual(
      (await history.list()).map((e) => e.id),
      ['2', '1'],
    );
  });

  it('loses nothing when checks are added at the same time', async () => {
    const history = createCheckHistory(memoryKeyValueStore());
    await Promise.all(Array.from({ length: 10 }, (_, i) => history.add(entry(`e${i}`, `2025-06-10T09:0${i}:00Z`))));
    assert.equal((await history.list()).length, 10);
  });

  it('replaces a report after the online re-check', async () => {
    const history = createCheckHistory(memoryKeyValueStore());
    await history.add(entry('x', '2025-06-10T09:00:00Z', 'INCONCLUSIVE'));
    assert.equal(await history.updateReport('x', report('VALID')), true);
    assert.equal((await history.get('x'))?.report.verdict, 'VALID');
    assert.equal(await history.updateReport('missing', report('VALID')), false);
  });

  it('summarises a check as time, verdict, type, id and issuer', () => {
    assert.deepEqual(summarizeCheck(entry('x', '2025-06-10T09:00:00Z', 'INVALID')), {
      id: 'x',
      at: '2025-06-10T09:00:00Z',
      verdict: 'INVALID',
      type: 'USMCACertificationOfOrigin',
      credentialId: 'urn:uuid:1',
      issuer: 'did:web:producer.example',
    });
  });
});
