import type { FamilyDescriptor } from '../families/FamilyDescriptor.ts';
import { carnetDomainChecks } from './carnetDomainChecks.ts';
import { carnetKeyFacts } from './carnetFacts.ts';
import { carnetCredentialType, carnetSubjectType } from './types.ts';

/**
 * ATA carnets (domain.md §4): the carnet issued by the issuing association (validated by
 * `validateCarnet` at verification); vouchers, item states and claims are judged by core's pure
 * rules and kept on chain.
 */
export const carnetFamily: FamilyDescriptor = {
  id: 'carnets',
  credentialTypes: { [carnetCredentialType]: ['CARNET_ISSUER'] },
  domainChecks: carnetDomainChecks,
  subjectTypes: { [carnetSubjectType]: carnetCredentialType },
  caseKinds: [],
  keyFacts: { [carnetCredentialType]: carnetKeyFacts },
};
