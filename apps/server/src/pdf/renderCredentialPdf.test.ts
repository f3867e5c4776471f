import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeQrPayload } from '@clearledger/core';
import QRCode from 'qrcode';
import { anchoredUsmcaRecord } from '../../../../test/fixtures/anchoredUsmcaRecord.ts';
import { decodeQrImage, matrixToPng, pdfContent, pdfQrMatrix } from '../../../../test/helpers/pdfContent.ts';
import { pdfTexts } from './pdfLabels.ts';
import { type RenderCredentialPdfParameters, renderCredentialPdf } from './renderCredentialPdf.ts';

const record = anchoredUsmcaRecord();
const vc = record.credential as unknown as Record<string, unknown>;
const embedded = encodeQrPayload({ verifiableCredential: vc, anchor: record.anchor }, { hash: record.hash });
const MM = 72 / 25.4;

const base: RenderCredentialPdfParameters = {
  verifiableCredential: vc,
  hash: record.hash,
  status: 'anchored',
  anchor: record.anchor,
  qrText: embedded.text,
  language: 'en',
  printedAt: '2026-11-21T10:00:00Z',
  compress: false,
};

const expected = {
  en: {
    title: 'USMCA Certification of Origin',
    scan: 'Scan to verify',
    goods: 'Country of origin',
    page: 'Page 2 of 2',
  },
  es: {
    title: 'Certificación de origen T-MEC',
    scan: 'Escanee para verificar',
    goods: 'País de origen',
    page: 'Página 2 de 2',
  },
  fr: {
    title: "Certification d'origine ACEUM",
    scan: 'Scannez pour vérifier',
    goods: "Pays d'origine",
    page: 'Page 2 sur 2',
  },
} as const;

describe('renderCredentialPdf', () => {
  for (const language of ['en', 'es', 'fr'] as const) {
    it(`prints the USMCA certification in ${language}: title, hash, labels, goods table, anchor, two pages`, async () => {
      const pdf = await renderCredentialPdf({ ...base, language });
      assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
      const { pages, text } = pdfContent(pdf);
      assert.equal(pages, 2);
      const e = expected[language];
      assert.equal(text[0], e.title, 'the title comes first');
      for (const line of [e.scan, e.goods, e.page, record.hash, record.anchor.root, record.anchor.txHash!]) {
        assert.ok(text.includes(line), `${language}: "${line}" is printed`);
      }
      // Nested members are flattened with their labels; goods are table rows.
      assert.ok(text.includes('Av. López Mateos Sur 2375, 45050 Zapopan, JAL, MX'), 'address on one line');
      assert.ok(text.includes('Wooden dining tables, solid oak, 6-seat'));
      assert.ok(text.includes('9403.60'), 'HS code as heading.subheading');
      assert.ok(text.includes('1204117'), 'block number');
    });
  }

  it('prints a certification’s nine minimum data elements in the order of the official form, whatever the order of its members', async () => {
    const subject = (vc.credentialSubject ?? {}) as Record<string, unknown>;
    // The members in reverse: the printed order must come from the form, not from the JSON.
    const reversed = Object.fromEntries(Object.entries(subject).reverse());
    for (const credentialSubject of [subject, reversed]) {
      const { text } = pdfContent(
        await renderCredentialPdf({ ...base, verifiableCredential: { ...vc, credentialSubject } }),
      );
      const at = (line: string) => {
        const i = text.indexOf(line);
        assert.ok(i >= 0, `"${line}" is printed`);
        return i;
      };
      const order = [
        at('1. Certifier'),
        at('Producer'), // the certifier's role
        at('2. Certifier details'),
        at('Director de Comercio Exterior'),
        at('3. Exporter'),
        at('Exportadora del Pacífico S.A. de C.V.'),
        at('4. Producer'),
        at('5. Importer'),
        at('Great Lakes Home Furnishings LLC'),
        at('6–7. Description and HS tariff classification of the goods, origin criterion'),
        at('Wooden dining tables, solid oak, 6-seat'),
        at('9403.60'),
        at('8. Blanket period'),
        at('2025-12-31'),
        at('9. Authorized signature and date'),
        at('Ing. María Fernanda Ruiz Ortega'),
      ];
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        'elements in the official order',
      );
    }
  });

  it('says until when a blanket certification is good: the last day of its period, not "no end date"', async () => {
    for (const [language, until] of [
      ['en', '2025-12-31 (end of the blanket'],
      ['es', '2025-12-31 (fin del período general)'],
      ['fr', '2025-12-31 (fin de la période globale)'],
    ] as const) {
      const { text } = pdfContent(await renderCredentialPdf({ ...base, language }));
      assert.ok(
        text.some((line) => line.startsWith(until)),
        `${language}: ${text.slice(8, 16).join(' | ')}`,
      );
      assert.ok(!text.includes(pdfTexts[language].noEndDate));
    }
    // A record that states no period keeps "no end date".
    const minimal = {
      ...vc,
      type: ['VerifiableCredential', 'LpcoCredential'],
      credentialSubject: { permitNumber: 'P-1' },
    };
    const { text } = pdfContent(await renderCredentialPdf({ ...base, verifiableCredential: minimal }));
    assert.ok(text.includes('no end date'));
  });

  it('prints the issuer by its organisation’s name, with its DID', async () => {
    const { text } = pdfContent(await renderCredentialPdf({ ...base, issuerName: 'Muebles Artesanales de Jalisco' }));
    const issuer = text.slice(text.indexOf('Issuer') + 1, text.indexOf('Record ID')).join('');
    assert.match(issuer, /^Muebles Artesanales de Jalisco \(did:web:\s?producer\.example\)$/);
  });

  it('draws the QR code as vector modules that decode back to the same text, at least 60 mm wide', async () => {
    const pdf = await renderCredentialPdf(base);
    const { matrix, widthWithQuietZone } = pdfQrMatrix(pdf);
    const reference = QRCode.create(embedded.text, { errorCorrectionLevel: 'M' }).modules;
    assert.equal(matrix.length, reference.size);
    for (let r = 0; r < reference.size; r++)
      for (let c = 0; c < reference.size; c++) assert.equal(matrix[r]![c], Boolean(reference.get(r, c)), `${r},${c}`);
    assert.equal(decodeQrImage(matrixToPng(matrix, 4)), embedded.text);
    assert.ok(widthWithQuietZone >= 60 * MM, `${(widthWithQuietZone / MM).toFixed(1)} mm`);
    assert.ok(Math.abs(widthWithQuietZone / (reference.size + 8) - 0.5 * MM) < 0.01, '0.5 mm per module');
  });

  it('prints a pending record with a reference QR code on one page', async () => {
    const url = `https://node.example/v/${record.hash}`;
    const minimal = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'urn:uuid:1b7e0c43-8c1f-4d0e-9b1a-2f6d3c5e7a90',
      type: ['VerifiableCredential', 'ImportPermit'],
      issuer: { id: 'did:web:agency.example', name: 'Agencia Nacional de Sanidad' },
      validFrom: '2025-03-01T00:00:00Z',
      validUntil: '2025-09-01T00:00:00Z',
      credentialSubject: { permitNumber: 'P-42', holder: { name: 'Müller & Søn – Łódź 北京' }, refrigerated: true },
    };
    const { anchor: _, ...withoutAnchor } = base;
    const pdf = await renderCredentialPdf({
      ...withoutAnchor,
      verifiableCredential: minimal,
      status: 'pending',
      qrText: url,
    });
    const { pages, text } = pdfContent(pdf);
    assert.equal(pages, 1);
    assert.equal(text[0], 'Import permit');
    assert.ok(text.includes('Agencia Nacional de Sanidad (did:web:agency.example)'));
    assert.ok(text.includes('Issued, waiting to be sealed into a batch'));
    assert.ok(text.includes('Müller & Søn – ?ódz ??'), 'characters the standard fonts lack are replaced');
    assert.ok(text.includes('yes'));
    assert.equal(decodeQrImage(matrixToPng(pdfQrMatrix(pdf).matrix, 6)), url);
  });

  it('prints the goods table its record family gives: a CAFTA-DR line with its HTSUS number and General Note 29 rule', async () => {
    const cafta = {
      ...vc,
      type: ['VerifiableCredential', 'CAFTADRCertificationOfOrigin'],
      credentialSubject: {
        type: 'CAFTADRCertification',
        agreement: 'CAFTA_DR',
        goods: [
          { line: 1, description: 'Biscuits', hsCode: '1905909090', ruleRef: 'GN29(n)', invoiceReference: 'F-77' },
        ],
      },
    };
    const { text } = pdfContent(await renderCredentialPdf({ ...base, verifiableCredential: cafta }));
    const at = text.indexOf('Biscuits');
    // Line, description, its notes (the line's other members), then HS code, criterion, country.
    assert.deepEqual(text.slice(at - 1, at + 5), ['1', 'Biscuits', 'Invoice: F-77', '1905.90.90.90', 'GN29(n)', '—']);
  });

  it('prints a record of a family without a table as labelled rows, never guessing a goods table', async () => {
    const permit = {
      ...vc,
      type: ['VerifiableCredential', 'LpcoCredential'],
      credentialSubject: { items: [{ description: 'Live plants', hs6: '060290' }] },
    };
    const { text } = pdfContent(await renderCredentialPdf({ ...base, verifiableCredential: permit }));
    assert.ok(text.includes('Items · Description'));
    assert.ok(text.includes('060290'), 'printed as written, not as a family would');
    assert.ok(!text.includes('Country of origin'));
  });

  it('compresses page content by default', async () => {
    const { compress: _, ...defaults } = base;
    const pdf = await renderCredentialPdf(defaults);
    const raw = Buffer.from(pdf).toString('latin1');
    assert.ok(raw.startsWith('%PDF-'));
    assert.match(raw, /\/FlateDecode/);
    assert.ok(pdf.length < (await renderCredentialPdf(base)).length / 3);
    assert.deepEqual(pdfContent(pdf).text, pdfContent(await renderCredentialPdf(base)).text);
  });
});
