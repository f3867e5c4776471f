import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';

/**
 * The same USMCA certification content as an OpenAttestation v2 raw document (OpenAttestation needs
 * `$template` and `issuers`; the certification fields are the same).
 */
export function openAttestationDoc(serial: number): Record<string, unknown> {
  const { credentialSubject } = usmcaCertification({ issuer: 'did:web:producer.example', serial });
  return {
    $template: { name: 'USMCA_CERTIFICATION', type: 'EMBEDDED_RENDERER', url: 'https://renderer.producer.example' },
    issuers: [
      {
        name: 'Muebles Artesanales de Jalisco',
        documentStore: '0x9178F546D3FF57D7A6352bD61B80cCCD46199C2d',
        identityProof: { type: 'DNS-TXT', location: 'producer.example' },
      },
    ],
    ...credentialSubject,
  };
}
