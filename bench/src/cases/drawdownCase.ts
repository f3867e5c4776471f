// Permit draw-downs through the API on the embedded chain: `drawdownCase.ts <seconds> <connections>`.
// Starts the real node program (SQLite, embedded chain) whose organisation is an agency (PGA) and
// an importer, issues itself one permit with a quantity no run exhausts, waits until it is anchored
// and registered, then drives POST /permits/draws with autocannon from this process, one new entry
// line per request (each a real draw: core checks, a chain transaction, the store's record). Any
// non-2xx answer fails the case. Baseline in the same run: GET /health on the same node.
// Prints {"perSec","p50Ms","p99Ms","requests","non2xx","healthRps","balanceOk"} as its last line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { entryNumberCheckDigit } from '../../../packages/core/src/certificate-of-origin/entryNumberCheckDigit.ts';
import { startNode, waitFor } from '../../../test/helpers/programs.ts';

const [secondsText, connectionsText] = process.argv.slice(2);
const seconds = Number(secondsText ?? 10);
const connections = Number(connectionsText ?? 20);
/** One client (an importer's broker system) sends the load: its per-token budget is raised. */
const RATE_LIMITS = '600,10000000,10';
const QUOTA = 100_000_000;

const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-bench-draw-'));
const node = await startNode(
  dataDir,
  {
    CLEARLEDGER_ANCHOR_LATENCY_MS: '100',
    CLEARLEDGER_ORG_ROLES: 'PGA,IMPORTER',
    CLEARLEDGER_ORG_COUNTRY: 'US',
    CLEARLEDGER_RATE_LIMITS: RATE_LIMITS,
  },
  60_000,
  process.env.BENCH_PROFILE_DIR === undefined
    ? {}
    : { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] },
);

function allOk(what: string, r: autocannon.Result): autocannon.Result {
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
    throw new Error(`${what}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total}`);
  return r;
}

/** Entry numbers with their check digit, each used for lines 1…999. */
let serial = 0;
const nextLine = () => {
  const n = serial++;
  const base = `BEN${String(Math.floor(n / 999)).padStart(7, '0')}`;
  return { entryNumber: `${base.slice(0, 3)}-${base.slice(3)}-${entryNumberCheckDigit(base)}`, line: (n % 999) + 1 };
};

try {
  const did = node.field('organisation').match(/\((did:[^)]+)\)/)![1]!;
  const token = readFileSync(join(dataDir, 'operator-token'), 'utf8').trim();
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const today = new Date().toISOString().slice(0, 10);
  const issued = await fetch(`${node.url}/credentials/issue`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
        type: ['VerifiableCredential', 'LpcoCredential'],
        issuer: did,
        credentialSubject: {
          type: 'Lpco',
          lpcoType: 'PERMIT',
          agency: { code: 'APHIS', name: 'USDA Animal and Plant Health Inspection Service' },
          program: 'PPQ 587',
          number: 'P587-BENCH-0001',
          holder: { id: did, name: 'Bench importer', country: 'US' },
          issuedOn: today,
          expiresOn: new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10),
          singleUse: false,
          authorizedQuantity: { value: String(QUOTA), unit: 'KG' },
          scope: { hs: ['060290'] },
          goodsDescription: 'Live plants, cuttings',
        },
      },
    }),
  });
  if (issued.status !== 201) throw new Error(`issue: ${issued.status} ${await issued.text()}`);
  const { id, hash } = (await issued.json()) as { id: string; hash: string };
  await waitFor(
    async () => {
      const r = (await (
        await fetch(`${node.url}/credentials/${encodeURIComponent(id)}`, { headers: auth })
      ).json()) as {
        anchor: unknown;
      };
      return r.anchor === null ? undefined : true;
    },
    30_000,
    'the permit to be anchored',
  );
  const permitId = `permit_${hash}`;
  const body = () =>
    JSON.stringify({ permitId, ...nextLine(), quantity: '1', unit: 'KG', port: '2704', hts: '060290', country: 'NL' });
  const first = await fetch(`${node.url}/permits/draws`, { method: 'POST', headers: auth, body: body() });
  if (first.status !== 201) throw new Error(`first draw: ${first.status} ${await first.text()}`);
  const run = (duration: number) =>
    autocannon({
      url: `${node.url}/permits/draws`,
      method: 'POST',
      headers: auth,
      connections,
      duration,
      requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
    });
  allOk('warm-up', await run(2));
  const before = serial;
  const result = allOk('POST /permits/draws', await run(seconds));
  const drawn = serial; // every request built a new entry line; all answered 201
  const permit = (await (await fetch(`${node.url}/permits/${permitId}`, { headers: auth })).json()) as {
    balance: string;
    useCount: number;
  };
  const health = allOk(
    'GET /health',
    await autocannon({ url: `${node.url}/health`, headers: auth, connections, duration: Math.min(seconds, 5) }),
  );
  process.stdout.write(
    `${JSON.stringify({
      perSec: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      measuredDraws: drawn - before,
      non2xx: result.non2xx,
      healthRps: health.requests.average,
      balanceOk: Number(permit.balance) === QUOTA - permit.useCount,
      rateLimits: RATE_LIMITS,
    })}\n`,
  );
} finally {
  await node.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
