import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pdfContent } from '../../../../test/helpers/pdfContent.ts';
import { demoCarnet, demoForm6, demoInBondNumbers, demoMovement } from '../demo/demoInstruments.ts';
import { familyFieldLabels, fieldLabels, type PdfLanguage } from './pdfLabels.ts';
import { renderCredentialPdf } from './renderCredentialPdf.ts';

const HASH = 'a'.repeat(64);

/** The printed copy's text lines of `credential` in `language`. */
const printed = async (credential: Record<string, unknown>, language: PdfLanguage) => {
  const pdf = await renderCredentialPdf({
    verifiableCredential: { ...credential, id: 'urn:uuid:7f0c5c1e-1d7a-4a43-9d55-3c1f0f6d2b10' },
    hash: HASH,
    status: 'pending',
    qrText: `https://node.example/r/${HASH}`,
    language,
    printedAt: '2026-12-08T10:00:00Z',
    compress: false,
  });
  return pdfContent(pdf).text;
};

/** Every member key of `value`, at any depth. */
const keysOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(keysOf)
    : typeof value === 'object' && value !== null
      ? Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)])
      : [];

/** Text that looks like a spelled-out member key (`someKey`) or an unnamed one. */
const camelCase = /\b[a-z]+[A-Z][A-Za-z]*\b/;

const families = [
  {
    type: 'LpcoCredential',
    credential: demoForm6(),
    en: [
      'Licence, permit or certificate (LPCO)',
      'Permit number',
      'Authorised quantity',
      'Quantity',
      'Coverage',
      'Ports of entry covered',
      'Document type',
      'Permit',
    ],
    es: [
      'Licencia, permiso o certificado (LPCO)',
      'Número de permiso',
      'Cantidad autorizada',
      'Cantidad',
      'Cobertura',
      'Puertos de entrada cubiertos',
      'Tipo de documento',
      'Permiso',
    ],
  },
  {
    type: 'AtaCarnetCredential',
    credential: demoCarnet(),
    en: [
      'ATA Carnet',
      'Carnet number',
      'Intended use',
      'Commercial samples',
      'General List',
      'Pieces',
      'Security deposit',
      'Amount',
    ],
    es: [
      'Cuaderno ATA',
      'Número de cuaderno',
      'Uso previsto',
      'Muestras comerciales',
      'Lista general',
      'Piezas',
      'Garantía',
      'Importe',
    ],
  },
  {
    type: 'InBondMovementCredential',
    credential: demoMovement('carrier', demoInBondNumbers.onTime),
    en: [
      'In-bond movement',
      'In-bond number',
      'Bonded carrier',
      'Bonded carrier number',
      'Destination facility (FIRMS code)',
      'Conveyance',
      'Mode',
      'Truck',
      'Bills of lading',
      'Seal',
    ],
    es: [
      'Tránsito en depósito (in-bond)',
      'Número de tránsito en depósito (in-bond)',
      'Transportista afianzado',
      'Número de transportista afianzado',
      'Instalación de destino (código FIRMS)',
      'Medio de transporte',
      'Modo',
      'Camión',
      'Conocimientos de embarque',
      'Precinto',
    ],
  },
] as const;

describe('printed copies of permits, carnets and in-bond movements', () => {
  for (const family of families) {
    it(`${family.type}: every member of the record has a label in English, Spanish and French`, () => {
      const subject = family.credential.credentialSubject;
      for (const key of new Set(keysOf(subject))) {
        if (key === 'type') continue;
        for (const language of ['en', 'es', 'fr'] as const)
          assert.ok(
            familyFieldLabels[family.type]?.[key]?.[language] ?? fieldLabels[key]?.[language],
            `${family.type} ${key} in ${language}`,
          );
      }
    });
    for (const language of ['en', 'es'] as const) {
      it(`${family.type} printed in ${language}: its title, its labels, no member spelled out from its key`, async () => {
        const text = await printed(family.credential, language);
        assert.equal(text[0], family[language][0], 'the title comes first');
        for (const line of family[language]) assert.ok(text.includes(line), `"${line}" is printed`);
        const spelled = text.filter((l) => camelCase.test(l) && !l.includes('://') && !l.startsWith('did:'));
        assert.deepEqual(spelled, [], 'no camelCase member names');
      });
    }
  }
});
