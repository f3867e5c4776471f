/**
 * A compact-QR dictionary: the JSON-LD terms of our contexts and the fixed string values of the record
 * types, each replaced by its position in the list. A published version never changes; a new term or
 * value makes a new version (the old ones stay so printed QR codes keep decoding).
 * `docs/decisions/0007-compact-qr.md` gives the reasoning.
 */
export type QrDictionary = {
  /** The version written in the payload header (1–255). */
  version: number;
  /** Object keys: key `terms[i]` is written as the integer `i`. */
  terms: readonly string[];
  /** String values: the value `values[i]` is written as the integer `i` under the dictionary tag. */
  values: readonly string[];
  /**
   * Preset DEFLATE dictionary (RFC 1951 distances into it) for the free text: words that certifications
   * of origin often hold — company forms, titles, address words, goods vocabulary — in en/es/fr.
   */
  text: string;
};

/**
 * Version 1. The most frequent keys come first: CBOR writes integers 0–23 in one byte, 24–255 in two.
 */
export const QR_DICTIONARY_V1: QrDictionary = Object.freeze({
  version: 1,
  terms: Object.freeze([
    // 0–23 (written 0…23) and 24–47 (written −1…−24): one byte each; the terms of a certification
    'line',
    'description',
    'hs6',
    'originCriterion',
    'invoiceReference',
    'name',
    'address',
    'streetAddress',
    'addressLocality',
    'addressRegion',
    'postalCode',
    'addressCountry',
    'phone',
    'email',
    'type',
    'title',
    '@context',
    'id',
    'issuer',
    'validFrom',
    'validUntil',
    'credentialSubject',
    'proof',
    'taxId',
    'agreement',
    'hsEdition',
    'certificationNumber',
    'certifierRole',
    'certifier',
    'exporter',
    'producer',
    'mode',
    'parties',
    'importer',
    'importerNumber',
    'scope',
    'from',
    'to',
    'goods',
    'signature',
    'signer',
    'date',
    'statementVersion',
    'language',
    'cryptosuite',
    'created',
    'verificationMethod',
    'proofPurpose',
    // 48 and over: two bytes each
    'proofValue',
    'englishTranslationRef',
    'supersedes',
    'exporterUnknown',
    'hash',
    'invoiceNumber',
    'reference',
    'ruleRef',
    'rvcMethod',
    'hsCode',
    'producerIndicator',
    'netCost',
    'netCostPeriod',
    'countryOfOrigin',
    'document',
    'issuedIn',
    'credentialStatus',
    'statusPurpose',
    'statusListIndex',
    'statusListCredential',
    'evidence',
    'termsOfUse',
    'refreshService',
    'credentialSchema',
  ]),
  values: Object.freeze([
    // 0–23, then 24–47: one byte each after the tag
    'https://www.w3.org/ns/credentials/v2',
    'https://clearledger.dev/ns/v1',
    'VerifiableCredential',
    'USMCACertificationOfOrigin',
    'USMCACertification',
    'USMCA Certification of Origin',
    'USMCA',
    'HS2022',
    'PRODUCER',
    'EXPORTER',
    'IMPORTER',
    'LISTED',
    'BLANKET',
    'SINGLE',
    'USMCA-5A-9',
    'DataIntegrityProof',
    'eddsa-jcs-2022',
    'assertionMethod',
    'VARIOUS',
    'UNKNOWN',
    'CONFIDENTIAL',
    'SAME',
    'STANDALONE',
    'INVOICE',
    'COMMERCIAL_DOCUMENT',
    'CAFTADRCertificationOfOrigin',
    'CAFTADRCertification',
    'CAFTA-DR Certification of Origin',
    'CAFTA_DR',
    'NAFTACertificateOfOrigin',
    'NAFTACertificate',
    'NAFTA',
    'HS2017',
    'BitstringStatusListEntry',
    'revocation',
    'suspension',
    'https://www.w3.org/ns/credentials/examples/v2',
  ]),
  text: [
    // Goods: the wording of the Harmonized System headings the USMCA trade uses most, sector by sector
    // (food, chemicals and plastics, textiles, wood and furniture, metals, machinery, vehicles, instruments).
    'Live animals, meat, fish, dairy, vegetables, fruit, nuts, coffee, cereals, flour, sugar, cocoa, beverages,',
    'tequila, beer, juice; fresh, chilled, frozen, dried, prepared, preserved, avocados, tomatoes, berries,',
    'Chemicals, pharmaceutical, fertilizers, paints, cosmetics, soap, plastics, polymers, tubes, pipes, sheets,',
    'film, bags, containers, rubber, tires; Textiles, yarn, fabric, woven, knitted, cotton, wool, synthetic,',
    'apparel, garments, shirts, trousers, footwear, leather; Wood, wooden, plywood, paper, paperboard, cartons,',
    'Furniture and parts thereof, seats, chairs, tables, cabinets, of a kind used in offices, in the kitchen,',
    'in the bedroom, upholstered, with wooden frames, of metal, assembled, mattresses, lamps; Articles of stone,',
    'ceramic, glass, iron or steel, aluminium, copper; bars, wire, screws, bolts, fittings, castings, tools,',
    'Machinery, mechanical appliances, engines, pumps, compressors, valves, bearings, electrical equipment,',
    'motors, transformers, wiring harnesses, cables, circuit boards, televisions, refrigerators, computers,',
    'Motor vehicles, trucks, tractors, parts and accessories, brakes, gear boxes, axles, bodies, bumpers,',
    'instruments, medical devices, optical; Productos, partes y piezas, acero, madera, muebles, de plástico;',
    'Produits, pièces, acier, bois, meubles, en plastique',
    // People, titles and addresses
    'Export Manager, Compliance Manager, Trade Compliance, Logistics, Director General, Gerente de Exportación,',
    'Directeur, Directrice, Gérant, President, Vice President, Lic. Ing. Director de Comercio Exterior, Directora de',
    'Calle, Avenida, Av. Blvd. Boulevard, Carretera, Parque Industrial, Col. Centro, Street, St., Ave, Avenue,',
    'Road, Rd., Drive, Suite, Floor, Piso, No. Inc. Ltd. Ltée, Corp. Corporation, Company, Co. LLC, S.A. de C.V.',
    'S. de R.L. de C.V., S.A.P.I. de C.V., Mexicana, Manufacturing, Industries, Industrial, International, Group',
    'Exportadora, Importadora, Comercializadora, Distribuidora, Internacional, del, de la, y, and, of, the',
    // Contacts and references, the most frequent last (DEFLATE reaches the end of the dictionary cheapest)
    '.com.mx .ca .com info@ sales@ export@ ventas@ contacto@ compliance@ +1 +52 ',
    'invoice INV- PO- did:web:',
  ].join('\n'),
});

const presetCache = new WeakMap<QrDictionary, Uint8Array>();

/** The dictionary's preset DEFLATE text as UTF-8 bytes. */
export function presetText(dictionary: QrDictionary): Uint8Array {
  let bytes = presetCache.get(dictionary);
  if (bytes === undefined) {
    bytes = new TextEncoder().encode(dictionary.text);
    presetCache.set(dictionary, bytes);
  }
  return bytes;
}

/** Every dictionary a decoder knows, by version. */
export const QR_DICTIONARIES: ReadonlyMap<number, QrDictionary> = new Map([[1, QR_DICTIONARY_V1]]);

/** The dictionary new QR codes are written with. */
export const QR_CURRENT_DICTIONARY: QrDictionary = QR_DICTIONARY_V1;
