export type { ClearledgerErrorParameters } from './ClearledgerError.ts';
export { ClearledgerError, isClearledgerError } from './ClearledgerError.ts';
export type { ErrorCode } from './codes.ts';
export { allErrorCodes, errorCodes } from './codes.ts';
