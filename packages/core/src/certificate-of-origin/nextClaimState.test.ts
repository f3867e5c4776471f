import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClaimEvent, type ClaimState, nextClaimState } from './nextClaimState.ts';

describe('nextClaimState', () => {
  it('a claim made is accepted, denied or corrected', () => {
    assert.deepEqual(nextClaimState('MADE', 'ACCEPT'), { success: true, state: 'ACCEPTED' });
    assert.deepEqual(nextClaimState('MADE', 'DENY'), { success: true, state: 'DENIED' });
    assert.deepEqual(nextClaimState('MADE', 'CORRECT'), { success: true, state: 'CORRECTED' });
  });

  it('a denied claim can be corrected (a new claim is assessed), never accepted or denied again', () => {
    assert.deepEqual(nextClaimState('DENIED', 'CORRECT'), { success: true, state: 'CORRECTED' });
    for (const event of ['ACCEPT', 'DENY'] as const) assert.equal(nextClaimState('DENIED', event).success, false);
  });

  it('accepted and corrected claims are final', () => {
    for (const state of ['ACCEPTED', 'CORRECTED'] as const)
      for (const event of ['ACCEPT', 'DENY', 'CORRECT'] as const) {
        const r = nextClaimState(state, event);
        assert.ok(!r.success);
        assert.equal(r.problem.code, 'CL_ORIGIN_CERTIFICATION_STATE');
        assert.match(r.problem.message, new RegExp(`already ${state}`));
      }
  });

  it('refuses unknown states and events', () => {
    assert.equal(nextClaimState('PENDING' as ClaimState, 'ACCEPT').success, false);
    assert.equal(nextClaimState('MADE', 'constructor' as ClaimEvent).success, false);
  });
});
