import type { PermitRefusal, PermitState } from './types.ts';
import { permitStates } from './types.ts';

/**
 * What happens to a permit (domain specification §6.3): the agency issues or denies it; a use draws
 * `quantity` from `balance` (millionths); the agency reverses a use (PM-06, a compensating entry
 * giving `quantity` back); the expiry date passes; the agency suspends, reinstates (to the state
 * before the suspension), revokes or amends it.
 */
export type PermitEvent =
  | { type: 'ISSUE' }
  | { type: 'DENY' }
  | { type: 'USE'; quantity: bigint; balance: bigint; singleUse: boolean }
  | { type: 'REVERSE'; quantity: bigint; balance: bigint; authorized: bigint }
  | { type: 'EXPIRE' }
  | { type: 'SUSPEND' }
  | { type: 'REINSTATE'; previous: PermitState }
  | { type: 'REVOKE' }
  | { type: 'AMEND' };

/** Result of {@link nextPermitState}. */
export type NextPermitStateResult = { ok: true; state: PermitState; balance?: bigint } | PermitRefusal;

/** States nothing leaves. */
export const finalPermitStates: readonly PermitState[] = ['EXPIRED', 'REVOKED', 'DENIED'];

const usable: readonly PermitState[] = ['ACTIVE', 'PARTIALLY_USED'];

/**
 * The state a permit moves to on an event, or a refusal with its code: a use outside ACTIVE or
 * PARTIALLY_USED (CL_PERMIT_NOT_USABLE, or CL_PERMIT_ALREADY_USED when consumed), a quantity that is
 * not positive (CL_PERMIT_QUANTITY_INVALID) or above the balance (CL_PERMIT_INSUFFICIENT_BALANCE, also for an EXHAUSTED permit), a
 * reversal with nothing to give back (CL_PERMIT_USE_NOT_REVERSIBLE), any other event the state does
 * not allow (CL_PERMIT_NOT_USABLE). A use leaves PARTIALLY_USED while a balance remains, EXHAUSTED
 * when none does, CONSUMED for a single-use permit; a reversal returns to ACTIVE when the whole
 * authorised quantity is back, else PARTIALLY_USED. `balance` is the balance after a use or reversal.
 *
 * @example nextPermitState('ACTIVE', { type: 'USE', quantity: 200_000_000n, balance: 500_000_000n, singleUse: false })
 *   // { ok: true, state: 'PARTIALLY_USED', balance: 300_000_000n }
 */
export function nextPermitState(state: PermitState, event: PermitEvent): NextPermitStateResult {
  const refuse = (code: PermitRefusal['code'], rule: PermitRefusal['rule'], message: string): PermitRefusal => ({
    ok: false,
    code,
    rule,
    field: '/event',
    message,
  });
  if (!permitStates.includes(state)) return refuse('CL_INPUT_INVALID', 'FORMAT', `"${state}" is not a permit state.`);
  const notAllowed = () =>
    refuse(
      'CL_PERMIT_NOT_USABLE',
      'PM-01',
      finalPermitStates.includes(state)
        ? `The permit is ${state}, a final state: nothing can change it any more.`
        : `${event.type} is not possible while the permit is ${state}.`,
    );
  switch (event.type) {
    case 'ISSUE':
      return state === 'APPLIED' ? { ok: true, state: 'ACTIVE' } : notAllowed();
    case 'DENY':
      return state === 'APPLIED' ? { ok: true, state: 'DENIED' } : notAllowed();
    case 'USE': {
      if (state === 'CONSUMED')
        return refuse('CL_PERMIT_ALREADY_USED', 'PM-03', 'The permit is single-use and was used already.');
      if (state === 'EXHAUSTED')
        return {
          ...refuse('CL_PERMIT_INSUFFICIENT_BALANCE', 'PM-02', 'The permit is exhausted: its balance is 0.'),
          details: { balance: '0' },
        };
      if (!usable.includes(state))
        return refuse(
          'CL_PERMIT_NOT_USABLE',
          'PM-01',
          `A permit ${state} cannot be used: only an ACTIVE or PARTIALLY_USED one.`,
        );
      if (event.singleUse && state !== 'ACTIVE')
        return refuse('CL_PERMIT_ALREADY_USED', 'PM-03', 'The permit is single-use and was used already.');
      if (event.quantity <= 0n)
        return refuse('CL_PERMIT_QUANTITY_INVALID', 'PM-02', 'A use draws a positive quantity.');
      if (event.quantity > event.balance)
        return {
          ...refuse('CL_PERMIT_INSUFFICIENT_BALANCE', 'PM-02', 'The quantity is more than the balance.'),
          details: { balance: event.balance.toString() },
        };
      const balance = event.balance - event.quantity;
      return {
        ok: true,
        state: event.singleUse ? 'CONSUMED' : balance === 0n ? 'EXHAUSTED' : 'PARTIALLY_USED',
        balance,
      };
    }
    case 'REVERSE': {
      if (!['PARTIALLY_USED', 'EXHAUSTED', 'CONSUMED'].includes(state))
        return refuse('CL_PERMIT_USE_NOT_REVERSIBLE', 'PM-06', `A permit ${state} has no applied use to reverse.`);
      const balance = event.balance + event.quantity;
      if (event.quantity <= 0n || balance > event.authorized)
        return refuse(
          'CL_PERMIT_USE_NOT_REVERSIBLE',
          'PM-06',
          'A reversal gives back a positive quantity that was drawn: the balance cannot pass the authorised quantity.',
        );
      return { ok: true, state: balance === event.authorized ? 'ACTIVE' : 'PARTIALLY_USED', balance };
    }
    case 'EXPIRE':
      return usable.includes(state) ? { ok: true, state: 'EXPIRED' } : notAllowed();
    case 'SUSPEND':
      return usable.includes(state) ? { ok: true, state: 'SUSPENDED' } : notAllowed();
    case 'REINSTATE':
      return state === 'SUSPENDED' && usable.includes(event.previous)
        ? { ok: true, state: event.previous }
        : notAllowed();
    case 'REVOKE':
      return usable.includes(state) || state === 'SUSPENDED' ? { ok: true, state: 'REVOKED' } : notAllowed();
    case 'AMEND':
      return usable.includes(state) ? { ok: true, state } : notAllowed();
    default:
      return refuse('CL_INPUT_INVALID', 'FORMAT', `"${(event as { type: string }).type}" is not a permit event.`);
  }
}
