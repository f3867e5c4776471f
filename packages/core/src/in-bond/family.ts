import type { FamilyDescriptor } from '../families/FamilyDescriptor.ts';
import { inBondDomainChecks } from './inBondDomainCheck.ts';
import { inBondKeyFacts } from './inBondFacts.ts';
import { inBondCredentialType, inBondSubjectType } from './types.ts';

/**
 * In-bond movements (19 CFR Part 18): the filing is a credential issued by the bonded carrier; its
 * events (authorisation, departure, arrivals, exports, transfers, diversions, conclusion) change its
 * state on the chain, and its time limits are computed by core from the events' dates.
 */
export const inBondFamily: FamilyDescriptor = {
  id: 'in-bond',
  credentialTypes: { [inBondCredentialType]: ['BONDED_CARRIER'] },
  domainChecks: inBondDomainChecks,
  subjectTypes: { [inBondSubjectType]: inBondCredentialType },
  caseKinds: [],
  keyFacts: { [inBondCredentialType]: inBondKeyFacts },
};
