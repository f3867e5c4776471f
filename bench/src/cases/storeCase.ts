// Store micro-benchmark in its own process: `storeCase.ts <sqlite|postgres> <count>`.
// Inserts <count> credentials of ~3 KB in chunks of 1,000, seals them in ONE batch (pending lookup +
// sealBatch) and anchors that batch, timing only the store calls. PostgreSQL uses DATABASE_URL and a
// throw-away schema. Prints {"dialect","count","insertMs","sealMs","anchorMs","perCredentialUs"}.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewCredentialRow, Store } from '@clearledger/core';
import { openStore } from '@clearledger/store';
import pg from 'pg';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';

const [dialect, countText] = process.argv.slice(2);
const count = Number(countText);
const CHUNK = 1000;
if ((dialect !== 'sqlite' && dialect !== 'postgres') || !Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: storeCase.ts <sqlite|postgres> <count>\n');
  process.exit(2);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const orgId = 'org-bench';

/** A signed-credential-sized document (~3 KB): the USMCA fixture with an id and a proof. */
function row(i: number): NewCredentialRow {
  const id = `urn:uuid:${sha256(`id-${i}`).slice(0, 32)}`;
  const document = JSON.stringify({
    ...usmcaCertification({ issuer: 'did:web:bench.example', serial: i }),
    id,
    proof: {
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-jcs-2022',
      created: '2026-01-31T11:00:00Z',
      verificationMethod: 'did:web:bench.example#key-1',
      proofPurpose: 'assertionMethod',
      proofValue: `z${randomBytes(64).toString('base64url')}`,
    },
  });
  return {
    id,
    hash: sha256(document),
    type: 'USMCACertificationOfOrigin',
    issuedAt: '2026-01-31T11:00:00.000Z',
    document,
  };
}

async function run(store: Store): Promise<Record<string, number>> {
  await store.putOrganization({
    id: orgId,
    did: 'did:web:bench.example',
    name: 'Bench',
    country: 'MX',
    roles: ['PRODUCER'],
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  let insertMs = 0;
  for (let start = 0; start < count; start += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, count - start) }, (_, i) => row(start + i));
    const t0 = performance.now();
    await store.insertCredentials(orgId, rows);
    insertMs += performance.now() - t0;
  }

  // Proofs of a tree of `count` leaves: ceil(log2 count) sibling hashes each, built outside the timing.
  const depth = Math.max(1, Math.ceil(Math.log2(count)));
  const nodes = Array.from({ length: 64 }, (_, i) => sha256(`node-${i}`));
  let t0 = performance.now();
  const pending = await store.pendingCredentials(orgId, count);
  const pendingMs = performance.now() - t0;
  if (pending.length !== count) throw new Error(`expected ${count} pending credentials, got ${pending.length}`);
  const members = pending.map((p, leafIndex) => ({
    credentialId: p.id,
    leafIndex,
    inclusionProof: Array.from({ length: depth }, (_, level) => nodes[(leafIndex + level) % nodes.length]!),
  }));
  const batchId = 'urn:uuid:bench-batch';
  t0 = performance.now();
  await store.sealBatch(orgId, { id: batchId, root: sha256('root'), createdAt: new Date().toISOString(), members });
  const sealMs = pendingMs + performance.now() - t0;

  t0 = performance.now();
  await store.markBatchAnchored(orgId, batchId, {
    chainId: 31_337,
    txHash: `0x${'ab'.repeat(32)}`,
    blockNumber: 1,
    anchoredAt: new Date().toISOString(),
  });
  const anchorMs = performance.now() - t0;

  const last = await store.getCredential(orgId, pending.at(-1)!.id);
  if (last.status !== 'anchored' || last.leafIndex !== count - 1) throw new Error('the batch did not read back');
  return { insertMs, sealMs, anchorMs, perCredentialUs: ((insertMs + sealMs + anchorMs) * 1000) / count };
}

const round = (n: number): number => Math.round(n * 10) / 10;
let result: Record<string, number>;
if (dialect === 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'clearledger-storecase-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'store.db') });
  try {
    result = await run(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error('DATABASE_URL is not set (eval "$(scripts/start-postgres.sh)")');
  const schema = `cl_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const store = await openStore({ kind: 'postgres', url, schema });
  try {
    result = await run(store);
  } finally {
    await store.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}
process.stdout.write(
  `${JSON.stringify({
    dialect,
    count,
    ...Object.fromEntries(Object.entries(result).map(([k, v]) => [k, round(v)])),
  })}\n`,
);
