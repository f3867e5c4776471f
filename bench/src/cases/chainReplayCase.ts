// Embedded chain restart time against history size, in its own process: `chainReplayCase.ts <count>`.
// Builds a journal of <count> anchor transactions (after deploying TrustRegistry + AnchorRegistry),
// sending them one by one through `request` (each mines a block and is fsynced before it answers),
// closes the chain and times the reopen, which replays the journal into a fresh engine.
// Prints {"txs","replayMs","txPerSec","anchorTxPerSec","journalMb"} as its last line: txs = chain
// transactions replayed (count + 2 deployments), txPerSec = replay speed, anchorTxPerSec = live
// anchors per second through request (signing excluded: transactions are signed beforehand).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  anchorRegistryAbi,
  anchorRegistryBytecode,
  openEmbeddedChain,
  trustRegistryAbi,
  trustRegistryBytecode,
} from '@clearledger/ledger';
import { signRawTransaction } from '@clearledger/ledger/testing';
import { encodeDeployData, encodeFunctionData, getContractAddress, type Hex, keccak256, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: chainReplayCase.ts <count>\n');
  process.exit(2);
}

const chainId = 1337;
const account = privateKeyToAccount(generatePrivateKey());
const dir = mkdtempSync(join(tmpdir(), 'clearledger-replay-'));
const parameters = { dir, chainId, genesisAccounts: [{ address: account.address, balance: 10n ** 24n }] };

const sign = (nonce: number, data: Hex, to?: Hex): Promise<Hex> =>
  signRawTransaction(account, chainId, nonce, data, to);

try {
  const trust = getContractAddress({ from: account.address, nonce: 0n });
  const anchors = getContractAddress({ from: account.address, nonce: 1n });
  const deployments = [
    await sign(
      0,
      encodeDeployData({ abi: trustRegistryAbi, bytecode: trustRegistryBytecode, args: ['did:web:bench.example'] }),
    ),
    await sign(1, encodeDeployData({ abi: anchorRegistryAbi, bytecode: anchorRegistryBytecode, args: [trust] })),
  ];
  const anchorTxs: Hex[] = [];
  for (let i = 0; i < count; i++) {
    const root = keccak256(toHex(`bench-root-${i}`));
    const data = encodeFunctionData({ abi: anchorRegistryAbi, functionName: 'anchor', args: [root, 1000] });
    anchorTxs.push(await sign(i + 2, data, anchors));
  }

  const chain = await openEmbeddedChain(parameters);
  const send = (raw: Hex) => chain.request({ method: 'eth_sendRawTransaction', params: [raw] });
  for (const raw of deployments) await send(raw);
  const t0 = performance.now();
  for (const raw of anchorTxs) await send(raw);
  const anchorMs = performance.now() - t0;
  const head = (await chain.request({ method: 'eth_getBlockByNumber', params: ['latest', false] })) as { hash: Hex };
  await chain.close();

  const t1 = performance.now();
  const reopened = await openEmbeddedChain(parameters);
  const replayMs = performance.now() - t1;
  const again = (await reopened.request({ method: 'eth_getBlockByNumber', params: ['latest', false] })) as {
    hash: Hex;
  };
  if (again.hash !== head.hash) throw new Error('the replayed head differs');
  await reopened.close();

  const txs = count + deployments.length;
  const journalMb = statSync(join(dir, 'journal.ndjson')).size / 2 ** 20;
  process.stdout.write(
    `${JSON.stringify({
      txs,
      replayMs: Math.round(replayMs),
      txPerSec: Math.round(txs / (replayMs / 1000)),
      anchorTxPerSec: Math.round(count / (anchorMs / 1000)),
      journalMb: Number(journalMb.toFixed(1)),
    })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
