export type { AnchorWorker, AnchorWorkerParameters } from './anchor/startAnchorWorker.ts';
export { startAnchorWorker } from './anchor/startAnchorWorker.ts';
export type {
  ChainAnchor,
  ChainKey,
  ChainOrganization,
  ContractAddresses,
  CreateLedgerClientParameters,
  LedgerClient,
  TxResult,
} from './client/createLedgerClient.ts';
export { createLedgerClient } from './client/createLedgerClient.ts';
export type { CredentialStatus } from './contracts/credentialStatus.ts';
export { credentialStatusCodes, credentialStatusFromCode } from './contracts/credentialStatus.ts';
export { organizationId } from './contracts/organizationId.ts';
export { roleBitmask, rolesFromBitmask } from './contracts/roleBitmask.ts';
export type { JsonRpcErrorObject } from './edr/JsonRpcError.ts';
export { JsonRpcError } from './edr/JsonRpcError.ts';
export type {
  EmbeddedChain,
  EmbeddedChainGenesisAccount,
  EmbeddedChainServeParameters,
  EmbeddedChainStats,
  OpenEmbeddedChainParameters,
} from './embedded/openEmbeddedChain.ts';
export { openEmbeddedChain } from './embedded/openEmbeddedChain.ts';
export type { ContractErrorName } from './errors/contractErrors.ts';
export { contractErrorCodes, toLedgerError } from './errors/contractErrors.ts';
export {
  anchorRegistryAbi,
  anchorRegistryBytecode,
  trustRegistryAbi,
  trustRegistryBytecode,
} from './generated/contracts.generated.ts';
export type {
  ChainCarnet,
  ChainItem,
  ChainItemState,
  ChainMovement,
  ChainMovementAction,
  ChainMovementState,
  ChainPermit,
  ChainPermitState,
  DrawRequest,
  DrawResult,
  InstrumentLedger,
  VoucherKind,
} from './instruments/instrumentLedger.ts';
export {
  asciiOf,
  chainItemStates,
  chainMovementActions,
  chainMovementStates,
  chainPermitStates,
  createDrawBatcher,
  createInstrumentLedger,
  dateOfSeconds,
  daySeconds,
  instrumentKey,
  permitUseKey,
  textHash,
  voucherKinds as chainVoucherKinds,
} from './instruments/instrumentLedger.ts';
export type { ChainLedgerViewParameters } from './view/chainLedgerView.ts';
export { chainLedgerView } from './view/chainLedgerView.ts';
export type { IndexedLedgerViewParameters } from './view/indexedLedgerView.ts';
export { indexedLedgerView } from './view/indexedLedgerView.ts';
export type { CreateSnapshotIndexOptions, SnapshotIndex } from './view/snapshotIndex.ts';
export { createSnapshotIndex } from './view/snapshotIndex.ts';
export type { StatusIndex } from './view/statusIndex.ts';
export { createStatusIndex } from './view/statusIndex.ts';
