import type { FamilyDescriptor } from '../families/FamilyDescriptor.ts';
import { permitDomainChecks } from './permitDomainChecks.ts';
import { permitKeyFacts } from './permitFacts.ts';
import { permitCredentialType } from './types.ts';

/**
 * PGA licences, permits, certificates and other documents (LPCO): issued by the agency (role PGA);
 * their balance and state are kept by the ledger's instrument contract, their holder and scope
 * checked by core (`checkPermitUse`).
 */
export const permitsFamily: FamilyDescriptor = {
  id: 'permits',
  credentialTypes: { [permitCredentialType]: ['PGA'] },
  domainChecks: permitDomainChecks,
  subjectTypes: { Lpco: permitCredentialType },
  caseKinds: [],
  keyFacts: { [permitCredentialType]: permitKeyFacts },
};
