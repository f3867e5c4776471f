// TEST FIXTURE — an in-process EVM (Hardhat's engine EDR) for tests. Not for production use: the
// accounts are the publicly known Hardhat test accounts and nothing is persisted.
import { type Chain, type CustomTransport, custom, defineChain, type EIP1193RequestFn } from 'viem';
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import { createEdrProvider } from '../edr/createEdrProvider.ts';

/**
 * A JSON-RPC error of the test chain. Reverts are reported the way geth and Besu report them — `code`
 * 3, message `execution reverted`, `data` the hex revert data — so viem decodes them into
 * `ContractFunctionRevertedError` with the custom error's name and arguments.
 */
export { JsonRpcError as TestChainRpcError } from '../edr/JsonRpcError.ts';

/**
 * Private keys of the first ten accounts of Hardhat's well-known test mnemonic
 * ("test test test test test test test test test test test junk"). Public knowledge: tests only.
 */
export const testPrivateKeys = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
] as const;

/** Parameters of {@link createTestChain}. */
export type CreateTestChainParameters = {
  /** How many of {@link testPrivateKeys} to fund (1–10). Default 10. */
  accounts?: number;
  /** Balance of each funded account, in wei. Default 1,000,000 ether. */
  balance?: bigint;
  /** Chain id. Default 31337. */
  chainId?: number;
  /** EDR hardfork name, e.g. `Merge` (= Paris, what the contracts are compiled for) or `Cancun`. Default `Merge`. */
  hardfork?: string;
  /** Mine a block for every transaction (default true). When false, mine with `evm_mine`. */
  autoMine?: boolean;
  /** Timestamp of the genesis block, unix seconds. Default: now. */
  genesisTime?: bigint;
};

/** An EIP-1193 provider: what viem's `custom` transport takes. */
export type TestChainProvider = { request: EIP1193RequestFn };

/** The result of {@link createTestChain}. */
export type TestChain = {
  /** EIP-1193 provider over EDR's JSON-RPC handler (Hardhat's `evm_*` / `hardhat_*` methods included). */
  provider: TestChainProvider;
  /** viem transport over {@link TestChain.provider}, without retries (every error is final in-process). */
  transport: CustomTransport;
  /** viem chain description (id, name, native currency). */
  chain: Chain;
  /** Funded local accounts (they sign in-process and send raw transactions). */
  accounts: readonly PrivateKeyAccount[];
};

/**
 * Starts a fresh in-process EVM chain with funded test accounts. Each call is an independent chain.
 *
 * @param parameters - accounts, balance, chain id, hardfork, mining mode, genesis time.
 * @returns the provider, a viem transport and chain, and the funded accounts.
 * @example
 * const { transport, chain, accounts } = await createTestChain();
 * const wallet = createWalletClient({ account: accounts[0], chain, transport });
 */
export async function createTestChain(parameters: CreateTestChainParameters = {}): Promise<TestChain> {
  const count = parameters.accounts ?? 10;
  if (!Number.isInteger(count) || count < 1 || count > testPrivateKeys.length) {
    throw new RangeError(`accounts must be an integer from 1 to ${testPrivateKeys.length}`);
  }
  const chainId = parameters.chainId ?? 31337;
  const balance = parameters.balance ?? 10n ** 24n;
  const accounts = testPrivateKeys.slice(0, count).map((key) => privateKeyToAccount(key));

  const send = await createEdrProvider({
    chainId,
    genesisAccounts: accounts.map((account) => ({ address: account.address, balance })),
    genesisTime: parameters.genesisTime ?? BigInt(Math.floor(Date.now() / 1000)),
    hardfork: parameters.hardfork ?? 'Merge',
    autoMine: parameters.autoMine ?? true,
  });
  const request = (({ method, params }: { method: string; params?: readonly unknown[] }) =>
    send(method, params)) as EIP1193RequestFn;

  const provider: TestChainProvider = { request };
  const chain = defineChain({
    id: chainId,
    name: 'Clearledger test chain',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  return { provider, transport: custom(provider, { retryCount: 0 }), chain, accounts };
}
export { signRawTransaction } from './signRawTransaction.ts';
