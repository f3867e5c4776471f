import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ClearledgerError } from '@clearledger/core';
import { type Address, type CustomTransport, custom, type EIP1193RequestFn, type Hash, type Hex, toHex } from 'viem';
import { createEdrProvider, type EdrRequest, edrEngine } from '../edr/createEdrProvider.ts';
import { JsonRpcError } from '../edr/JsonRpcError.ts';
import { type ChainManifest, readChainManifest, writeChainManifest } from './chainManifest.ts';
import { createReadWriteGate } from './createReadWriteGate.ts';
import { lockDataDir } from './lockDataDir.ts';
import { type Journal, type JournalEntry, openJournal } from './openJournal.ts';
import { type JsonRpcServer, type ServeJsonRpcParameters, serveJsonRpc } from './serveJsonRpc.ts';

/** An account funded in the genesis block of an embedded chain. */
export type EmbeddedChainGenesisAccount = { address: Address; balance: bigint };

/** Parameters of {@link openEmbeddedChain}. */
export type OpenEmbeddedChainParameters = {
  /** Data folder of the chain (created if missing): `chain.json`, `journal.ndjson`, `LOCK`. */
  dir: string;
  /** Chain id. Must match the folder's chain when it exists. */
  chainId: number;
  /** Accounts funded at genesis. Used when the chain is created; must match the folder's chain afterwards. */
  genesisAccounts: readonly EmbeddedChainGenesisAccount[];
  /** Clock in milliseconds since the epoch (default `Date.now`); block timestamps are its whole seconds. */
  now?: () => number;
};

/** Parameters of {@link EmbeddedChain.serve}: a loopback host (default `127.0.0.1`), a port (default: a free one) and limits. */
export type EmbeddedChainServeParameters = ServeJsonRpcParameters;

/** Figures of an open embedded chain. */
export type EmbeddedChainStats = {
  /** Number of the head block (0 = genesis only). */
  blockNumber: number;
  /** Blocks recorded in the journal (equal to `blockNumber`: every block is journaled). */
  journalEntries: number;
  /** True while the chain is halted with {@link EmbeddedChain.pause}. */
  paused: boolean;
};

/** A durable single-node EVM chain running in this process, see {@link openEmbeddedChain}. */
export type EmbeddedChain = {
  /** The data folder. */
  dir: string;
  /** The chain id. */
  chainId: number;
  /**
   * EIP-1193 request function. Reads (`eth_call`, `eth_getLogs`, receipts, blocks, …) and
   * `eth_sendRawTransaction` (mines one block, journaled before it answers). Anything that would
   * change the chain another way (`eth_sendTransaction`, `evm_*`, `hardhat_*`) is refused with
   * JSON-RPC code -32601. Errors are {@link JsonRpcError}s: a revert is code 3 with its data.
   */
  request: EIP1193RequestFn;
  /** viem transport over {@link EmbeddedChain.request}, without retries. */
  transport: CustomTransport;
  /**
   * Halts the chain: until {@link EmbeddedChain.resume}, every request that would send a
   * transaction fails with JSON-RPC error -32603 `chain halted`; reads keep working.
   */
  pause(): void;
  /** Ends a {@link EmbeddedChain.pause}. */
  resume(): void;
  /**
   * Serves the chain as JSON-RPC over HTTP on a loopback address (same methods as
   * {@link EmbeddedChain.request}; single and batch calls). Stops when the chain closes.
   *
   * @returns the server's URL, e.g. `http://127.0.0.1:8545`.
   */
  serve(parameters?: EmbeddedChainServeParameters): Promise<string>;
  /** Waits for the request in progress, stops the servers, closes the journal and releases the folder. */
  close(): Promise<void>;
  /** Head block number and journal size. */
  stats(): EmbeddedChainStats;
};

/** Methods that only read: passed to the engine as they are. */
const readMethods = new Set([
  'web3_clientVersion',
  'web3_sha3',
  'net_version',
  'net_listening',
  'net_peerCount',
  'eth_chainId',
  'eth_syncing',
  'eth_mining',
  'eth_coinbase',
  'eth_accounts',
  'eth_blockNumber',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_blobBaseFee',
  'eth_feeHistory',
  'eth_getBalance',
  'eth_getCode',
  'eth_getStorageAt',
  'eth_getTransactionCount',
  'eth_getProof',
  'eth_call',
  'eth_estimateGas',
  'eth_createAccessList',
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_getBlockTransactionCountByNumber',
  'eth_getBlockTransactionCountByHash',
  'eth_getTransactionByHash',
  'eth_getTransactionByBlockNumberAndIndex',
  'eth_getTransactionByBlockHashAndIndex',
  'eth_getTransactionReceipt',
  'eth_getLogs',
  'eth_newFilter',
  'eth_newBlockFilter',
  'eth_getFilterChanges',
  'eth_getFilterLogs',
  'eth_uninstallFilter',
  'debug_traceTransaction',
  'debug_traceCall',
]);

const HARDFORK = 'Merge';
type RpcBlock = { number: Hex; hash: Hash; timestamp: Hex; transactions: Hash[] };
type Head = { n: number; t: number; h: Hash };

/**
 * Opens the embedded chain of a data folder — a single-node EVM (Hardhat's engine EDR) in this
 * process — creating it on first use. Durability: every block is appended to `journal.ndjson`
 * (`{"n","t","txs","h"}`: number, timestamp, raw transactions, hash) and fsynced before the
 * transaction is acknowledged; opening replays the journal into a fresh engine and checks each block
 * hash. Each accepted `eth_sendRawTransaction` mines one block, timestamped with `now()` in whole
 * seconds (one more than the previous block when that second is taken). No block becomes visible to
 * readers before it is journaled.
 *
 * @param parameters - data folder, chain id, genesis accounts, clock.
 * @returns the open chain.
 * @throws ClearledgerError `CL_LEDGER_JOURNAL_CORRUPT` when the journal is damaged or replays to
 *   another block hash; `CL_CONFIG_INVALID` when the folder holds a chain with another chain id or
 *   genesis; `CL_LEDGER_UNAVAILABLE` when another process has the folder open.
 * @example
 * const chain = await openEmbeddedChain({ dir: 'data/chain', chainId: 1337, genesisAccounts: [{ address, balance: 10n ** 24n }] });
 * const client = createPublicClient({ transport: chain.transport });
 * const url = await chain.serve({ host: '127.0.0.1', port: 8545 });
 */
export async function openEmbeddedChain(parameters: OpenEmbeddedChainParameters): Promise<EmbeddedChain> {
  const { dir, chainId } = parameters;
  const now = parameters.now ?? Date.now;
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir);
  let journal: Journal | undefined;
  try {
    const manifest = readChainManifest(dir);
    const journalPath = join(dir, 'journal.ndjson');
    let edr: EdrRequest;
    if (manifest === undefined) {
      if (existsSync(journalPath) && statSync(journalPath).size > 0) {
        throw new ClearledgerError(
          'CL_LEDGER_JOURNAL_CORRUPT',
          `The chain data folder ${dir} holds a journal but no chain.json: the genesis it replays from is lost.`,
          { details: { dir } },
        );
      }
      edr = await createChain(dir, parameters, Math.floor(now() / 1000));
    } else {
      edr = await reopenChain(dir, parameters, manifest);
    }
    journal = await openJournal(journalPath);
    const head = await replay(edr, journal.entries, journalPath);
    return running({ dir, chainId, now, edr, journal, head, release });
  } catch (error) {
    await journal?.close();
    release();
    throw error;
  }
}

async function createChain(dir: string, parameters: OpenEmbeddedChainParameters, genesisTime: number) {
  const edr = await createEdrProvider({
    chainId: parameters.chainId,
    genesisAccounts: parameters.genesisAccounts,
    genesisTime: BigInt(genesisTime),
    hardfork: HARDFORK,
    autoMine: true,
  });
  const genesis = (await edr('eth_getBlockByNumber', ['0x0', false])) as RpcBlock;
  writeChainManifest(dir, {
    format: 1,
    engine: edrEngine,
    chainId: parameters.chainId,
    hardfork: HARDFORK,
    genesisTime,
    genesisAccounts: normalised(parameters.genesisAccounts),
    genesisHash: genesis.hash,
  });
  return edr;
}

async function reopenChain(dir: string, parameters: OpenEmbeddedChainParameters, manifest: ChainManifest) {
  if (manifest.chainId !== parameters.chainId) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      `The chain data folder ${dir} holds chain ${manifest.chainId}, not chain ${parameters.chainId}.`,
      { field: 'chainId', details: { dir, chainId: manifest.chainId } },
    );
  }
  if (JSON.stringify(normalised(parameters.genesisAccounts)) !== JSON.stringify(manifest.genesisAccounts)) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      `The chain data folder ${dir} holds a chain created with other genesis accounts (see its chain.json).`,
      { field: 'genesisAccounts', details: { dir } },
    );
  }
  const edr = await createEdrProvider({
    chainId: manifest.chainId,
    genesisAccounts: manifest.genesisAccounts.map((a) => ({ address: a.address, balance: BigInt(a.balance) })),
    genesisTime: BigInt(manifest.genesisTime),
    hardfork: manifest.hardfork,
    autoMine: true,
  });
  const genesis = (await edr('eth_getBlockByNumber', ['0x0', false])) as RpcBlock;
  if (genesis.hash !== manifest.genesisHash) {
    throw new ClearledgerError(
      'CL_LEDGER_JOURNAL_CORRUPT',
      `The genesis block of the chain in ${dir} rebuilds to ${genesis.hash}, not ${manifest.genesisHash}: ` +
        `the chain was created with ${manifest.engine}, this node runs ${edrEngine}.`,
      { details: { dir, block: 0, expected: manifest.genesisHash, actual: genesis.hash } },
    );
  }
  return edr;
}

function normalised(accounts: readonly EmbeddedChainGenesisAccount[]): ChainManifest['genesisAccounts'] {
  return accounts.map((account) => ({
    address: account.address.toLowerCase() as Address,
    balance: `${account.balance}`,
  }));
}

/** Rebuilds the journal's blocks in a fresh engine, checking each block hash; returns the head. */
async function replay(edr: EdrRequest, entries: readonly JournalEntry[], path: string): Promise<Head> {
  const genesis = (await edr('eth_getBlockByNumber', ['0x0', false])) as RpcBlock;
  let head: Head = { n: 0, t: Number(genesis.timestamp), h: genesis.hash };
  for (const entry of entries) {
    let block: RpcBlock;
    try {
      await edr('evm_setNextBlockTimestamp', [toHex(entry.t)]);
      if (entry.txs.length === 1) {
        await edr('eth_sendRawTransaction', [entry.txs[0]]);
      } else {
        await edr('evm_setAutomine', [false]);
        for (const raw of entry.txs) await edr('eth_sendRawTransaction', [raw]);
        await edr('evm_mine', []);
        await edr('evm_setAutomine', [true]);
      }
      block = (await edr('eth_getBlockByNumber', ['latest', false])) as RpcBlock;
    } catch (cause) {
      throw replayMismatch(path, entry, `the engine refused it (${(cause as Error).message})`, cause);
    }
    if (block.hash !== entry.h || Number(block.number) !== entry.n) {
      throw replayMismatch(path, entry, `it replays to block ${Number(block.number)} with hash ${block.hash}`);
    }
    head = { n: entry.n, t: entry.t, h: entry.h };
  }
  return head;
}

function replayMismatch(path: string, entry: JournalEntry, problem: string, cause?: unknown): ClearledgerError {
  return new ClearledgerError(
    'CL_LEDGER_JOURNAL_CORRUPT',
    `Block ${entry.n} of the journal ${path} (hash ${entry.h}) does not replay: ${problem}. ` +
      'The journal and the EVM engine disagree; the chain refuses to start.',
    { details: { path, block: entry.n, expected: entry.h }, cause },
  );
}

type RunningParameters = {
  dir: string;
  chainId: number;
  now: () => number;
  edr: EdrRequest;
  journal: Journal;
  head: Head;
  release: () => void;
};

function running({ dir, chainId, now, edr, journal, head, release }: RunningParameters): EmbeddedChain {
  const gate = createReadWriteGate();
  const servers: JsonRpcServer[] = [];
  let paused = false;
  let closing: Promise<void> | undefined;
  /**
   * Set when a mined block could not be journaled: the engine is ahead of the journal, so every
   * request fails until the chain is reopened (which replays the journal without that block).
   */
  let failure: JsonRpcError | undefined;

  const halted = () => new JsonRpcError({ code: -32603, message: 'chain halted' });
  const closed = () => new JsonRpcError({ code: -32603, message: 'chain halted: the chain is closed' });

  async function sendRawTransaction(params: readonly unknown[]): Promise<Hash> {
    const raw = params[0];
    if (typeof raw !== 'string' || !/^0x[0-9a-fA-F]*$/.test(raw)) {
      throw new JsonRpcError({ code: -32602, message: 'eth_sendRawTransaction takes one hex-encoded transaction' });
    }
    if (paused) throw halted();
    return gate.write(async () => {
      if (closing !== undefined) throw closed();
      if (failure !== undefined) throw failure;
      if (paused) throw halted();
      const parent = head;
      const t = Math.max(Math.floor(now() / 1000), parent.t + 1);
      await edr('evm_setNextBlockTimestamp', [toHex(t)]);
      let hash: Hash;
      try {
        hash = (await edr('eth_sendRawTransaction', [raw])) as Hash;
      } catch (error) {
        // Refused before mining (bad nonce, funds, encoding…): nothing to journal. Make sure of it.
        const number = Number(await edr('eth_blockNumber', []));
        if (number !== parent.n) fail(`block ${number} was mined by a refused transaction`);
        throw error;
      }
      const block = (await edr('eth_getBlockByNumber', ['latest', false])) as RpcBlock;
      const n = Number(block.number);
      if (n !== parent.n + 1 || block.transactions.length !== 1 || block.transactions[0] !== hash) {
        throw fail(`block ${n} is not the one block of transaction ${hash}`);
      }
      try {
        await journal.append({ n, t, txs: [raw as Hex], h: block.hash });
      } catch (cause) {
        throw fail(`block ${n} could not be journaled (${(cause as Error).message})`);
      }
      head = { n, t, h: block.hash };
      return hash;
    });
  }

  function fail(problem: string): JsonRpcError {
    failure = new JsonRpcError({
      code: -32603,
      message: `chain halted: ${problem}; the chain must be reopened`,
    });
    return failure;
  }

  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    const list = params ?? [];
    if (!Array.isArray(list)) throw new JsonRpcError({ code: -32602, message: 'params must be an array' });
    if (closing !== undefined) throw closed();
    if (method === 'eth_sendRawTransaction') return sendRawTransaction(list);
    if (method === 'eth_sendTransaction') {
      if (paused) throw halted();
      throw new JsonRpcError({
        code: -32601,
        message:
          'eth_sendTransaction is not available: the chain holds no unlocked accounts; send signed transactions with eth_sendRawTransaction',
      });
    }
    if (!readMethods.has(method)) {
      throw new JsonRpcError({ code: -32601, message: `the method ${method} does not exist/is not available` });
    }
    if (failure !== undefined) throw failure;
    return gate.read(() => edr(method, list));
  }) as EIP1193RequestFn;

  return {
    dir,
    chainId,
    request,
    transport: custom({ request }, { retryCount: 0 }),
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
    },
    async serve(serveParameters = {}) {
      if (closing !== undefined) {
        throw new ClearledgerError('CL_LEDGER_UNAVAILABLE', `The embedded chain in ${dir} is closed.`);
      }
      const server = await serveJsonRpc((method, params) => request({ method, params } as never), serveParameters);
      servers.push(server);
      return server.url;
    },
    close() {
      closing ??= (async () => {
        await Promise.all(servers.map((server) => server.close()));
        // Let the write in progress (and those queued before close) finish or refuse.
        await gate.write(async () => {});
        await journal.close();
        release();
      })();
      return closing;
    },
    stats() {
      return { blockNumber: head.n, journalEntries: journal.size, paused };
    },
  };
}
