/** States of a preference claim made on one entry line. */
export const claimStates = ['MADE', 'ACCEPTED', 'DENIED', 'CORRECTED'] as const;
export type ClaimState = (typeof claimStates)[number];

/** CBP accepts or denies the claim, or the importer corrects it (19 CFR 182.11(c)). */
export type ClaimEvent = 'ACCEPT' | 'DENY' | 'CORRECT';

/** Result of {@link nextClaimState}. */
export type NextClaimStateResult =
  | { success: true; state: ClaimState }
  | {
      success: false;
      problem: { code: 'CL_ORIGIN_CERTIFICATION_STATE'; state: string; event: string; message: string };
    };

const targets: Readonly<Record<ClaimEvent, ClaimState>> = { ACCEPT: 'ACCEPTED', DENY: 'DENIED', CORRECT: 'CORRECTED' };

/**
 * The state a claim moves to: `MADE → ACCEPTED | DENIED | CORRECTED`, and `DENIED → CORRECTED` (the
 * importer corrects a denied claim: a corrected certification or entry line is a new claim, 19 CFR
 * 182.11–182.12); ACCEPTED and CORRECTED are final. Any other event, or an unknown one, is refused.
 *
 * @example nextClaimState('MADE', 'ACCEPT') // { success: true, state: 'ACCEPTED' }
 */
export function nextClaimState(state: ClaimState, event: ClaimEvent): NextClaimStateResult {
  const refuse = (message: string): NextClaimStateResult => ({
    success: false,
    problem: { code: 'CL_ORIGIN_CERTIFICATION_STATE', state, event, message },
  });
  if (!claimStates.includes(state)) return refuse(`"${state}" is not a claim state.`);
  const target = Object.hasOwn(targets, event) ? targets[event] : undefined;
  if (target === undefined) return refuse(`"${event}" is not a claim event.`);
  if (state === 'DENIED' && event === 'CORRECT') return { success: true, state: target };
  if (state !== 'MADE') return refuse(`The claim is already ${state}, a final outcome: it cannot become ${target}.`);
  return { success: true, state: target };
}
