import { ClearledgerError, type ErrorCode, isClearledgerError } from '@clearledger/core';
import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InternalRpcError,
  LimitExceededRpcError,
  ResourceUnavailableRpcError,
  SocketClosedError,
  TimeoutError,
  WebSocketRequestError,
} from 'viem';
import type { anchorRegistryAbi, instrumentRegistryAbi, trustRegistryAbi } from '../generated/contracts.generated.ts';

type ErrorNameOf<abi extends readonly unknown[]> =
  Extract<abi[number], { type: 'error' }> extends { name: infer N } ? N : never;

/** Name of a custom error declared by one of the Clearledger contracts. */
export type ContractErrorName =
  | ErrorNameOf<typeof trustRegistryAbi>
  | ErrorNameOf<typeof anchorRegistryAbi>
  | ErrorNameOf<typeof instrumentRegistryAbi>;

/**
 * The core error code of every custom error of the contracts (exhaustive: adding an error to a
 * contract without mapping it here fails the type check).
 */
export const contractErrorCodes: Record<ContractErrorName, ErrorCode> = {
  NotAuthority: 'CL_LEDGER_NOT_AUTHORIZED',
  NotOrgAdmin: 'CL_LEDGER_NOT_AUTHORIZED',
  UnknownAdmin: 'CL_LEDGER_NOT_AUTHORIZED',
  InactiveOrganization: 'CL_LEDGER_NOT_AUTHORIZED',
  KeyNotOwned: 'CL_LEDGER_NOT_AUTHORIZED',
  UnknownOrganization: 'CL_LEDGER_UNKNOWN_ORGANIZATION',
  UnknownKey: 'CL_LEDGER_UNKNOWN_KEY',
  OrganizationExists: 'CL_LEDGER_CONFLICT',
  AdminInUse: 'CL_LEDGER_CONFLICT',
  KeyExists: 'CL_LEDGER_CONFLICT',
  KeyRevokedAlready: 'CL_LEDGER_CONFLICT',
  CountMismatch: 'CL_LEDGER_CONFLICT',
  CredentialRevoked: 'CL_LEDGER_CONFLICT',
  InvalidDid: 'CL_LEDGER_INVALID_ARGUMENT',
  InvalidRoles: 'CL_LEDGER_INVALID_ARGUMENT',
  InvalidAdmin: 'CL_LEDGER_INVALID_ARGUMENT',
  AuthoritySelfLockout: 'CL_LEDGER_INVALID_ARGUMENT',
  InvalidValidity: 'CL_LEDGER_INVALID_ARGUMENT',
  InvalidRoot: 'CL_LEDGER_INVALID_ARGUMENT',
  InvalidCount: 'CL_LEDGER_INVALID_ARGUMENT',
  InvalidBatch: 'CL_LEDGER_INVALID_ARGUMENT',
  InvalidStatus: 'CL_LEDGER_INVALID_ARGUMENT',
  RoleRequired: 'CL_LEDGER_NOT_AUTHORIZED',
  UnknownInstrument: 'CL_LEDGER_INVALID_ARGUMENT',
  InstrumentExists: 'CL_LEDGER_CONFLICT',
  InvalidInstrument: 'CL_LEDGER_INVALID_ARGUMENT',
  PermitNotUsable: 'CL_PERMIT_NOT_USABLE',
  PermitExpired: 'CL_PERMIT_EXPIRED',
  InvalidQuantity: 'CL_PERMIT_QUANTITY_INVALID',
  InsufficientBalance: 'CL_PERMIT_INSUFFICIENT_BALANCE',
  AlreadyUsed: 'CL_PERMIT_ALREADY_USED',
  UseKeyReused: 'CL_PERMIT_USE_KEY_REUSED',
  UseNotReversible: 'CL_PERMIT_USE_NOT_REVERSIBLE',
  CarnetNotActive: 'CL_CARNET_NOT_ACTIVE',
  ItemUnknown: 'CL_CARNET_ITEM_UNKNOWN',
  ItemState: 'CL_CARNET_ITEM_STATE',
  CarnetExpired: 'CL_CARNET_EXPIRED',
  DateOrder: 'CL_CARNET_DATE_ORDER',
  ReexportLate: 'CL_CARNET_REEXPORT_LATE',
  ClaimLate: 'CL_CARNET_CLAIM_LATE',
  InvalidVoucher: 'CL_LEDGER_INVALID_ARGUMENT',
  NumberTaken: 'CL_INBOND_NUMBER_TAKEN',
  EventNotAllowed: 'CL_INBOND_EVENT_NOT_ALLOWED',
  NotCarrier: 'CL_INBOND_NOT_CARRIER',
  WrongPort: 'CL_INBOND_WRONG_PORT',
  QuantityExceeded: 'CL_INBOND_QUANTITY_EXCEEDED',
  CarrierNotBonded: 'CL_INBOND_CARRIER_NOT_BONDED',
};

const contractErrorMessages: Record<ContractErrorName, (args: readonly unknown[]) => string> = {
  NotAuthority: () => 'Only the admin account of an active network authority may do this.',
  NotOrgAdmin: ([orgId]) => `The account is not the admin of organisation ${orgId}.`,
  UnknownAdmin: ([account]) => `Account ${account} is not the admin of any registered organisation.`,
  InactiveOrganization: ([orgId]) => `Organisation ${orgId} is inactive.`,
  KeyNotOwned: ([orgId, key]) => `Key ${key} does not belong to organisation ${orgId}.`,
  UnknownOrganization: ([orgId]) => `Organisation ${orgId} is not registered on the ledger.`,
  UnknownKey: ([key]) => `Key ${key} is not registered on the ledger.`,
  OrganizationExists: ([orgId]) => `Organisation ${orgId} is registered already (a DID registers once).`,
  AdminInUse: ([admin]) => `Account ${admin} administers an organisation already (one organisation per account).`,
  KeyExists: ([key]) => `Key ${key} is registered already (a key belongs to one organisation, once).`,
  KeyRevokedAlready: ([key]) =>
    `Key ${key} is revoked: it cannot be rotated, and its revocation time can only move earlier.`,
  CountMismatch: ([root, count]) =>
    `Root ${root} is anchored already by this organisation with another count (${count}).`,
  CredentialRevoked: ([hash]) => `Credential ${hash} is revoked; revocation is final.`,
  InvalidDid: () => 'The DID is empty.',
  InvalidRoles: ([roles]) => `Roles bitmask ${roles} sets a bit that is not a defined role.`,
  InvalidAdmin: () => 'The admin account must not be the zero address.',
  AuthoritySelfLockout: () => 'The network authority may not remove its own authority role or deactivate itself.',
  InvalidValidity: () =>
    'The validity times are out of order (validUntil after validFrom; rotation inside the old key window; revocation not before validFrom).',
  InvalidRoot: () => 'The Merkle root must not be zero.',
  InvalidCount: ([root]) => `The credential count of root ${root} must be at least 1.`,
  InvalidBatch: () => 'A batch needs at least one root, and exactly one count per root.',
  InvalidStatus: ([status]) => `Status ${status} is not 0 (active), 1 (revoked) or 2 (suspended).`,
  RoleRequired: ([orgId, role]) => `Organisation ${orgId} lacks the role (bit ${role}) this action needs.`,
  UnknownInstrument: ([key]) => `No instrument ${key} is registered on the ledger.`,
  InstrumentExists: ([key]) => `Instrument ${key} is registered already with other facts.`,
  InvalidInstrument: () => 'A quantity, count or date of the instrument is out of range.',
  PermitNotUsable: ([, state]) =>
    `The permit cannot be used in its state (${['', 'active', 'partially used', 'exhausted', 'consumed', 'suspended', 'revoked'][Number(state)] ?? state}) (PM-01).`,
  PermitExpired: ([, expiresAt]) =>
    `The permit expired on ${new Date(Number(expiresAt) * 1000).toISOString().slice(0, 10)} (PM-01).`,
  InvalidQuantity: () => 'A use draws a positive quantity (PM-02).',
  InsufficientBalance: ([, balance]) =>
    `The quantity is more than the permit's balance (${Number(balance) / 1e6}); nothing was drawn (PM-02, PM-04).`,
  AlreadyUsed: () => 'The permit is single-use and was used already (PM-03).',
  UseKeyReused: () =>
    'This entry line drew on the permit already with another quantity, port or party; a retry repeats the first draw exactly (PM-05).',
  UseNotReversible: () => "The use does not exist, is not of this agency's permit, or was reversed already (PM-06).",
  CarnetNotActive: () => 'The carnet is suspended or revoked (cancelled or replaced): it accepts no vouchers.',
  ItemUnknown: ([, item]) => `Item ${item} is not on the carnet's General List (CA-02).`,
  ItemState: ([, item]) => `Item ${item} is not where this voucher needs it to be (§4.6).`,
  CarnetExpired: ([, validUntil]) =>
    `The voucher is dated after the carnet's validity (${new Date(Number(validUntil) * 1000).toISOString().slice(0, 10)}; CA-03).`,
  DateOrder: ([, item]) =>
    `The voucher for item ${item} is dated before its previous voucher, or in the future (CA-03).`,
  ReexportLate: ([, item, deadline]) =>
    `Item ${item} had to be re-exported by ${new Date(Number(deadline) * 1000).toISOString().slice(0, 10)} (CA-04).`,
  ClaimLate: ([, claimUntil]) =>
    `A claim on this carnet had to be made by ${new Date(Number(claimUntil) * 1000).toISOString().slice(0, 10)} (CA-07).`,
  InvalidVoucher: ([kind]) => `Voucher kind ${kind} is not 0–4 (export, import, re-export, re-import, transit).`,
  NumberTaken: () => 'The in-bond number is used by another movement already (IB-01).',
  EventNotAllowed: ([, state, action]) =>
    `Action ${action} is not allowed while the movement is in state ${state} (IB-06).`,
  NotCarrier: () => 'Only the bonded carrier liable for the movement reports its events.',
  WrongPort: ([, destination]) =>
    `Goods arrive at the current destination port (${new TextDecoder().decode(Buffer.from(String(destination).slice(2), 'hex'))}) only, with a FIRMS code (IB-05).`,
  QuantityExceeded: ([, remaining]) =>
    `The quantity is more than what remains of the manifest (${Number(remaining) / 1e6}) (IB-10).`,
  CarrierNotBonded: () => 'Liability moves only to an active bonded carrier of the network (IB-11).',
};

/**
 * A halted chain answers JSON-RPC -32603 `chain halted…` (the embedded chain while paused). viem
 * reports a -32603 from a contract write as a revert whose reason is that message.
 */
function isChainHalted(e: unknown): boolean {
  const halted = (text: unknown) => typeof text === 'string' && text.startsWith('chain halted');
  if (e instanceof ContractFunctionRevertedError) return e.data === undefined && halted(e.reason);
  return e instanceof InternalRpcError && halted(e.details);
}

/**
 * The error a decoded custom error of the contracts stands for (as {@link toLedgerError} reports a
 * revert): its mapped code, a message naming what it concerns, its name and arguments in `details`.
 */
export function contractError(name: string, args: readonly unknown[]): ClearledgerError {
  if (!isContractErrorName(name))
    return new ClearledgerError('CL_LEDGER_REJECTED', `The ledger reverted the call: ${name}.`, {
      details: { errorName: name },
    });
  return new ClearledgerError(contractErrorCodes[name], contractErrorMessages[name](args), {
    details: { errorName: name, args: jsonSafe(args) },
  });
}

function isContractErrorName(name: string): name is ContractErrorName {
  return Object.hasOwn(contractErrorCodes, name);
}

/** JSON-safe copy of decoded error arguments (bigints become decimal strings). */
function jsonSafe(args: readonly unknown[]): unknown[] {
  return args.map((arg) => (typeof arg === 'bigint' ? arg.toString() : arg));
}

/**
 * Turns an error thrown by a viem call against the Clearledger contracts into a
 * {@link ClearledgerError}: a custom error becomes its mapped code (see {@link contractErrorCodes})
 * with a message naming the organisation, key or root; an unreachable chain, or a halted one
 * (JSON-RPC -32603 `chain halted`), becomes `CL_LEDGER_UNAVAILABLE`; any other refusal by the chain
 * `CL_LEDGER_REJECTED`. A `ClearledgerError` passes through unchanged; anything else is `CL_INTERNAL`.
 *
 * @param error - what a viem action (readContract, simulateContract, writeContract, ...) threw.
 * @returns the error to report; the viem error is kept as `cause`, the custom error's name and
 *   arguments in `details`.
 * @example
 * try {
 *   await wallet.writeContract({ address, abi: anchorRegistryAbi, functionName: 'anchor', args: [root, 10] });
 * } catch (error) {
 *   throw toLedgerError(error); // e.g. CL_LEDGER_CONFLICT for RootTaken
 * }
 */
export function toLedgerError(error: unknown): ClearledgerError {
  if (isClearledgerError(error)) return error;
  if (!(error instanceof BaseError)) {
    return new ClearledgerError('CL_INTERNAL', 'An unexpected error occurred while using the ledger.', {
      cause: error,
    });
  }
  if (error.walk(isChainHalted) !== null) {
    return new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'The ledger is halted: it accepts no transactions for now.', {
      cause: error,
    });
  }
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) {
    const name = reverted.data?.errorName;
    if (name !== undefined && isContractErrorName(name)) {
      const args = reverted.data?.args ?? [];
      return new ClearledgerError(contractErrorCodes[name], contractErrorMessages[name](args), {
        details: { errorName: name, args: jsonSafe(args) },
        cause: error,
      });
    }
    const reason = reverted.reason ?? name ?? reverted.signature ?? 'no reason given';
    return new ClearledgerError('CL_LEDGER_REJECTED', `The ledger reverted the call: ${reason}.`, {
      details: { errorName: name ?? null },
      cause: error,
    });
  }
  const unavailable = error.walk(
    (e) =>
      e instanceof HttpRequestError ||
      e instanceof WebSocketRequestError ||
      e instanceof SocketClosedError ||
      e instanceof TimeoutError ||
      e instanceof ResourceUnavailableRpcError ||
      e instanceof LimitExceededRpcError,
  );
  if (unavailable !== null) {
    return new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'The ledger could not be reached or did not answer in time.', {
      cause: error,
    });
  }
  return new ClearledgerError('CL_LEDGER_REJECTED', `The ledger refused the request: ${error.shortMessage}`, {
    cause: error,
  });
}
