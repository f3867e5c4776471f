/** A party of a record (certifier, exporter, producer, importer) as shown to the officer. */
export type PartyFacts = {
  name: string | null;
  title: string | null;
  /** Street, locality, region and postal code on one line. */
  address: string | null;
  country: string | null;
  phone: string | null;
  email: string | null;
  taxId: string | null;
  importerNumber: string | null;
};

export type GoodsFacts = {
  line: number | null;
  description: string | null;
  /** HS subheading as printed: `dddd.dd`. */
  hs: string | null;
  originCriterion: string | null;
  countryOfOrigin: string | null;
  invoiceReference: string | null;
};

export type UsmcaFacts = {
  certificationNumber: string | null;
  agreement: string | null;
  hsEdition: string | null;
  certifierRole: string | null;
  certifier: PartyFacts | null;
  /** null when the record names no exporter. */
  exporter: PartyFacts | null;
  producer: { mode: string | null; parties: PartyFacts[] };
  importer: PartyFacts | null;
  scope:
    | { type: 'BLANKET'; from: string | null; to: string | null }
    | { type: 'SINGLE'; invoiceNumber: string | null }
    | null;
  goods: GoodsFacts[];
  signature: { signer: string | null; title: string | null; date: string | null } | null;
  language: string | null;
};

/** The facts of a record an officer needs at a glance (`usmca`: of any certification of origin). */
export type KeyFacts = {
  /** Types other than VerifiableCredential. */
  types: string[];
  name: string | null;
  id: string | null;
  issuer: string | null;
  issuerName: string | null;
  /** When it was signed (the proof's created time), else its validFrom. */
  issuedAt: string | null;
  validFrom: string | null;
  validUntil: string | null;
  usmca: UsmcaFacts | null;
};

/** The credential types of certifications of origin (USMCA, CAFTA-DR, legacy NAFTA). */
const certificationTypes = ['USMCACertificationOfOrigin', 'CAFTADRCertificationOfOrigin', 'NAFTACertificateOfOrigin'];
const certificationSubjectTypes = ['USMCACertification', 'CAFTADRCertification', 'NAFTACertificate'];

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** `940360` → `9403.60`; anything else unchanged. */
export function formatHs(code: string): string {
  return /^\d{6}$/.test(code) ? `${code.slice(0, 4)}.${code.slice(4)}` : code;
}

/** An HS or HTSUS number as printed: `9403.60`, `9403.60.40`, `9403.60.40.81`; anything else unchanged. */
export function formatHtsus(code: string): string {
  if (!/^\d{6}(\d{2}){0,2}$/.test(code)) return code;
  return code
    .match(/^(\d{4})(\d{2})(\d{2})?(\d{2})?$/)!
    .slice(1)
    .filter(Boolean)
    .join('.');
}

function partyOf(value: unknown): PartyFacts | null {
  const p = obj(value);
  if (p === null) return null;
  const address = obj(p.address);
  const line = address
    ? [address.streetAddress, address.addressLocality, address.addressRegion, address.postalCode]
        .map(str)
        .filter((s): s is string => s !== null)
        .join(', ')
    : '';
  return {
    name: str(p.name),
    title: str(p.title),
    address: line === '' ? null : line,
    country: str(address?.addressCountry) ?? str(p.addressCountry),
    phone: str(p.phone),
    email: str(p.email),
    taxId: str(p.taxId),
    importerNumber: str(p.importerNumber),
  };
}

function usmcaOf(subject: Obj): UsmcaFacts {
  const producer = obj(subject.producer);
  const scope = obj(subject.scope);
  const signature = obj(subject.signature);
  return {
    certificationNumber: str(subject.certificationNumber),
    agreement: str(subject.agreement),
    hsEdition: str(subject.hsEdition),
    certifierRole: str(subject.certifierRole),
    certifier: partyOf(subject.certifier),
    exporter: partyOf(subject.exporter),
    producer: {
      mode: str(producer?.mode),
      parties: list(producer?.parties)
        .map(partyOf)
        .filter((p): p is PartyFacts => p !== null),
    },
    importer: partyOf(subject.importer),
    scope:
      scope?.type === 'BLANKET'
        ? { type: 'BLANKET', from: str(scope.from), to: str(scope.to) }
        : scope?.type === 'SINGLE'
          ? { type: 'SINGLE', invoiceNumber: str(scope.invoiceNumber) }
          : null,
    goods: list(subject.goods)
      .map(obj)
      .filter((g): g is Obj => g !== null)
      .map((g) => {
        // CAFTA-DR goods carry an HTSUS classification (6 to 10 digits) and a General Note 29 rule.
        const hs = str(g.hs6) ?? str(g.hsCode);
        return {
          line: num(g.line),
          description: str(g.description),
          hs: hs === null ? null : formatHtsus(hs),
          originCriterion: str(g.originCriterion) ?? str(g.ruleRef),
          countryOfOrigin: str(g.countryOfOrigin),
          invoiceReference: str(g.invoiceReference),
        };
      }),
    signature:
      signature === null
        ? null
        : { signer: str(signature.signer), title: str(signature.title), date: str(signature.date) },
    language: str(subject.language),
  };
}

/** Extracts the key facts of a (possibly hostile or malformed) credential; unknown fields are null. */
export function keyFactsOf(credential: unknown): KeyFacts {
  const vc = obj(credential) ?? {};
  const types = list(vc.type).filter((t): t is string => typeof t === 'string' && t !== 'VerifiableCredential');
  const issuerObj = obj(vc.issuer);
  const subject = obj(Array.isArray(vc.credentialSubject) ? vc.credentialSubject[0] : vc.credentialSubject);
  const proof = obj(vc.proof);
  return {
    types,
    name: str(vc.name),
    id: str(vc.id),
    issuer: str(vc.issuer) ?? str(issuerObj?.id),
    issuerName: str(issuerObj?.name),
    issuedAt: str(proof?.created) ?? str(vc.validFrom),
    validFrom: str(vc.validFrom),
    validUntil: str(vc.validUntil),
    usmca:
      subject !== null &&
      (types.some((t) => certificationTypes.includes(t)) || certificationSubjectTypes.includes(String(subject.type)))
        ? usmcaOf(subject)
        : null,
  };
}
