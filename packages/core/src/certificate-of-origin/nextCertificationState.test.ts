import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CertificationEvent,
  type CertificationState,
  type CertificationTransitionContext,
  certificationStates,
  finalCertificationStates,
  nextCertificationState,
} from './nextCertificationState.ts';

function to(state: CertificationState, event: CertificationEvent, context: CertificationTransitionContext = {}) {
  const r = nextCertificationState(state, event, context);
  assert.ok(r.success, JSON.stringify(!r.success && r.problem));
  return r.state;
}

function refused(state: CertificationState, event: CertificationEvent, context: CertificationTransitionContext = {}) {
  const r = nextCertificationState(state, event, context);
  assert.ok(!r.success, `${state} --${event}--> should be refused`);
  assert.equal(r.problem.code, 'CL_ORIGIN_CERTIFICATION_STATE');
  assert.equal(r.problem.state, state);
  assert.equal(r.problem.event, event);
  return r.problem.message;
}

describe('nextCertificationState', () => {
  it('follows the life of a certification from draft to use, review, acceptance', () => {
    let s: CertificationState = 'DRAFT';
    s = to(s, 'SIGN');
    assert.equal(s, 'ISSUED');
    s = to(s, 'DELIVER');
    assert.equal(s, 'PROVIDED');
    s = to(s, 'CLAIM');
    assert.equal(s, 'IN_USE');
    assert.equal(to(s, 'CLAIM'), 'IN_USE', 'each further claim keeps it in use');
    s = to(s, 'CBP_REQUEST');
    assert.equal(s, 'REQUESTED');
    s = to(s, 'SUBMIT');
    assert.equal(s, 'UNDER_REVIEW');
    assert.equal(to(s, 'ACCEPT'), 'IN_USE');
    assert.equal(to('PROVIDED', 'CBP_REQUEST'), 'REQUESTED');
  });

  it('a defective certification gets 5 business days, counted over the weekend and federal holidays', () => {
    const r = nextCertificationState('UNDER_REVIEW', 'FIND_DEFECTIVE', { date: '2025-06-06' });
    assert.deepEqual(r, { success: true, state: 'CORRECTION_REQUIRED', correctionDue: '2025-06-13' });
    // Juneteenth (Thursday 19 June 2025) is skipped.
    const overJuneteenth = nextCertificationState('UNDER_REVIEW', 'FIND_DEFECTIVE', { date: '2025-06-13' });
    assert.ok(overJuneteenth.success);
    assert.equal(overJuneteenth.correctionDue, '2025-06-23');
    // Found defective the Tuesday before Thanksgiving: due the Wednesday after.
    const overThanksgiving = nextCertificationState('UNDER_REVIEW', 'FIND_DEFECTIVE', { date: '2025-11-25' });
    assert.ok(overThanksgiving.success);
    assert.equal(overThanksgiving.correctionDue, '2025-12-03');
    const portClosed = nextCertificationState('UNDER_REVIEW', 'FIND_DEFECTIVE', {
      date: '2025-06-06',
      holidays: ['2025-06-09'],
    });
    assert.ok(portClosed.success);
    assert.equal(portClosed.correctionDue, '2025-06-16');
  });

  it('a corrected copy by the deadline goes back under review; after it, it is refused', () => {
    assert.equal(
      to('CORRECTION_REQUIRED', 'SUBMIT_CORRECTION', { date: '2025-06-20', correctionDue: '2025-06-20' }),
      'UNDER_REVIEW',
    );
    const message = refused('CORRECTION_REQUIRED', 'SUBMIT_CORRECTION', {
      date: '2025-06-23',
      correctionDue: '2025-06-20',
    });
    assert.match(message, /after the deadline of 2025-06-20/);
  });

  it('a missed deadline denies the claim, but only once it has passed', () => {
    assert.equal(
      to('CORRECTION_REQUIRED', 'MISS_DEADLINE', { date: '2025-06-23', correctionDue: '2025-06-20' }),
      'DENIED',
    );
    refused('CORRECTION_REQUIRED', 'MISS_DEADLINE', { date: '2025-06-20', correctionDue: '2025-06-20' });
    refused('CORRECTION_REQUIRED', 'MISS_DEADLINE', { date: '2025-06-23' });
  });

  it('origin verification ends affirmed or denied', () => {
    assert.equal(to('UNDER_REVIEW', 'START_VERIFICATION'), 'VERIFICATION');
    assert.equal(to('VERIFICATION', 'AFFIRM'), 'AFFIRMED');
    assert.equal(to('VERIFICATION', 'DENY'), 'DENIED');
  });

  it('an error reported by the certifier supersedes it from any issued, non-final state', () => {
    for (const s of certificationStates) {
      const r = nextCertificationState(s, 'REPORT_ERROR');
      const expected = s !== 'DRAFT' && !finalCertificationStates.includes(s);
      assert.equal(r.success, expected, s);
      if (r.success) assert.equal(r.state, 'SUPERSEDED');
    }
  });

  it('expires when the 4-year acceptance period has elapsed, not before', () => {
    const context = { signedOn: '2021-01-10' };
    assert.equal(to('IN_USE', 'ELAPSE_ACCEPTANCE', { ...context, date: '2025-01-11' }), 'EXPIRED');
    assert.equal(to('ISSUED', 'ELAPSE_ACCEPTANCE', { ...context, date: '2025-01-11' }), 'EXPIRED');
    refused('IN_USE', 'ELAPSE_ACCEPTANCE', { ...context, date: '2025-01-10' });
    refused('UNDER_REVIEW', 'ELAPSE_ACCEPTANCE', { ...context, date: '2026-01-01' });
    refused('IN_USE', 'ELAPSE_ACCEPTANCE', { date: '2026-01-01' });
  });

  it('a draft can be voided; nothing else can', () => {
    assert.equal(to('DRAFT', 'VOID'), 'VOID');
    refused('ISSUED', 'VOID');
  });

  it('refuses transitions the machine does not have', () => {
    refused('DRAFT', 'DELIVER');
    refused('ISSUED', 'CLAIM');
    refused('REQUESTED', 'ACCEPT');
    refused('AFFIRMED', 'CLAIM');
    refused('CORRECTION_REQUIRED', 'ACCEPT');
  });

  it('nothing leaves a final state', () => {
    const events: CertificationEvent[] = ['SIGN', 'CLAIM', 'ACCEPT', 'REPORT_ERROR', 'SUBMIT_CORRECTION'];
    for (const s of finalCertificationStates)
      for (const e of events)
        assert.match(refused(s, e, { date: '2025-01-01', correctionDue: '2025-01-02' }), /final state/);
  });

  it('refuses unknown states and events given at run time', () => {
    refused('LOST' as CertificationState, 'SIGN');
    refused('DRAFT', 'toString' as CertificationEvent);
  });
});
