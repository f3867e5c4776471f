import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { decodeQrImage, pdfContent } from '../../../../test/helpers/pdfContent.ts';
import { tempNode } from '../../../../test/helpers/tempNode.ts';
import { buildApp } from '../buildApp.ts';

const TOKEN = 'operator-token-for-paper-tests';
const headers = { authorization: `Bearer ${TOKEN}` };

describe('paper of a record: PDF and QR image', () => {
  let env: Awaited<ReturnType<typeof tempNode>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let id: string;
  before(async () => {
    env = await tempNode({ CLEARLEDGER_ORG_NAME: 'Muebles Artesanales de Jalisco S.A. de C.V.' });
    app = await buildApp({ node: env.node, operatorToken: TOKEN });
    const credential = usmcaCertification({ issuer: env.node.operatorOrgId, serial: 3 });
    credential.credentialSubject.certificationNumber = 'MX-MAJ-2026-00003';
    const issued = await app.inject({ method: 'POST', url: '/credentials/issue', headers, payload: { credential } });
    assert.equal(issued.statusCode, 201, issued.body);
    id = issued.json().id;
  });
  after(async () => {
    await app.close();
    await env.dispose();
  });

  it('names the PDF after the record’s number and prints the issuer by name and the end of the blanket period', async () => {
    const res = await app.inject({ method: 'GET', url: `/credentials/${encodeURIComponent(id)}/pdf?lang=en`, headers });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], 'inline; filename="USMCA-MX-MAJ-2026-00003.pdf"');
    const { text } = pdfContent(res.rawPayload);
    const issuer = text.indexOf('Issuer');
    assert.ok(text[issuer + 1]?.startsWith('Muebles Artesanales de Jalisco S.A. de C.V.'), text[issuer + 1]);
    const until = text.indexOf('Valid until');
    assert.ok(text[until + 1]?.startsWith('2025-12-31'), `valid until: ${text[until + 1]}`);
    assert.ok(!text.includes('no end date'));
  });

  it('serves the QR code as a PNG image that decodes to the record’s QR text', async () => {
    const [image, qr] = await Promise.all([
      app.inject({ method: 'GET', url: `/credentials/${encodeURIComponent(id)}/qr.png`, headers }),
      app.inject({ method: 'GET', url: `/credentials/${encodeURIComponent(id)}/qr`, headers }),
    ]);
    assert.equal(qr.statusCode, 200, `qr: ${qr.body}`);
    assert.equal(image.statusCode, 200, image.body);
    assert.equal(image.headers['content-type'], 'image/png');
    assert.equal(image.headers['content-disposition'], 'inline; filename="USMCA-MX-MAJ-2026-00003-qr.png"');
    assert.equal(decodeQrImage(PNG.sync.read(image.rawPayload)), qr.json().text);
    const unknown = await app.inject({ method: 'GET', url: '/credentials/urn%3Auuid%3Anope/qr.png', headers });
    assert.equal(unknown.statusCode, 404);
    const anonymous = await app.inject({ method: 'GET', url: `/credentials/${encodeURIComponent(id)}/qr.png` });
    assert.equal(anonymous.statusCode, 401);
  });
});
