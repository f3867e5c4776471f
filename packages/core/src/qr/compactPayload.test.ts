import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import QRCode from 'qrcode';
import { anchoredUsmcaRecord } from '../../../../test/fixtures/anchoredUsmcaRecord.ts';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { signDocument, verifyProofValue } from '../credentials/eddsaJcs2022.ts';
import { createSigner } from '../credentials/signer.ts';
import { nobleCrypto as crypto } from '../crypto/nobleCrypto.ts';
import { base45Decode, base45Encode } from '../encoding/base45.ts';
import { canonicalize } from '../jcs/canonicalize.ts';
import { snapshotLedgerView } from '../ledger/snapshotLedgerView.ts';
import { buildMerkleTree } from '../merkle/merkleTree.ts';
import type { AnchorReceipt } from '../verify/types.ts';
import { verifyCredential } from '../verify/verifyCredential.ts';
import { decodeQrPayload } from './decodeQrPayload.ts';
import { encodeCompactPayload } from './encodeCompactPayload.ts';
import { encodeQrPayload } from './encodeQrPayload.ts';
import { QR_DICTIONARY_V1 } from './qrDictionary.ts';
import { QR_ERROR_CORRECTION, QR_MAX_TEXT_CHARS } from './qrPayloadFormat.ts';

const record = anchoredUsmcaRecord();
const NOW = '2025-06-10T09:00:00Z';
const ctx = { crypto, now: NOW, ledger: snapshotLedgerView(record.snapshot) };
const signer = createSigner(crypto, { issuer: 'did:web:producer.example', seed: new Uint8Array(32).fill(1) });
const signerKey = crypto.ed25519PublicKey(new Uint8Array(32).fill(1));
const qrVersion = (text: string) => QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION }).version;

/** The QR text of a credential and receipt, decoded back: the credential and the receipt. */
function roundTrip(vc: object, anchor?: AnchorReceipt) {
  const { kind, text } = encodeQrPayload(
    anchor === undefined ? { verifiableCredential: vc } : { verifiableCredential: vc, anchor },
    { hash: record.hash, maxChars: QR_MAX_TEXT_CHARS },
  );
  assert.equal(kind, 'embedded');
  assert.ok(text.startsWith('CL2:'), text.slice(0, 8));
  const decoded = decodeQrPayload(text);
  assert.ok(decoded.success, decoded.success ? '' : `${decoded.error.code} ${decoded.error.message}`);
  assert.equal(decoded.data.kind, 'embedded');
  if (decoded.data.kind !== 'embedded') throw new Error('unreachable');
  return decoded.data;
}

/** A receipt of leaf `leafIndex` in a batch of `size` credentials, the record's hash among them. */
function receiptIn(size: number, leafIndex = 0): AnchorReceipt {
  const leaves = Array.from({ length: size }, (_, i) =>
    i === leafIndex ? Uint8Array.from(Buffer.from(record.hash, 'hex')) : crypto.sha256Utf8(`other ${i}`),
  );
  const tree = buildMerkleTree(crypto, leaves);
  return {
    ...record.anchor,
    root: Buffer.from(tree.root).toString('hex'),
    leafIndex,
    treeSize: size,
    proof: tree.inclusionProof(leafIndex).map((p) => Buffer.from(p).toString('hex')),
  };
}

// Strings that look like what the encoder compacts, and near misses that must stay as they are.
const tricky = fc.constantFrom(
  ...QR_DICTIONARY_V1.values,
  ...QR_DICTIONARY_V1.terms,
  '',
  '#',
  'a#b',
  'did:web:x#',
  'did:web:a#b#c',
  'did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX#z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX',
  'text with a NUL \u0000 inside',
  '2025-01-01',
  '2025-02-30',
  '0000-01-01',
  '2025-01-01T00:00:00Z',
  '2025-01-01T00:00:00.000Z',
  '2025-01-01T24:00:00Z',
  '1969-12-31T23:59:59Z',
  'urn:uuid:6f1c0b8e-3f0a-4a57-9d3e-2b8f6f2a9c01',
  'urn:uuid:6F1C0B8E-3F0A-4A57-9D3E-2B8F6F2A9C01',
  '6f1c0b8e-3f0a-4a57-9d3e-2b8f6f2a9c01',
  '0x',
  '0xABCDEF',
  '0x00ff',
  '00000000000000000000',
  'deadbeefdeadbeef0',
  'z1111111111111111',
  'z4bgwJKj8Do6o3vMRLD9WppTyECQUUPCYvUzx2ioANyamXKv5XwSmwsJKcKJuiCuwPkErren4swKFbgnt2a3fUAKM',
  'z0OIl-not-base58-at-all',
  '940360',
);
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), tricky, fc.uuid());
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/** JSON as a signed credential may hold it (what the hostile-JSON parser accepts). */
const json = fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }).map(function clean(v: unknown): unknown {
  if (typeof v === 'number') return Math.abs(v) > Number.MAX_SAFE_INTEGER ? 0 : v;
  if (Array.isArray(v)) return v.map(clean);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (FORBIDDEN.has(k) ? [] : [[k, clean(x)]])));
  return v;
});

const certification = fc
  .record({
    names: fc.array(text, { minLength: 8, maxLength: 8 }),
    goods: fc.array(
      fc.record({
        line: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double({ min: -1e15, max: 1e15, noNaN: true })),
        description: text,
        hs6: text,
        originCriterion: fc.constantFrom('A', 'B', 'C', 'D'),
        invoiceReference: text,
      }),
      { minLength: 1, maxLength: 8 },
    ),
    extra: fc.dictionary(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), tricky), json, { maxKeys: 4 }),
    validFrom: fc.oneof(
      text,
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('.000Z', 'Z')),
    ),
  })
  .filter(({ extra }) => !Object.keys(extra).some((k) => FORBIDDEN.has(k)))
  .map(({ names, goods, extra, validFrom }) => {
    const base = usmcaCertification({ issuer: signer.issuer });
    const s = base.credentialSubject;
    const [a, b, c, d, e, f, g, h] = names as [string, string, string, string, string, string, string, string];
    return {
      ...base,
      id: `urn:uuid:${'6f1c0b8e-3f0a-4a57-9d3e-2b8f6f2a9c01'}`,
      validFrom,
      credentialSubject: {
        ...s,
        ...extra,
        certificationNumber: a,
        certifier: { ...s.certifier, name: b, title: c, address: { ...s.certifier.address, streetAddress: d } },
        exporter: { ...s.exporter, name: e, email: f },
        importer: { ...s.importer, name: g, importerNumber: h },
        goods,
      },
    };
  });

const receipt = fc.record(
  {
    root: fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
      text,
    ),
    leafIndex: fc.nat(),
    treeSize: fc.nat(),
    proof: fc.oneof(
      fc.array(
        fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
        {
          maxLength: 20,
        },
      ),
      fc.array(text, { maxLength: 4 }),
    ),
    batchId: fc.oneof(fc.uuid(), text),
    chainId: fc.nat(),
    txHash: fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `0x${Buffer.from(b).toString('hex')}`),
      text,
    ),
    blockNumber: fc.nat(),
    anchoredAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('.000Z', 'Z')),
      text,
    ),
  },
  { requiredKeys: ['root', 'leafIndex', 'treeSize', 'proof'] },
);

describe('compact QR payload (CL2)', () => {
  it('round trip: any signed certification decodes to byte-identical canonical JSON, its signature still valid', () => {
    fc.assert(
      fc.property(certification, fc.option(receipt, { nil: undefined }), (draft, anchor) => {
        const { signed } = signDocument(draft as Record<string, unknown>, {
          crypto,
          seed: new Uint8Array(32).fill(1),
          options: { verificationMethod: signer.verificationMethod, created: '2025-01-10T12:00:00Z' },
        });
        const back = roundTrip(signed, anchor);
        assert.equal(canonicalize(back.verifiableCredential), canonicalize(signed));
        assert.deepEqual(back.anchor, anchor === undefined ? undefined : { ...anchor });
        const { proof, ...unsecured } = back.verifiableCredential as Record<string, unknown>;
        const check = verifyProofValue(crypto, unsecured, proof as Record<string, unknown>, signerKey);
        assert.deepEqual(check, { ok: true });
      }),
      { numRuns: 80 },
    );
  });

  it('an anchored 5-line USMCA certification fits a version 25 QR code at error correction M', async () => {
    // Batches of one and two records: the receipt carries the root and at most one proof node.
    for (const size of [1, 2]) {
      const anchor = receiptIn(size, size - 1);
      const { text } = encodeQrPayload({ verifiableCredential: record.credential, anchor }, { hash: record.hash });
      assert.ok(qrVersion(text) <= 25, `batch of ${size}: version ${qrVersion(text)} (${text.length} characters)`);
    }
    // Leaf 5,000 of a full 10,000-record batch (14 proof nodes, 448 bytes of hashes): 39 before, 31 now.
    const { text } = encodeQrPayload(
      { verifiableCredential: record.credential, anchor: record.anchor },
      { hash: record.hash },
    );
    assert.ok(qrVersion(text) <= 31, `full batch: version ${qrVersion(text)}`);
    const back = roundTrip(record.credential, record.anchor);
    const report = await verifyCredential(ctx, {
      credential: back.verifiableCredential,
      ...(back.anchor === undefined ? {} : { anchor: back.anchor }),
    });
    assert.equal(report.verdict, 'VALID', JSON.stringify(report.checks));
  });

  it('a QR printed in the first format (CL1) still decodes to the same record and verifies VALID', async () => {
    const printed = readFileSync(new URL('./testdata/anchoredUsmca.cl1.txt', import.meta.url), 'utf8');
    assert.ok(printed.startsWith('CL1:'));
    const old = decodeQrPayload(printed);
    assert.ok(old.success && old.data.kind === 'embedded', old.success ? '' : old.error.message);
    const current = roundTrip(record.credential, record.anchor);
    assert.equal(canonicalize(old.data.verifiableCredential), canonicalize(current.verifiableCredential));
    assert.deepEqual(old.data.anchor, current.anchor);
    const report = await verifyCredential(ctx, {
      credential: old.data.verifiableCredential,
      ...(old.data.anchor === undefined ? {} : { anchor: old.data.anchor }),
    });
    assert.equal(report.verdict, 'VALID');
    assert.ok(qrVersion(printed) > qrVersion(encodeQrPayload(current, { hash: record.hash }).text) + 6);
  });

  it('refuses a dictionary version it does not know with CL_QR_DICTIONARY_UNKNOWN', () => {
    const bytes = encodeCompactPayload({ verifiableCredential: record.credential, anchor: record.anchor });
    assert.equal(bytes[0], 1, 'written with dictionary version 1');
    for (const version of [0, 2, 255]) {
      const changed = Uint8Array.from(bytes);
      changed[0] = version;
      const result = decodeQrPayload(`CL2:${base45Encode(changed)}`);
      assert.equal(result.success, false);
      if (result.success) continue;
      assert.equal(result.error.code, 'CL_QR_DICTIONARY_UNKNOWN');
      assert.deepEqual(result.error.details, { version, known: [1] });
      assert.match(result.error.message, new RegExp(`dictionary version ${version}; this program reads version 1`));
    }
  });

  it('refuses malformed compact payloads with CL_QR_INVALID and a reason', () => {
    const good = encodeCompactPayload({ verifiableCredential: record.credential, anchor: record.anchor });
    const problem = (bytes: Uint8Array) => {
      const r = decodeQrPayload(`CL2:${base45Encode(bytes)}`);
      assert.equal(r.success, false);
      return r.success ? undefined : [r.error.code, r.error.details?.reason];
    };
    assert.deepEqual(problem(new Uint8Array(0)), ['CL_QR_INVALID', 'shape']);
    assert.deepEqual(problem(good.subarray(0, good.length - 10)), ['CL_QR_INVALID', 'cbor']);
    assert.deepEqual(problem(Uint8Array.of(1, 0xa0)), ['CL_QR_INVALID', 'shape'], 'a map, not [skeleton, texts]');
    // [undefined, empty texts]: a placeholder with no text to fill it.
    assert.deepEqual(problem(Uint8Array.of(1, 0x82, 0xf7, 0x40)), ['CL_QR_INVALID', 'shape']);
    // [{"id" as text}, no texts]: a dictionary term must be written as its number.
    assert.deepEqual(problem(Uint8Array.of(1, 0x82, 0xa1, 0x62, 0x69, 0x64, 0x01, 0x40)), ['CL_QR_INVALID', 'shape']);
    // Tag 2 (a bignum) is not one of ours.
    assert.deepEqual(problem(Uint8Array.of(1, 0x82, 0xc2, 0x41, 0x01, 0x40)), ['CL_QR_INVALID', 'cbor']);
    // Texts that are not DEFLATE.
    assert.deepEqual(problem(Uint8Array.of(1, 0x82, 0xf7, 0x43, 0xff, 0xff, 0xff)), ['CL_QR_INVALID', 'deflate']);
    // Version byte kept, the rest a DEFLATE bomb in the texts: stopped at the limit.
    const bomb = encodeCompactPayload({ verifiableCredential: { a: 'x'.repeat(300_000) } });
    assert.deepEqual(problem(bomb), ['CL_QR_INVALID', 'too-large']);
    assert.deepEqual(decodeQrPayload(`CL2:${base45Encode(good)}x`).success, false);
    assert.equal(base45Decode(base45Encode(good)).length, good.length);
  });

  it('keeps unknown keys and values as plain text, and writes the known ones as numbers', () => {
    const vc = { '@context': ['https://www.w3.org/ns/credentials/v2'], unknownTerm: 'unknown value', name: 'USMCA' };
    const bytes = encodeCompactPayload({ verifiableCredential: vc });
    const raw = Buffer.from(bytes).toString('latin1');
    assert.ok(raw.includes('unknownTerm'), 'an unknown key stays text');
    assert.ok(!raw.includes('@context') && !raw.includes('credentials/v2'), 'known terms and values are numbers');
    assert.deepEqual(roundTrip(vc).verifiableCredential, vc);
  });
});
