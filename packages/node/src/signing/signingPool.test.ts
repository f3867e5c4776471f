import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createSigner, signSequentially } from '@clearledger/core';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { nodeCrypto } from '../nodeCrypto.ts';
import { createSigningPool } from './signingPool.ts';

describe('signing pool', () => {
  const pool = createSigningPool({ threads: 2 });
  after(() => pool.close());
  const signer = createSigner(nodeCrypto, { issuer: 'did:web:producer.example', seed: new Uint8Array(32).fill(9) });
  const now = '2025-01-10T12:00:00Z';
  const credential = (i: number): Record<string, unknown> => ({
    ...usmcaCertification({ issuer: signer.issuer, serial: i }),
    id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  });

  it('signs in parallel with exactly the outcomes of sequential signing, in input order', async () => {
    // 450 credentials: each worker's share travels as several messages; invalid ones sit at their edges.
    const credentials = Array.from({ length: 450 }, (_, i) => credential(i));
    const invalid = [0, 99, 100, 137, 224, 225, 325, 449];
    for (const i of invalid) credentials[i] = { ...credentials[i]!, validFrom: 'not a date' };
    const parallel = await pool.signMany({ signer, credentials, now });
    const sequential = signSequentially({ crypto: nodeCrypto, now }, signer, credentials);
    assert.equal(parallel.length, 450);
    assert.deepEqual(parallel, sequential);
    assert.deepEqual(
      parallel.flatMap((outcome, i) => (outcome.success ? [] : [i])),
      invalid,
    );
  });

  it('small inputs are signed on the calling thread with the same result', async () => {
    const credentials = [credential(1)];
    assert.deepEqual(
      await pool.signMany({ signer, credentials, now }),
      signSequentially({ crypto: nodeCrypto, now }, signer, credentials),
    );
  });

  it('refuses values JSON cannot carry as signing on the calling thread does, and keeps working', async () => {
    const withDate = Array.from({ length: 100 }, (_, i) => credential(i));
    withDate[70] = { ...withDate[70]!, credentialSubject: { when: new Date(0) } };
    assert.throws(() => signSequentially({ crypto: nodeCrypto, now }, signer, withDate), {
      code: 'CL_JCS_UNSUPPORTED_VALUE',
    });
    await assert.rejects(pool.signMany({ signer, credentials: withDate, now }), /credentialSubject\/when/);
    const withFunction = Array.from({ length: 100 }, (_, i) => credential(i));
    withFunction[3] = { ...withFunction[3]!, name: () => 'x' };
    await assert.rejects(pool.signMany({ signer, credentials: withFunction, now }));
    const credentials = Array.from({ length: 100 }, (_, i) => credential(i));
    assert.deepEqual(
      await pool.signMany({ signer, credentials, now }),
      signSequentially({ crypto: nodeCrypto, now }, signer, credentials),
    );
  });

  it('signs for another organisation right after one, in the same workers', async () => {
    const other = createSigner(nodeCrypto, { issuer: 'did:web:other.example', seed: new Uint8Array(32).fill(7) });
    for (const s of [signer, other, signer]) {
      const credentials = Array.from({ length: 80 }, (_, i) => ({ ...credential(i), issuer: s.issuer }));
      assert.deepEqual(
        await pool.signMany({ signer: s, credentials, now }),
        signSequentially({ crypto: nodeCrypto, now }, s, credentials),
      );
    }
  });
});
