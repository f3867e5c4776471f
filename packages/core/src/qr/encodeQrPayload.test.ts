import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anchoredUsmcaRecord } from '../../../../test/fixtures/anchoredUsmcaRecord.ts';
import { nobleCrypto as crypto } from '../crypto/nobleCrypto.ts';
import { BASE45_ALPHABET } from '../encoding/base45.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { snapshotLedgerView } from '../ledger/snapshotLedgerView.ts';
import { verifyCredential } from '../verify/verifyCredential.ts';
import { decodeQrPayload } from './decodeQrPayload.ts';
import { encodeQrPayload } from './encodeQrPayload.ts';
import { QR_EMBEDDED_PREFIX } from './qrPayloadFormat.ts';

const record = anchoredUsmcaRecord();
const NOW = '2025-06-10T09:00:00Z';
const ctx = { crypto, now: NOW, ledger: snapshotLedgerView(record.snapshot) };

describe('encodeQrPayload', () => {
  it('embeds a signed, anchored USMCA certification that verifies VALID after decoding', async () => {
    assert.equal(record.anchor.proof.length, 14);
    const { kind, text } = encodeQrPayload(
      { verifiableCredential: record.credential, anchor: record.anchor },
      { hash: record.hash },
    );
    assert.equal(kind, 'embedded');
    assert.ok(text.startsWith(QR_EMBEDDED_PREFIX));
    assert.ok(
      [...text.slice(4)].every((c) => BASE45_ALPHABET.includes(c)),
      'QR alphanumeric characters only',
    );
    // 4,153 bytes of JSON (2,878 of them the credential, 14 proof nodes in the receipt) take 2,067
    // characters in the compact form: a version 31-M code (3,199 characters, version 39, as DEFLATEd JSON).
    assert.ok(text.length <= 2100 && text.length > 1800, `${text.length} characters`);

    const decoded = decodeQrPayload(text);
    assert.ok(decoded.success, !decoded.success ? decoded.error.message : '');
    assert.equal(decoded.data.kind, 'embedded');
    if (decoded.data.kind !== 'embedded') return;
    assert.deepEqual(decoded.data.verifiableCredential, record.credential);
    assert.deepEqual(decoded.data.anchor, record.anchor);

    const direct = await verifyCredential(ctx, { credential: record.credential, anchor: record.anchor });
    const scanned = await verifyCredential(ctx, {
      credential: decoded.data.verifiableCredential,
      ...(decoded.data.anchor === undefined ? {} : { anchor: decoded.data.anchor }),
    });
    assert.equal(direct.verdict, 'VALID', JSON.stringify(direct.checks));
    assert.deepEqual(scanned, direct);
  });

  it('embeds a credential without a receipt (pending) and omits "anchor"', async () => {
    const { kind, text } = encodeQrPayload({ verifiableCredential: record.credential }, { hash: record.hash });
    assert.equal(kind, 'embedded');
    const decoded = decodeQrPayload(text);
    assert.ok(decoded.success && decoded.data.kind === 'embedded');
    assert.equal('anchor' in decoded.data, false);
    const report = await verifyCredential(ctx, { credential: decoded.data.verifiableCredential });
    assert.equal(report.checks.find((c) => c.check === 'anchor')?.code, 'CL_VERIFY_ANCHOR_MISSING');
  });

  it('a bit flipped inside the embedded credential is caught by verification, not hidden by the QR layer', async () => {
    const tampered = structuredClone(record.credential) as unknown as {
      credentialSubject: { goods: { hs6: string }[] };
    };
    tampered.credentialSubject.goods[0]!.hs6 = '940390';
    const { text } = encodeQrPayload({ verifiableCredential: tampered, anchor: record.anchor }, { hash: record.hash });
    const decoded = decodeQrPayload(text);
    assert.ok(decoded.success && decoded.data.kind === 'embedded');
    const report = await verifyCredential(ctx, { credential: decoded.data.verifiableCredential });
    assert.equal(report.verdict, 'INVALID');
  });

  it('switches to the reference URL when the embedded text is longer than maxChars', () => {
    const input = { verifiableCredential: record.credential, anchor: record.anchor };
    const embedded = encodeQrPayload(input, { hash: record.hash });
    const exact = encodeQrPayload(input, { hash: record.hash, maxChars: embedded.text.length });
    assert.deepEqual(exact, embedded, 'a text exactly maxChars long is embedded');

    const base = encodeQrPayload(input, {
      hash: record.hash,
      maxChars: embedded.text.length - 1,
      referenceUrl: 'https://node.example/v',
    });
    assert.deepEqual(base, { kind: 'reference', text: `https://node.example/v/${record.hash}` });
    for (const url of ['https://node.example/v/', `https://node.example/v/${record.hash}`]) {
      const r = encodeQrPayload(input, { hash: record.hash, maxChars: 100, referenceUrl: url });
      assert.equal(r.text, `https://node.example/v/${record.hash}`, url);
    }
    const decoded = decodeQrPayload(base.text);
    assert.deepEqual(decoded, {
      success: true,
      data: { kind: 'reference', url: `https://node.example/v/${record.hash}`, hash: record.hash },
    });
    // A reference URL given but not needed: still embedded.
    assert.equal(
      encodeQrPayload(input, { hash: record.hash, referenceUrl: 'https://node.example/v' }).kind,
      'embedded',
    );
  });

  it('throws CL_INPUT_INVALID with a clear message when the record does not fit and no URL is given', () => {
    assert.throws(
      () =>
        encodeQrPayload(
          { verifiableCredential: record.credential, anchor: record.anchor },
          { hash: record.hash, maxChars: 1000 },
        ),
      (e: unknown) =>
        e instanceof ClearledgerError &&
        e.code === 'CL_INPUT_INVALID' &&
        /takes \d+ characters in a QR code, more than the limit of 1000/.test(e.message) &&
        /reference URL/.test(e.message),
    );
  });

  it('refuses a malformed hash, limit or reference URL', () => {
    const input = { verifiableCredential: record.credential };
    const cases: [string, Parameters<typeof encodeQrPayload>[1]][] = [
      ['upper-case hash', { hash: record.hash.toUpperCase() }],
      ['short hash', { hash: 'abc' }],
      ['negative limit', { hash: record.hash, maxChars: -1 }],
      ['fractional limit', { hash: record.hash, maxChars: 10.5 }],
      ['not a URL', { hash: record.hash, referenceUrl: 'node.example/v' }],
      ['ftp URL', { hash: record.hash, referenceUrl: 'ftp://node.example/v' }],
      ['javascript URL', { hash: record.hash, referenceUrl: 'javascript:alert(1)' }],
      ['URL with a query', { hash: record.hash, referenceUrl: 'https://node.example/v?h=' }],
      ['URL with a password', { hash: record.hash, referenceUrl: 'https://a:b@node.example/v' }],
    ];
    for (const [name, options] of cases) {
      assert.throws(
        () => encodeQrPayload(input, options),
        (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_INPUT_INVALID',
        name,
      );
    }
  });
});
