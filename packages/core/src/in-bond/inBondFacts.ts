import { formatHtsus } from '../certificate-of-origin/certificationFacts.ts';
import type { KeyFact, KeyFactsTable, PartyFacts, RecordKeyFacts } from '../families/FamilyDescriptor.ts';
import { findCbpPort } from '../ports/cbpPorts.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj).filter((o): o is Obj => o !== null) : []);
const whole = (v: unknown): string | null => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : null);

function partyOf(value: unknown): PartyFacts | null {
  const p = obj(value);
  if (p === null) return null;
  const address = obj(p.address);
  const line = address
    ? [address.streetAddress, address.addressLocality, address.addressRegion, address.postalCode]
        .map(str)
        .filter((s): s is string => s !== null)
        .join(', ')
    : (str(p.address) ?? '');
  return {
    name: str(p.name),
    title: null,
    address: line === '' ? null : line,
    country: str(address?.addressCountry) ?? str(p.addressCountry),
    phone: null,
    email: null,
    taxId: str(p.bondedCarrierId),
    importerNumber: null,
  };
}

/** `2704` → `2704 Los Angeles, CA` when the network knows the port. */
const portText = (code: unknown): string | null => {
  const c = str(code);
  if (c === null) return null;
  const port = findCbpPort(c);
  return port === undefined ? c : `${c} ${port.name}`;
};

/** One table of the record, or none when the subject lists nothing under `source`. */
function table(
  subject: Obj,
  label: string,
  source: string,
  columns: string[],
  cells: (row: Obj) => (string | null)[],
): KeyFactsTable[] {
  const rows = list(subject[source]);
  if (rows.length === 0) return [];
  const shown = new Set(['type', ...columns, 'hts', 'valueUsd', 'seal', 'number', 'quantity', 'unit', 'description']);
  return [
    {
      label,
      source,
      columns,
      rows: rows.map((row, i) => ({
        line: i + 1,
        cells: cells(row),
        rest: Object.fromEntries(Object.entries(row).filter(([k]) => !shown.has(k))),
      })),
    },
  ];
}

const quantityText = (row: Obj) => {
  const q = str(row.quantity);
  const unit = str(row.unit);
  return q === null ? null : unit === null ? q : `${q} ${unit}`;
};

/**
 * The key facts of an in-bond movement for the officer screen and the printed copy: its number, entry
 * type (a term: `61`, `62`, `63`), the liable carrier at filing, the route (origin → destination),
 * the foreign port, the destination facility, the conveyance (mode as a term, then name and voyage),
 * the value, shipper and consignee, and the bills, containers and goods as tables. Never throws.
 *
 * @param credential - the credential (possibly hostile or malformed).
 * @returns the facts as plain data.
 */
export function inBondKeyFacts(credential: Readonly<Record<string, unknown>>): RecordKeyFacts {
  const raw = credential.credentialSubject;
  const s = obj(Array.isArray(raw) ? raw[0] : raw) ?? {};
  const text = (label: string, value: string | null): KeyFact => ({
    label,
    value: value === null ? null : { kind: 'text', text: value },
  });
  const parties = (label: string, value: unknown, role?: string): KeyFact => {
    const party = partyOf(value);
    return { label, value: party === null ? null : { kind: 'parties', parties: [party], ...(role ? { role } : {}) } };
  };
  const entryType = str(s.entryType);
  const conveyance = obj(s.conveyance);
  const mode = str(conveyance?.mode);
  const origin = portText(s.originPort);
  const destination = portText(s.destinationPort);
  const vessel = [str(conveyance?.name), str(conveyance?.voyage)].filter((v): v is string => v !== null).join(' · ');
  const value = whole(s.valueUsd);
  const facts: KeyFact[] = [
    text('inBondNumber', str(s.inBondNumber)),
    { label: 'inBondEntryType', value: entryType === null ? null : { kind: 'term', term: entryType } },
    parties('inBondCarrier', s.carrier),
    text('inBondRoute', origin === null && destination === null ? null : `${origin ?? '?'} → ${destination ?? '?'}`),
  ];
  if (s.foreignPort !== undefined) facts.push(text('inBondForeignPort', str(s.foreignPort)));
  if (s.firmsCode !== undefined) facts.push(text('inBondFirmsCode', str(s.firmsCode)));
  facts.push({ label: 'inBondConveyance', value: mode === null ? null : { kind: 'term', term: mode } });
  if (vessel !== '') facts.push(text('inBondConveyanceName', vessel));
  if (s.vesselArrival !== undefined) facts.push(text('inBondVesselArrival', str(s.vesselArrival)));
  facts.push(
    text('inBondValue', value === null ? null : `USD ${value}`),
    text('inBondManifestQuantity', str(s.manifestQuantity)),
    parties('inBondShipper', s.shipper),
    parties('inBondConsignee', s.consignee),
  );
  return {
    facts,
    tables: [
      ...table(s, 'inBondBills', 'bills', ['number', 'quantity'], (b) => [str(b.number), quantityText(b)]),
      ...table(s, 'inBondContainers', 'containers', ['number', 'seal'], (c) => [str(c.number), str(c.seal)]),
      ...table(s, 'inBondGoods', 'goods', ['description', 'hs', 'quantity', 'value'], (g) => {
        const hts = str(g.hts);
        const v = whole(g.valueUsd);
        return [
          str(g.description),
          hts === null ? null : formatHtsus(hts),
          quantityText(g),
          v === null ? null : `USD ${v}`,
        ];
      }),
    ],
  };
}
