export type { AccountRole, Scope } from './access/scopes.ts';
export { accountRoles, scopes, scopesOfRole, scopesOfRoles } from './access/scopes.ts';
export { claimDeadline, latestValidUntil } from './carnets/calendar.ts';
export type { CarnetCountryTable } from './carnets/carnetCountries.ts';
export { defaultCarnetCountries } from './carnets/carnetCountries.ts';
export { carnetDomainChecks } from './carnets/carnetDomainChecks.ts';
export { carnetKeyFacts } from './carnets/carnetFacts.ts';
export type { CheckVoucherParameters, CheckVoucherResult } from './carnets/checkVoucher.ts';
export { checkVoucher } from './carnets/checkVoucher.ts';
export type {
  CheckCarnetClaimParameters,
  CheckCarnetClaimResult,
  CheckProofOfReexportParameters,
} from './carnets/claims.ts';
export {
  checkCarnetClaim,
  checkProofOfReexport,
  isDischarged,
  itemStatusOn,
  maxClaimAmount,
  overdueItems,
} from './carnets/claims.ts';
export { carnetFamily } from './carnets/family.ts';
export type { ItemVoucher } from './carnets/nextItemState.ts';
export { nextItemState } from './carnets/nextItemState.ts';
export type {
  AtaCarnet,
  CarnetIntendedUse,
  CarnetItemState,
  CarnetItemStates,
  CarnetItemStatus,
  CarnetItemStoredState,
  CarnetProblem,
  CarnetRefusal,
  CarnetRule,
  CarnetState,
  CarnetVoucher,
  GeneralListItem,
  SecurityDepositType,
  VoucherColour,
  VoucherKind,
} from './carnets/types.ts';
export {
  carnetCredentialType,
  carnetIntendedUses,
  carnetItemStoredStates,
  carnetStates,
  carnetStateTransitions,
  carnetSubjectType,
  securityDepositTypes,
  voucherColour,
  voucherKinds,
} from './carnets/types.ts';
export type { ValidateCarnetParameters, ValidateCarnetResult } from './carnets/validateCarnet.ts';
export { defaultDepositRates, validateCarnet } from './carnets/validateCarnet.ts';
export type { AddBusinessDaysOptions } from './certificate-of-origin/addBusinessDays.ts';
export { addBusinessDays } from './certificate-of-origin/addBusinessDays.ts';
export type { AgreementRules } from './certificate-of-origin/agreementRules.ts';
export { defaultAgreementRules } from './certificate-of-origin/agreementRules.ts';
export { certificationDomainChecks } from './certificate-of-origin/certificationDomainChecks.ts';
export type { CertificationFacts, GoodsFacts } from './certificate-of-origin/certificationFacts.ts';
export {
  certificationFactsOf,
  certificationKeyFacts,
  formatHs,
  formatHtsus,
} from './certificate-of-origin/certificationFacts.ts';
export type {
  CertificationRequiredParameters,
  CertificationRequiredResult,
} from './certificate-of-origin/certificationRequired.ts';
export { certificationRequired } from './certificate-of-origin/certificationRequired.ts';
export type { CheckCorrectionParameters, CheckCorrectionResult } from './certificate-of-origin/checkCorrection.ts';
export { checkCorrection } from './certificate-of-origin/checkCorrection.ts';
export {
  confidentialProducerCommitment,
  isProducerCommitment,
  matchesProducerCommitment,
  PRODUCER_SALT_MIN_BYTES,
} from './certificate-of-origin/confidentialProducerCommitment.ts';
export type {
  CoverageCertification,
  CoverageParameters,
  CoverageReason,
  CoverageResult,
} from './certificate-of-origin/coverage.ts';
export { coverage } from './certificate-of-origin/coverage.ts';
export {
  type CheckEntryNumberResult,
  checkEntryNumber,
  entryNumberCheckDigit,
} from './certificate-of-origin/entryNumberCheckDigit.ts';
export type {
  ExemptImportation,
  ExemptionSeriesParameters,
  ExemptionSeriesResult,
} from './certificate-of-origin/exemptionSeries.ts';
export { exemptionSeries } from './certificate-of-origin/exemptionSeries.ts';
export {
  certificateOfOriginFamily,
  informationRequestCaseKind,
  originClaimCaseKind,
} from './certificate-of-origin/family.ts';
export type {
  CertificationEvent,
  CertificationState,
  CertificationTransitionContext,
  NextCertificationStateResult,
  TransitionProblem,
} from './certificate-of-origin/nextCertificationState.ts';
export {
  certificationStates,
  finalCertificationStates,
  nextCertificationState,
} from './certificate-of-origin/nextCertificationState.ts';
export type { ClaimEvent, ClaimState, NextClaimStateResult } from './certificate-of-origin/nextClaimState.ts';
export { claimStates, nextClaimState } from './certificate-of-origin/nextClaimState.ts';
export type {
  CAFTADRCertificationOfOrigin,
  CaftaDrCertificationSubject,
  CaftaDrGood,
  CertificationAgreement,
  CertificationCredentialType,
  CertificationDocument,
  CertificationParty,
  CertificationProblem,
  CertificationRule,
  CertificationScope,
  CertificationSignature,
  CertificationSubject,
  Certifier,
  CertifierRole,
  ImporterDeclaration,
  NAFTACertificateOfOrigin,
  NaftaCertificateSubject,
  NaftaGood,
  NaftaPreferenceCriterion,
  PostalAddress,
  ProducerDeclaration,
  USMCACertificationOfOrigin,
  UsmcaCertificationSubject,
  UsmcaGood,
  UsmcaOriginCriterion,
} from './certificate-of-origin/types.ts';
export { certificationCredentialTypes } from './certificate-of-origin/types.ts';
export type { FederalHoliday, FederalHolidayName } from './certificate-of-origin/usFederalHolidays.ts';
export { isUsFederalHoliday, usFederalHolidays } from './certificate-of-origin/usFederalHolidays.ts';
export type {
  CertificationSubjectOf,
  ValidateCertificationParameters,
  ValidateCertificationResult,
} from './certificate-of-origin/validateCertification.ts';
export { validateCertification } from './certificate-of-origin/validateCertification.ts';
export type {
  ClaimCheck,
  ClaimCheckName,
  ClaimLine,
  ClaimVerification,
  VerifyClaimParameters,
} from './certificate-of-origin/verifyClaim.ts';
export { checkClaimLine, verifyClaim } from './certificate-of-origin/verifyClaim.ts';
export type { CheckCredentialFormatResult, FormatProblem } from './credentials/checkCredentialFormat.ts';
export { checkCredentialFormat, isDateTimeStamp } from './credentials/checkCredentialFormat.ts';
export type { LoadedDocument } from './credentials/contexts.ts';
export {
  CLEARLEDGER_V1_CONTEXT,
  clearledgerV1Context,
  isKnownContext,
  loadContext,
  VC_EXAMPLES_V2_CONTEXT,
  VC_V2_CONTEXT,
} from './credentials/contexts.ts';
export { credentialHash } from './credentials/credentialHash.ts';
export type { CreateProofParameters, ProofCheck, ProofOptions } from './credentials/eddsaJcs2022.ts';
export { createProof, signDocument, verifyCanonicalProof, verifyProofValue } from './credentials/eddsaJcs2022.ts';
export type { IssueContext, IssueCredentialParameters, IssueCredentialResult } from './credentials/issueCredential.ts';
export { issueCredential } from './credentials/issueCredential.ts';
export type { Signer } from './credentials/signer.ts';
export { createSigner } from './credentials/signer.ts';
export type { Credential, DataIntegrityProof, SignedCredential } from './credentials/types.ts';
export { issuerId } from './credentials/types.ts';
export type { CryptoPort } from './crypto/CryptoPort.ts';
export { nobleCrypto } from './crypto/nobleCrypto.ts';
export { randomUuid } from './crypto/randomUuid.ts';
export {
  decodePublicKeyMultibase,
  decodeSecretKeyMultibase,
  encodePublicKeyMultibase,
  encodeSecretKeyMultibase,
  isPublicKeyMultibase,
} from './did/multikey.ts';
export type { ParsedVerificationMethod } from './did/verificationMethod.ts';
export { didKeyFromMultibase, parseVerificationMethod } from './did/verificationMethod.ts';
export { BASE45_ALPHABET, base45Decode, base45Encode } from './encoding/base45.ts';
export { base58Decode, base58Encode, fromMultibase58, toMultibase58 } from './encoding/base58.ts';
export {
  concatBytes,
  equalBytes,
  fromBase64Url,
  fromHex,
  fromUtf8,
  toBase64Url,
  toHex,
  utf8,
} from './encoding/bytes.ts';
export * from './errors/index.ts';
export { checkFamilyRegistry } from './families/checkFamilyRegistry.ts';
export type {
  FamilyDescriptor,
  KeyFact,
  KeyFactsExtractor,
  KeyFactsTable,
  KeyFactValue,
  PartyFacts,
  RecordKeyFacts,
} from './families/FamilyDescriptor.ts';
export { familyDomainChecks, familyIssuancePolicy, familyOfType, familyRegistry } from './families/familyRegistry.ts';
export type { RecordKeyFactsResult } from './families/recordKeyFacts.ts';
export { recordKeyFacts } from './families/recordKeyFacts.ts';
export { recordPaperName } from './families/recordPaperName.ts';
export type { RecordValidUntil } from './families/recordValidUntil.ts';
export { recordValidUntil } from './families/recordValidUntil.ts';
export type { HsSection } from './hs/hsNomenclature.ts';
export {
  formatHsCode,
  hs2022SubheadingCount,
  hsChapter,
  hsDescription,
  hsHeading,
  hsSection,
  isHs2022Code,
  isHs2022Subheading,
} from './hs/hsNomenclature.ts';
export { inBondFamily } from './in-bond/family.ts';
export type {
  InBondDeadlineMovement,
  InBondDeadlineOptions,
  InBondDeadlines,
  InBondViolation,
} from './in-bond/inBondDeadlines.ts';
export { inBondDeadlines, inBondViolations } from './in-bond/inBondDeadlines.ts';
export { inBondDomainChecks } from './in-bond/inBondDomainCheck.ts';
export { inBondKeyFacts } from './in-bond/inBondFacts.ts';
export type { InBondEventCode, InBondMovementFacts, NextInBondStateResult } from './in-bond/nextInBondState.ts';
export { initialInBondFacts, nextInBondState } from './in-bond/nextInBondState.ts';
export { fromMillionths, toMillionths } from './in-bond/quantity.ts';
export type {
  ConveyanceMode,
  InBondActor,
  InBondBill,
  InBondCarrier,
  InBondContainer,
  InBondEntryType,
  InBondEvent,
  InBondEventKind,
  InBondEventScope,
  InBondGoods,
  InBondMovement,
  InBondParty,
  InBondProblem,
  InBondRule,
  InBondState,
} from './in-bond/types.ts';
export {
  conveyanceModes,
  finalInBondStates,
  inBondCredentialType,
  inBondEntryTypes,
  inBondStateNumber,
  inBondStates,
  inBondSubjectType,
  wp10ActionCodes,
} from './in-bond/types.ts';
export type { ValidateInBondOptions, ValidateInBondResult } from './in-bond/validateInBond.ts';
export { isBondedCarrierId, isKnownPort, validateInBond } from './in-bond/validateInBond.ts';
export type {
  DomainRuleSet,
  IssueCredentialsParameters,
  IssueCredentialsResult,
  IssuedCredential,
  IssueProblem,
  SignedRecord,
  SignMany,
  SignOutcome,
} from './issuance/issueCredentials.ts';
export {
  checkAndSignSequentially,
  domainRuleSets,
  issueCredentials,
  primaryType,
  signSequentially,
} from './issuance/issueCredentials.ts';
export type { IssueOnceParameters, IssueOnceResult, RecordedResponse } from './issuance/issueOnce.ts';
export { isIdempotencyKey, issueOnce, issueResponseBody } from './issuance/issueOnce.ts';
export type { SealPendingBatchParameters, SealPendingBatchResult } from './issuance/sealPendingBatch.ts';
export { sealPendingBatch } from './issuance/sealPendingBatch.ts';
export type { CanonicalMember } from './jcs/canonicalize.ts';
export {
  canonicalize,
  canonicalMembers,
  joinCanonicalMembers,
  joinWithMember,
  sortKeysDeep,
} from './jcs/canonicalize.ts';
export type { JsonValue, ParseJsonLimits, ParseJsonResult } from './json/parseJson.ts';
export { defaultJsonLimits, parseJson, parseJsonOrThrow } from './json/parseJson.ts';
export { anchorReceiptOf } from './ledger/anchorReceiptOf.ts';
export type { LedgerSnapshot, OrganizationState } from './ledger/snapshotLedgerView.ts';
export { organizationStateAt, snapshotLedgerView } from './ledger/snapshotLedgerView.ts';
export { storeLedgerView } from './ledger/storeLedgerView.ts';
export type {
  InclusionCache,
  ProvenInclusion,
  VerifyInclusionCachedParameters,
  VerifyInclusionCachedResult,
} from './merkle/inclusionCache.ts';
export { createInclusionCache, verifyInclusionCached } from './merkle/inclusionCache.ts';
export type { MerkleTree } from './merkle/merkleTree.ts';
export { buildMerkleTree, leafHash, MERKLE_HASH_SIZE, nodeHash } from './merkle/merkleTree.ts';
export type {
  MerkleProofMalformed,
  RootFromInclusionParameters,
  RootFromInclusionResult,
} from './merkle/rootFromInclusion.ts';
export { rootFromInclusion } from './merkle/rootFromInclusion.ts';
export type { VerifyInclusionParameters, VerifyInclusionResult } from './merkle/verifyInclusion.ts';
export { verifyInclusion } from './merkle/verifyInclusion.ts';
export type { Decimal, ParseDecimalResult, Percentage } from './origin/decimal.ts';
export {
  addDecimals,
  compareDecimals,
  comparePct,
  DECIMAL_MAX_FRACTION_DIGITS,
  DECIMAL_MAX_INTEGER_DIGITS,
  decimal,
  formatDecimal,
  formatPct,
  multiplyDecimals,
  parseDecimal,
  ratioPct,
  subtractDecimals,
} from './origin/decimal.ts';
export type {
  AlternativeOutcome,
  CriterionDOutcome,
  DeMinimisExclusionApplied,
  DeMinimisOutcome,
  EvaluateOriginOptions,
  EvaluateOriginResult,
  MaterialNote,
  OriginCriterion,
  OriginEvaluation,
  RvcMethodOutcome,
  RvcOutcome,
  TariffShiftFailure,
  TariffShiftOutcome,
} from './origin/evaluateOrigin.ts';
export { evaluateOrigin, originCriterionLetter } from './origin/evaluateOrigin.ts';
export type {
  BillOfMaterials,
  OriginQualificationSubject,
  OriginQualificationSubjectParameters,
} from './origin/qualification.ts';
export {
  BOM_COMMITMENT_MIN_SALT_BYTES,
  bomCommitment,
  ORIGIN_QUALIFICATION_CREDENTIAL_TYPE,
  originQualificationSubject,
} from './origin/qualification.ts';
export type { CompiledRuleSet, LoadRuleSetResult, RuleSummary } from './origin/ruleSet.ts';
export {
  compileRuleSet,
  defaultDeMinimisPct,
  deMinimisExclusionFor,
  findProductRule,
  loadRuleSet,
  rvcMethodsByAgreement,
} from './origin/ruleSet.ts';
export { caftaDrRules } from './origin/rules/caftaDrRules.ts';
export {
  criterionDThresholdPct,
  deMinimisExclusionsByAgreement,
  TEXTILE_CHAPTERS,
} from './origin/rules/deMinimisExclusions.ts';
export { usmcaRules } from './origin/rules/usmcaRules.ts';
export type {
  AccumulationCredentialType,
  AccumulationEvidence,
  Agreement,
  Alternative,
  DatedThreshold,
  DecimalInput,
  DeMinimisBasis,
  DeMinimisExclusion,
  DeMinimisThresholds,
  EvaluateOriginInput,
  HsEdition,
  MaterialEvidence,
  OriginGood,
  OriginMaterial,
  OriginProblem,
  ProductRule,
  RuleSet,
  RvcMethod,
  RvcRequirement,
  TariffShift,
  TariffShiftLevel,
} from './origin/types.ts';
export type { AccumulationEvidenceIo } from './origin/verifyAccumulationEvidence.ts';
export {
  accumulationCredentialHashes,
  accumulationEvidence,
  verifyAccumulationEvidence,
} from './origin/verifyAccumulationEvidence.ts';
export type {
  CheckPermitUseInput,
  CheckPermitUseResult,
  PermitFacts,
  PermitStateInput,
  PermitUse,
  PermitUseRequest,
} from './permits/checkPermitUse.ts';
export { checkPermitUse, permitStateOf } from './permits/checkPermitUse.ts';
export type {
  PriorNoticeInput,
  PriorNoticeMode,
  PriorNoticeResult,
  PriorNoticeSystem,
} from './permits/checkPriorNotice.ts';
export { checkPriorNotice, priorNoticeTiming } from './permits/checkPriorNotice.ts';
export { permitsFamily } from './permits/family.ts';
export type { NextPermitStateResult, PermitEvent } from './permits/nextPermitState.ts';
export { finalPermitStates, nextPermitState } from './permits/nextPermitState.ts';
export { permitDomainChecks } from './permits/permitDomainChecks.ts';
export { permitKeyFacts } from './permits/permitFacts.ts';
export type { PermitProgramRule } from './permits/permitPrograms.ts';
export { defaultPermitProgramRules, permitProgramRuleOf } from './permits/permitPrograms.ts';
export { fromChainQuantity, isPermitQuantity, toChainQuantity } from './permits/permitQuantity.ts';
export type {
  Lpco,
  LpcoAgency,
  LpcoCredential,
  LpcoDesignee,
  LpcoHolder,
  LpcoQuantity,
  LpcoScope,
  LpcoType,
  PermitChainState,
  PermitProblem,
  PermitRefusal,
  PermitRule,
  PermitState,
} from './permits/types.ts';
export { permitChainStates, permitCredentialType, permitStates } from './permits/types.ts';
export type { ValidatePermitParameters, ValidatePermitResult } from './permits/validatePermit.ts';
export { validatePermit } from './permits/validatePermit.ts';
export type { CbpPort } from './ports/cbpPorts.ts';
export { cbpPorts, DEFAULT_PORT_TIME_ZONE, findCbpPort } from './ports/cbpPorts.ts';
export { endOfLocalDay, portLocalDate } from './ports/portLocalDate.ts';
export type { CompactPayloadProblem, DecodeCompactPayloadResult } from './qr/decodeCompactPayload.ts';
export { decodeCompactPayload } from './qr/decodeCompactPayload.ts';
export type {
  DecodedQrPayload,
  DecodeQrPayloadResult,
  QrPayloadProblem,
} from './qr/decodeQrPayload.ts';
export { decodeQrPayload } from './qr/decodeQrPayload.ts';
export type { EncodeCompactPayloadParameters } from './qr/encodeCompactPayload.ts';
export { encodeCompactPayload } from './qr/encodeCompactPayload.ts';
export type {
  EncodeQrPayloadOptions,
  EncodeQrPayloadParameters,
  EncodeQrPayloadResult,
} from './qr/encodeQrPayload.ts';
export { encodeQrPayload } from './qr/encodeQrPayload.ts';
export type { QrDictionary } from './qr/qrDictionary.ts';
export { QR_CURRENT_DICTIONARY, QR_DICTIONARIES, QR_DICTIONARY_V1 } from './qr/qrDictionary.ts';
export {
  DEFAULT_QR_MAX_CHARS,
  QR_EMBEDDED_PREFIX,
  QR_EMBEDDED_PREFIX_V1,
  QR_ERROR_CORRECTION,
  QR_MAX_INFLATED_BYTES,
  QR_MAX_TEXT_CHARS,
} from './qr/qrPayloadFormat.ts';
export type * from './store/Store.ts';
export type {
  AllowedRolesResult,
  IssuancePolicy,
  IssuancePolicyCode,
  IssuancePolicyRefusal,
  IssuancePolicyResult,
  Role,
} from './verify/issuancePolicy.ts';
export { allowedRoles, checkIssuancePolicy, defaultIssuancePolicy, roles } from './verify/issuancePolicy.ts';
export { summarizeChecks } from './verify/summarizeChecks.ts';
export type {
  AnchorFacts,
  AnchorReceipt,
  CheckName,
  CheckStatus,
  DomainCheck,
  IssuerFacts,
  LedgerPoint,
  LedgerSource,
  LedgerView,
  StatusFacts,
  Verdict,
  VerificationCheck,
  VerificationReport,
} from './verify/types.ts';
export { checkNames } from './verify/types.ts';
export type { VerifyContext, VerifyCredentialParameters } from './verify/verifyCredential.ts';
export { verifyCredential } from './verify/verifyCredential.ts';
