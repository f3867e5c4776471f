import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  certificationDomainChecks,
  createSigner,
  type IssueCredentialsResult,
  issueCredentials,
  type SignMany,
  signSequentially,
} from '@clearledger/core';
import { openStore } from '@clearledger/store';
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

  describe('issuing a batch of certifications on the workers (rules, canonical form, hash, signature)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearledger-pool-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    let stores = 0;
    const issue = async (
      credentials: Record<string, unknown>[],
      signMany: SignMany | undefined,
      domainChecks?: typeof certificationDomainChecks,
    ): Promise<{ result: IssueCredentialsResult; stored: (string | undefined)[] }> => {
      const store = await openStore({ kind: 'sqlite', file: join(dir, `store-${stores++}.sqlite`) });
      try {
        await store.putOrganization({
          id: signer.issuer,
          did: signer.issuer,
          name: 'Producer',
          country: 'MX',
          roles: ['PRODUCER'],
          active: true,
          createdAt: now,
        });
        const result = await issueCredentials(
          {
            store,
            crypto: nodeCrypto,
            now,
            ...(signMany === undefined ? {} : { signMany }),
            ...(domainChecks === undefined ? {} : { domainChecks }),
          },
          { orgId: signer.issuer, signer, credentials },
        );
        const stored = result.success
          ? await Promise.all(
              result.issued.map(async (c) => (await store.getCredential(signer.issuer, c.id))?.document),
            )
          : [];
        return { result, stored };
      } finally {
        await store.close();
      }
    };
    const records = (r: IssueCredentialsResult) =>
      r.success ? r.issued.map(({ id, hash, type, canonical }) => ({ id, hash, type, canonical })) : r.problems;

    for (const [name, checks] of [
      ['the families’ rules', undefined],
      ['the certification rules', certificationDomainChecks],
    ] as const) {
      it(`byte-identical records with ${name} as on the calling thread`, async () => {
        const credentials = Array.from({ length: 300 }, (_, i) => credential(i));
        const parallel = await issue(credentials, pool.signMany, checks);
        const sequential = await issue(credentials, undefined, checks);
        assert.equal(parallel.result.success, true);
        assert.equal(records(parallel.result).length, 300);
        assert.deepEqual(records(parallel.result), records(sequential.result));
        assert.deepEqual(parallel.stored, sequential.stored);
        assert.deepEqual(
          parallel.stored,
          records(sequential.result).map((r) => ('canonical' in r ? r.canonical : null)),
        );
      });

      it(`the same refusals with ${name}: codes, indexes and fields, nothing stored`, async () => {
        // Refused ones at the edges of messages and of the workers' shares; one also malformed for
        // signing (the rules are reported, as on the calling thread, and nothing is signed).
        const credentials = Array.from({ length: 300 }, (_, i) => credential(i));
        const refused = [0, 99, 100, 149, 150, 299];
        for (const i of refused) {
          const subject = credentials[i]!.credentialSubject as Record<string, unknown>;
          credentials[i] = { ...credentials[i]!, credentialSubject: { ...subject, certifierRole: 'NOBODY' } };
        }
        credentials[150] = { ...credentials[150]!, validFrom: 'not a date' };
        const parallel = await issue(credentials, pool.signMany, checks);
        const sequential = await issue(credentials, undefined, checks);
        assert.equal(sequential.result.success, false);
        assert.deepEqual(parallel.result, sequential.result);
        assert.deepEqual([...new Set(records(parallel.result).map((p) => ('index' in p ? p.index : -1)))], refused);
        // A signing problem alone (no rule broken) is reported as on the calling thread too.
        const malformed = Array.from({ length: 300 }, (_, i) => credential(i));
        malformed[120] = { ...malformed[120]!, validFrom: 'not a date' };
        const a = await issue(malformed, pool.signMany, checks);
        const b = await issue(malformed, undefined, checks);
        assert.equal(b.result.success, false);
        assert.deepEqual(a.result, b.result);
        // A value signing cannot carry in one worker's share and a refused credential in the other's:
        // the refusal is reported (signing never starts on the calling thread), not the signing error.
        const mixed = Array.from({ length: 300 }, (_, i) => credential(i));
        const subject = mixed[10]!.credentialSubject as Record<string, unknown>;
        mixed[10] = { ...mixed[10]!, credentialSubject: { ...subject, certifierRole: 'NOBODY' } };
        mixed[250] = { ...mixed[250]!, extra: new Date(0) };
        const c = await issue(mixed, pool.signMany, checks);
        const d = await issue(mixed, undefined, checks);
        assert.equal(d.result.success, false);
        assert.deepEqual(c.result, d.result);
        // Without the refusal, both fail on the value signing cannot carry.
        mixed[10] = credential(10);
        await assert.rejects(issue(mixed, undefined, checks), { code: 'CL_JCS_UNSUPPORTED_VALUE' });
        await assert.rejects(issue(mixed, pool.signMany, checks), /extra/);
      });
    }
  });
});
