import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decodeQrPayload, encodeQrPayload } from '@clearledger/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { anchoredUsmcaRecord } from '../../../../test/fixtures/anchoredUsmcaRecord.ts';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { decodeQrImage, matrixToPng, pdfContent, pdfQrMatrix } from '../../../../test/helpers/pdfContent.ts';
import { photoLike } from '../../../../test/helpers/photoLike.ts';
import { cli as runCli } from '../../../../test/helpers/programs.ts';

const dir = mkdtempSync(join(tmpdir(), 'clearledger-qr-'));
const env = {
  CLEARLEDGER_DATA_DIR: join(dir, 'node'),
  CLEARLEDGER_ORG_ROLES: 'PRODUCER',
  CLEARLEDGER_ORG_DID: 'did:web:producer.example',
};
const cli = (...args: string[]) => runCli(env, ...args);
const file = (name: string) => join(dir, name);
const AT = '2025-06-10T09:00:00Z';
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe('clearledger qr, verify --qr, export --pdf', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));
  // A record this node issues (sealed, not anchored) and an anchored one from elsewhere with its receipt.
  writeFileSync(file('cert.json'), JSON.stringify(usmcaCertification()));
  const anchored = anchoredUsmcaRecord();
  writeFileSync(file('envelope.json'), JSON.stringify({ credential: anchored.credential, anchor: anchored.anchor }));

  it('--help lists the new command and options', () => {
    assert.match(cli('--help').stdout, /verify --qr <image>[\s\S]*qr <file>/);
    const qr = cli('qr', '--help');
    assert.equal(qr.code, 0);
    assert.match(qr.stdout, /Usage: clearledger qr[\s\S]*--out[\s\S]*--reference-url[\s\S]*--max-chars[\s\S]*--json/);
    assert.match(cli('verify', '--help').stdout, /--qr <image>/);
    assert.match(cli('export', '--help').stdout, /--pdf <file\.pdf>[\s\S]*--lang <en\|es\|fr>[\s\S]*--reference-url/);
  });

  it('issue → qr → verify --qr gives the same report as verifying the file', () => {
    assert.equal(cli('issue', file('cert.json'), '--out', file('signed.json'), '--json').code, 0);
    const made = cli('qr', file('signed.json'), '--out', file('signed.png'), '--json');
    assert.equal(made.code, 0, made.stdout + made.stderr);
    const summary = json(made);
    assert.equal(summary.kind, 'embedded');
    assert.equal(summary.anchored, false);
    assert.ok(summary.pixelsPerModule >= 4);
    const png = PNG.sync.read(readFileSync(file('signed.png')));
    assert.equal(png.width, (summary.modules + 8) * summary.pixelsPerModule, '4-module margin');

    const fromFile = cli('verify', file('signed.json'), '--json', '--at', AT);
    const fromQr = cli('verify', '--qr', file('signed.png'), '--json', '--at', AT);
    assert.equal(fromFile.code, 3, fromFile.stdout + fromFile.stderr);
    assert.equal(fromQr.code, fromFile.code, fromQr.stdout + fromQr.stderr);
    assert.deepEqual(json(fromQr), json(fromFile));
    assert.equal(json(fromQr).checks.find((c: { check: string }) => c.check === 'integrity').status, 'VALID');
  });

  it('an anchored envelope travels with its receipt (14 proof nodes); a tampered record is INVALID both ways', () => {
    const made = json(cli('qr', file('envelope.json'), '--out', file('envelope.png'), '--json'));
    // The compact form: version 31 (the DEFLATEd JSON of the first format needed version 39).
    assert.deepEqual([made.kind, made.anchored, made.version], ['embedded', true, 31]);
    const expected = encodeQrPayload(
      { verifiableCredential: anchored.credential, anchor: anchored.anchor },
      { hash: anchored.hash },
    );
    assert.equal(made.chars, expected.text.length, 'the CLI embeds exactly what core encodes');
    assert.equal(made.hash, anchored.hash);
    const fromFile = cli('verify', file('envelope.json'), '--offline', '--json', '--at', AT);
    const fromQr = cli('verify', '--qr', file('envelope.png'), '--offline', '--json', '--at', AT);
    assert.equal(fromQr.code, fromFile.code);
    assert.deepEqual(json(fromQr), json(fromFile));

    const tampered = structuredClone(anchored.credential) as unknown as {
      credentialSubject: { goods: { hs6: string }[] };
    };
    tampered.credentialSubject.goods[0]!.hs6 = '940390';
    writeFileSync(file('tampered.json'), JSON.stringify({ credential: tampered, anchor: anchored.anchor }));
    assert.equal(cli('qr', file('tampered.json'), '--out', file('tampered.png')).code, 0);
    const bad = cli('verify', '--qr', file('tampered.png'), '--offline', '--at', AT);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^INVALID[\s\S]*CL_VERIFY_SIGNATURE/);
  });

  it('a photo-like image of the densest code (×3, padded, rotated 3°, blurred, noisy; PNG and JPEG) still verifies', () => {
    const photo = photoLike(PNG.sync.read(readFileSync(file('envelope.png'))));
    writeFileSync(file('photo.png'), PNG.sync.write(photo));
    writeFileSync(
      file('photo.jpg'),
      jpeg.encode({ width: photo.width, height: photo.height, data: photo.data }, 80).data,
    );
    const expected = json(cli('verify', file('envelope.json'), '--offline', '--json', '--at', AT));
    for (const image of ['photo.png', 'photo.jpg']) {
      const r = cli('verify', '--qr', file(image), '--offline', '--json', '--at', AT);
      assert.equal(r.code, 3, `${image}: ${r.stdout}${r.stderr}`);
      assert.deepEqual(json(r), expected, image);
    }
  });

  it('a reference QR code: resolved from this node when it holds the record, else INCONCLUSIVE offline', () => {
    const tooLong = cli('qr', file('signed.json'), '--max-chars', '500', '--json');
    assert.equal(tooLong.code, 2);
    assert.equal(json(tooLong).error.code, 'CL_INPUT_INVALID');
    assert.match(json(tooLong).error.message, /more than the limit of 500[\s\S]*--reference-url/);

    const made = cli(
      'qr',
      file('signed.json'),
      '--max-chars',
      '500',
      '--reference-url',
      'https://node.example/v',
      '--out',
      file('reference.png'),
      '--json',
    );
    assert.equal(made.code, 0, made.stdout + made.stderr);
    const { kind, hash } = json(made);
    assert.equal(kind, 'reference');

    const offline = cli('verify', '--qr', file('reference.png'), '--offline', '--json');
    assert.equal(offline.code, 3);
    const answer = json(offline);
    assert.equal(answer.verdict, 'INCONCLUSIVE');
    assert.deepEqual(answer.qr, { kind: 'reference', url: `https://node.example/v/${hash}`, hash });
    assert.match(answer.message, /cannot be fetched and verified offline/);
    assert.match(cli('verify', '--qr', file('reference.png'), '--offline').stderr, /node\.example\/v\/[0-9a-f]{64}/);

    const resolved = cli('verify', '--qr', file('reference.png'), '--json', '--at', AT);
    assert.deepEqual(json(resolved), json(cli('verify', file('signed.json'), '--json', '--at', AT)));
  });

  it('an image without a QR code, a file that is not an image and a foreign QR code are refused with their codes', async () => {
    const blank = new PNG({ width: 400, height: 300 });
    for (let i = 0; i < blank.data.length; i += 4) {
      const x = (i / 4) % 400;
      blank.data.fill(Math.round((x / 400) * 255), i, i + 3);
      blank.data[i + 3] = 255;
    }
    writeFileSync(file('blank.png'), PNG.sync.write(blank));
    const none = cli('verify', '--qr', file('blank.png'), '--json');
    assert.equal(none.code, 2);
    assert.equal(json(none).error.code, 'CL_QR_UNREADABLE');
    assert.match(cli('verify', '--qr', file('blank.png')).stderr, /^CL_QR_UNREADABLE: No QR code could be read/);

    const notImage = cli('verify', '--qr', file('cert.json'), '--json');
    assert.equal(notImage.code, 2);
    assert.equal(json(notImage).error.code, 'CL_QR_UNREADABLE');
    writeFileSync(file('truncated.png'), readFileSync(file('signed.png')).subarray(0, 200));
    assert.equal(json(cli('verify', '--qr', file('truncated.png'), '--json')).error.code, 'CL_QR_UNREADABLE');

    await QRCode.toFile(file('foreign.png'), 'https://shop.example/product/42', { type: 'png', scale: 6 });
    const foreign = cli('verify', '--qr', file('foreign.png'), '--json');
    assert.equal(foreign.code, 2);
    assert.equal(json(foreign).error.code, 'CL_QR_INVALID');
    assert.equal(json(foreign).error.details.reason, 'url-hash');

    assert.equal(cli('verify', '--qr', file('signed.png'), file('signed.json')).code, 2);
    assert.equal(cli('qr', file('signed.json'), '--max-chars', 'many').code, 2);
  });

  it('export --pdf writes the printable copy in the chosen language, with a QR code holding the record', () => {
    const r = cli('export', file('signed.json'), '--pdf', file('copy.pdf'), '--lang', 'es', '--json');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const summary = json(r);
    assert.deepEqual([summary.status, summary.language, summary.qr], ['sealed', 'es', 'embedded']);
    const pdf = readFileSync(file('copy.pdf'));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const { text } = pdfContent(pdf);
    assert.equal(text[0], 'Certificación de origen T-MEC');
    assert.ok(text.includes(summary.hash));
    assert.ok(text.includes('Sellado en un lote, pendiente de anclaje'));
    const qrText = decodeQrImage(matrixToPng(pdfQrMatrix(pdf).matrix));
    const decoded = qrText === null ? null : decodeQrPayload(qrText);
    assert.ok(decoded?.success && decoded.data.kind === 'embedded');
    assert.deepEqual(decoded.data.verifiableCredential, JSON.parse(readFileSync(file('signed.json'), 'utf8')));

    const badLang = cli('export', file('signed.json'), '--pdf', file('x.pdf'), '--lang', 'de', '--json');
    assert.equal(badLang.code, 2);
    assert.equal(json(badLang).error.field, '--lang');
  });
});
