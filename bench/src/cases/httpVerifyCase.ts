// HTTP verification load on loopback: `httpVerifyCase.ts <seconds> <connections>`. Starts the real
// node program (SQLite, embedded chain), issues one credential, waits until it is anchored, then
// drives POST /credentials/verify with autocannon from this process (same machine, same 2 cores).
// Every load runs under the rate limits below and fails the case on any answer that is not 2xx.
// Prints {"rps","p50Ms","p99Ms","requests","non2xx","verdict","healthRps"} as its last line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { startNode, waitFor } from '../../../test/helpers/programs.ts';

const [secondsText, connectionsText] = process.argv.slice(2);
const seconds = Number(secondsText ?? 10);
const connections = Number(connectionsText ?? 50);
/**
 * The node's rate limits in this run (per minute): anonymous callers and sign-in at their defaults
 * (600 and 10 per address); the load comes from one authenticated client (a verifier service's
 * token), whose budget is raised from its default of 60,000 to 1,000,000 per token — one client
 * sending thousands of requests a second is the load being measured.
 */
const RATE_LIMITS = '600,1000000,10';
const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-bench-http-'));
const node = await startNode(dataDir, {
  CLEARLEDGER_ANCHOR_LATENCY_MS: '100',
  CLEARLEDGER_ORG_ROLES: 'PRODUCER,EXPORTER',
  CLEARLEDGER_RATE_LIMITS: RATE_LIMITS,
});
/** Fails the case on any non-2xx answer or connection error: a refused request is not throughput. */
function allOk(what: string, r: autocannon.Result): autocannon.Result {
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
    throw new Error(
      `${what}: ${r.non2xx} non-2xx answers, ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total} requests (rate limits ${RATE_LIMITS})`,
    );
  return r;
}
try {
  const token = readFileSync(join(dataDir, 'operator-token'), 'utf8').trim();
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const issued = await fetch(`${node.url}/credentials/issue`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      credential: usmcaCertification({ issuer: node.field('organisation').match(/\((did:[^)]+)\)/)![1]! }),
    }),
  });
  if (issued.status !== 201) throw new Error(`issue: ${issued.status} ${await issued.text()}`);
  const { id } = (await issued.json()) as { id: string };
  const record = await waitFor(
    async () => {
      const r = (await (
        await fetch(`${node.url}/credentials/${encodeURIComponent(id)}`, { headers: auth })
      ).json()) as {
        anchor: unknown;
        verifiableCredential: unknown;
      };
      return r.anchor === null ? undefined : r;
    },
    30_000,
    'the credential to be anchored',
  );
  const body = JSON.stringify({ verifiableCredential: record.verifiableCredential, anchor: record.anchor });
  const check = (await (
    await fetch(`${node.url}/credentials/verify`, { method: 'POST', headers: auth, body })
  ).json()) as { verdict: string };
  if (check.verdict !== 'VALID') throw new Error(`verdict ${check.verdict}`);
  const run = (duration: number) =>
    autocannon({ url: `${node.url}/credentials/verify`, method: 'POST', headers: auth, body, connections, duration });
  allOk('warm-up', await run(2)); // JIT, caches
  const result = allOk('POST /credentials/verify', await run(seconds));
  // A claim at entry checked end to end (certification verified + claim rules), nothing stored.
  const claimBody = JSON.stringify({
    entryNumber: 'AB1-2345678-7',
    entryLine: 1,
    htsus: '9403604081',
    importDate: '2025-06-10',
    valueUsd: '48250.00',
    certification: { verifiableCredential: record.verifiableCredential, anchor: record.anchor },
  });
  const claimCheck = (await (
    await fetch(`${node.url}/origin/claims/verify`, { method: 'POST', headers: auth, body: claimBody })
  ).json()) as { assessment: { outcome: string } };
  if (claimCheck.assessment?.outcome !== 'ACCEPT') throw new Error(`claim check: ${JSON.stringify(claimCheck)}`);
  const claimRun = (duration: number) =>
    autocannon({
      url: `${node.url}/origin/claims/verify`,
      method: 'POST',
      headers: auth,
      body: claimBody,
      connections,
      duration,
    });
  allOk('claim check warm-up', await claimRun(1));
  const claims = allOk('POST /origin/claims/verify', await claimRun(seconds));
  // Baseline in the same run: the HTTP stack alone (auth, rate limit, headers) on a trivial route.
  const health = allOk(
    'GET /health',
    await autocannon({ url: `${node.url}/health`, headers: auth, connections, duration: Math.min(seconds, 5) }),
  );
  process.stdout.write(
    `${JSON.stringify({
      rps: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      verdict: check.verdict,
      healthRps: health.requests.average,
      claimRps: claims.requests.average,
      claimP99Ms: claims.latency.p99,
      claimNon2xx: claims.non2xx,
      rateLimits: RATE_LIMITS,
    })}\n`,
  );
} finally {
  await node.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
