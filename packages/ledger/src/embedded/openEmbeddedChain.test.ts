import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ClearledgerError } from '@clearledger/core';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hash,
  type Hex,
  http,
  keccak256,
  parseEventLogs,
  stringToBytes,
  type Transport,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { organizationId } from '../contracts/organizationId.ts';
import { createEdrProvider, edrEngine } from '../edr/createEdrProvider.ts';
import { JsonRpcError } from '../edr/JsonRpcError.ts';
import { toLedgerError } from '../errors/contractErrors.ts';
import {
  anchorRegistryAbi,
  anchorRegistryBytecode,
  trustRegistryAbi,
  trustRegistryBytecode,
} from '../generated/contracts.generated.ts';
import { testPrivateKeys } from '../testing/testChain.ts';
import { writeChainManifest } from './chainManifest.ts';
import { type EmbeddedChain, type OpenEmbeddedChainParameters, openEmbeddedChain } from './openEmbeddedChain.ts';

const CHAIN_ID = 1337;
const account = privateKeyToAccount(testPrivateKeys[0]);
const chain = defineChain({
  id: CHAIN_ID,
  name: 'Clearledger embedded chain',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [] } },
});
const root = (label: string): Hex => keccak256(stringToBytes(label));

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function parametersFor(dir = mkdtempSync(join(tmpdir(), 'clearledger-chain-'))): OpenEmbeddedChainParameters {
  dirs.push(dir);
  return { dir, chainId: CHAIN_ID, genesisAccounts: [{ address: account.address, balance: 10n ** 24n }] };
}

function clients(transport: Transport) {
  return {
    publicClient: createPublicClient({ chain, transport, cacheTime: 0 }),
    wallet: createWalletClient({ account, chain, transport }),
  };
}

/** Deploys TrustRegistry and AnchorRegistry (the deployer administers the network authority, which may anchor). */
async function deploy(transport: Transport): Promise<Address> {
  const { publicClient, wallet } = clients(transport);
  const trustHash = await wallet.deployContract({
    abi: trustRegistryAbi,
    bytecode: trustRegistryBytecode,
    args: ['did:web:cbp.example'],
  });
  const trust = (await publicClient.getTransactionReceipt({ hash: trustHash })).contractAddress!;
  const anchorsHash = await wallet.deployContract({
    abi: anchorRegistryAbi,
    bytecode: anchorRegistryBytecode,
    args: [trust],
  });
  return (await publicClient.getTransactionReceipt({ hash: anchorsHash })).contractAddress!;
}

function anchor(transport: Transport, anchors: Address, label: string): Promise<Hash> {
  return clients(transport).wallet.writeContract({
    address: anchors,
    abi: anchorRegistryAbi,
    functionName: 'anchor',
    args: [root(label), 10],
  });
}

async function headHash(embedded: EmbeddedChain): Promise<Hash> {
  return (await clients(embedded.transport).publicClient.getBlock()).hash;
}

/** Status of a JSON-RPC POST with the given Host header (fetch does not let a caller set Host). */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const body = '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}';
    const req = request(url, { method: 'POST', headers: { host, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function rejection(action: Promise<unknown>): Promise<unknown> {
  return action.then(
    () => assert.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('openEmbeddedChain', () => {
  it('keeps every acknowledged transaction across a restart, with the same blocks', async () => {
    const parameters = parametersFor();
    const first = await openEmbeddedChain(parameters);
    const anchors = await deploy(first.transport);
    const hashes = [await anchor(first.transport, anchors, 'a'), await anchor(first.transport, anchors, 'b')];
    const head = await headHash(first);
    assert.deepEqual(first.stats(), { blockNumber: 4, journalEntries: 4, paused: false });
    await first.close();

    const second = await openEmbeddedChain(parameters);
    const { publicClient } = clients(second.transport);
    assert.equal(await headHash(second), head);
    assert.deepEqual(second.stats(), { blockNumber: 4, journalEntries: 4, paused: false });
    for (const hash of hashes) assert.equal((await publicClient.getTransactionReceipt({ hash })).status, 'success');
    const [count, , blockNumber, exists] = await publicClient.readContract({
      address: anchors,
      abi: anchorRegistryAbi,
      functionName: 'getAnchor',
      args: [organizationId('did:web:cbp.example'), root('b')],
    });
    assert.deepEqual([count, blockNumber, exists], [10, 4n, true]);
    // The restarted chain goes on from there.
    await anchor(second.transport, anchors, 'c');
    assert.equal(second.stats().blockNumber, 5);
    await second.close();
  });

  it('gives every block a later timestamp than its parent, also when the clock stands still, and replays them', async () => {
    const frozen = Date.parse('2026-01-31T11:00:00.000Z');
    const parameters = { ...parametersFor(), now: () => frozen };
    const embedded = await openEmbeddedChain(parameters);
    const anchors = await deploy(embedded.transport);
    await anchor(embedded.transport, anchors, 'a');
    const { publicClient } = clients(embedded.transport);
    const times = async () =>
      Promise.all([0n, 1n, 2n, 3n].map(async (n) => (await publicClient.getBlock({ blockNumber: n })).timestamp));
    const base = BigInt(frozen / 1000);
    assert.deepEqual(await times(), [base, base + 1n, base + 2n, base + 3n]);
    await embedded.close();

    const reopened = await openEmbeddedChain({ ...parameters, now: () => frozen + 60_000 });
    const again = clients(reopened.transport).publicClient;
    assert.deepEqual(
      await Promise.all([0n, 1n, 2n, 3n].map(async (n) => (await again.getBlock({ blockNumber: n })).timestamp)),
      [base, base + 1n, base + 2n, base + 3n],
    );
    await anchor(reopened.transport, anchors, 'b');
    assert.equal((await again.getBlock()).timestamp, base + 60n);
    await reopened.close();
  });

  it('journals one line per block: number, time, raw transactions, hash', async () => {
    const parameters = parametersFor();
    const embedded = await openEmbeddedChain(parameters);
    const anchors = await deploy(embedded.transport);
    const hash = await anchor(embedded.transport, anchors, 'a');
    const block = await clients(embedded.transport).publicClient.getBlock();
    await embedded.close();
    const lines = readFileSync(join(parameters.dir, 'journal.ndjson'), 'utf8').split('\n');
    assert.equal(lines.length, 4); // three blocks and the final newline
    const entry = JSON.parse(lines[2]!) as { n: number; t: number; txs: Hex[]; h: Hash };
    assert.deepEqual(Object.keys(entry), ['n', 't', 'txs', 'h']);
    assert.deepEqual([entry.n, entry.t, entry.h], [3, Number(block.timestamp), block.hash]);
    // The raw signed transaction: its keccak-256 is the transaction hash.
    assert.equal(entry.txs.length, 1);
    assert.equal(keccak256(entry.txs[0]!), hash);
  });

  it('shows a block to readers only once it is journaled', async () => {
    const parameters = parametersFor();
    const embedded = await openEmbeddedChain(parameters);
    const raw = await account.signTransaction({
      chainId: CHAIN_ID,
      nonce: 0,
      to: account.address,
      gas: 21_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 0n,
    });
    const events: string[] = [];
    const journal = join(parameters.dir, 'journal.ndjson');
    await Promise.all([
      embedded.request({ method: 'eth_sendRawTransaction', params: [raw] }).then(() => events.push('acknowledged')),
      embedded.request({ method: 'eth_blockNumber' }).then((n) => {
        events.push(`read block ${Number(n)}, journal has ${readFileSync(journal, 'utf8').split('\n').length - 1}`);
      }),
    ]);
    assert.deepEqual(events, ['acknowledged', 'read block 1, journal has 1']);
    await embedded.close();
  });

  it('replays blocks of several transactions and empty blocks (the journal format allows them)', async () => {
    const parameters = parametersFor();
    const genesisTime = 1_767_225_600;
    const genesisAccounts = parameters.genesisAccounts;
    const edr = await createEdrProvider({
      chainId: CHAIN_ID,
      genesisAccounts,
      genesisTime: BigInt(genesisTime),
      hardfork: 'Merge',
      autoMine: false,
    });
    const transfer = (nonce: number) =>
      account.signTransaction({
        chainId: CHAIN_ID,
        nonce,
        to: account.address,
        gas: 21_000n,
        maxFeePerGas: 10n ** 10n,
        maxPriorityFeePerGas: 0n,
      });
    const latest = async () => (await edr('eth_getBlockByNumber', ['latest', false])) as { hash: Hash };
    const genesis = await latest();
    const txs = [await transfer(0), await transfer(1)];
    await edr('evm_setNextBlockTimestamp', [genesisTime + 10]);
    for (const raw of txs) await edr('eth_sendRawTransaction', [raw]);
    await edr('evm_mine', []);
    const full = await latest();
    await edr('evm_setNextBlockTimestamp', [genesisTime + 20]);
    await edr('evm_mine', []);
    const empty = await latest();
    writeChainManifest(parameters.dir, {
      format: 1,
      engine: edrEngine,
      chainId: CHAIN_ID,
      hardfork: 'Merge',
      genesisTime,
      genesisAccounts: [{ address: account.address.toLowerCase() as Address, balance: `${10n ** 24n}` }],
      genesisHash: genesis.hash,
    });
    writeFileSync(
      join(parameters.dir, 'journal.ndjson'),
      `${JSON.stringify({ n: 1, t: genesisTime + 10, txs, h: full.hash })}\n` +
        `${JSON.stringify({ n: 2, t: genesisTime + 20, txs: [], h: empty.hash })}\n`,
    );

    const embedded = await openEmbeddedChain({ ...parameters, now: () => (genesisTime + 20) * 1000 });
    const { publicClient } = clients(embedded.transport);
    assert.equal(await headHash(embedded), empty.hash);
    assert.equal((await publicClient.getBlock({ blockNumber: 1n })).transactions.length, 2);
    const hash = (await embedded.request({ method: 'eth_sendRawTransaction', params: [await transfer(2)] })) as Hash;
    const receipt = await publicClient.getTransactionReceipt({ hash });
    assert.equal(receipt.blockNumber, 3n);
    assert.equal((await publicClient.getBlock({ blockNumber: 3n })).timestamp, BigInt(genesisTime + 21));
    await embedded.close();
  });

  it('cuts a torn last line (a crash mid-write: never acknowledged) and opens', async () => {
    const parameters = parametersFor();
    const embedded = await openEmbeddedChain(parameters);
    const anchors = await deploy(embedded.transport);
    const head = await headHash(embedded);
    await embedded.close();
    const journal = join(parameters.dir, 'journal.ndjson');
    const size = statSync(journal).size;

    appendFileSync(journal, '{"n":3,"t":17');
    const reopened = await openEmbeddedChain(parameters);
    assert.equal(await headHash(reopened), head);
    assert.equal(statSync(journal).size, size);
    await anchor(reopened.transport, anchors, 'a');
    await reopened.close();

    const again = await openEmbeddedChain(parameters);
    assert.equal(again.stats().blockNumber, 3);
    await again.close();
  });

  it('refuses to start when the journal is damaged before its last line', async () => {
    const parameters = parametersFor();
    const embedded = await openEmbeddedChain(parameters);
    await deploy(embedded.transport);
    await embedded.close();
    const journal = join(parameters.dir, 'journal.ndjson');
    const [first, second] = readFileSync(journal, 'utf8').split('\n');
    writeFileSync(journal, `${first!.slice(0, 20)}\n${second}\n`);

    const error = await rejection(openEmbeddedChain(parameters));
    assert.ok(error instanceof ClearledgerError);
    assert.equal(error.code, 'CL_LEDGER_JOURNAL_CORRUPT');
    assert.match(error.message, /line 1 is not a journal entry/);
  });

  it('refuses to start, naming the block, when the journal and the engine disagree', async () => {
    const parameters = parametersFor();
    const embedded = await openEmbeddedChain(parameters);
    await deploy(embedded.transport);
    await embedded.close();
    const journal = join(parameters.dir, 'journal.ndjson');
    const lines = readFileSync(journal, 'utf8').split('\n');
    const entry = JSON.parse(lines[1]!) as { t: number };
    lines[1] = JSON.stringify({ ...entry, t: entry.t + 1 });
    writeFileSync(journal, lines.join('\n'));

    const error = await rejection(openEmbeddedChain(parameters));
    assert.ok(error instanceof ClearledgerError);
    assert.equal(error.code, 'CL_LEDGER_JOURNAL_CORRUPT');
    assert.match(error.message, /^Block 2 of the journal .* does not replay/);
    assert.equal(error.details?.block, 2);
  });

  it('refuses a folder that holds another chain, and a folder open in another chain', async () => {
    const parameters = parametersFor();
    const embedded = await openEmbeddedChain(parameters);
    const inUse = await rejection(openEmbeddedChain(parameters));
    assert.ok(inUse instanceof ClearledgerError);
    assert.equal(inUse.code, 'CL_LEDGER_UNAVAILABLE');
    await embedded.close();

    const otherId = await rejection(openEmbeddedChain({ ...parameters, chainId: 1 }));
    assert.ok(otherId instanceof ClearledgerError);
    assert.equal(otherId.code, 'CL_CONFIG_INVALID');
    const otherGenesis = await rejection(openEmbeddedChain({ ...parameters, genesisAccounts: [] }));
    assert.ok(otherGenesis instanceof ClearledgerError);
    assert.equal(otherGenesis.code, 'CL_CONFIG_INVALID');
    // A stale lock (its process is gone) does not keep the folder closed.
    writeFileSync(join(parameters.dir, 'LOCK'), '999999999\n');
    await (await openEmbeddedChain(parameters)).close();
  });

  it('halts while paused: transactions fail with -32603 "chain halted", reads go on, resume lets them through', async () => {
    const embedded = await openEmbeddedChain(parametersFor());
    const anchors = await deploy(embedded.transport);
    const { publicClient } = clients(embedded.transport);
    embedded.pause();
    assert.equal(embedded.stats().paused, true);

    const error = await rejection(anchor(embedded.transport, anchors, 'a'));
    assert.equal(toLedgerError(error).code, 'CL_LEDGER_UNAVAILABLE');
    const raw = await account.signTransaction({
      chainId: CHAIN_ID,
      nonce: 2,
      to: account.address,
      gas: 21_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 0n,
    });
    const direct = await rejection(embedded.request({ method: 'eth_sendRawTransaction', params: [raw] }));
    assert.ok(direct instanceof JsonRpcError);
    assert.deepEqual(direct.toJSON(), { code: -32603, message: 'chain halted' });
    assert.equal(await publicClient.getBlockNumber(), 2n);
    assert.equal(embedded.stats().blockNumber, 2);

    embedded.resume();
    await anchor(embedded.transport, anchors, 'a');
    assert.equal(await publicClient.getBlockNumber(), 3n);
    await embedded.close();
  });

  it('accepts transactions only signed (eth_sendRawTransaction) and refuses engine controls', async () => {
    const embedded = await openEmbeddedChain(parametersFor());
    for (const [method, params] of [
      ['eth_sendTransaction', [{ from: account.address, to: account.address }]],
      ['evm_mine', []],
      ['evm_setNextBlockTimestamp', ['0x1']],
      ['hardhat_setBalance', [account.address, '0x1']],
      ['evm_snapshot', []],
    ] as const) {
      const error = await rejection(embedded.request({ method, params } as never));
      assert.ok(error instanceof JsonRpcError, method);
      assert.equal(error.code, -32601, method);
    }
    assert.equal(embedded.stats().blockNumber, 0);
    await embedded.close();
  });

  it('neither mines nor journals a transaction the engine refuses; mines and journals one that reverts', async () => {
    const parameters = parametersFor();
    const embedded = await openEmbeddedChain(parameters);
    const anchors = await deploy(embedded.transport);
    const { publicClient } = clients(embedded.transport);
    const fees = { chainId: CHAIN_ID, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 0n };
    const tooHigh = await account.signTransaction({ ...fees, nonce: 9, to: account.address, gas: 21_000n });
    await rejection(embedded.request({ method: 'eth_sendRawTransaction', params: [tooHigh] }));
    assert.deepEqual(embedded.stats(), { blockNumber: 2, journalEntries: 2, paused: false });

    // A call without a function selector reverts (no fallback): with a fixed gas limit it is mined with status 0.
    const reverting = await account.signTransaction({
      ...fees,
      nonce: 2,
      to: anchors,
      gas: 200_000n,
      data: '0x',
    });
    const hash = (await embedded.request({ method: 'eth_sendRawTransaction', params: [reverting] })) as Hash;
    assert.equal((await publicClient.getTransactionReceipt({ hash })).status, 'reverted');
    assert.equal(embedded.stats().journalEntries, 3);
    const head = await headHash(embedded);
    await embedded.close();
    const reopened = await openEmbeddedChain(parameters);
    assert.equal(await headHash(reopened), head);
    await reopened.close();
  });

  it('serves JSON-RPC on loopback: viem over HTTP reads, writes and decodes custom errors; batches answer in order', async () => {
    const embedded = await openEmbeddedChain(parametersFor());
    const url = await embedded.serve({ host: '127.0.0.1', port: 0 });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const transport = http(url, { retryCount: 0 });
    const anchors = await deploy(transport);
    const hash = await anchor(transport, anchors, 'a');
    const { publicClient } = clients(transport);
    const receipt = await publicClient.getTransactionReceipt({ hash });
    assert.equal(parseEventLogs({ abi: anchorRegistryAbi, logs: receipt.logs, eventName: 'Anchored' }).length, 1);
    assert.equal(embedded.stats().blockNumber, 3);

    // A custom error (InvalidRoot) reaches viem through HTTP with its name.
    const error = await rejection(
      publicClient.simulateContract({
        account,
        address: anchors,
        abi: anchorRegistryAbi,
        functionName: 'anchor',
        args: [`0x${'0'.repeat(64)}`, 1],
      }),
    );
    assert.equal(toLedgerError(error).details?.errorName, 'InvalidRoot');

    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const batch = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
        { jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] },
        { jsonrpc: '2.0', id: 3, method: 'evm_mine', params: [] },
        { id: 4, method: 'eth_chainId' },
      ]),
    );
    assert.equal(batch.status, 200);
    assert.deepEqual(await batch.json(), [
      { jsonrpc: '2.0', id: 1, result: '0x539' },
      { jsonrpc: '2.0', id: 2, result: '0x3' },
      {
        jsonrpc: '2.0',
        id: 3,
        error: { code: -32601, message: 'the method evm_mine does not exist/is not available' },
      },
      { jsonrpc: '2.0', id: 4, error: { code: -32600, message: 'invalid request' } },
    ]);
    assert.deepEqual(await (await post('{"jsonrpc":')).json(), {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'parse error' },
    });
    assert.equal((await post('{}', { 'content-type': 'text/plain' })).status, 415);
    assert.equal(await statusWithHost(url, 'attacker.example'), 403);
    assert.equal(await statusWithHost(url, `localhost:${new URL(url).port}`), 200);
    assert.equal((await fetch(url)).status, 405);
    assert.equal((await post(`"${'x'.repeat(5 * 1024 * 1024)}"`)).status, 413);

    embedded.pause();
    assert.equal(toLedgerError(await rejection(anchor(transport, anchors, 'b'))).code, 'CL_LEDGER_UNAVAILABLE');
    embedded.resume();

    const remote = await rejection(embedded.serve({ host: '0.0.0.0' }));
    assert.ok(remote instanceof ClearledgerError);
    assert.equal(remote.code, 'CL_CONFIG_INVALID');

    await embedded.close();
    await rejection(fetch(url, { method: 'POST' }));
  });
});
