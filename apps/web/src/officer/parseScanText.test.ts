import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base45Encode, decodeQrPayload, encodeCompactPayload, encodeQrPayload } from '@clearledger/core';
import { batch, issued } from '../testing/ledgerFixture.ts';
import { parseScanText } from './parseScanText.ts';

const a = issued(1);
const { receipts } = batch([a.hash]);

describe('parseScanText', () => {
  it('reads an embedded QR payload: the record and its anchor receipt', () => {
    const { kind, text } = encodeQrPayload(
      { verifiableCredential: a.credential, anchor: receipts[0]! },
      { hash: a.hash },
    );
    assert.equal(kind, 'embedded');
    const result = parseScanText(text, decodeQrPayload);
    assert.ok(result.success);
    assert.equal(result.data.kind, 'embedded');
    assert.deepEqual(result.data.kind === 'embedded' && result.data.credential, a.credential);
    assert.deepEqual(result.data.kind === 'embedded' && result.data.anchor, receipts[0]);
  });

  it('reads a reference QR payload as a hash to fetch', () => {
    const { text } = encodeQrPayload(
      { verifiableCredential: a.credential },
      { hash: a.hash, maxChars: 10, referenceUrl: 'https://node.example/v' },
    );
    const result = parseScanText(text, decodeQrPayload);
    assert.ok(result.success);
    assert.deepEqual(result.data, { kind: 'reference', url: `https://node.example/v/${a.hash}`, hash: a.hash });
  });

  it('reads pasted credential JSON and exported envelopes', () => {
    const plain = parseScanText(JSON.stringify(a.credential), decodeQrPayload);
    assert.ok(plain.success && plain.data.kind === 'embedded' && plain.data.anchor === undefined);
    const envelope = parseScanText(
      `  ${JSON.stringify({ verifiableCredential: a.credential, anchor: receipts[0] })}\n`,
      decodeQrPayload,
    );
    assert.ok(envelope.success && envelope.data.kind === 'embedded');
    assert.deepEqual(envelope.data.kind === 'embedded' && envelope.data.anchor, receipts[0]);
  });

  it('refuses empty text, hostile JSON, non-records and foreign QR codes with a reason', () => {
    const reason = (text: string) => {
      const r = parseScanText(text, decodeQrPayload);
      return r.success ? 'ok' : r.reason;
    };
    assert.equal(reason('   '), 'EMPTY');
    assert.equal(reason('{"a":1,"a":2}'), 'JSON');
    assert.equal(reason('{"hello":"world"}'), 'NOT_A_RECORD');
    assert.equal(reason('WIFI:S:cafe;T:WPA;P:secret;;'), 'NOT_A_RECORD');
    assert.equal(reason('https://example.com/menu'), 'NOT_A_RECORD');
    assert.equal(reason('lorem ipsum dolor sit amet'), 'NOT_A_RECORD');
    assert.equal(reason('ftp://files.example/record'), 'NOT_A_RECORD');
  });

  it('tells a damaged or cut-short Clearledger QR payload from something that is not one', () => {
    const { text } = encodeQrPayload({ verifiableCredential: a.credential, anchor: receipts[0]! }, { hash: a.hash });
    const reason = (t: string) => {
      const r = parseScanText(t, decodeQrPayload);
      return r.success ? 'ok' : r.reason;
    };
    assert.equal(reason(text.slice(0, Math.floor(text.length / 2))), 'DAMAGED');
    assert.equal(reason(`${text.slice(0, text.indexOf(':') + 1)}!!!not a payload`), 'DAMAGED');
  });

  it('says a compact QR code of a dictionary version this app does not know needs an update, not that it is damaged', () => {
    const bytes = encodeCompactPayload({ verifiableCredential: a.credential, anchor: receipts[0]! });
    bytes[0] = bytes[0]! + 1;
    const r = parseScanText(`CL2:${base45Encode(bytes)}`, decodeQrPayload);
    assert.deepEqual(r.success ? 'ok' : r.reason, 'NEWER_FORMAT');
  });
});
