import type { Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';

/**
 * Signs a raw EIP-1559 transaction for the embedded chain's tests and benchmarks: a deployment when
 * `to` is absent (6M gas), else a contract call (200k gas), fixed fees so no chain round trip is needed.
 */
export function signRawTransaction(
  account: PrivateKeyAccount,
  chainId: number,
  nonce: number,
  data: Hex,
  to?: Hex,
): Promise<Hex> {
  return account.signTransaction({
    chainId,
    nonce,
    gas: to === undefined ? 6_000_000n : 200_000n,
    maxFeePerGas: 10_000_000_000n,
    maxPriorityFeePerGas: 0n,
    ...(to === undefined ? {} : { to }),
    data,
  });
}
