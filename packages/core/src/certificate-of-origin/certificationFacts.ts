import type { KeyFactValue, PartyFacts, RecordKeyFacts } from '../families/FamilyDescriptor.ts';

/** A goods line of a certification as shown to people. */
export type GoodsFacts = {
  line: number | null;
  description: string | null;
  /** HS subheading (or CAFTA-DR HTSUS number) as printed: `dddd.dd`, `dddd.dd.dd`, `dddd.dd.dd.dd`. */
  hs: string | null;
  originCriterion: string | null;
  countryOfOrigin: string | null;
  invoiceReference: string | null;
};

/** What a certification of origin (USMCA, CAFTA-DR, NAFTA) states, as plain data; unknown facts are null. */
export type CertificationFacts = {
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

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Goods members the key facts' table shows in its columns; the others are the row's notes. */
const goodsColumns = new Set([
  'type',
  'line',
  'description',
  'hs6',
  'hsCode',
  'originCriterion',
  'ruleRef',
  'countryOfOrigin',
]);

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

/**
 * The facts of a certification's subject (USMCA, CAFTA-DR or NAFTA), from possibly hostile or
 * partial input: never throws, unknown facts are null.
 *
 * @param subject - the credential subject.
 * @returns the certification's facts.
 */
export function certificationFactsOf(subject: unknown): CertificationFacts {
  const s = obj(subject) ?? {};
  const producer = obj(s.producer);
  const scope = obj(s.scope);
  const signature = obj(s.signature);
  return {
    certificationNumber: str(s.certificationNumber),
    agreement: str(s.agreement),
    hsEdition: str(s.hsEdition),
    certifierRole: str(s.certifierRole),
    certifier: partyOf(s.certifier),
    exporter: partyOf(s.exporter),
    producer: {
      mode: str(producer?.mode),
      parties: list(producer?.parties)
        .map(partyOf)
        .filter((p): p is PartyFacts => p !== null),
    },
    importer: partyOf(s.importer),
    scope:
      scope?.type === 'BLANKET'
        ? { type: 'BLANKET', from: str(scope.from), to: str(scope.to) }
        : scope?.type === 'SINGLE'
          ? { type: 'SINGLE', invoiceNumber: str(scope.invoiceNumber) }
          : null,
    goods: goodsOf(s.goods).map(({ facts }) => facts),
    signature:
      signature === null
        ? null
        : { signer: str(signature.signer), title: str(signature.title), date: str(signature.date) },
    language: str(s.language),
  };
}

function goodsOf(value: unknown): { facts: GoodsFacts; item: Obj }[] {
  return list(value)
    .map(obj)
    .filter((g): g is Obj => g !== null)
    .map((g) => {
      // CAFTA-DR goods carry an HTSUS classification (6 to 10 digits) and a General Note 29 rule.
      const hs = str(g.hs6) ?? str(g.hsCode);
      return {
        item: g,
        facts: {
          line: num(g.line),
          description: str(g.description),
          hs: hs === null ? null : formatHtsus(hs),
          originCriterion: str(g.originCriterion) ?? str(g.ruleRef),
          countryOfOrigin: str(g.countryOfOrigin),
          invoiceReference: str(g.invoiceReference),
        },
      };
    });
}

/**
 * The key facts of a certification of origin for the officer screen and the printed copy: its
 * number, certifier (and capacity), exporter, producer, importer, the shipments it covers, the
 * signature, and the goods as a table.
 *
 * @param credential - the credential (possibly hostile or malformed).
 * @returns the facts as plain data.
 */
export function certificationKeyFacts(credential: Readonly<Record<string, unknown>>): RecordKeyFacts {
  const raw = credential.credentialSubject;
  const subject = obj(Array.isArray(raw) ? raw[0] : raw) ?? {};
  const c = certificationFactsOf(subject);
  const parties = (party: PartyFacts | null, role?: string | null): KeyFactValue | null =>
    party === null ? null : { kind: 'parties', parties: [party], ...(role ? { role } : {}) };
  const facts: RecordKeyFacts['facts'] = [];
  if (c.certificationNumber !== null)
    facts.push({ label: 'certificationNumber', value: { kind: 'text', text: c.certificationNumber } });
  facts.push(
    { label: 'certifier', value: parties(c.certifier, c.certifierRole) },
    { label: 'exporter', value: parties(c.exporter) },
    {
      label: 'producer',
      value:
        c.producer.parties.length > 0
          ? { kind: 'parties', parties: c.producer.parties }
          : c.producer.mode === null
            ? null
            : { kind: 'term', term: c.producer.mode },
    },
    { label: 'importer', value: parties(c.importer) },
    {
      label: 'scope',
      value:
        c.scope === null
          ? null
          : c.scope.type === 'BLANKET'
            ? { kind: 'period', from: c.scope.from, to: c.scope.to }
            : { kind: 'shipment', invoiceNumber: c.scope.invoiceNumber },
    },
  );
  if (c.signature !== null) facts.push({ label: 'signature', value: { kind: 'signature', ...c.signature } });
  const goods = goodsOf(subject.goods);
  return {
    facts,
    tables:
      goods.length === 0
        ? []
        : [
            {
              label: 'goods',
              source: 'goods',
              columns: ['description', 'hs', 'criterion', 'origin'],
              rows: goods.map(({ facts: g, item }) => ({
                line: g.line,
                cells: [g.description, g.hs, g.originCriterion, g.countryOfOrigin],
                rest: Object.fromEntries(Object.entries(item).filter(([k]) => !goodsColumns.has(k))),
              })),
            },
          ],
  };
}
