import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'fflate';
import { base45Encode } from '../encoding/base45.ts';
import { utf8 } from '../encoding/bytes.ts';
import { decodeQrPayload, type QrPayloadProblem } from './decodeQrPayload.ts';
import { QR_MAX_INFLATED_BYTES, QR_MAX_TEXT_CHARS } from './qrPayloadFormat.ts';

const HASH = 'a3f1c2e4b5d6978812345678901234567890abcdefabcdefabcdef0123456789';
const embed = (bytes: Uint8Array) => 'CL1:' + base45Encode(bytes);
const embedJson = (json: string) => embed(deflateSync(utf8(json), { level: 9 }));
const vc = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] };

function expectProblem(text: string, reason: QrPayloadProblem, message?: RegExp) {
  const result = decodeQrPayload(text);
  assert.equal(result.success, false, `${text.slice(0, 60)} should be refused`);
  if (result.success) return;
  assert.equal(result.error.code, 'CL_QR_INVALID');
  assert.equal(result.error.details?.reason, reason, `${text.slice(0, 60)}: ${result.error.message}`);
  if (message) assert.match(result.error.message, message);
}

describe('decodeQrPayload', () => {
  it('reads an embedded payload and a reference URL', () => {
    const anchor = { root: 'ab'.repeat(32), leafIndex: 0, treeSize: 1, proof: [] };
    assert.deepEqual(decodeQrPayload(embedJson(JSON.stringify({ vc, anchor }))), {
      success: true,
      data: { kind: 'embedded', verifiableCredential: vc, anchor },
    });
    assert.deepEqual(decodeQrPayload(`https://node.example/v/${HASH.toUpperCase()}`), {
      success: true,
      data: { kind: 'reference', url: `https://node.example/v/${HASH.toUpperCase()}`, hash: HASH },
    });
    assert.equal(decodeQrPayload(`http://127.0.0.1:8080/v/${HASH}`).success, true);
  });

  it('refuses texts that are not Clearledger payloads', () => {
    expectProblem('', 'prefix');
    expectProblem('hello', 'prefix');
    expectProblem('HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDE', 'prefix');
    expectProblem('cl1:BB8', 'prefix');
    expectProblem('CL3:BB8', 'prefix');
    expectProblem(' CL1:BB8', 'prefix');
    expectProblem('javascript:alert(1)', 'prefix');
    expectProblem(`CL1:${'0'.repeat(QR_MAX_TEXT_CHARS)}`, 'too-large');
  });

  it('refuses bad Base45', () => {
    expectProblem('CL1:', 'deflate'); // empty Base45 is valid, empty DEFLATE is not
    expectProblem('CL1:BB8B', 'base45', /3n \+ 1/);
    expectProblem('CL1:bb8', 'base45', /invalid character/);
    expectProblem('CL1:GGW', 'base45');
    expectProblem(`${embedJson(JSON.stringify({ vc }))}\n`, 'base45');
  });

  it('refuses data that is not DEFLATE, truncated DEFLATE and a stream that is not UTF-8', () => {
    expectProblem(embed(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x00, 0x11])), 'deflate');
    const whole = deflateSync(utf8(JSON.stringify({ vc })), { level: 9 });
    expectProblem(embed(whole.subarray(0, whole.length - 5)), 'deflate');
    expectProblem(embed(deflateSync(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))), 'utf8');
  });

  it('stops inflating a DEFLATE bomb at the limit, before reaching its end', () => {
    // 5 MB of spaces compress to about 5 KB, which fits in a QR text; a corrupt tail follows. Had the
    // decoder inflated the whole stream it would have met the corruption; it stops at the limit instead.
    const bomb = deflateSync(new Uint8Array(5_000_000).fill(0x20), { level: 9 });
    const withTail = new Uint8Array(bomb.length + 4);
    withTail.set(bomb.subarray(0, bomb.length - 2));
    withTail.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], bomb.length - 2);
    const text = embed(withTail);
    assert.ok(text.length <= QR_MAX_TEXT_CHARS, `${text.length} characters`);
    // "too large" rather than "corrupt" proves inflation stopped at the limit, long before the tail
    // (a memory reading would depend on when the collector runs).
    expectProblem(text, 'too-large', new RegExp(`more than ${QR_MAX_INFLATED_BYTES} bytes`));
    expectProblem(embed(bomb), 'too-large');
  });

  it('parses the JSON with the hostile-JSON limits', () => {
    expectProblem(embedJson('{"vc": {"a": 1, "a": 2}}'), 'json', /same key|duplicate/i);
    expectProblem(embedJson(`{"vc": ${'['.repeat(40)}${']'.repeat(40)}}`), 'json');
    expectProblem(embedJson('{"vc": {"__proto__": {}}}'), 'json');
    expectProblem(embedJson('{"vc": {"n": 1e400}}'), 'json');
    expectProblem(embedJson('{"vc": {}'), 'json');
    const r = decodeQrPayload(embedJson('{"vc": {"a": 1, "a": 2}}'));
    assert.equal(!r.success && r.error.details?.jsonCode, 'CL_JSON_DUPLICATE_KEY');
  });

  it('refuses a payload of the wrong shape', () => {
    expectProblem(embedJson('[]'), 'shape');
    expectProblem(embedJson('"vc"'), 'shape');
    expectProblem(embedJson('{}'), 'shape');
    expectProblem(embedJson('{"vc": []}'), 'shape');
    expectProblem(embedJson('{"vc": "x"}'), 'shape');
    expectProblem(embedJson(JSON.stringify({ vc, extra: 1 })), 'shape', /unexpected members: extra/);
    const anchor = { root: 'ab'.repeat(32), leafIndex: 0, treeSize: 1, proof: [] };
    for (const bad of [
      null,
      [],
      { ...anchor, root: 7 },
      { ...anchor, leafIndex: -1 },
      { ...anchor, treeSize: 1.5 },
      { ...anchor, proof: 'ab' },
      { ...anchor, proof: [1] },
      { ...anchor, blockNumber: '5' },
      { ...anchor, chainId: -1 },
      { ...anchor, txHash: 5 },
      { ...anchor, anchoredAt: 5 },
      { ...anchor, batchId: 5 },
      { ...anchor, owner: 'x' },
    ]) {
      expectProblem(embedJson(JSON.stringify({ vc, anchor: bad })), 'shape', /anchor receipt/);
    }
  });

  it('refuses reference URLs that are not http(s) or do not end in a credential hash', () => {
    expectProblem(`ftp://node.example/v/${HASH}`, 'url-scheme');
    expectProblem(`file:///v/${HASH}`, 'url-scheme');
    expectProblem(`https://node.example/v/${HASH}/`, 'url-hash');
    expectProblem(`https://node.example/v/${HASH.slice(1)}`, 'url-hash');
    expectProblem(`https://node.example/v/${HASH}0`, 'url-hash');
    expectProblem(`https://node.example/v/${HASH.replace('a', 'g')}`, 'url-hash');
    expectProblem('https://node.example/', 'url-hash');
    expectProblem(`https://node.example/v/${HASH}?x=1`, 'url');
    expectProblem(`https://node.example/v/${HASH}#x`, 'url');
    expectProblem(`https://gov.example@evil.example/v/${HASH}`, 'url');
    expectProblem(`https://[::1/v/${HASH}`, 'url');
  });
});
