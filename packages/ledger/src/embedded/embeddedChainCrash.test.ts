import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createPublicClient, type Hash, type Hex, parseEventLogs } from 'viem';
import { anchorRegistryAbi } from '../generated/contracts.generated.ts';
import { openEmbeddedChain } from './openEmbeddedChain.ts';
import { crashAnchorRegistry, crashChainId, crashGenesis } from './testing/crashChild.ts';

const KILLS = 10;
const child = fileURLToPath(new URL('./testing/crashChild.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

type Run = { acks: { hash: Hash; root: Hex }[]; ready: boolean };

/**
 * Starts the child and kills it with SIGKILL: `afterReady` at a random moment of its first 400 ms
 * of anchoring, else at a random moment of its first 1.5 s (also while it opens and replays).
 */
function runAndKill(dir: string, running: Set<ChildProcess>, afterReady: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', child, dir, '100000'], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(process_);
    const run: Run = { acks: [], ready: false };
    if (!afterReady) setTimeout(() => process_.kill('SIGKILL'), Math.floor(Math.random() * 1500));
    let buffered = '';
    let stderr = '';
    process_.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    process_.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') {
          run.ready = true;
          if (afterReady) setTimeout(() => process_.kill('SIGKILL'), Math.floor(Math.random() * 400));
        } else if (line.startsWith('ack ')) {
          const [, hash, root] = line.split(' ');
          run.acks.push({ hash: hash as Hash, root: root as Hex });
        }
      }
    });
    process_.on('exit', (code, signal) => {
      running.delete(process_);
      if (signal === 'SIGKILL') resolve(run);
      else reject(new Error(`the child exited by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('embedded chain under kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearledger-crash-'));
  const running = new Set<ChildProcess>();
  after(() => {
    for (const process_ of running) process_.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged transaction exactly once through ${KILLS} random kills`, {
    timeout: 90_000,
  }, async (t) => {
    const acks: Run['acks'] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const run = await runAndKill(dir, running, kill % 3 !== 1);
      acks.push(...run.acks);
    }
    assert.ok(acks.length > KILLS, `only ${acks.length} acknowledged anchors`);

    const parameters = { dir, chainId: crashChainId, genesisAccounts: crashGenesis };
    const chain = await openEmbeddedChain(parameters);
    const client = createPublicClient({ transport: chain.transport, cacheTime: 0 });
    for (const { hash } of acks) {
      assert.equal((await client.getTransactionReceipt({ hash })).status, 'success', `receipt of ${hash}`);
    }

    // Every block holds one transaction, no transaction twice.
    const { blockNumber, journalEntries } = chain.stats();
    assert.equal(journalEntries, blockNumber);
    const transactions = new Set<Hash>();
    for (let n = 1n; n <= BigInt(blockNumber); n++) {
      const block = await client.getBlock({ blockNumber: n });
      assert.equal(block.transactions.length, 1, `block ${n}`);
      transactions.add(block.transactions[0]!);
    }
    assert.equal(transactions.size, blockNumber);

    // Each anchor applied once: one Anchored event per distinct root; every acknowledged root is there,
    // and at most one unacknowledged anchor per kill (journaled, then killed before it could answer).
    const logs = await client.getLogs({ address: crashAnchorRegistry, fromBlock: 0n, toBlock: 'latest' });
    const roots = parseEventLogs({ abi: anchorRegistryAbi, logs, eventName: 'Anchored' }).map((e) => e.args.root);
    assert.equal(new Set(roots).size, roots.length);
    const anchored = new Set(roots);
    for (const { root } of acks) assert.ok(anchored.has(root), `root ${root} anchored`);
    assert.ok(roots.length >= acks.length && roots.length <= acks.length + KILLS);
    assert.equal(blockNumber, 2 + roots.length);
    t.diagnostic(
      `${acks.length} anchors acknowledged, ${roots.length - acks.length} more journaled but killed before answering, ${blockNumber} blocks`,
    );

    const head = (await client.getBlock()).hash;
    await chain.close();
    const reopened = await openEmbeddedChain(parameters);
    const again = createPublicClient({ transport: reopened.transport, cacheTime: 0 });
    assert.equal((await again.getBlock()).hash, head);
    assert.deepEqual(reopened.stats(), chain.stats());
    await reopened.close();
  });
});
