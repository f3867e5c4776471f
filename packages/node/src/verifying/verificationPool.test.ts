import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type AnchorReceipt,
  createInclusionCache,
  credentialHash,
  type LedgerSnapshot,
  type LedgerView,
  snapshotLedgerView,
  verifyCredential,
} from '@clearledger/core';
import { VERIFY_AT, verifyFixtures } from '../../../../bench/src/cases/verifyFixtures.ts';
import { fastCrypto } from '../selectCrypto.ts';
import { createVerificationPool, type VerificationPool } from './verificationPool.ts';

/** A node's chain as the pool sees it: a head block, the trust state at it, receipts of its own records. */
function fakeChain(initial: LedgerSnapshot) {
  const chain = {
    snapshot: initial,
    snapshotsTaken: 0,
    receipts: new Map<string, AnchorReceipt | 'pending'>(),
    advance(change: (s: LedgerSnapshot) => LedgerSnapshot) {
      chain.snapshot = { ...change(chain.snapshot), blockNumber: chain.snapshot.blockNumber + 1 };
    },
  };
  return chain;
}

describe('verification pool: the calling thread’s verdicts, on worker threads', () => {
  const { credentials, receipts, snapshot } = verifyFixtures(6);
  const chain = fakeChain(snapshot);
  let pool: VerificationPool;

  /** The report verifyCredential gives on this thread with the chain's current facts, as the node's own view reports them. */
  const here = (credential: unknown, anchor?: AnchorReceipt) => {
    const view: LedgerView = {
      ...snapshotLedgerView(chain.snapshot),
      source: { kind: 'live', blockNumber: chain.snapshot.blockNumber },
      anchorReceipt: (hash) => chain.receipts.get(hash) ?? null,
    };
    return verifyCredential(
      { crypto: fastCrypto, now: VERIFY_AT, ledger: view, inclusionCache: createInclusionCache() },
      { credential, ...(anchor === undefined ? {} : { anchor }) },
    );
  };

  before(async () => {
    pool = createVerificationPool(
      {
        sync: async () => chain.snapshot.blockNumber,
        snapshot: () => {
          chain.snapshotsTaken++;
          return chain.snapshot;
        },
        anchorReceipt: async (hash) => chain.receipts.get(hash) ?? null,
      },
      { threads: 2 },
    );
    await pool.ready();
  });
  after(() => pool.close());

  it('gives the same reports as the calling thread: genuine, tampered, a wrong receipt, no receipt', async () => {
    const tampered = structuredClone(credentials[1]!) as unknown as { credentialSubject: { exporter: object } };
    tampered.credentialSubject.exporter = { ...tampered.credentialSubject.exporter, name: 'Someone Else SA' };
    const wrongLeaf = { ...receipts[2]!, leafIndex: 3 };
    const cases: [unknown, AnchorReceipt | undefined][] = [
      [credentials[0], receipts[0]],
      [tampered, receipts[1]],
      [credentials[2], wrongLeaf],
      [credentials[3], undefined],
      ['not a credential', undefined],
    ];
    for (const [credential, anchor] of cases) {
      const pooled = await pool.verify({ now: VERIFY_AT, credential, ...(anchor === undefined ? {} : { anchor }) });
      assert.deepEqual(pooled, await here(credential, anchor));
    }
    assert.equal(
      (await pool.verify({ now: VERIFY_AT, credential: credentials[0], anchor: receipts[0]! })).verdict,
      'VALID',
    );
    assert.equal(
      (await pool.verify({ now: VERIFY_AT, credential: tampered, anchor: receipts[1]! })).verdict,
      'INVALID',
    );
  });

  it('reads the credential from the JSON text of a request body, as the HTTP route sends it', async () => {
    const body = JSON.stringify({ verifiableCredential: credentials[4], anchor: receipts[4] });
    const text = await pool.verifyToJson({
      now: VERIFY_AT,
      credential: credentials[4],
      within: { json: body, property: 'verifiableCredential' },
      anchor: receipts[4]!,
    });
    assert.deepEqual(JSON.parse(text), await here(credentials[4], receipts[4]));
    assert.equal(JSON.parse(text).verdict, 'VALID');
  });

  it('a revocation mined after a VALID verdict makes the next verdict INVALID; the snapshot travels only when the block changed', async () => {
    const credential = credentials[5]!;
    const anchor = receipts[5]!;
    // Both workers are current after a few overlapping verifications; more of them send no snapshot.
    const first = await Promise.all(
      Array.from({ length: 4 }, () => pool.verify({ now: VERIFY_AT, credential, anchor })),
    );
    for (const report of first) assert.equal(report.verdict, 'VALID');
    const taken = chain.snapshotsTaken;
    await Promise.all(Array.from({ length: 20 }, () => pool.verify({ now: VERIFY_AT, credential, anchor })));
    assert.equal(chain.snapshotsTaken, taken, 'no snapshot while the head block stays the same');

    chain.advance((s) => ({
      ...s,
      statuses: {
        [credentialHash(fastCrypto, credential)]: [
          { issuer: s.organizations[0]!.id, status: 'REVOKED', reason: 'test' },
        ],
      },
    }));
    // Every worker, whichever takes the job, answers with the new facts.
    const after = await Promise.all(
      Array.from({ length: 6 }, () => pool.verify({ now: VERIFY_AT, credential, anchor })),
    );
    for (const report of after) {
      assert.equal(report.verdict, 'INVALID');
      assert.equal(report.checks.find((c) => c.check === 'status')?.status, 'INVALID');
    }
    assert.deepEqual(after[0], await here(credential, anchor));
  });

  it('asks the calling thread for the receipt of a record presented without one', async () => {
    const credential = credentials[3]!;
    const hash = credentialHash(fastCrypto, credential);
    chain.receipts.set(hash, 'pending');
    const pending = await pool.verify({ now: VERIFY_AT, credential });
    assert.deepEqual(pending, await here(credential));
    assert.equal(pending.checks.find((c) => c.check === 'anchor')?.code, 'CL_VERIFY_ANCHOR_PENDING');
    chain.receipts.set(hash, receipts[3]!);
    const anchored = await pool.verify({ now: VERIFY_AT, credential });
    assert.equal(anchored.checks.find((c) => c.check === 'anchor')?.status, 'VALID');
  });
});
