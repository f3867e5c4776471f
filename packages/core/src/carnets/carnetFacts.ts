import type { KeyFactValue, PartyFacts, RecordKeyFacts } from '../families/FamilyDescriptor.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** General List members shown in the table's columns; the others are the row's notes. */
const itemColumns = new Set(['item', 'description', 'pieces', 'value', 'currency', 'origin']);

function party(value: unknown): PartyFacts | null {
  const p = obj(value);
  if (p === null) return null;
  return {
    name: str(p.name),
    title: null,
    address: str(p.address),
    country: str(p.country),
    phone: null,
    email: null,
    taxId: null,
    importerNumber: null,
  };
}

/**
 * The key facts of an ATA carnet for the officer screen and the printed copy: carnet number, holder
 * (box A), representatives (box B), intended use (a term: `facts.carnetUse.<use>`), countries of
 * use, the period from issue to the last valid day, the security deposit, and the General List as a
 * table (each row's line is the item number; description, pieces, value with currency, origin).
 *
 * @param credential - the credential (possibly hostile or malformed); never throws.
 * @returns the facts as plain data.
 */
export function carnetKeyFacts(credential: Readonly<Record<string, unknown>>): RecordKeyFacts {
  const raw = credential.credentialSubject;
  const s = obj(Array.isArray(raw) ? raw[0] : raw) ?? {};
  const holder = party(s.holder);
  const representatives = list(s.representatives)
    .map(party)
    .filter((p): p is PartyFacts => p !== null);
  const countries = list(s.countries)
    .map(str)
    .filter((c): c is string => c !== null);
  const deposit = obj(s.securityDeposit);
  const security = deposit === null ? null : [str(deposit.type), str(deposit.amount), str(deposit.currency)];
  const text = (t: string | null): KeyFactValue | null => (t === null ? null : { kind: 'text', text: t });
  const carnetNumber = str(s.carnetNumber);
  const intendedUse = str(s.intendedUse);
  const facts: RecordKeyFacts['facts'] = [
    { label: 'carnetNumber', value: text(carnetNumber) },
    { label: 'carnetHolder', value: holder === null ? null : { kind: 'parties', parties: [holder] } },
    {
      label: 'carnetRepresentative',
      value: representatives.length === 0 ? null : { kind: 'parties', parties: representatives },
    },
    { label: 'carnetUse', value: intendedUse === null ? null : { kind: 'term', term: intendedUse } },
    { label: 'carnetCountries', value: text(countries.length === 0 ? null : countries.join(', ')) },
    {
      label: 'carnetPeriod',
      value:
        str(s.issueDate) === null && str(s.validUntil) === null
          ? null
          : { kind: 'period', from: str(s.issueDate), to: str(s.validUntil) },
    },
    {
      label: 'carnetSecurity',
      value: text(
        security === null || security.every((x) => x === null) ? null : security.filter((x) => x !== null).join(' '),
      ),
    },
  ];
  const items = list(s.generalList)
    .map(obj)
    .filter((g): g is Obj => g !== null);
  const pieces = (v: unknown) => (num(v) === null ? null : String(v));
  const value = (g: Obj) => {
    const v = str(g.value);
    const c = str(g.currency);
    return v === null ? null : c === null ? v : `${v} ${c}`;
  };
  return {
    facts,
    tables:
      items.length === 0
        ? []
        : [
            {
              label: 'carnetGeneralList',
              source: 'generalList',
              columns: ['description', 'pieces', 'value', 'origin'],
              rows: items.map((g) => ({
                line: num(g.item),
                cells: [str(g.description), pieces(g.pieces), value(g), str(g.origin)],
                rest: Object.fromEntries(Object.entries(g).filter(([k]) => !itemColumns.has(k))),
              })),
            },
          ],
  };
}
