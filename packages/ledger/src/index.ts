export type { CredentialStatus } from './contracts/credentialStatus.ts';
export { credentialStatusCodes, credentialStatusFromCode } from './contracts/credentialStatus.ts';
export { organizationId } from './contracts/organizationId.ts';
export { roleBitmask, rolesFromBitmask } from './contracts/roleBitmask.ts';
export type { ContractErrorName } from './errors/contractErrors.ts';
export { contractErrorCodes, toLedgerError } from './errors/contractErrors.ts';
export {
  anchorRegistryAbi,
  anchorRegistryBytecode,
  trustRegistryAbi,
  trustRegistryBytecode,
} from './generated/contracts.generated.ts';
