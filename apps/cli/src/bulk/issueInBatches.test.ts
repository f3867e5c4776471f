import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearledgerError } from '@clearledger/core';
import { type BatchIssuer, type BatchResult, issueInBatches, type RowSource } from './issueInBatches.ts';

/** Rows whose credential is `{n}`; a row in `unbuildable` has a problem before sending. */
function rows(count: number, unbuildable: number[] = []): RowSource[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    line: index + 2,
    build: () =>
      unbuildable.includes(index)
        ? { success: false as const, problems: [{ code: 'CL_INPUT_INVALID', field: 'n', message: 'bad' }] }
        : { success: true as const, credential: { n: index, pad: 'x'.repeat(100) } },
  }));
}

/** An issuer that refuses requests holding a credential in `invalid`, records what it got. */
function fakeIssuer(options: {
  invalid?: number[];
  maxRequestBytes?: number;
  fail?: (call: number) => Error | undefined;
}) {
  const calls: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const issuer: BatchIssuer = {
    concurrency: 2,
    ...(options.maxRequestBytes === undefined ? {} : { maxRequestBytes: options.maxRequestBytes }),
    async issue({ credentials }): Promise<BatchResult> {
      const ns = credentials.map((c) => c.n as number);
      calls.push(ns);
      const call = calls.length;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Later requests answer first: results must still be taken in input order.
      await new Promise((r) => setTimeout(r, 20 - Math.min(call, 19)));
      inFlight--;
      const failure = options.fail?.(call);
      if (failure !== undefined) throw failure;
      const bad = ns.flatMap((n, i) => ((options.invalid ?? []).includes(n) ? [i] : []));
      if (bad.length > 0)
        return {
          success: false,
          problems: bad.map((index) => ({ index, code: 'CL_CREDENTIAL_INVALID', field: '/issuer', message: 'no' })),
        };
      return { success: true, issued: ns.map((n) => ({ id: `id-${n}`, hash: `h${n}`, credential: { n } })) };
    },
  };
  return { issuer, calls, maxInFlight: () => maxInFlight };
}

describe('issueInBatches', () => {
  it('requests of at most --batch, two in flight, results in input order; a refused request issues none of its rows', async () => {
    const fake = fakeIssuer({ invalid: [7] });
    const issued: number[] = [];
    const progress: number[] = [];
    const run = await issueInBatches(rows(20, [2]), {
      batchSize: 5,
      issuer: fake.issuer,
      onIssued: (items) => issued.push(...items.map((i) => (i.credential as { n: number }).n)),
      onProgress: (n) => progress.push(n),
    });
    assert.deepEqual(fake.calls, [
      [0, 1, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12, 13, 14, 15],
      [16, 17, 18, 19],
    ]);
    assert.equal(fake.maxInFlight(), 2);
    assert.deepEqual(issued, [0, 1, 3, 4, 5, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    assert.equal(run.requests, 4);
    assert.equal(run.fatal, undefined);
    assert.deepEqual(
      run.outcomes.map((o) => o.status[0]),
      ['i', 'i', 'r', 'i', 'i', 'i', 'n', 'r', 'n', 'n', 'n', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'i'],
    );
    assert.equal(progress.at(-1), 20);
  });

  it('keeps each request under the byte limit, and splits a request the node finds too large', async () => {
    const small = fakeIssuer({ maxRequestBytes: 64 + 3 * 130 });
    await issueInBatches(rows(7), { batchSize: 500, issuer: small.issuer, onIssued: () => {} });
    assert.deepEqual(small.calls, [[0, 1, 2], [3, 4, 5], [6]]);

    const tooLarge = new ClearledgerError('CL_HTTP_BODY_TOO_LARGE', 'too large');
    const split = fakeIssuer({ fail: (call) => (call === 1 ? tooLarge : undefined) });
    const run = await issueInBatches(rows(4), { batchSize: 4, issuer: split.issuer, onIssued: () => {} });
    assert.deepEqual(split.calls, [
      [0, 1, 2, 3],
      [0, 1],
      [2, 3],
    ]);
    assert.ok(run.outcomes.every((o) => o.status === 'issued'));
  });

  it('stops at a failure: in-flight requests finish, nothing more is sent; a lost request is "unknown"', async () => {
    const denied = fakeIssuer({
      fail: (call) => (call === 1 ? new ClearledgerError('CL_AUTH_TOKEN_EXPIRED', 'expired') : undefined),
    });
    const run = await issueInBatches(rows(10), { batchSize: 2, issuer: denied.issuer, onIssued: () => {} });
    assert.equal(run.fatal?.code, 'CL_AUTH_TOKEN_EXPIRED');
    assert.equal(denied.calls.length, 2, 'the second request was already in flight');
    assert.deepEqual(
      run.outcomes.map((o) => (o.status === 'notIssued' ? o.reason : o.status)),
      [
        'request-failed',
        'request-failed',
        'issued',
        'issued',
        'not-sent',
        'not-sent',
        'not-sent',
        'not-sent',
        'not-sent',
        'not-sent',
      ],
    );

    const lost = fakeIssuer({
      fail: () => new ClearledgerError('CL_NODE_UNREACHABLE', 'timeout', { details: { delivered: 'unknown' } }),
    });
    const unknown = await issueInBatches(rows(2), {
      batchSize: 1,
      issuer: { ...lost.issuer, concurrency: 1 },
      onIssued: () => {},
    });
    assert.deepEqual(
      unknown.outcomes.map((o) => o.status),
      ['unknown', 'notIssued'],
    );
  });
});
