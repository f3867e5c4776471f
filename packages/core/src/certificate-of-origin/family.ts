import type { FamilyDescriptor } from '../families/FamilyDescriptor.ts';
import { certificationDomainChecks } from './certificationDomainChecks.ts';
import { certificationKeyFacts } from './certificationFacts.ts';
import { certificationCredentialTypes } from './types.ts';

/** The case kind of a preference claim at entry (importer, customs, certifier). */
export const originClaimCaseKind = 'origin-claim';
/** The case kind of customs' request for information about a claim (customs, requested party). */
export const informationRequestCaseKind = 'information-request';

/**
 * Certificates of origin: USMCA, CAFTA-DR and legacy NAFTA certifications (validated by their
 * agreement's rules at verification), origin qualifications (a product's rules-of-origin result,
 * with only its bill of materials' commitment anchored), and the claim workflow at entry — customs'
 * information requests, the answers, and the decision on a claim.
 */
export const certificateOfOriginFamily: FamilyDescriptor = {
  id: 'certificate-of-origin',
  credentialTypes: {
    [certificationCredentialTypes.USMCA]: ['EXPORTER', 'PRODUCER', 'IMPORTER'],
    [certificationCredentialTypes.CAFTA_DR]: ['EXPORTER', 'PRODUCER', 'IMPORTER'],
    [certificationCredentialTypes.NAFTA]: ['EXPORTER'],
    OriginQualificationCredential: ['PRODUCER', 'EXPORTER'],
    InformationRequestCredential: ['CUSTOMS'],
    InformationResponseCredential: ['EXPORTER', 'PRODUCER', 'IMPORTER', 'BROKER'],
    OriginClaimDecisionCredential: ['CUSTOMS'],
  },
  domainChecks: certificationDomainChecks,
  subjectTypes: {
    USMCACertification: certificationCredentialTypes.USMCA,
    CAFTADRCertification: certificationCredentialTypes.CAFTA_DR,
    NAFTACertificate: certificationCredentialTypes.NAFTA,
  },
  caseKinds: [originClaimCaseKind, informationRequestCaseKind],
  keyFacts: {
    [certificationCredentialTypes.USMCA]: certificationKeyFacts,
    [certificationCredentialTypes.CAFTA_DR]: certificationKeyFacts,
    [certificationCredentialTypes.NAFTA]: certificationKeyFacts,
  },
};
