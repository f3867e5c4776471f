// In-bond events through the API on the embedded chain: `inBondCase.ts <movements> <clients>`.
// Starts the real node program (SQLite, embedded chain) whose organisation is a bonded carrier and
// customs, files <movements> IT movements in one issuance (each registered on the chain), then
// reports each one's life over loopback HTTP — customs authorises, the carrier departs, arrives at
// the destination with its FIRMS code, concludes: 4 events per movement, each a real one (core
// check, a chain transaction, the case event, deadlines and violations recomputed). <clients>
// movements are worked on at once, each movement's events in order. Any refusal fails the case.
// Prints {"eventsPerSec","events","movements","ms","p50Ms","p99Ms","allConcluded"} as its last line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inBondMovement } from '../../../test/fixtures/inBondMovement.ts';
import { startNode } from '../../../test/helpers/programs.ts';

const [movementsText, clientsText] = process.argv.slice(2);
const movements = Number(movementsText ?? 100);
const clients = Number(clientsText ?? 8);
/** One client (the carrier's system) sends the load: its per-token budget is raised. */
const RATE_LIMITS = '600,10000000,10';

const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-bench-inbond-'));
const node = await startNode(
  dataDir,
  {
    CLEARLEDGER_ANCHOR_LATENCY_MS: '100',
    CLEARLEDGER_ORG_ROLES: 'BONDED_CARRIER,CUSTOMS',
    CLEARLEDGER_ORG_COUNTRY: 'US',
    CLEARLEDGER_RATE_LIMITS: RATE_LIMITS,
  },
  60_000,
  process.env.BENCH_PROFILE_DIR === undefined
    ? {}
    : { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] },
);

try {
  const did = node.field('organisation').match(/\((did:[^)]+)\)/)![1]!;
  const token = readFileSync(join(dataDir, 'operator-token'), 'utf8').trim();
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const fixture = inBondMovement({ entryType: '61' });
  const credentials = Array.from({ length: movements }, (_, i) => ({
    ...fixture,
    issuer: did,
    credentialSubject: {
      ...fixture.credentialSubject,
      inBondNumber: String(900_000_000 + i),
      carrier: { ...fixture.credentialSubject.carrier, id: did },
    },
  }));
  const issued = await fetch(`${node.url}/credentials/issue`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ credentials }),
  });
  if (issued.status !== 201) throw new Error(`issue: ${issued.status} ${await issued.text()}`);
  const ids = ((await issued.json()) as { issued: { hash: string }[] }).issued.map((i) => `inbond_${i.hash}`);

  const latencies: number[] = [];
  const post = async (id: string, body: Record<string, unknown>) => {
    const started = performance.now();
    const res = await fetch(`${node.url}/in-bond/${id}/events`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(body),
    });
    latencies.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${body.kind} ${id}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { state: string };
  };
  const life = [
    { kind: 'AUTHORIZE' },
    { kind: 'DEPART' },
    { kind: 'ARRIVE', scope: 'ENTIRE', port: '3901', firmsCode: 'H123' },
    { kind: 'CONCLUDE' },
  ];
  // Warm-up (JIT, caches) on the first movement, outside the measure.
  for (const body of life) await post(ids[0]!, body);
  latencies.length = 0;
  const queue = ids.slice(1);
  let concluded = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        let last = '';
        for (const body of life) last = (await post(id, body)).state;
        if (last === 'CONCLUDED') concluded++;
      }
    }),
  );
  const ms = performance.now() - started;
  const events = latencies.length;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(events - 1, Math.floor(q * events))]! * 10) / 10;
  process.stdout.write(
    `${JSON.stringify({
      eventsPerSec: Math.round((events / ms) * 1000 * 10) / 10,
      events,
      movements: ids.length - 1,
      ms: Math.round(ms),
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      allConcluded: concluded === ids.length - 1,
    })}\n`,
  );
} finally {
  await node.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
