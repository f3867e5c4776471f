/**
 * A USMCA certification of origin of the demo producer (the nine minimum data elements, blanket
 * period of the current year, goods lines of wooden furniture), as an unsigned credential.
 */
export function demoCertification(issuer: string, serial: number): Record<string, unknown> {
  const year = new Date().getUTCFullYear();
  const goods = [
    { description: 'Wooden dining tables, solid oak, 6-seat', hs6: '940360', originCriterion: 'B' },
    { description: 'Wooden dining chairs, oak, upholstered seat', hs6: '940161', originCriterion: 'B' },
    { description: 'Kitchen cabinets of wood, assembled', hs6: '940340', originCriterion: 'C' },
  ].slice(0, 1 + (serial % 3));
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
    type: ['VerifiableCredential', 'USMCACertificationOfOrigin'],
    issuer,
    validFrom: `${year}-01-01T00:00:00Z`,
    validUntil: `${year}-12-31T23:59:59Z`,
    name: 'USMCA Certification of Origin',
    credentialSubject: {
      type: 'USMCACertification',
      agreement: 'USMCA',
      hsEdition: 'HS2022',
      certificationNumber: `MX-MAJ-${year}-${String(serial).padStart(5, '0')}`,
      certifierRole: 'PRODUCER',
      certifier: {
        name: 'Muebles Artesanales de Jalisco S.A. de C.V.',
        title: 'Directora de Comercio Exterior',
        address: {
          streetAddress: 'Av. López Mateos Sur 2375',
          addressLocality: 'Zapopan',
          addressRegion: 'JAL',
          postalCode: '45050',
          addressCountry: 'MX',
        },
        phone: '+52 33 3880 1200',
        email: 'comercio.exterior@muebles-jalisco.example',
        taxId: 'MAJ010203AB1',
      },
      exporter: {
        name: 'Muebles Artesanales de Jalisco S.A. de C.V.',
        address: {
          streetAddress: 'Av. López Mateos Sur 2375',
          addressLocality: 'Zapopan',
          addressRegion: 'JAL',
          postalCode: '45050',
          addressCountry: 'MX',
        },
        phone: '+52 33 3880 1200',
        email: 'comercio.exterior@muebles-jalisco.example',
      },
      producer: {
        mode: 'LISTED',
        parties: [{ name: 'Muebles Artesanales de Jalisco S.A. de C.V.', addressCountry: 'MX' }],
      },
      importer: {
        name: 'Great Lakes Home Furnishings LLC',
        address: {
          streetAddress: '1200 Woodward Ave',
          addressLocality: 'Detroit',
          addressRegion: 'MI',
          postalCode: '48226',
          addressCountry: 'US',
        },
        phone: '+1 313 555 0142',
        email: 'trade.compliance@greatlakeshome.example',
      },
      scope: { type: 'BLANKET', from: `${year}-01-01`, to: `${year}-12-31` },
      goods: goods.map((g, i) => ({ line: i + 1, ...g })),
      signature: {
        signer: 'Ing. María Fernanda Ruiz Ortega',
        title: 'Directora de Comercio Exterior',
        date: `${year}-01-02`,
        statementVersion: 'USMCA-5A-9',
      },
      language: 'en',
      englishTranslationRef: null,
      supersedes: null,
    },
  };
}
