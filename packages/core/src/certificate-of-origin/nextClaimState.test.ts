import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClaimEvent, type ClaimState, nextClaimState } from './nextClaimState.ts';

describe('nextClaimState', () => {
  it('a claim made is accepted, denied or corrected', () => {
    assert.deepEqual(nextClaimState('MADE', 'ACCEPT'), { success: true, state: 'ACCEPTED' });
    assert.deepEqual(nextClaimState('MADE', 'DENY'), { success: true, state: 'DENIED' });
    assert.deepEqual(nextClaimState('MADE', 'CORRECT'), { success: true, state: 'CORRECTED' });
  });

  it('the outcomes are final', () => {
    for (const state of ['ACCEPTED', 'DENIED', 'CORRECTED'] as const)
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
