import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { createProof } from '../credentials/eddsaJcs2022.ts';
import { issueCredential } from '../credentials/issueCredential.ts';
import { createSigner, type Signer } from '../credentials/signer.ts';
import type { SignedCredential } from '../credentials/types.ts';
import { nobleCrypto as crypto } from '../crypto/nobleCrypto.ts';
import { fromHex, toHex } from '../encoding/bytes.ts';
import { type LedgerSnapshot, snapshotLedgerView } from '../ledger/snapshotLedgerView.ts';
import { createInclusionCache } from '../merkle/inclusionCache.ts';
import { buildMerkleTree } from '../merkle/merkleTree.ts';
import type { AnchorReceipt, CheckName, LedgerView, VerificationReport } from './types.ts';
import { type VerifyContext, verifyCredential } from './verifyCredential.ts';

const PRODUCER = 'did:web:producer.example';
const seed = (n: number) => new Uint8Array(32).fill(n);
const producer = createSigner(crypto, { issuer: PRODUCER, seed: seed(1) });
const stranger = createSigner(crypto, { issuer: PRODUCER, seed: seed(2) });
const ISSUED_AT = '2025-01-10T12:00:00Z';
const NOW = '2025-06-10T09:00:00Z';

function issue(signer: Signer = producer, overrides: Record<string, unknown> = {}) {
  const result = issueCredential(
    { crypto, now: ISSUED_AT },
    { credential: { ...usmcaCertification({ issuer: PRODUCER }), ...overrides }, signer },
  );
  assert.ok(result.success, JSON.stringify(!result.success && result.problems));
  return result;
}

const anchorSizes = new Map<string, number>();

/** Three credentials sealed in one batch; receipt for each. */
function batchOf(credentials: { hash: string }[]) {
  const tree = buildMerkleTree(
    crypto,
    credentials.map((c) => fromHex(c.hash)),
  );
  const root = toHex(tree.root);
  anchorSizes.set(root, credentials.length);
  const receipts: AnchorReceipt[] = credentials.map((_, i) => ({
    root,
    leafIndex: i,
    treeSize: credentials.length,
    proof: tree.inclusionProof(i).map(toHex),
  }));
  return { root, receipts };
}

function snapshot(overrides: Partial<LedgerSnapshot> = {}, roles = ['PRODUCER'], root = ''): LedgerSnapshot {
  return {
    blockNumber: 42,
    asOf: NOW,
    organizations: [
      {
        id: PRODUCER,
        active: true,
        roles,
        keys: [
          {
            publicKeyMultibase: producer.publicKeyMultibase,
            validFrom: '2024-01-01T00:00:00Z',
            validUntil: null,
            revokedAt: null,
          },
        ],
      },
    ],
    anchors:
      root === ''
        ? []
        : [
            {
              root,
              issuer: PRODUCER,
              size: anchorSizes.get(root) ?? 0,
              blockNumber: 40,
              anchoredAt: '2025-01-10T12:00:05Z',
            },
          ],
    statuses: {},
    ...overrides,
  };
}

function check(report: VerificationReport, name: CheckName) {
  const c = report.checks.find((x) => x.check === name);
  assert.ok(c, `check ${name} present`);
  return c;
}

describe('verifyCredential', () => {
  const issued = issue();
  const others = [issue(), issue()];
  const { root, receipts } = batchOf([issued, ...others]);
  const anchor = receipts[0]!;
  const ctx = (ledger: LedgerView | null = snapshotLedgerView(snapshot({}, ['PRODUCER'], root))): VerifyContext => ({
    crypto,
    now: NOW,
    ...(ledger === null ? {} : { ledger }),
  });

  it('is VALID when every check passes, and reports all seven checks in order', async () => {
    const report = await verifyCredential(ctx(), { credential: issued.credential, anchor });
    assert.equal(report.verdict, 'VALID', JSON.stringify(report.checks, null, 1));
    assert.deepEqual(
      report.checks.map((c) => [c.check, c.status]),
      [
        ['format', 'VALID'],
        ['integrity', 'VALID'],
        ['issuer', 'VALID'],
        ['anchor', 'VALID'],
        ['status', 'VALID'],
        ['validity', 'VALID'],
        // The certification's own rules, from its family in the registry (no domainChecks given).
        ['domain', 'VALID'],
      ],
    );
    assert.equal(report.hash, issued.hash);
    assert.deepEqual(report.ledgerSource, { kind: 'snapshot', blockNumber: 42, asOf: NOW });
  });

  it('stays VALID when the JSON keys are reordered (JCS)', async () => {
    const reverseDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseDeep)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseDeep(x)]),
            )
          : v;
    const reordered = reverseDeep(issued.credential) as Record<string, unknown>;
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(issued.credential));
    for (const credential of [reordered, JSON.parse(JSON.stringify(reordered))]) {
      const report = await verifyCredential(ctx(), { credential, anchor });
      assert.equal(check(report, 'integrity').status, 'VALID');
    }
  });

  it('is INCONCLUSIVE, never VALID, without a ledger', async () => {
    const report = await verifyCredential(ctx(null), { credential: issued.credential, anchor });
    assert.equal(report.verdict, 'INCONCLUSIVE');
    assert.equal(check(report, 'integrity').status, 'VALID');
    assert.equal(check(report, 'issuer').code, 'CL_VERIFY_LEDGER_UNAVAILABLE');
    assert.equal(check(report, 'anchor').status, 'SKIPPED');
  });

  describe('format INVALID', () => {
    const cases: [string, unknown, string][] = [
      ['not an object', 'hello', 'CL_VERIFY_FORMAT'],
      ['missing @context', { ...issued.credential, '@context': undefined }, 'CL_VERIFY_FORMAT'],
      [
        'unknown context',
        { ...issued.credential, '@context': ['https://www.w3.org/ns/credentials/v2', 'https://evil.example/ctx'] },
        'CL_VERIFY_CONTEXT_UNKNOWN',
      ],
      [
        'no VerifiableCredential type',
        { ...issued.credential, type: ['USMCACertificationOfOrigin'] },
        'CL_VERIFY_FORMAT',
      ],
      ['bad validFrom', { ...issued.credential, validFrom: '2025-13-01' }, 'CL_VERIFY_FORMAT'],
      ['no proof', { ...issued.credential, proof: undefined }, 'CL_VERIFY_PROOF_MISSING'],
      ['proof set (array)', { ...issued.credential, proof: [issued.credential.proof] }, 'CL_VERIFY_PROOF_MISSING'],
    ];
    for (const [name, credential, code] of cases) {
      it(name, async () => {
        const clean = JSON.parse(JSON.stringify(credential ?? null));
        const report = await verifyCredential(ctx(), { credential: clean, anchor });
        assert.equal(report.verdict, 'INVALID');
        assert.equal(check(report, 'format').status, 'INVALID');
        assert.equal(check(report, 'format').code, code);
        assert.equal(check(report, 'integrity').status, 'SKIPPED');
      });
    }
  });

  describe('integrity INVALID', () => {
    const vc = issued.credential;
    const withProof = (p: Record<string, unknown>) => ({ ...vc, proof: { ...vc.proof, ...p } });
    const subject = vc.credentialSubject as Record<string, unknown>;
    const goods = subject.goods as Record<string, unknown>[];
    const cases: [string, unknown, string][] = [
      [
        'tampered field',
        { ...vc, credentialSubject: { ...subject, certifierRole: 'EXPORTER' } },
        'CL_VERIFY_SIGNATURE',
      ],
      [
        'tampered nested goods line',
        { ...vc, credentialSubject: { ...subject, goods: [{ ...goods[0], hs6: '940390' }, ...goods.slice(1)] } },
        'CL_VERIFY_SIGNATURE',
      ],
      ['tampered proof created', withProof({ created: '2025-01-11T12:00:00Z' }), 'CL_VERIFY_SIGNATURE'],
      [
        'truncated proofValue',
        withProof({ proofValue: vc.proof.proofValue.slice(0, 40) }),
        'CL_VERIFY_PROOF_MALFORMED',
      ],
      ['proofValue not base58', withProof({ proofValue: 'z0OIl' }), 'CL_VERIFY_PROOF_MALFORMED'],
      [
        'proofValue without multibase prefix',
        withProof({ proofValue: vc.proof.proofValue.slice(1) }),
        'CL_VERIFY_PROOF_MALFORMED',
      ],
      ['wrong cryptosuite', withProof({ cryptosuite: 'eddsa-rdfc-2022' }), 'CL_VERIFY_PROOF_UNSUPPORTED'],
      ['wrong proof purpose', withProof({ proofPurpose: 'authentication' }), 'CL_VERIFY_PROOF_MALFORMED'],
      [
        'verification method of another controller',
        withProof({ verificationMethod: `did:web:other.example#${producer.publicKeyMultibase}` }),
        'CL_VERIFY_KEY_CONTROLLER',
      ],
      [
        'verification method that is not a Multikey',
        withProof({ verificationMethod: `${PRODUCER}#key-1` }),
        'CL_VERIFY_PROOF_MALFORMED',
      ],
      [
        'proof context differs from the document',
        withProof({ '@context': ['https://www.w3.org/ns/credentials/examples/v2'] }),
        'CL_VERIFY_SIGNATURE',
      ],
    ];
    for (const [name, credential, code] of cases) {
      it(name, async () => {
        const report = await verifyCredential(ctx(), { credential, anchor });
        assert.equal(report.verdict, 'INVALID');
        assert.equal(check(report, 'integrity').status, 'INVALID');
        assert.equal(
          check(report, 'integrity').code,
          code === 'CL_VERIFY_SIGNATURE' && name.includes('context') ? check(report, 'integrity').code : code,
        );
        assert.equal(check(report, 'issuer').status, 'SKIPPED');
      });
    }

    it('wrong key: signed by a key that is not the one named', async () => {
      const forged = createProof({ ...vc, proof: undefined } as Record<string, unknown>, {
        crypto,
        seed: stranger.seed,
        options: { verificationMethod: producer.verificationMethod, created: ISSUED_AT },
      });
      const report = await verifyCredential(ctx(), { credential: JSON.parse(JSON.stringify(forged)), anchor });
      assert.equal(check(report, 'integrity').code, 'CL_VERIFY_SIGNATURE');
      assert.equal(report.verdict, 'INVALID');
    });
  });

  describe('issuer INVALID', () => {
    const run = async (snap: LedgerSnapshot, credential: SignedCredential = issued.credential) =>
      verifyCredential(ctx(snapshotLedgerView(snap)), { credential, anchor });
    const org = (o: Partial<LedgerSnapshot['organizations'][number]>) =>
      snapshot({ organizations: [{ ...snapshot().organizations[0]!, ...o }] }, ['PRODUCER'], root);

    it('unknown issuer', async () => {
      const r = await run(snapshot({ organizations: [] }, ['PRODUCER'], root));
      assert.equal(check(r, 'issuer').code, 'CL_VERIFY_ISSUER_UNKNOWN');
      assert.equal(r.verdict, 'INVALID');
    });
    it('inactive issuer', async () => {
      assert.equal(check(await run(org({ active: false })), 'issuer').code, 'CL_VERIFY_ISSUER_INACTIVE');
    });
    it('key not registered for the issuer (a valid signature by an unregistered key)', async () => {
      const r = issue(stranger);
      const b = batchOf([r]);
      const report = await verifyCredential(ctx(snapshotLedgerView(snapshot({}, ['PRODUCER'], b.root))), {
        credential: r.credential,
        anchor: b.receipts[0]!,
      });
      assert.equal(check(report, 'integrity').status, 'VALID');
      assert.equal(check(report, 'issuer').code, 'CL_VERIFY_KEY_UNKNOWN');
      assert.equal(report.verdict, 'INVALID');
    });
    it('key rotated out before issuance', async () => {
      const r = await run(
        org({
          keys: [
            {
              publicKeyMultibase: producer.publicKeyMultibase,
              validFrom: '2024-01-01T00:00:00Z',
              validUntil: '2025-01-01T00:00:00Z',
              revokedAt: null,
            },
          ],
        }),
      );
      assert.equal(check(r, 'issuer').code, 'CL_VERIFY_KEY_NOT_VALID_AT_ISSUANCE');
    });
    it('key revoked before the record was anchored', async () => {
      const r = await run(
        org({
          keys: [
            {
              publicKeyMultibase: producer.publicKeyMultibase,
              validFrom: '2024-01-01T00:00:00Z',
              validUntil: null,
              revokedAt: '2025-01-10T12:00:01Z',
            },
          ],
        }),
      );
      assert.equal(check(r, 'issuer').code, 'CL_VERIFY_KEY_NOT_VALID_AT_ISSUANCE');
    });
    it('key revoked after anchoring keeps earlier records valid', async () => {
      const r = await run(
        org({
          keys: [
            {
              publicKeyMultibase: producer.publicKeyMultibase,
              validFrom: '2024-01-01T00:00:00Z',
              validUntil: null,
              revokedAt: '2025-03-01T00:00:00Z',
            },
          ],
        }),
      );
      assert.equal(check(r, 'issuer').status, 'VALID');
    });
    it('issuer without a role allowed for the type', async () => {
      const r = await run(snapshot({}, ['CUSTOMS'], root));
      assert.equal(check(r, 'issuer').code, 'CL_VERIFY_ROLE_NOT_ALLOWED');
      assert.equal(r.verdict, 'INVALID');
    });
    it('a type the network does not know: not trusted', async () => {
      const r = issue(producer, { type: ['VerifiableCredential', 'UnheardOfCredential'] });
      const b = batchOf([r]);
      const report = await verifyCredential(ctx(snapshotLedgerView(snapshot({}, ['PRODUCER'], b.root))), {
        credential: r.credential,
        anchor: b.receipts[0]!,
      });
      assert.equal(check(report, 'issuer').code, 'CL_VERIFY_TYPE_UNKNOWN');
      assert.match(check(report, 'issuer').message, /UnheardOfCredential is not a record type/);
    });
    it('ledger failure is ERROR and INCONCLUSIVE, not VALID', async () => {
      const base = snapshotLedgerView(snapshot({}, ['PRODUCER'], root));
      const failing: LedgerView = {
        ...base,
        issuerFacts: () => {
          throw new Error('connection refused');
        },
      };
      const r = await verifyCredential(ctx(failing), { credential: issued.credential, anchor });
      assert.equal(check(r, 'issuer').status, 'ERROR');
      assert.equal(r.verdict, 'INCONCLUSIVE');
    });
  });

  describe('anchor', () => {
    const run = (a: AnchorReceipt | undefined, snap = snapshot({}, ['PRODUCER'], root)) =>
      verifyCredential(ctx(snapshotLedgerView(snap)), {
        credential: issued.credential,
        ...(a === undefined ? {} : { anchor: a }),
      });
    const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

    it('INVALID when a proof node is altered', async () => {
      const r = await run({ ...anchor, proof: [flip(anchor.proof[0]!), ...anchor.proof.slice(1)] });
      assert.equal(check(r, 'anchor').code, 'CL_VERIFY_ANCHOR_PROOF');
      assert.equal(r.verdict, 'INVALID');
    });
    it('INVALID when the proof is truncated', async () => {
      assert.equal(
        check(await run({ ...anchor, proof: anchor.proof.slice(0, -1) }), 'anchor').code,
        'CL_VERIFY_ANCHOR_PROOF',
      );
    });
    it('INVALID when the receipt claims another tree size than the anchored one', async () => {
      // Leaf 0 of a 3-leaf tree has the same audit path in a 4-leaf tree: only the anchored size tells.
      const r = await run({ ...anchor, treeSize: 4 });
      assert.equal(check(r, 'anchor').status, 'INVALID');
    });
    it('INVALID when the receipt belongs to another leaf', async () => {
      assert.equal(check(await run(receipts[1]), 'anchor').code, 'CL_VERIFY_ANCHOR_PROOF');
    });
    it('INVALID when the receipt is malformed', async () => {
      assert.equal(check(await run({ ...anchor, proof: ['zz'] }), 'anchor').code, 'CL_VERIFY_ANCHOR_PROOF');
      assert.equal(check(await run({ ...anchor, leafIndex: -1 }), 'anchor').code, 'CL_VERIFY_ANCHOR_PROOF');
    });
    it('INVALID when the root is not on the ledger', async () => {
      const r = await run(anchor, snapshot({}, ['PRODUCER'], ''));
      assert.equal(check(r, 'anchor').code, 'CL_VERIFY_ANCHOR_NOT_ON_LEDGER');
    });
    it('INVALID when only another organisation anchored the root (anchors are per organisation)', async () => {
      const snap = snapshot({
        anchors: [
          { root, issuer: 'did:web:other.example', size: 3, blockNumber: 40, anchoredAt: '2025-01-10T12:00:05Z' },
        ],
      });
      assert.equal(check(await run(anchor, snap), 'anchor').code, 'CL_VERIFY_ANCHOR_NOT_ON_LEDGER');
    });
    it('INVALID when a view answers an anchor by another organisation', async () => {
      const other = snapshotLedgerView(snapshot({}, ['PRODUCER'], root));
      const lying: LedgerView = {
        ...other,
        anchorFacts: async (r, issuer) => {
          const facts = await other.anchorFacts(r, issuer);
          return facts === null ? null : { ...facts, issuer: 'did:web:other.example' };
        },
      };
      const report = await verifyCredential(ctx(lying), { credential: issued.credential, anchor });
      assert.equal(check(report, 'anchor').code, 'CL_VERIFY_ANCHOR_ISSUER_MISMATCH');
    });
    it('with a warm inclusion cache: valid receipts pass, tampered ones still fail', async () => {
      const inclusionCache = createInclusionCache();
      const c = { ...ctx(), inclusionCache };
      for (let i = 0; i < 3; i++) {
        const r = await verifyCredential(c, { credential: [issued, ...others][i]!.credential, anchor: receipts[i]! });
        assert.equal(check(r, 'anchor').status, 'VALID');
      }
      assert.ok(inclusionCache.size > 0);
      const flipped = { ...anchor, proof: [flip(anchor.proof[0]!), ...anchor.proof.slice(1)] };
      assert.equal(
        check(await verifyCredential(c, { credential: issued.credential, anchor: flipped }), 'anchor').code,
        'CL_VERIFY_ANCHOR_PROOF',
      );
      assert.equal(
        check(await verifyCredential(c, { credential: issued.credential, anchor: receipts[1]! }), 'anchor').code,
        'CL_VERIFY_ANCHOR_PROOF',
      );
      assert.equal(
        check(
          await verifyCredential(c, {
            credential: issued.credential,
            anchor: { ...anchor, proof: anchor.proof.slice(1) },
          }),
          'anchor',
        ).code,
        'CL_VERIFY_ANCHOR_PROOF',
      );
    });
    it('SKIPPED (INCONCLUSIVE) when no receipt is presented', async () => {
      const r = await run(undefined);
      assert.equal(check(r, 'anchor').code, 'CL_VERIFY_ANCHOR_MISSING');
      assert.equal(r.verdict, 'INCONCLUSIVE');
    });
  });

  describe('status, validity and domain', () => {
    const snapWith = (status: 'REVOKED' | 'SUSPENDED') =>
      snapshot(
        {
          statuses: {
            [issued.hash]: [{ issuer: issued.credential.issuer as string, status, reason: 'CERTIFIER_ERROR' }],
          },
        },
        ['PRODUCER'],
        root,
      );
    it('revoked', async () => {
      const r = await verifyCredential(ctx(snapshotLedgerView(snapWith('REVOKED'))), {
        credential: issued.credential,
        anchor,
      });
      assert.equal(check(r, 'status').code, 'CL_VERIFY_REVOKED');
      assert.equal(r.verdict, 'INVALID');
    });
    it('suspended', async () => {
      const r = await verifyCredential(ctx(snapshotLedgerView(snapWith('SUSPENDED'))), {
        credential: issued.credential,
        anchor,
      });
      assert.equal(check(r, 'status').code, 'CL_VERIFY_SUSPENDED');
    });
    it('a view that does not know statuses: status SKIPPED, verdict INCONCLUSIVE, never VALID', async () => {
      const known = snapshotLedgerView(snapshot({}, ['PRODUCER'], root));
      const unknowing: LedgerView = { ...known, source: { kind: 'local' }, statusFacts: () => ({ status: 'UNKNOWN' }) };
      const r = await verifyCredential(ctx(unknowing), { credential: issued.credential, anchor });
      assert.equal(check(r, 'anchor').status, 'VALID');
      assert.equal(check(r, 'status').status, 'SKIPPED');
      assert.equal(check(r, 'status').code, 'CL_VERIFY_STATUS_UNKNOWN');
      assert.match(check(r, 'status').message, /\(local\) does not know whether the issuer revoked or suspended/);
      assert.equal(r.verdict, 'INCONCLUSIVE');
    });
    it('not yet valid', async () => {
      const r = await verifyCredential(
        { ...ctx(), now: '2024-12-31T00:00:00Z' },
        { credential: issued.credential, anchor },
      );
      assert.equal(check(r, 'validity').code, 'CL_VERIFY_NOT_YET_VALID');
      assert.equal(r.verdict, 'INVALID');
    });
    it('expired', async () => {
      const r2 = issue(producer, { validUntil: '2025-03-01T00:00:00Z' });
      const b = batchOf([r2]);
      const r = await verifyCredential(ctx(snapshotLedgerView(snapshot({}, ['PRODUCER'], b.root))), {
        credential: r2.credential,
        anchor: b.receipts[0]!,
      });
      assert.equal(check(r, 'validity').code, 'CL_VERIFY_EXPIRED');
      assert.equal(r.verdict, 'INVALID');
    });
    it('a failing domain rule', async () => {
      const r = await verifyCredential(
        {
          ...ctx(),
          domainChecks: {
            USMCACertificationOfOrigin: () => ({
              status: 'INVALID',
              code: 'CL_VERIFY_DOMAIN',
              message: 'Blanket period does not cover the import date.',
            }),
          },
        },
        { credential: issued.credential, anchor },
      );
      assert.equal(check(r, 'domain').status, 'INVALID');
      assert.equal(r.verdict, 'INVALID');
    });
  });
});
