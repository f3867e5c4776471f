import {
  ContractDecoder,
  EdrContext,
  L1_CHAIN_TYPE,
  l1ProviderFactory,
  MineOrdering,
  type Provider,
} from '@nomicfoundation/edr';
import { type Address, hexToBytes } from 'viem';
import { JsonRpcError, type JsonRpcErrorObject } from './JsonRpcError.ts';

/** Parameters of {@link createEdrProvider}. */
export type CreateEdrProviderParameters = {
  /** Chain id (also the network id). */
  chainId: number;
  /** Accounts funded in the genesis block. */
  genesisAccounts: readonly { address: Address; balance: bigint }[];
  /** Timestamp of the genesis block, unix seconds. */
  genesisTime: bigint;
  /** EDR hardfork name: capitalised, e.g. `Merge` (= Paris, what the contracts are compiled for). */
  hardfork: string;
  /** Mine a block for every accepted transaction. When false, blocks are mined with `evm_mine`. */
  autoMine: boolean;
};

/**
 * Sends one JSON-RPC request to EDR and returns its `result`; throws {@link JsonRpcError} for a
 * JSON-RPC error (reverts in geth's shape, see {@link createEdrProvider}).
 */
export type EdrRequest = (method: string, params?: readonly unknown[]) => Promise<unknown>;

/** The EDR engine version whose block hashes a journal records (journals replay only into the same engine). */
export const edrEngine = '@nomicfoundation/edr@0.13.0';

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
 * Starts an in-process EVM (Hardhat's engine EDR) with no owned accounts and returns a function that
 * sends it JSON-RPC requests. Both the test chain and the embedded chain are built on it, so they
 * share one configuration:
 * - `bailOnCallFailure: true` — `eth_call` / `eth_estimateGas` of a reverting call answers an error
 *   (false would return the revert data as if it were the result);
 * - `bailOnTransactionFailure: false` — a reverting transaction is mined with status 0, as on a real chain;
 * - reverts are reported as geth and Besu report them — code `3`, message `execution reverted`,
 *   `data` the hex revert data — so viem decodes custom errors (EDR itself answers code -32000 with
 *   `data: { reason, data }`, which viem does not decode);
 * - a block may not repeat its parent's timestamp; the block gas limit is 60M, the initial base fee 1 gwei.
 *
 * @param parameters - chain id, genesis accounts and time, hardfork, mining mode.
 * @returns the request function.
 * @example
 * const request = await createEdrProvider({ chainId: 31337, genesisAccounts: [], genesisTime: 1n, hardfork: 'Merge', autoMine: true });
 * await request('eth_blockNumber'); // '0x0'
 */
export async function createEdrProvider(parameters: CreateEdrProviderParameters): Promise<EdrRequest> {
  const chainId = BigInt(parameters.chainId);
  const edr = await (await edrContext()).createProvider(
    L1_CHAIN_TYPE,
    {
      allowBlocksWithSameTimestamp: false,
      allowUnlimitedContractSize: false,
      bailOnCallFailure: true,
      bailOnTransactionFailure: false,
      chainId,
      coinbase: new Uint8Array(20),
      defaultTransactionGasLimit: 30_000_000n,
      genesisState: parameters.genesisAccounts.map((account) => ({
        address: hexToBytes(account.address),
        balance: account.balance,
      })),
      hardfork: parameters.hardfork,
      initialBaseFeePerGas: 1_000_000_000n,
      minGasPrice: 0n,
      mining: { autoMine: parameters.autoMine, memPool: { order: MineOrdering.Fifo } },
      network: { genesisBlockGasLimit: 60_000_000n, genesisBlockTime: parameters.genesisTime },
      networkId: chainId,
      observability: {},
      ownedAccounts: [],
      precompileOverrides: [],
    },
    { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
    { subscriptionCallback: () => {} },
    new ContractDecoder(),
  );
  return edrRequest(edr);
}

function edrRequest(edr: Provider): EdrRequest {
  let id = 0;
  return async (method, params = []) => {
    id += 1;
    const response = await edr.handleRequest(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    const body = (typeof response.data === 'string' ? JSON.parse(response.data) : response.data) as {
      result?: unknown;
      error?: JsonRpcErrorObject;
    };
    if (body.error !== undefined) throw new JsonRpcError(asGethRevert(body.error));
    return body.result;
  };
}

/** EDR's revert error `{ code: -32000, data: { reason: { Revert }, data } }` in geth's shape. */
function asGethRevert(error: JsonRpcErrorObject): JsonRpcErrorObject {
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
