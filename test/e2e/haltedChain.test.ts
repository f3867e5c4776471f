import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { usmcaCertification } from '../fixtures/usmcaCertification.ts';
import { cliAsync, producerNodeEnv, type RunningNode, startNode, waitFor } from '../helpers/programs.ts';
import { sleep } from '../helpers/random.ts';

/**
 * Halted chain (issue 3): the node's embedded chain is paused (operator test control, enabled with
 * CLEARLEDGER_TEST_CONTROLS=1) while issuance goes on. Issuance keeps answering, verification keeps
 * working, nothing new reads as anchored while the chain is halted, and everything anchors within
 * 30 s of resume. The halt lasts 30 s; `CLEARLEDGER_HALT_TEST_PAUSE_MS` shortens it for quick runs.
 */
const PAUSE_MS = Number(process.env.CLEARLEDGER_HALT_TEST_PAUSE_MS ?? 30_000);
const CATCH_UP_LIMIT_MS = 30_000;
const ORG = producerNodeEnv.CLEARLEDGER_ORG_DID;

type Issued = { id: string; hash: string; verifiableCredential: Record<string, unknown> };
type Report = { verdict: string; checks: { check: string; status: string; code: string }[] };
type ChainStatus = { blockNumber: number; credentials: { pending: number; sealed: number; anchored: number } };

describe('halted chain during issuance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearledger-halt-'));
  const dataDir = join(dir, 'node');
  const env = {
    ...producerNodeEnv,
    CLEARLEDGER_ANCHOR_LATENCY_MS: '200',
    CLEARLEDGER_TEST_CONTROLS: '1',
  };
  const cliEnv = { ...env, CLEARLEDGER_DATA_DIR: dataDir };
  let node: RunningNode | undefined;
  after(async () => {
    await node?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it(`chain paused ${PAUSE_MS / 1000} s: issuance answers, verification continues, nothing anchored until resume, all anchored ≤ 30 s after`, {
    timeout: PAUSE_MS + 150_000,
  }, async () => {
    const started = performance.now();
    node = await startNode(dataDir, env);
    const live = node;
    assert.match(live.output(), /test controls ON/);
    const token = readFileSync(join(dataDir, 'operator-token'), 'utf8').trim();
    const auth = { authorization: `Bearer ${token}` };
    let serial = 0;
    const issue = async (n: number): Promise<Issued[]> => {
      const res = await fetch(`${live.url}/credentials/issue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({
          credentials: Array.from({ length: n }, () => usmcaCertification({ issuer: ORG, serial: ++serial })),
        }),
      });
      const text = await res.text();
      assert.equal(res.status, 201, text);
      const issued = (JSON.parse(text) as { issued: Issued[] }).issued;
      for (const i of issued) assert.equal((i as Issued & { status: string }).status, 'pending');
      return issued;
    };
    const verify = async (vc: Record<string, unknown>): Promise<Report> => {
      const res = await fetch(`${live.url}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: vc }),
      });
      assert.equal(res.status, 200);
      return (await res.json()) as Report;
    };
    const chainStatus = async (): Promise<ChainStatus> => {
      const r = await cliAsync(cliEnv, ['chain', 'status', '--json']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      return JSON.parse(r.stdout) as ChainStatus;
    };
    const control = async (action: 'pause' | 'resume') => {
      const res = await fetch(`${live.url}/admin/chain/${action}`, { method: 'POST', headers: auth });
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as { paused: boolean; blockNumber: number };
    };

    // Before: some credentials, anchored.
    const before = [...(await issue(25)), ...(await issue(25))];
    const anchoredBefore = await waitFor(
      async () => {
        const s = await chainStatus();
        return s.credentials.pending === 0 && s.credentials.sealed === 0 ? s : undefined;
      },
      30_000,
      'the first credentials to be anchored',
    );
    assert.equal(anchoredBefore.credentials.anchored, before.length);
    for (const i of before.slice(0, 3)) assert.equal((await verify(i.verifiableCredential)).verdict, 'VALID');

    // Halt the chain.
    const anonymous = await fetch(`${live.url}/admin/chain/pause`, { method: 'POST' });
    assert.equal(anonymous.status, 401, 'the control is for the operator only');
    const halted = await control('pause');
    assert.equal(halted.paused, true);
    const pausedAt = performance.now();
    const headAtPause = halted.blockNumber;

    // For the whole halt: issue, verify old and new, and watch that nothing new shows anchored.
    const during: Issued[] = [];
    const problems: string[] = [];
    const counts = { issueRequests: 0, verifyOld: 0, verifyNew: 0, statusChecks: 0, exportRefused: 0 };
    const haltEnds = pausedAt + PAUSE_MS;
    const issuer = async () => {
      while (performance.now() < haltEnds) {
        try {
          during.push(...(await issue(10)));
          counts.issueRequests++;
        } catch (error) {
          problems.push(`issue: ${(error as Error).message}`);
        }
        await sleep(250);
      }
    };
    const verifier = async () => {
      let k = 0;
      while (performance.now() < haltEnds) {
        const old = before[k++ % before.length]!;
        const oldReport = await verify(old.verifiableCredential);
        counts.verifyOld++;
        if (oldReport.verdict !== 'VALID') problems.push(`anchored ${old.id} verified ${oldReport.verdict}`);
        const fresh = during[Math.floor(during.length / 2)];
        if (fresh !== undefined) {
          const report = await verify(fresh.verifiableCredential);
          counts.verifyNew++;
          const anchor = report.checks.find((c) => c.check === 'anchor');
          if (report.verdict !== 'INCONCLUSIVE' || anchor?.code !== 'CL_VERIFY_ANCHOR_PENDING')
            problems.push(`new ${fresh.id} verified ${report.verdict} (anchor ${anchor?.code}) while halted`);
        }
        await sleep(100);
      }
    };
    const watcher = async () => {
      while (performance.now() < haltEnds - 2_000) {
        const issuedSoFar = during.length;
        const s = await chainStatus();
        counts.statusChecks++;
        if (s.credentials.anchored !== before.length)
          problems.push(`chain status shows ${s.credentials.anchored} anchored while halted`);
        if (s.blockNumber !== headAtPause) problems.push(`block ${s.blockNumber} mined while halted`);
        if (s.credentials.pending + s.credentials.sealed < issuedSoFar)
          problems.push(`${s.credentials.pending} pending + ${s.credentials.sealed} sealed < ${issuedSoFar} issued`);
        const fresh = during[0];
        if (fresh !== undefined && counts.exportRefused === 0) {
          const exported = await cliAsync(cliEnv, ['export', fresh.hash, '--json']);
          if (exported.code === 0) problems.push(`export of ${fresh.hash} succeeded while halted`);
          else counts.exportRefused++;
        }
        await sleep(1_000);
      }
    };
    await Promise.all([issuer(), verifier(), watcher()]);
    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} problems while the chain was halted`);
    assert.ok(during.length > 0 && counts.verifyNew > 0 && counts.statusChecks > 0, JSON.stringify(counts));
    const haltedMs = performance.now() - pausedAt;
    const stillHalted = await chainStatus();
    assert.equal(stillHalted.credentials.anchored, before.length, 'nothing anchored before resume');

    // Resume: everything anchors within 30 s.
    const resumed = await control('resume');
    assert.equal(resumed.paused, false);
    const resumedAt = performance.now();
    const total = before.length + during.length;
    await waitFor(
      async () => {
        const s = await chainStatus();
        return s.credentials.anchored === total && s.credentials.pending === 0 && s.credentials.sealed === 0
          ? s
          : undefined;
      },
      CATCH_UP_LIMIT_MS,
      `all ${total} credentials to be anchored after resume`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nnode output:\n${live.output()}`);
    });
    const catchUpMs = performance.now() - resumedAt;
    assert.ok(catchUpMs <= CATCH_UP_LIMIT_MS, `caught up in ${Math.round(catchUpMs)} ms`);

    // Everything issued during the halt now verifies VALID.
    const notValid: string[] = [];
    for (const i of during) {
      const report = await verify(i.verifiableCredential);
      if (report.verdict !== 'VALID') notValid.push(`${i.id}: ${report.verdict}`);
    }
    assert.deepEqual(notValid.slice(0, 5), [], `${notValid.length} not VALID after resume`);
    assert.match(live.output(), /anchoring paused, will retry: .*halted/);

    assert.equal(await live.stop('SIGTERM'), 0, live.output());
    node = undefined;
    console.log(
      `halted chain: halt ${Math.round(haltedMs)} ms — ${during.length} credentials issued in ${counts.issueRequests} requests (all 201), ` +
        `${counts.verifyOld} verifications of anchored credentials (all VALID), ${counts.verifyNew} of new ones ` +
        `(all INCONCLUSIVE/CL_VERIFY_ANCHOR_PENDING), ${counts.statusChecks} status checks (anchored stayed ${before.length}, ` +
        `head block stayed ${headAtPause}); after resume all ${total} anchored in ${Math.round(catchUpMs)} ms; ` +
        `total ${Math.round(performance.now() - started)} ms`,
    );
  });
});
