import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CredentialRow } from '@clearledger/core';
import { anchorRegistryAbi, openEmbeddedChain } from '@clearledger/ledger';
import { createStore } from '@clearledger/store';
import { createPublicClient, decodeFunctionData, type Hex } from 'viem';
import { usmcaCertification } from '../fixtures/usmcaCertification.ts';
import { cliAsync, producerNodeEnv, type RunningNode, startNode, waitFor } from '../helpers/programs.ts';
import { seededRandom, sleep } from '../helpers/random.ts';

/**
 * Crash test of the real node (issue 3): while a driver issues 1,000 credentials over HTTP, the node
 * is killed with SIGKILL 20 times at random moments and restarted on the same data folder. Every
 * acknowledged (201) credential must survive exactly once, be anchored exactly once, and verify
 * VALID; every restart must listen within 10 s. `CLEARLEDGER_CRASH_SEED=<n>` replays a run.
 */
const TARGET = 1_000;
const KILLS = 20;
const PER_REQUEST = 25;
const CONCURRENCY = 2;
const RESTART_LIMIT_MS = 10_000;
const ORG = producerNodeEnv.CLEARLEDGER_ORG_DID;

const seed = Number(process.env.CLEARLEDGER_CRASH_SEED ?? (Date.now() ^ (process.pid << 10)) >>> 0);

type Acknowledged = { hash: string; vc: Record<string, unknown> };

describe('crash: kill -9 of the node during issuance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearledger-crash-'));
  const dataDir = join(dir, 'node');
  const env = {
    ...producerNodeEnv,
    // Small, frequent batches: kills land while sealing and while anchor transactions are in flight.
    CLEARLEDGER_ANCHOR_LATENCY_MS: '100',
    CLEARLEDGER_ANCHOR_BATCH: '40',
  };
  let node: RunningNode | undefined;
  let aborted = false;
  after(async () => {
    aborted = true; // ends the driver if the test failed half-way
    await node?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${KILLS} random kill -9 during issuance of ${TARGET} credentials: 0 lost, 0 anchored twice, all VALID, ready ≤ 10 s`, {
    timeout: 300_000,
  }, async () => {
    console.log(`crash test seed ${seed} (CLEARLEDGER_CRASH_SEED=${seed} replays the kill schedule)`);
    // Two streams, so the kill schedule does not depend on how the driver's requests interleave.
    const random = seededRandom(seed);
    const pace = seededRandom(seed ^ 0x5bd1e995);
    const started = performance.now();
    node = await startNode(dataDir, env);
    const token = readFileSync(join(dataDir, 'operator-token'), 'utf8').trim();

    // --- The driver: issue in requests of 25, record what was acknowledged. ---
    const acknowledged = new Map<string, Acknowledged>();
    const unexpected: string[] = [];
    let reserved = 0;
    let serial = 0;
    let up = true;
    let killsDone = 0;
    let failedRequests = 0;
    const issueLoop = async () => {
      while (!aborted && acknowledged.size < TARGET) {
        // The last request waits for the last kill, so that every kill lands during issuance.
        const cap = killsDone < KILLS ? TARGET - PER_REQUEST : TARGET;
        const n = Math.min(PER_REQUEST, cap - acknowledged.size - reserved);
        const current = node;
        if (n <= 0 || !up || current === undefined) {
          await sleep(10);
          continue;
        }
        reserved += n;
        const credentials = Array.from({ length: n }, () => usmcaCertification({ issuer: ORG, serial: ++serial }));
        try {
          const res = await fetch(`${current.url}/credentials/issue`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ credentials }),
            signal: AbortSignal.timeout(20_000),
          });
          const text = await res.text();
          if (res.status !== 201) {
            unexpected.push(`HTTP ${res.status}: ${text.slice(0, 300)}`);
            continue;
          }
          const body = JSON.parse(text) as {
            issued: { id: string; hash: string; verifiableCredential: Record<string, unknown> }[];
          };
          for (const i of body.issued) {
            if (acknowledged.has(i.id)) unexpected.push(`id ${i.id} acknowledged twice`);
            acknowledged.set(i.id, { hash: i.hash, vc: i.verifiableCredential });
          }
        } catch {
          // The node died under the request: not acknowledged (it may or may not have been stored).
          failedRequests++;
        } finally {
          reserved -= n;
        }
        // Paced (~130 credentials/s with two loops), so the kills spread over the whole issuance.
        await sleep(150 + Math.floor(pace() * 300));
      }
    };
    const driver = Promise.all(Array.from({ length: CONCURRENCY }, issueLoop));

    // --- The killer: 20 kills at random points spread over the issuance. ---
    const thresholds = Array.from({ length: KILLS }, () =>
      Math.floor(PER_REQUEST + random() * (TARGET - 4 * PER_REQUEST)),
    ).sort((a, b) => a - b);
    const restartMs: number[] = [];
    let killsWithRequestsInFlight = 0;
    let killsAfterAnchorBlock = 0;
    for (const threshold of thresholds) {
      await waitFor(() => (acknowledged.size >= threshold ? true : undefined), 60_000, `${threshold} acknowledged`, 5);
      const aim = random();
      if (aim < 0.4) {
        // Aim at a request: kill it mid-flight (while signing, storing or answering).
        await waitFor(() => (reserved > 0 ? true : undefined), 5_000, 'a request in flight', 2).catch(() => undefined);
        await sleep(Math.floor(random() * 40));
      } else if (aim < 0.7) {
        // Aim at the anchor worker: kill just after an anchor block is mined, before or while the
        // node records it (the restarted node must find the root on the chain, not send it again).
        const head = await blockNumber(node.url);
        const mined = await waitFor(
          async () => ((await blockNumber(node!.url)) > head ? true : undefined),
          3_000,
          'an anchor block',
          5,
        ).catch(() => false);
        if (mined) killsAfterAnchorBlock++;
        await sleep(Math.floor(random() * 30));
      } else {
        await sleep(Math.floor(random() * 250));
      }
      if (reserved > 0) killsWithRequestsInFlight++;
      assert.ok(acknowledged.size < TARGET, 'the kill lands during issuance');
      const dying: RunningNode = node;
      up = false;
      const code: number | null = await dying.stop('SIGKILL');
      assert.equal(code, null, 'killed by a signal');
      const t0 = performance.now();
      node = await startNode(dataDir, env, 60_000).catch((error: Error) => {
        throw new Error(`restart failed after kill ${restartMs.length + 1}: ${error.message}`);
      });
      restartMs.push(Math.round(performance.now() - t0));
      killsDone++;
      up = true;
    }
    await driver;
    const issuanceMs = performance.now() - started;
    assert.deepEqual(unexpected, [], 'every request either answered 201 or died with the node');
    assert.equal(acknowledged.size, TARGET);
    const maxRestart = Math.max(...restartMs);
    assert.ok(maxRestart <= RESTART_LIMIT_MS, `restart times ${restartMs.join(', ')} ms; limit ${RESTART_LIMIT_MS}`);

    // --- The last node anchors everything. ---
    const cliEnv = { ...env, CLEARLEDGER_DATA_DIR: dataDir };
    const live: RunningNode = node;
    await waitFor(
      async () => {
        const r = await cliAsync(cliEnv, ['chain', 'status', '--json']);
        if (r.code !== 0) return undefined;
        const { credentials } = JSON.parse(r.stdout) as { credentials: { pending: number; sealed: number } };
        return credentials.pending === 0 && credentials.sealed === 0 ? true : undefined;
      },
      60_000,
      'every credential to be anchored',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nnode output:\n${live.output()}`);
    });

    // (d) Every acknowledged credential verifies VALID on the restarted node (it finds its receipts).
    const verifyStarted = performance.now();
    const notValid: string[] = [];
    const queue = [...acknowledged.entries()];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
          const [id, { vc }] = next;
          const res = await fetch(`${live.url}/credentials/verify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ verifiableCredential: vc }),
          });
          const report = (await res.json()) as { verdict: string; checks: { check: string; code: string }[] };
          if (report.verdict !== 'VALID')
            notValid.push(`${id}: ${report.verdict} ${JSON.stringify(report.checks.map((c) => c.code))}`);
        }
      }),
    );
    const verifyMs = performance.now() - verifyStarted;
    assert.deepEqual(notValid.slice(0, 5), [], `${notValid.length} acknowledged credentials are not VALID`);

    assert.equal(await live.stop('SIGTERM'), 0, live.output());
    node = undefined;

    // (a) + (b) The store, after the node stopped: every acknowledged id once, everything anchored.
    const store = createStore({ kind: 'sqlite', file: join(dataDir, 'clearledger.sqlite') });
    const rows: CredentialRow[] = [];
    let batches: Map<string, { root: string; size: number; txHash: string; blockNumber: number }>;
    let anchorRegistry: Hex;
    try {
      for (let page = await store.listCredentials(ORG, { limit: 1_000 }); page.length > 0; ) {
        rows.push(...page);
        page = await store.listCredentials(ORG, { limit: 1_000, afterId: page.at(-1)!.id });
      }
      batches = new Map();
      for (const batchId of new Set(rows.map((r) => r.batchId))) {
        assert.ok(batchId !== null, 'every stored credential is in a batch');
        const batch = await store.getBatch(ORG, batchId);
        assert.ok(batch.anchor !== null, `batch ${batchId} is anchored`);
        batches.set(batchId, {
          root: batch.root,
          size: batch.size,
          txHash: batch.anchor.txHash,
          blockNumber: batch.anchor.blockNumber,
        });
      }
      anchorRegistry = (JSON.parse((await store.getSetting('chain.contracts'))!) as { anchorRegistry: Hex })
        .anchorRegistry;
    } finally {
      await store.close();
    }
    const stored = new Map<string, number>();
    for (const row of rows) stored.set(row.id, (stored.get(row.id) ?? 0) + 1);
    const lost = [...acknowledged.keys()].filter((id) => stored.get(id) !== 1);
    assert.deepEqual(lost, [], 'every acknowledged credential is stored exactly once');
    for (const row of rows) {
      const ack = acknowledged.get(row.id);
      if (ack !== undefined) assert.equal(row.hash, ack.hash, `hash of ${row.id}`);
      assert.equal(row.status, 'anchored', `${row.id} is anchored`);
    }
    const roots = [...batches.values()].map((b) => b.root);
    assert.equal(new Set(roots).size, roots.length, 'batch roots are distinct');
    assert.equal(
      [...batches.values()].reduce((sum, b) => sum + b.size, 0),
      rows.length,
      'every stored credential is in exactly one batch',
    );

    // (c) The chain, reopened from its journal: one Anchored event per batch root, none twice.
    const manifest = JSON.parse(readFileSync(join(dataDir, 'chain', 'chain.json'), 'utf8')) as {
      chainId: number;
      genesisAccounts: { address: Hex; balance: string }[];
    };
    const chainOpened = performance.now();
    const chain = await openEmbeddedChain({
      dir: join(dataDir, 'chain'),
      chainId: manifest.chainId,
      genesisAccounts: manifest.genesisAccounts.map((a) => ({ address: a.address, balance: BigInt(a.balance) })),
    });
    const replayMs = performance.now() - chainOpened;
    const { blockNumber: chainBlocks } = chain.stats();
    let events: { root: string; count: number; blockNumber: number; txHash: string }[];
    // Every root the node sent, per transaction: the worker itself must not send a root twice (the
    // contract would ignore a repeat, so the events alone cannot show a resend).
    const sent = new Map<string, number>();
    let anchorTransactions = 0;
    try {
      const client = createPublicClient({ transport: chain.transport });
      const logs = await client.getContractEvents({
        address: anchorRegistry,
        abi: anchorRegistryAbi,
        eventName: 'Anchored',
        fromBlock: 0n,
      });
      events = logs.map((log) => {
        const args = log.args as { root: Hex; count: number };
        return {
          root: args.root.slice(2),
          count: Number(args.count),
          blockNumber: Number(log.blockNumber),
          txHash: log.transactionHash,
        };
      });
      for (let n = 1n; n <= BigInt(chainBlocks); n++) {
        const block = await client.getBlock({ blockNumber: n, includeTransactions: true });
        for (const tx of block.transactions) {
          if (tx.to?.toLowerCase() !== anchorRegistry.toLowerCase()) continue;
          const call = decodeFunctionData({ abi: anchorRegistryAbi, data: tx.input });
          const roots =
            call.functionName === 'anchor'
              ? [call.args[0]]
              : call.functionName === 'anchorBatch'
                ? [...call.args[0]]
                : [];
          if (roots.length > 0) anchorTransactions++;
          for (const root of roots) sent.set(root.slice(2), (sent.get(root.slice(2)) ?? 0) + 1);
        }
      }
    } finally {
      await chain.close();
    }
    const eventRoots = events.map((e) => e.root);
    assert.equal(new Set(eventRoots).size, eventRoots.length, 'no root is anchored twice on the chain');
    assert.equal(events.length, batches.size, 'one Anchored event per stored batch');
    const resent = [...sent].filter(([, times]) => times !== 1);
    assert.deepEqual(resent, [], 'every root was sent in exactly one transaction');
    assert.equal(sent.size, batches.size, 'every root sent is a stored batch root');
    const byRoot = new Map(events.map((e) => [e.root, e]));
    for (const batch of batches.values()) {
      const event = byRoot.get(batch.root);
      assert.ok(event !== undefined, `root ${batch.root} is on the chain`);
      assert.equal(event.count, batch.size, `anchored size of ${batch.root}`);
      assert.equal(event.blockNumber, batch.blockNumber, `block of ${batch.root}`);
      assert.equal(event.txHash, batch.txHash, `transaction of ${batch.root}`);
    }

    const totalMs = performance.now() - started;
    console.log(
      `crash test: seed ${seed}, kills ${restartMs.length} (all during issuance, ` +
        `${killsWithRequestsInFlight} with requests in flight, ${killsAfterAnchorBlock} just after an anchor block, ` +
        `${failedRequests} requests died), ` +
        `acknowledged ${acknowledged.size}, stored ${rows.length} (${rows.length - acknowledged.size} unacknowledged), ` +
        `lost 0, batches ${batches.size}, Anchored events ${events.length} (roots sent once each, in ${anchorTransactions} transactions), ` +
        `chain blocks ${chainBlocks}, ` +
        `restart max ${maxRestart} ms / median ${median(restartMs)} ms, issuance with kills ${Math.round(issuanceMs)} ms, ` +
        `verify ${acknowledged.size} in ${Math.round(verifyMs)} ms, chain replay ${Math.round(replayMs)} ms, total ${Math.round(totalMs)} ms`,
    );
    console.log(`crash test restart times (ms): ${restartMs.join(' ')}`);
  });
});

/** The node's chain head, from /health (-1 when it does not answer). */
async function blockNumber(url: string): Promise<number> {
  try {
    const health = (await (await fetch(`${url}/health`)).json()) as { chain?: { blockNumber: number | null } };
    return health.chain?.blockNumber ?? -1;
  } catch {
    return -1;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
