/** Languages of the printed copy. */
export type PdfLanguage = 'en' | 'es' | 'fr';

/** Fixed texts of the printed copy. */
export type PdfTexts = {
  scanToVerify: string;
  issuer: string;
  recordId: string;
  issued: string;
  validFrom: string;
  validUntil: string;
  noEndDate: string;
  /** After a "valid until" date that is the last day of a blanket period. */
  periodEnd: string;
  subject: string;
  general: string;
  goods: string;
  line: string;
  description: string;
  hsCode: string;
  originCriterion: string;
  countryOfOrigin: string;
  ledger: string;
  status: string;
  statuses: { pending: string; sealed: string; anchored: string };
  batchRoot: string;
  position: string;
  positionInBatch: (leaf: number, size: number) => string;
  block: string;
  transaction: string;
  chain: string;
  anchoredAt: string;
  notAnchoredYet: string;
  hash: string;
  printed: string;
  page: (n: number, of: number) => string;
  embeddedNotice: string;
  referenceNotice: string;
  yes: string;
  no: string;
  subtitle: string;
};

/** Fixed texts by language. */
export const pdfTexts: Record<PdfLanguage, PdfTexts> = {
  en: {
    scanToVerify: 'Scan to verify',
    issuer: 'Issuer',
    recordId: 'Record ID',
    issued: 'Issued (signed)',
    validFrom: 'Valid from',
    validUntil: 'Valid until',
    noEndDate: 'no end date',
    periodEnd: 'end of the blanket period',
    subject: 'Certified information',
    general: 'General',
    goods: 'Goods',
    line: '#',
    description: 'Description',
    hsCode: 'HS code',
    originCriterion: 'Origin criterion',
    countryOfOrigin: 'Country of origin',
    ledger: 'Ledger',
    status: 'Status',
    statuses: {
      pending: 'Issued, waiting to be sealed into a batch',
      sealed: 'Sealed into a batch, waiting to be anchored',
      anchored: 'Anchored on the ledger',
    },
    batchRoot: 'Batch root',
    position: 'Position in batch',
    positionInBatch: (leaf, size) => `record ${leaf + 1} of ${size}`,
    block: 'Block',
    transaction: 'Transaction',
    chain: 'Chain ID',
    anchoredAt: 'Anchored at',
    notAnchoredYet:
      'The batch root is not on the ledger yet; a verifier reads this record as INCONCLUSIVE until it is.',
    hash: 'Record hash (SHA-256)',
    printed: 'Printed',
    page: (n, of) => `Page ${n} of ${of}`,
    embeddedNotice:
      'Printed copy of a digitally signed record. The QR code holds the whole record and its ledger proof: a Clearledger verifier checks the signature, the issuer, the anchoring and the status, even offline.',
    referenceNotice:
      'Printed copy of a digitally signed record. The QR code links to the record on the issuing node, where a Clearledger verifier checks the signature, the issuer, the anchoring and the status.',
    yes: 'yes',
    no: 'no',
    subtitle: 'W3C Verifiable Credential, signed with eddsa-jcs-2022',
  },
  es: {
    scanToVerify: 'Escanee para verificar',
    issuer: 'Emisor',
    recordId: 'Identificador del registro',
    issued: 'Emitido (firmado)',
    validFrom: 'Válido desde',
    validUntil: 'Válido hasta',
    noEndDate: 'sin fecha de vencimiento',
    periodEnd: 'fin del período general',
    subject: 'Información certificada',
    general: 'Datos generales',
    goods: 'Mercancías',
    line: 'N.º',
    description: 'Descripción',
    hsCode: 'Código SA',
    originCriterion: 'Criterio de origen',
    countryOfOrigin: 'País de origen',
    ledger: 'Registro distribuido',
    status: 'Estado',
    statuses: {
      pending: 'Emitido, pendiente de sellarse en un lote',
      sealed: 'Sellado en un lote, pendiente de anclaje',
      anchored: 'Anclado en el registro distribuido',
    },
    batchRoot: 'Raíz del lote',
    position: 'Posición en el lote',
    positionInBatch: (leaf, size) => `registro ${leaf + 1} de ${size}`,
    block: 'Bloque',
    transaction: 'Transacción',
    chain: 'Cadena (ID)',
    anchoredAt: 'Anclado el',
    notAnchoredYet:
      'La raíz del lote aún no está en el registro distribuido; hasta entonces, la verificación da INCONCLUSIVE.',
    hash: 'Huella del registro (SHA-256)',
    printed: 'Impreso',
    page: (n, of) => `Página ${n} de ${of}`,
    embeddedNotice:
      'Copia impresa de un registro firmado digitalmente. El código QR contiene el registro completo y su prueba de anclaje: un verificador Clearledger comprueba la firma, el emisor, el anclaje y el estado, incluso sin conexión.',
    referenceNotice:
      'Copia impresa de un registro firmado digitalmente. El código QR enlaza con el registro en el nodo emisor, donde un verificador Clearledger comprueba la firma, el emisor, el anclaje y el estado.',
    yes: 'sí',
    no: 'no',
    subtitle: 'Credencial verificable W3C, firmada con eddsa-jcs-2022',
  },
  fr: {
    scanToVerify: 'Scannez pour vérifier',
    issuer: 'Émetteur',
    recordId: "Identifiant de l'enregistrement",
    issued: 'Émis (signé) le',
    validFrom: 'Valable à partir du',
    validUntil: "Valable jusqu'au",
    noEndDate: 'sans date de fin',
    periodEnd: 'fin de la période globale',
    subject: 'Informations certifiées',
    general: 'Généralités',
    goods: 'Marchandises',
    line: 'N°',
    description: 'Désignation',
    hsCode: 'Code SH',
    originCriterion: "Critère d'origine",
    countryOfOrigin: "Pays d'origine",
    ledger: 'Registre distribué',
    status: 'Statut',
    statuses: {
      pending: 'Émis, en attente de scellement dans un lot',
      sealed: "Scellé dans un lot, en attente d'ancrage",
      anchored: 'Ancré dans le registre distribué',
    },
    batchRoot: 'Racine du lot',
    position: 'Position dans le lot',
    positionInBatch: (leaf, size) => `enregistrement ${leaf + 1} sur ${size}`,
    block: 'Bloc',
    transaction: 'Transaction',
    chain: 'Chaîne (ID)',
    anchoredAt: 'Ancré le',
    notAnchoredYet:
      "La racine du lot n'est pas encore dans le registre distribué ; d'ici là, la vérification donne INCONCLUSIVE.",
    hash: "Empreinte de l'enregistrement (SHA-256)",
    printed: 'Imprimé le',
    page: (n, of) => `Page ${n} sur ${of}`,
    embeddedNotice:
      "Copie imprimée d'un enregistrement signé électroniquement. Le code QR contient l'enregistrement complet et sa preuve d'ancrage : un vérificateur Clearledger contrôle la signature, l'émetteur, l'ancrage et le statut, même hors ligne.",
    referenceNotice:
      "Copie imprimée d'un enregistrement signé électroniquement. Le code QR renvoie à l'enregistrement sur le nœud émetteur, où un vérificateur Clearledger contrôle la signature, l'émetteur, l'ancrage et le statut.",
    yes: 'oui',
    no: 'non',
    subtitle: 'Attestation vérifiable W3C, signée avec eddsa-jcs-2022',
  },
};

/** Document titles by credential type (the last type that is not `VerifiableCredential`). */
export const recordTitles: Record<string, Record<PdfLanguage, string>> = {
  USMCACertificationOfOrigin: {
    en: 'USMCA Certification of Origin',
    es: 'Certificación de origen T-MEC',
    fr: "Certification d'origine ACEUM",
  },
  LpcoCredential: {
    en: 'Licence, permit or certificate (LPCO)',
    es: 'Licencia, permiso o certificado (LPCO)',
    fr: 'Licence, permis ou certificat (LPCO)',
  },
  AtaCarnetCredential: {
    en: 'ATA Carnet',
    es: 'Cuaderno ATA',
    fr: 'Carnet ATA',
  },
  InBondMovementCredential: {
    en: 'In-bond movement',
    es: 'Tránsito en depósito (in-bond)',
    fr: 'Transit sous douane (in-bond)',
  },
};

type Labels = Record<string, Record<PdfLanguage, string>>;

/**
 * Labels of a family's subject members that differ from the common ones (a permit's `scope` is what
 * it covers, not a period), by credential type; the wording follows the family's key facts.
 */
export const familyFieldLabels: Record<string, Labels> = {
  LpcoCredential: {
    lpcoType: { en: 'Document type', es: 'Tipo de documento', fr: 'Type de document' },
    agency: { en: 'Issuing agency', es: 'Agencia emisora', fr: 'Agence émettrice' },
    code: { en: 'Code', es: 'Código', fr: 'Code' },
    program: { en: 'Program', es: 'Programa', fr: 'Programme' },
    number: { en: 'Permit number', es: 'Número de permiso', fr: 'Numéro du permis' },
    holder: { en: 'Holder', es: 'Titular', fr: 'Titulaire' },
    country: { en: 'Country', es: 'País', fr: 'Pays' },
    designees: { en: 'Designee', es: 'Designado', fr: 'Personne désignée' },
    issuedOn: { en: 'Issued on', es: 'Emitido el', fr: 'Délivré le' },
    expiresOn: { en: 'Expires on', es: 'Vence el', fr: 'Expire le' },
    singleUse: { en: 'Single use (one consignment)', es: 'Uso único (un envío)', fr: 'Usage unique (un envoi)' },
    authorizedQuantity: { en: 'Authorised quantity', es: 'Cantidad autorizada', fr: 'Quantité autorisée' },
    value: { en: 'Quantity', es: 'Cantidad', fr: 'Quantité' },
    unit: { en: 'Unit', es: 'Unidad', fr: 'Unité' },
    scope: { en: 'Coverage', es: 'Cobertura', fr: 'Couverture' },
    hs: { en: 'HTS numbers covered', es: 'Números HTS cubiertos', fr: 'Numéros HTS couverts' },
    products: { en: 'Products covered', es: 'Productos cubiertos', fr: 'Produits couverts' },
    countries: { en: 'Countries covered', es: 'Países cubiertos', fr: 'Pays couverts' },
    ports: { en: 'Ports of entry covered', es: 'Puertos de entrada cubiertos', fr: 'Ports d’entrée couverts' },
    goodsDescription: { en: 'Goods', es: 'Mercancías', fr: 'Marchandises' },
  },
  AtaCarnetCredential: {
    carnetNumber: { en: 'Carnet number', es: 'Número de cuaderno', fr: 'Numéro du carnet' },
    issuingAssociation: { en: 'Issuing association', es: 'Asociación expedidora', fr: 'Association émettrice' },
    country: { en: 'Country', es: 'País', fr: 'Pays' },
    holder: { en: 'Holder', es: 'Titular', fr: 'Titulaire' },
    representatives: { en: 'Representative', es: 'Representante', fr: 'Représentant' },
    intendedUse: { en: 'Intended use', es: 'Uso previsto', fr: 'Utilisation prévue' },
    countries: { en: 'Countries of use', es: 'Países de uso', fr: 'Pays d’utilisation' },
    issueDate: { en: 'Issued on', es: 'Expedido el', fr: 'Délivré le' },
    validUntil: { en: 'Valid until', es: 'Válido hasta', fr: 'Valable jusqu’au' },
    generalList: { en: 'General List', es: 'Lista general', fr: 'Liste générale' },
    item: { en: 'Item', es: 'Partida', fr: 'Article' },
    description: { en: 'Description', es: 'Descripción', fr: 'Désignation' },
    origin: { en: 'Country of origin', es: 'País de origen', fr: "Pays d'origine" },
    pieces: { en: 'Pieces', es: 'Piezas', fr: 'Pièces' },
    value: { en: 'Value', es: 'Valor', fr: 'Valeur' },
    currency: { en: 'Currency', es: 'Moneda', fr: 'Devise' },
    weightKg: { en: 'Weight (kg)', es: 'Peso (kg)', fr: 'Poids (kg)' },
    securityDeposit: { en: 'Security deposit', es: 'Garantía', fr: 'Garantie' },
    type: { en: 'Kind', es: 'Clase', fr: 'Nature' },
    amount: { en: 'Amount', es: 'Importe', fr: 'Montant' },
  },
  InBondMovementCredential: {
    inBondNumber: {
      en: 'In-bond number',
      es: 'Número de tránsito en depósito (in-bond)',
      fr: 'Numéro de transit sous douane (in-bond)',
    },
    entryType: {
      en: 'Entry type (61 IT, 62 T&E, 63 IE)',
      es: 'Tipo de tránsito (61 IT, 62 T&E, 63 IE)',
      fr: 'Type de transit (61 IT, 62 T&E, 63 IE)',
    },
    carrier: { en: 'Bonded carrier', es: 'Transportista afianzado', fr: 'Transporteur sous douane' },
    bondedCarrierId: {
      en: 'Bonded carrier number',
      es: 'Número de transportista afianzado',
      fr: 'Numéro de transporteur sous douane',
    },
    scac: { en: 'SCAC', es: 'SCAC', fr: 'SCAC' },
    originPort: { en: 'Port of origin', es: 'Puerto de origen', fr: "Port d'origine" },
    destinationPort: { en: 'Port of destination', es: 'Puerto de destino', fr: 'Port de destination' },
    foreignPort: {
      en: 'Foreign port (Schedule K)',
      es: 'Puerto extranjero (Schedule K)',
      fr: 'Port étranger (Schedule K)',
    },
    firmsCode: {
      en: 'Destination facility (FIRMS code)',
      es: 'Instalación de destino (código FIRMS)',
      fr: 'Installation de destination (code FIRMS)',
    },
    conveyance: { en: 'Conveyance', es: 'Medio de transporte', fr: 'Moyen de transport' },
    mode: { en: 'Mode', es: 'Modo', fr: 'Mode' },
    voyage: { en: 'Voyage', es: 'Viaje', fr: 'Voyage' },
    description: { en: 'Description', es: 'Descripción', fr: 'Désignation' },
    vesselArrival: { en: 'Vessel arrival', es: 'Llegada del buque', fr: 'Arrivée du navire' },
    bills: { en: 'Bills of lading', es: 'Conocimientos de embarque', fr: 'Connaissements' },
    number: { en: 'Number', es: 'Número', fr: 'Numéro' },
    quantity: { en: 'Quantity', es: 'Cantidad', fr: 'Quantité' },
    unit: { en: 'Unit', es: 'Unidad', fr: 'Unité' },
    containers: { en: 'Containers', es: 'Contenedores', fr: 'Conteneurs' },
    seal: { en: 'Seal', es: 'Precinto', fr: 'Scellé' },
    hts: { en: 'HTS number', es: 'Número HTS', fr: 'Numéro HTS' },
    value: { en: 'Value', es: 'Valor', fr: 'Valeur' },
    valueUsd: { en: 'Value (USD)', es: 'Valor (USD)', fr: 'Valeur (USD)' },
    weightKg: { en: 'Weight (kg)', es: 'Peso (kg)', fr: 'Poids (kg)' },
    manifestQuantity: { en: 'Manifest quantity', es: 'Cantidad manifestada', fr: 'Quantité manifestée' },
    shipper: { en: 'Shipper', es: 'Embarcador', fr: 'Expéditeur' },
    consignee: { en: 'Consignee', es: 'Consignatario', fr: 'Destinataire' },
  },
};

/** Labels of credential subject members by key; unknown keys are spelled out from their camelCase. */
export const fieldLabels: Record<string, Record<PdfLanguage, string>> = {
  id: { en: 'Identifier', es: 'Identificador', fr: 'Identifiant' },
  agreement: { en: 'Agreement', es: 'Tratado', fr: 'Accord' },
  hsEdition: { en: 'HS edition', es: 'Edición del SA', fr: 'Édition du SH' },
  certificationNumber: { en: 'Certification number', es: 'Número de certificación', fr: 'Numéro de certification' },
  certifierRole: { en: 'Certifier role', es: 'Calidad del certificador', fr: 'Qualité du certificateur' },
  certifier: { en: 'Certifier', es: 'Certificador', fr: 'Certificateur' },
  exporter: { en: 'Exporter', es: 'Exportador', fr: 'Exportateur' },
  producer: { en: 'Producer', es: 'Productor', fr: 'Producteur' },
  importer: { en: 'Importer', es: 'Importador', fr: 'Importateur' },
  name: { en: 'Name', es: 'Nombre', fr: 'Nom' },
  title: { en: 'Title', es: 'Cargo', fr: 'Fonction' },
  address: { en: 'Address', es: 'Domicilio', fr: 'Adresse' },
  phone: { en: 'Telephone', es: 'Teléfono', fr: 'Téléphone' },
  email: { en: 'Email', es: 'Correo electrónico', fr: 'Courriel' },
  taxId: {
    en: 'Tax identification number',
    es: 'Número de identificación fiscal',
    fr: "Numéro d'identification fiscale",
  },
  mode: { en: 'Mode', es: 'Modalidad', fr: 'Modalité' },
  parties: { en: 'Party', es: 'Parte', fr: 'Partie' },
  addressCountry: { en: 'Country', es: 'País', fr: 'Pays' },
  importerNumber: { en: 'Importer number', es: 'Número de importador', fr: "Numéro d'importateur" },
  scope: { en: 'Period covered', es: 'Período que cubre', fr: 'Période couverte' },
  type: { en: 'Type', es: 'Tipo', fr: 'Type' },
  from: { en: 'From', es: 'Desde', fr: 'Du' },
  to: { en: 'To', es: 'Hasta', fr: 'Au' },
  goods: { en: 'Goods', es: 'Mercancías', fr: 'Marchandises' },
  signature: { en: 'Signature', es: 'Firma', fr: 'Signature' },
  signer: { en: 'Signed by', es: 'Firmado por', fr: 'Signé par' },
  date: { en: 'Date', es: 'Fecha', fr: 'Date' },
  statementVersion: { en: 'Statement version', es: 'Versión de la declaración', fr: 'Version de la déclaration' },
  language: { en: 'Language', es: 'Idioma', fr: 'Langue' },
  englishTranslationRef: { en: 'English translation', es: 'Traducción al inglés', fr: 'Traduction anglaise' },
  supersedes: { en: 'Supersedes', es: 'Sustituye a', fr: 'Remplace' },
  invoiceReference: { en: 'Invoice', es: 'Factura', fr: 'Facture' },
  blanketPeriod: { en: 'Blanket period', es: 'Período global', fr: 'Période globale' },
};

/** Spelled-out values of common codes; other values print as they are. */
export const valueLabels: Record<string, Record<PdfLanguage, string>> = {
  PRODUCER: { en: 'Producer', es: 'Productor', fr: 'Producteur' },
  EXPORTER: { en: 'Exporter', es: 'Exportador', fr: 'Exportateur' },
  IMPORTER: { en: 'Importer', es: 'Importador', fr: 'Importateur' },
  BLANKET: { en: 'Blanket period', es: 'Período global', fr: 'Période globale' },
  SINGLE: { en: 'Single shipment', es: 'Embarque único', fr: 'Envoi unique' },
  LISTED: { en: 'Listed below', es: 'Enumerados', fr: 'Énumérés' },
  VARIOUS: { en: 'Various', es: 'Varios', fr: 'Divers' },
  AVAILABLE_UPON_REQUEST: {
    en: 'Available upon request',
    es: 'Disponible a solicitud',
    fr: 'Disponible sur demande',
  },
  // Permits, carnets and in-bond movements.
  LICENSE: { en: 'Licence', es: 'Licencia', fr: 'Licence' },
  PERMIT: { en: 'Permit', es: 'Permiso', fr: 'Permis' },
  CERTIFICATE: { en: 'Certificate', es: 'Certificado', fr: 'Certificat' },
  COMMERCIAL_SAMPLES: { en: 'Commercial samples', es: 'Muestras comerciales', fr: 'Échantillons commerciaux' },
  PROFESSIONAL_EQUIPMENT: { en: 'Professional equipment', es: 'Material profesional', fr: 'Matériel professionnel' },
  EXHIBITIONS_FAIRS: { en: 'Exhibitions and fairs', es: 'Exposiciones y ferias', fr: 'Expositions et foires' },
  BOND: { en: 'Bond', es: 'Fianza', fr: 'Caution' },
  CASH: { en: 'Cash deposit', es: 'Depósito en efectivo', fr: 'Dépôt en espèces' },
  CLAIM_DEPOSIT: { en: 'Claim deposit', es: 'Depósito para reclamaciones', fr: 'Dépôt de réclamation' },
  VESSEL: { en: 'Vessel', es: 'Buque', fr: 'Navire' },
  BARGE: { en: 'Barge', es: 'Barcaza', fr: 'Barge' },
  RAIL: { en: 'Rail', es: 'Ferrocarril', fr: 'Rail' },
  TRUCK: { en: 'Truck', es: 'Camión', fr: 'Camion' },
  AIR: { en: 'Air', es: 'Aéreo', fr: 'Aérien' },
};

/**
 * The label of a member key: the family's (`family` = the credential type), else the common
 * dictionary's, else `someKeyName` → `Some key name`.
 */
export function labelOf(key: string, language: PdfLanguage, family?: string): string {
  const known =
    (family === undefined ? undefined : familyFieldLabels[family]?.[key]?.[language]) ?? fieldLabels[key]?.[language];
  if (known !== undefined) return known;
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Column headings of a record family's tables, by column label (`goods.hs` is the HS code column). */
export const columnTexts: Readonly<Record<string, keyof PdfTexts>> = {
  description: 'description',
  hs: 'hsCode',
  criterion: 'originCriterion',
  origin: 'countryOfOrigin',
};

/** One minimum data element of a certification of origin, as the official form numbers and names it. */
export type CertificationElement = { key: string; number: string; title: Record<PdfLanguage, string> };

const usmcaElements: readonly CertificationElement[] = [
  { key: 'certifierRole', number: '1', title: { en: 'Certifier', es: 'Certificador', fr: 'Certificateur' } },
  {
    key: 'certifier',
    number: '2',
    title: { en: 'Certifier details', es: 'Datos del certificador', fr: 'Coordonnées du certificateur' },
  },
  { key: 'exporter', number: '3', title: { en: 'Exporter', es: 'Exportador', fr: 'Exportateur' } },
  { key: 'exporterUnknown', number: '3', title: { en: 'Exporter', es: 'Exportador', fr: 'Exportateur' } },
  { key: 'producer', number: '4', title: { en: 'Producer', es: 'Productor', fr: 'Producteur' } },
  { key: 'importer', number: '5', title: { en: 'Importer', es: 'Importador', fr: 'Importateur' } },
  {
    key: 'goods',
    number: '6–7',
    title: {
      en: 'Description and HS tariff classification of the goods, origin criterion',
      es: 'Descripción y clasificación arancelaria SA de las mercancías, criterio de origen',
      fr: 'Désignation et classement tarifaire SH des marchandises, critère d’origine',
    },
  },
  { key: 'scope', number: '8', title: { en: 'Blanket period', es: 'Período general', fr: 'Période globale' } },
  {
    key: 'signature',
    number: '9',
    title: { en: 'Authorized signature and date', es: 'Firma autorizada y fecha', fr: 'Signature autorisée et date' },
  },
];

/**
 * The minimum data elements of a certification of origin in the order of the official form (USMCA
 * Annex 5-A; CAFTA-DR 19 CFR 10.584 asks for the same), by subject member; null for another record.
 * A single-shipment certification's element 8 is its invoice, not a blanket period.
 */
export function certificationElements(subject: Record<string, unknown>): readonly CertificationElement[] | null {
  if (
    subject.type !== 'USMCACertification' &&
    subject.type !== 'CAFTADRCertification' &&
    subject.type !== 'NAFTACertificate'
  )
    return null;
  const scope = subject.scope as { type?: unknown } | null | undefined;
  if (scope?.type !== 'SINGLE') return usmcaElements;
  return usmcaElements.map((e) =>
    e.key === 'scope' ? { ...e, title: { en: 'Single shipment', es: 'Envío único', fr: 'Envoi unique' } } : e,
  );
}
