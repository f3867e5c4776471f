import { type Hex, keccak256, stringToBytes } from 'viem';

/**
 * The on-chain id of an organisation: `keccak256(bytes(did))`, as `TrustRegistry` computes it.
 *
 * @param did - the organisation's DID, exactly as registered (no normalisation).
 * @returns the bytes32 `orgId`.
 */
export function organizationId(did: string): Hex {
  return keccak256(stringToBytes(did));
}
