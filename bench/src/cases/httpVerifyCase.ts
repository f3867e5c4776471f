// HTTP verification load on loopback: `httpVerifyCase.ts <seconds> <connections>`. Starts the real
// node program (SQLite, embedded chain), issues one credential, waits until it is anchored, then
// drives POST /credentials/verify with autocannon from this process (same machine, same 2 cores).
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
const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-bench-http-'));
const node = await startNode(dataDir, {
  CLEARLEDGER_ANCHOR_LATENCY_MS: '100',
  CLEARLEDGER_ORG_ROLES: 'PRODUCER,EXPORTER',
});
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
  await run(2); // warm-up: JIT, caches
  const result = await run(seconds);
  // A claim at entry checked end to end (certification verified + claim rules), nothing stored.
  const claimBody = JSON.stringify({
    entryNumber: 'AB1-2345678-9',
    entryLine: 1,
    htsus: '9403604081',
    importDate: '2025-06-10',
    claimDate: '2025-06-12',
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
  await claimRun(1);
  const claims = await claimRun(seconds);
  // Baseline in the same run: the HTTP stack alone (auth, rate limit, headers) on a trivial route.
  const health = await autocannon({
    url: `${node.url}/health`,
    headers: auth,
    connections,
    duration: Math.min(seconds, 5),
  });
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
    })}\n`,
  );
} finally {
  await node.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
