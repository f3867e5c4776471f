// TEST FIXTURE — an in-process EVM (Hardhat's engine EDR) for tests. Not for production use: the
// accounts are the publicly known Hardhat test accounts and nothing is persisted.
import {
  ContractDecoder,
  EdrContext,
  L1_CHAIN_TYPE,
  l1ProviderFactory,
  MineOrdering,
  type Provider,
} from '@nomicfoundation/edr';
import { type Chain, type CustomTransport, custom, defineChain, type EIP1193RequestFn, hexToBytes } from 'viem';
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';

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
 * A JSON-RPC error of the test chain. Reverts are reported the way geth and Besu report them — `code`
 * 3, message `execution reverted`, `data` the hex revert data — so viem decodes them into
 * `ContractFunctionRevertedError` with the custom error's name and arguments. (EDR itself answers
 * code -32000 with `data: { reason, data }`, which viem does not decode.)
 */
export class TestChainRpcError extends Error {
  override readonly name = 'TestChainRpcError';
  readonly code: number;
  readonly data: unknown;

  constructor(error: { code: number; message: string; data?: unknown }) {
    super(error.message);
    this.code = error.code;
    this.data = error.data;
  }
}

// EDR wants one context per process ("should only be called once").
let context: Promise<EdrContext> | undefined;

function edrContext(): Promise<EdrContext> {
  context ??= (async () => {
    const created = new EdrContext();
    await created.registerProviderFactory(L1_CHAIN_TYPE, l1ProviderFactory());
    return created;
  })();
  return context;
}

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

  const edr = await (await edrContext()).createProvider(
    L1_CHAIN_TYPE,
    {
      allowBlocksWithSameTimestamp: false,
      allowUnlimitedContractSize: false,
      // eth_call / eth_estimateGas of a reverting call must answer an error (false would return the
      // revert data as if it were the result); a reverting transaction is mined with status 0, as on
      // a real chain.
      bailOnCallFailure: true,
      bailOnTransactionFailure: false,
      chainId: BigInt(chainId),
      coinbase: new Uint8Array(20),
      defaultTransactionGasLimit: 30_000_000n,
      genesisState: accounts.map((account) => ({ address: hexToBytes(account.address), balance })),
      hardfork: parameters.hardfork ?? 'Merge',
      initialBaseFeePerGas: 1_000_000_000n,
      minGasPrice: 0n,
      mining: { autoMine: parameters.autoMine ?? true, memPool: { order: MineOrdering.Fifo } },
      network: {
        genesisBlockGasLimit: 60_000_000n,
        genesisBlockTime: parameters.genesisTime ?? BigInt(Math.floor(Date.now() / 1000)),
      },
      networkId: BigInt(chainId),
      observability: {},
      ownedAccounts: [],
      precompileOverrides: [],
    },
    { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
    { subscriptionCallback: () => {} },
    new ContractDecoder(),
  );

  const provider: TestChainProvider = { request: eip1193(edr) };
  const chain = defineChain({
    id: chainId,
    name: 'Clearledger test chain',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  return { provider, transport: custom(provider, { retryCount: 0 }), chain, accounts };
}

function eip1193(edr: Provider): EIP1193RequestFn {
  let id = 0;
  const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
    id += 1;
    const response = await edr.handleRequest(JSON.stringify({ jsonrpc: '2.0', id, method, params: params ?? [] }));
    const body = (typeof response.data === 'string' ? JSON.parse(response.data) : response.data) as {
      result?: unknown;
      error?: { code: number; message: string; data?: unknown };
    };
    if (body.error !== undefined) throw new TestChainRpcError(asGethRevert(body.error));
    return body.result;
  };
  return request as EIP1193RequestFn;
}

/** EDR's revert error `{ code: -32000, data: { reason: { Revert }, data } }` in geth's shape. */
function asGethRevert(error: { code: number; message: string; data?: unknown }): {
  code: number;
  message: string;
  data?: unknown;
} {
  const data = error.data as { reason?: unknown; data?: unknown } | undefined;
  const isRevert =
    typeof data === 'object' &&
    data !== null &&
    typeof data.data === 'string' &&
    typeof data.reason === 'object' &&
    data.reason !== null &&
    'Revert' in data.reason;
  return isRevert ? { code: 3, message: 'execution reverted', data: data.data } : error;
}
