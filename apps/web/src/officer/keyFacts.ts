import { formatHs, formatHtsus, type RecordKeyFacts, recordKeyFacts, recordValidUntil } from '@clearledger/core';

export type { KeyFact, KeyFactsTable, KeyFactValue, PartyFacts, RecordKeyFacts } from '@clearledger/core';
export { formatHs, formatHtsus };

/**
 * The facts of a record an officer needs at a glance: those every record has, and what its
 * family's descriptor says matters for its type (`record`; null for a type no family describes).
 */
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
  record: RecordKeyFacts | null;
};

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Extracts the key facts of a (possibly hostile or malformed) credential; unknown fields are null. */
export function keyFactsOf(credential: unknown): KeyFacts {
  const vc = obj(credential) ?? {};
  const types = list(vc.type).filter((t): t is string => typeof t === 'string' && t !== 'VerifiableCredential');
  const issuerObj = obj(vc.issuer);
  const proof = obj(vc.proof);
  return {
    types,
    name: str(vc.name),
    id: str(vc.id),
    issuer: str(vc.issuer) ?? str(issuerObj?.id),
    issuerName: str(issuerObj?.name),
    issuedAt: str(proof?.created) ?? str(vc.validFrom),
    validFrom: str(vc.validFrom),
    // A blanket certification is good until its period ends, even without a validUntil of its own.
    validUntil: recordValidUntil(vc)?.at ?? null,
    record: recordKeyFacts(vc)?.facts ?? null,
  };
}
