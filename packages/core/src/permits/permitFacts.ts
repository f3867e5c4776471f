import { formatHtsus } from '../certificate-of-origin/certificationFacts.ts';
import type { KeyFactValue, PartyFacts, RecordKeyFacts } from '../families/FamilyDescriptor.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const strings = (v: unknown): string[] | null =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : null;

function partyOf(value: unknown): PartyFacts | null {
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
    importerNumber: str(p.importerNumber),
  };
}

const text = (v: string | null): KeyFactValue | null => (v === null ? null : { kind: 'text', text: v });

/** A scope dimension: its list, `ANY` when absent (no restriction), null when malformed. */
function dimension(value: unknown, format: (s: string) => string = (s) => s): KeyFactValue | null {
  if (value === undefined) return { kind: 'term', term: 'ANY' };
  const list = strings(value);
  return list === null || list.length === 0 ? null : { kind: 'text', text: list.map(format).join(', ') };
}

/**
 * The key facts of a permit (`LpcoCredential`) for the officer screen and the printed copy: its
 * type, agency, program and number, holder and designees, term, authorised quantity, single or
 * multiple use, scope (HTS, products, countries, ports: `ANY` where the permit puts no limit) and
 * the goods. Labels are `permit…` message keys (`facts.permitHolder`).
 *
 * @param credential - the credential (possibly hostile or malformed).
 * @returns the facts as plain data; never throws.
 */
export function permitKeyFacts(credential: Readonly<Record<string, unknown>>): RecordKeyFacts {
  const raw = credential.credentialSubject;
  const s = obj(Array.isArray(raw) ? raw[0] : raw) ?? {};
  const agency = obj(s.agency);
  const agencyText = [str(agency?.code), str(agency?.name)].filter((x): x is string => x !== null).join(' — ');
  const holder = partyOf(s.holder);
  const designees = (Array.isArray(s.designees) ? s.designees : [])
    .map(partyOf)
    .filter((p): p is PartyFacts => p !== null);
  const quantity = obj(s.authorizedQuantity);
  const value = str(quantity?.value);
  const scope = obj(s.scope);
  const lpcoType = str(s.lpcoType);
  return {
    facts: [
      { label: 'permitType', value: lpcoType === null ? null : { kind: 'term', term: lpcoType } },
      { label: 'permitAgency', value: text(agencyText === '' ? null : agencyText) },
      { label: 'permitProgram', value: text(str(s.program)) },
      { label: 'permitNumber', value: text(str(s.number)) },
      { label: 'permitHolder', value: holder === null ? null : { kind: 'parties', parties: [holder] } },
      ...(designees.length > 0
        ? [{ label: 'permitDesignees', value: { kind: 'parties' as const, parties: designees } }]
        : []),
      {
        label: 'permitTerm',
        value:
          str(s.issuedOn) === null && str(s.expiresOn) === null
            ? null
            : { kind: 'period', from: str(s.issuedOn), to: str(s.expiresOn) },
      },
      {
        label: 'permitQuantity',
        value: value === null ? null : { kind: 'text', text: [value, str(quantity?.unit)].filter(Boolean).join(' ') },
      },
      {
        label: 'permitUse',
        value: typeof s.singleUse === 'boolean' ? { kind: 'term', term: s.singleUse ? 'SINGLE' : 'MULTIPLE' } : null,
      },
      { label: 'permitScopeHs', value: scope === null ? null : dimension(scope.hs ?? [], formatHtsus) },
      { label: 'permitScopeProducts', value: scope === null ? null : dimension(scope.products) },
      { label: 'permitScopeCountries', value: scope === null ? null : dimension(scope.countries) },
      { label: 'permitScopePorts', value: scope === null ? null : dimension(scope.ports) },
      { label: 'permitGoods', value: text(str(s.goodsDescription)) },
    ],
    tables: [],
  };
}
