// `npm run bench`: runs the benchmarks, prints a table and merges the figures into
// bench/results/latest.json. Every ratio compares two things measured in the same run.
// The production path throughout: libsodium (when it loads) and the certification rules (domain
// checks) at issuance and verification. One-core and all-core figures are reported separately; the
// peers (OpenAttestation v2, TrustVC) run single-threaded and are compared with our one-core figure.
// Options: --quick (smaller sizes, for a smoke run; results are not written), --only issue|verify|anchor|http|origin|qr|drawdown|inbond.
import { runInChild } from './lib/childRun.ts';
import { mergeResults, printTable } from './lib/results.ts';

type IssueResult = {
  count: number;
  ms: number;
  perSec: number;
  peakRssMb: number;
  crypto?: string;
  /** OpenAttestation on the same documents in the same process, before and after (with `peer`). */
  openAttestationPerSec?: number;
};
type VerifyResult = {
  count: number;
  perSec: number;
  coldPerSec: number;
  rawLibsodiumPerSec: number;
  rawNodeCryptoPerSec: number;
  crypto: string;
  openAttestationPerSec: number;
  allCoresPerSec: number;
  /** OpenAttestation measured right before and after the all-cores run, in the same process. */
  openAttestationAroundAllCoresPerSec: number;
  threads: number;
};
type TrustvcResult = {
  issuePerSec: number;
  verifyPerSec: number;
  derivePerSec: number;
  cryptosuite: string;
  issueCount: number;
  verifyCount: number;
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const metrics: Record<string, number> = {};
const issueCase = new URL('./cases/issueCase.ts', import.meta.url);
const verifyCase = new URL('./cases/verifyCase.ts', import.meta.url);
const MINUTE = 60_000;
/** Metrics of earlier versions of this benchmark, removed from the results file when it is written. */
const RETIRED = ['verify_offline_vs_raw_ed25519'];

// TrustVC (TradeTrust's W3C VC 2.0 stack) signs and verifies a few hundred per second at most: a
// sample of a few hundred, run once and used by both the issue and verify comparisons.
let trustvc: Promise<TrustvcResult> | undefined;
const trustvcFigures = () => {
  if (trustvc === undefined) {
    const n = quick ? '30' : '300';
    process.stdout.write(`TrustVC sign/verify ${n} (ecdsa-sd-2023) …\n`);
    trustvc = runInChild<TrustvcResult>(new URL('./cases/trustvcCase.ts', import.meta.url), [n, n], 20 * MINUTE);
  }
  return trustvc;
};

process.stdout.write(`Clearledger benchmarks — Node ${process.version}, ${new Date().toISOString()}\n`);

if (only === undefined || only === 'issue') {
  const sizes = quick ? [1_000, 5_000, 10_000] : [1_000, 10_000, 100_000];
  const oaSizes = quick ? [1_000] : [1_000, 10_000];
  const rows: (string | number)[][] = [];
  const ours = new Map<number, IssueResult>();
  const theirs = new Map<number, IssueResult>();
  const mid = quick ? 5_000 : 10_000;
  const big = quick ? 10_000 : 100_000;
  let oneCore: IssueResult | undefined;
  for (const n of sizes) {
    process.stdout.write(`issue ${n.toLocaleString('en-US')} …\n`);
    const peer = n === mid ? ['peer'] : [];
    ours.set(n, await runInChild<IssueResult>(issueCase, ['clearledger', String(n), 'all', ...peer], 20 * MINUTE));
    if (n === mid)
      oneCore = await runInChild<IssueResult>(issueCase, ['clearledger', String(n), 'one', ...peer], 20 * MINUTE);
    if (oaSizes.includes(n))
      theirs.set(n, await runInChild<IssueResult>(issueCase, ['openattestation', String(n)], 20 * MINUTE));
  }
  const tv = await trustvcFigures();
  for (const n of sizes) {
    const c = ours.get(n)!;
    const o = theirs.get(n);
    rows.push([
      n.toLocaleString('en-US'),
      c.perSec,
      c.peakRssMb,
      o?.perSec ?? '-',
      o?.peakRssMb ?? '-',
      o ? `${(c.perSec / o.perSec).toFixed(1)}×` : '-',
    ]);
  }
  printTable(
    `Issue, all cores (${ours.get(mid)!.crypto}): certification rules + sign (eddsa-jcs-2022, worker pool) + store (SQLite) + Merkle batch, vs OpenAttestation wrapDocuments (single-threaded)`,
    ['batch', 'Clearledger /s', 'peak RSS MiB', 'OpenAttestation /s', 'OA peak RSS MiB', 'ratio'],
    rows,
  );
  const all = ours.get(mid)!;
  // The ratios use OpenAttestation measured in the same process as each of our runs.
  const oaAll = all.openAttestationPerSec!;
  const oaOne = oneCore!.openAttestationPerSec!;
  printTable(
    `Issue ${mid.toLocaleString('en-US')}: one core against the single-threaded peers, all cores beside`,
    ['what', 'per second', 'vs OpenAttestation', 'vs TrustVC'],
    [
      [
        'Clearledger, one core (signing on the calling thread)',
        oneCore!.perSec,
        `${(oneCore!.perSec / oaOne).toFixed(1)}×`,
        `${Math.round(oneCore!.perSec / tv.issuePerSec)}×`,
      ],
      [
        'Clearledger, all cores (signing worker pool)',
        all.perSec,
        `${(all.perSec / oaAll).toFixed(1)}×`,
        `${Math.round(all.perSec / tv.issuePerSec)}×`,
      ],
      [
        'OpenAttestation v2 wrapDocuments (salted hashes + Merkle root, no signature), in the one-core / all-core processes',
        `${Math.round(oaOne)} / ${Math.round(oaAll)}`,
        '1.0×',
        '',
      ],
      [
        `TrustVC signCredential, ${tv.cryptosuite} (its default), ${tv.issueCount} credentials`,
        tv.issuePerSec,
        '',
        '1×',
      ],
    ],
  );
  metrics.issue_10k_per_s = all.perSec;
  metrics.issue_10k_one_core_per_s = oneCore!.perSec;
  metrics.issue_10k_vs_openattestation = all.perSec / oaAll;
  metrics.issue_10k_one_core_vs_openattestation = oneCore!.perSec / oaOne;
  metrics.issue_10k_vs_trustvc = oneCore!.perSec / tv.issuePerSec;
  metrics.issue_100k_over_10k_time = ours.get(big)!.ms / ours.get(mid)!.ms;
  metrics.issue_100k_peak_rss_mb = ours.get(big)!.peakRssMb;
  process.stdout.write(
    `\n${big.toLocaleString('en-US')} took ${metrics.issue_100k_over_10k_time.toFixed(2)}× the time of ${mid.toLocaleString('en-US')} (linear = ${big / mid}).\n`,
  );
}

if (only === undefined || only === 'verify') {
  const n = quick ? 2_000 : 10_000;
  process.stdout.write(`\nverify ${n.toLocaleString('en-US')} …\n`);
  const v = await runInChild<VerifyResult>(verifyCase, [String(n)], 20 * MINUTE);
  const tv = await trustvcFigures();
  printTable(
    `Offline verify (${v.crypto}): eddsa-jcs-2022 proof + Merkle inclusion proof + trust snapshot checks + certification rules (one core)`,
    ['what', 'per second', 'ratio'],
    [
      ['Clearledger verifyCredential (node verifier, inclusion cache)', v.perSec, '1.00'],
      ['Clearledger, every Merkle proof walked from its leaf', v.coldPerSec, (v.coldPerSec / v.perSec).toFixed(2)],
      [
        'raw Ed25519 verify, libsodium (same messages): ours / raw',
        v.rawLibsodiumPerSec,
        (v.perSec / v.rawLibsodiumPerSec).toFixed(2),
      ],
      [
        'raw Ed25519 verify, node:crypto (same messages): ours / raw',
        v.rawNodeCryptoPerSec,
        (v.perSec / v.rawNodeCryptoPerSec).toFixed(2),
      ],
      [
        `TrustVC verifyCredential, ${tv.cryptosuite} derived credential, ${tv.verifyCount} credentials`,
        tv.verifyPerSec,
        `${Math.round(v.perSec / tv.verifyPerSec)}×`,
      ],
      [
        'OpenAttestation verifySignature',
        v.openAttestationPerSec,
        `${(v.perSec / v.openAttestationPerSec).toFixed(1)}×`,
      ],
      [
        `Clearledger on ${v.threads} worker threads (all cores)`,
        v.allCoresPerSec,
        `${(v.allCoresPerSec / v.perSec).toFixed(2)}× one core, ${(v.allCoresPerSec / v.openAttestationAroundAllCoresPerSec).toFixed(1)}× OpenAttestation (${Math.round(v.openAttestationAroundAllCoresPerSec)} /s around it)`,
      ],
    ],
  );
  metrics.verify_offline_per_s = v.perSec;
  metrics.verify_offline_vs_openattestation = v.perSec / v.openAttestationPerSec;
  metrics.verify_offline_vs_raw_libsodium = v.perSec / v.rawLibsodiumPerSec;
  metrics.verify_offline_vs_trustvc = v.perSec / tv.verifyPerSec;
  metrics.verify_offline_all_cores_per_s = v.allCoresPerSec;
  metrics.verify_offline_all_cores_vs_openattestation = v.allCoresPerSec / v.openAttestationAroundAllCoresPerSec;
  metrics.verify_offline_cold_per_s = v.coldPerSec;
}

if (only === undefined || only === 'anchor') {
  type AnchorResult = {
    count: number;
    perSec: number;
    latencyP50Ms: number;
    latencyP99Ms: number;
    statusChecksPerSec: number;
    chainTxs: number;
  };
  type ReplayResult = { txs: number; replayMs: number; txPerSec: number; anchorTxPerSec: number; journalMb: number };
  const n = quick ? 2_000 : 10_000;
  process.stdout.write(`\nanchor ${n.toLocaleString('en-US')} end to end …\n`);
  const a = await runInChild<AnchorResult>(new URL('./cases/anchorCase.ts', import.meta.url), [String(n)], 20 * MINUTE);
  const historySizes = quick ? [1_000] : [1_000, 10_000];
  const replays: ReplayResult[] = [];
  for (const h of historySizes) {
    process.stdout.write(`chain restart with ${h.toLocaleString('en-US')} transactions of history …\n`);
    replays.push(
      await runInChild<ReplayResult>(new URL('./cases/chainReplayCase.ts', import.meta.url), [String(h)], 20 * MINUTE),
    );
  }
  printTable(
    'Anchoring on the embedded chain: issue → sealed → anchored (requests of 100 credentials, worker tick 100 ms)',
    ['what', 'figure'],
    [
      [
        `end to end, ${n.toLocaleString('en-US')} credentials`,
        `${Math.round(a.perSec).toLocaleString('en-US')} credentials/s`,
      ],
      ['chain transactions for them', a.chainTxs],
      [
        'anchor latency p50 / p99 (acknowledged → anchored)',
        `${a.latencyP50Ms.toFixed(0)} / ${a.latencyP99Ms.toFixed(0)} ms`,
      ],
      ['status checks (local index, synced to head)', `${Math.round(a.statusChecksPerSec).toLocaleString('en-US')} /s`],
      ...replays.map((r) => [
        `restart (journal replay) with ${r.txs.toLocaleString('en-US')} chain txs`,
        `${(r.replayMs / 1000).toFixed(2)} s (${Math.round(r.txPerSec)} tx/s)`,
      ]),
      ['live anchor transactions, one by one', `${Math.round(replays.at(-1)!.anchorTxPerSec)} tx/s`],
    ],
  );
  metrics.anchor_e2e_10k_per_s = a.perSec;
  metrics.anchor_latency_p50_ms = a.latencyP50Ms;
  metrics.anchor_latency_p99_ms = a.latencyP99Ms;
  metrics.status_check_per_s = a.statusChecksPerSec;
  metrics.chain_restart_10k_tx_ms = replays.at(-1)!.replayMs;
  metrics.chain_anchor_tx_per_s = replays.at(-1)!.anchorTxPerSec;
}

if (only === undefined || only === 'http') {
  type HttpResult = {
    rps: number;
    p50Ms: number;
    p99Ms: number;
    requests: number;
    non2xx: number;
    healthRps: number;
    claimRps: number;
    claimP99Ms: number;
    claimNon2xx: number;
    rateLimits: string;
  };
  const seconds = quick ? 3 : 10;
  process.stdout.write(`\nHTTP verify load, 50 connections, ${seconds} s …\n`);
  const h = await runInChild<HttpResult>(
    new URL('./cases/httpVerifyCase.ts', import.meta.url),
    [String(seconds), '50'],
    5 * MINUTE,
  );
  printTable(
    `HTTP on loopback: POST /credentials/verify (anchored USMCA certification + receipt, every check with the certification rules), 50 concurrent clients (autocannon, same machine); rate limits per minute anonymous,per-token,sign-in = ${h.rateLimits}; any non-2xx answer fails the run`,
    ['what', 'figure'],
    [
      ['verify requests/s', Math.round(h.rps).toLocaleString('en-US')],
      ['latency p50 / p99', `${h.p50Ms} / ${h.p99Ms} ms`],
      ['requests (non-2xx)', `${h.requests.toLocaleString('en-US')} (${h.non2xx})`],
      ['baseline: GET /health requests/s, same node', Math.round(h.healthRps).toLocaleString('en-US')],
      [
        'claim at entry checked end to end (POST /origin/claims/verify) /s, p99',
        `${Math.round(h.claimRps).toLocaleString('en-US')} /s, ${h.claimP99Ms} ms (non-2xx ${h.claimNon2xx})`,
      ],
    ],
  );
  metrics.claim_verify_per_s = h.claimRps;
  metrics.http_verify_rps = h.rps;
  metrics.http_verify_p99_ms = h.p99Ms;
  metrics.http_verify_vs_health = h.rps / h.healthRps;
}

if (only === undefined || only === 'origin') {
  type OriginResult = {
    perSec: number;
    evaluations: number;
    seconds: number;
    materials: number;
    commitmentsPerSec: number;
  };
  process.stdout.write('\nrules of origin …\n');
  const o = await runInChild<OriginResult>(
    new URL('./cases/originCase.ts', import.meta.url),
    [quick ? '1' : '5'],
    5 * MINUTE,
  );
  printTable(
    'Rules of origin: USMCA furniture rule (tariff shift + de minimis, RVC by transaction value and net cost), one core',
    ['what', 'figure'],
    [
      [`evaluations of a ${o.materials}-material bill of materials`, `${o.perSec.toLocaleString('en-US')} /s`],
      [
        'baseline: salted commitment of the same bill of materials (JCS + SHA-256)',
        `${o.commitmentsPerSec.toLocaleString('en-US')} /s`,
      ],
    ],
  );
  metrics.origin_rules_per_s = o.perSec;
  metrics.origin_rules_vs_bom_commitment = o.perSec / o.commitmentsPerSec;
}

if (only === undefined || only === 'qr') {
  type QrResult = {
    version: number;
    chars: number;
    fullBatchVersion: number;
    fullBatchChars: number;
    cl1Version: number;
    cl1FullBatchVersion: number;
  };
  process.stdout.write('\nQR code size …\n');
  const q = await runInChild<QrResult>(new URL('./cases/qrCase.ts', import.meta.url), [], MINUTE);
  printTable(
    'QR code of an anchored 5-line USMCA certification, error correction M (17 + 4 × version modules a side)',
    ['receipt', 'compact (CL2)', 'first form (CL1)'],
    [
      ['batch of one', `version ${q.version} (${q.chars} characters)`, `version ${q.cl1Version}`],
      [
        '10,000-record batch (14 proof nodes)',
        `version ${q.fullBatchVersion} (${q.fullBatchChars} characters)`,
        `version ${q.cl1FullBatchVersion}`,
      ],
    ],
  );
  metrics.qr_version_usmca_5_lines = q.version;
  metrics.qr_version_usmca_5_lines_full_batch = q.fullBatchVersion;
}

if (only === undefined || only === 'drawdown') {
  type DrawResult = {
    perSec: number;
    p50Ms: number;
    p99Ms: number;
    requests: number;
    non2xx: number;
    healthRps: number;
    balanceOk: boolean;
    rateLimits: string;
  };
  const seconds = quick ? 3 : 10;
  process.stdout.write(`\npermit draw-downs, 50 connections, ${seconds} s …\n`);
  const d = await runInChild<DrawResult>(
    new URL('./cases/drawdownCase.ts', import.meta.url),
    [String(seconds), '50'],
    3 * MINUTE,
  );
  if (!d.balanceOk) throw new Error("draw-down case: the permit's balance does not match its uses");
  printTable(
    `Permit draw-downs through POST /permits/draws on the embedded chain (core checks of holder and scope, the chain's balance, the use recorded), 50 concurrent clients, one new entry line each, loopback; rate limits ${d.rateLimits}; any non-2xx answer fails the run`,
    ['what', 'figure'],
    [
      ['draw-downs/s', Math.round(d.perSec).toLocaleString('en-US')],
      ['latency p50 / p99', `${d.p50Ms} / ${d.p99Ms} ms`],
      ['requests (non-2xx)', `${d.requests.toLocaleString('en-US')} (${d.non2xx})`],
      ['baseline: GET /health requests/s, same node', Math.round(d.healthRps).toLocaleString('en-US')],
    ],
  );
  metrics.drawdown_per_s = d.perSec;
  metrics.drawdown_p99_ms = d.p99Ms;
  metrics.drawdown_vs_health = d.perSec / d.healthRps;
}

if (only === undefined || only === 'inbond') {
  type InBondResult = {
    eventsPerSec: number;
    events: number;
    movements: number;
    ms: number;
    p50Ms: number;
    p99Ms: number;
    allConcluded: boolean;
  };
  const n = quick ? 60 : 400;
  process.stdout.write(`\nin-bond events: ${n} movements filed, 4 events each over HTTP, 50 clients …\n`);
  const ib = await runInChild<InBondResult>(
    new URL('./cases/inBondCase.ts', import.meta.url),
    [String(n), '50'],
    2 * MINUTE,
  );
  if (!ib.allConcluded) throw new Error('in-bond case: not every movement was concluded');
  printTable(
    'In-bond events through POST /in-bond/{id}/events (core check + chain transaction + case event + deadlines), 50 clients (one movement each at a time, its events in order), loopback',
    ['movements', 'events', 'events/s', 'p50 ms', 'p99 ms'],
    [[ib.movements, ib.events, ib.eventsPerSec, ib.p50Ms, ib.p99Ms]],
  );
  metrics.inbond_events_per_s = ib.eventsPerSec;
}

if (quick) {
  process.stdout.write('\n--quick: figures not written to bench/results/latest.json\n');
} else {
  mergeResults(metrics, RETIRED);
  process.stdout.write('\nMerged into bench/results/latest.json\n');
}
