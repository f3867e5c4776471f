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

  it('signs in parallel with exactly the outcomes of sequential signing, in input order', async () => {
    const credentials = Array.from({ length: 300 }, (_, i) => ({
      ...usmcaCertification({ issuer: signer.issuer, serial: i }),
      id: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    credentials[137] = { ...credentials[137]!, validFrom: 'not a date' };
    const parallel = await pool.signMany({ signer, credentials, now });
    const sequential = signSequentially({ crypto: nodeCrypto, now }, signer, credentials);
    assert.equal(parallel.length, 300);
    assert.deepEqual(parallel, sequential);
    assert.equal(parallel[137]!.success, false);
  });

  it('small inputs are signed on the calling thread with the same result', async () => {
    const credentials = [
      { ...usmcaCertification({ issuer: signer.issuer }), id: 'urn:uuid:00000000-0000-4000-8000-000000000001' },
    ];
    assert.deepEqual(
      await pool.signMany({ signer, credentials, now }),
      signSequentially({ crypto: nodeCrypto, now }, signer, credentials),
    );
  });
});
