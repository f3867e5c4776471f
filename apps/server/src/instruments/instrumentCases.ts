import type { CaseRecord, Store } from '@clearledger/core';

/** A record just issued, as issuance hands it to the instrument services. */
export type IssuedRecord = { hash: string; type: string; credential: Record<string, unknown> };

/**
 * Runs functions one after the other per key (an instrument's hash): a node records one
 * instrument's changes in order, while different instruments proceed at once.
 */
export function createKeyedQueue() {
  const queues = new Map<string, Promise<unknown>>();
  return <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const turn = (queues.get(key) ?? Promise.resolve()).then(fn);
    const settled = turn.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return turn;
  };
}

/** What a family says about one issued instrument to open its case, or null to leave it (invalid). */
export type OpenedCase = {
  id: string;
  participants: string[];
  state: string;
  data: Record<string, unknown>;
  event: { kind: string; data: Record<string, unknown> | null };
};

/**
 * Opens the case (kind `kind`, keyed by the credential hash) of each record of `credentialType`
 * among `issued` that has none yet, as `describe` says; a record `describe` turns down is left.
 */
export async function openInstrumentCases(
  tx: Store,
  params: {
    kind: string;
    credentialType: string;
    orgId: string;
    actorId: string;
    issued: readonly IssuedRecord[];
    describe: (record: IssuedRecord) => Promise<OpenedCase | null>;
  },
): Promise<void> {
  for (const record of params.issued) {
    if (record.type !== params.credentialType) continue;
    if ((await tx.findCaseByKey(params.kind, record.hash)) !== null) continue;
    const opened = await params.describe(record);
    if (opened === null) continue;
    const at = new Date().toISOString();
    await tx.putCase(
      {
        id: opened.id,
        kind: params.kind,
        ownerOrgId: params.orgId,
        participants: opened.participants,
        state: opened.state,
        uniqueKey: record.hash,
        parentId: null,
        dueAt: null,
        data: opened.data,
        createdAt: at,
      },
      { actorOrgId: params.orgId, actorId: params.actorId, kind: opened.event.kind, data: opened.event.data, at },
    );
  }
}

/**
 * The organisation's most recent records of a type, as issued records: what a registration pass
 * re-opens cases for when the node stopped between issuing and opening them.
 */
export async function recentlyIssued(store: Store, orgId: string, credentialType: string): Promise<IssuedRecord[]> {
  const rows = await store.listCredentials(orgId, { type: credentialType, newestFirst: true, limit: 200 });
  return rows.map((row) => ({
    hash: row.hash,
    type: row.type,
    credential: JSON.parse(row.document) as Record<string, unknown>,
  }));
}

/**
 * Opens the case of an instrument presented to this node (issued elsewhere), keyed by its hash;
 * when another request opened it at the same moment, that case is the answer.
 */
export async function openPresentedCase(
  store: Store,
  params: {
    kind: string;
    id: string;
    hash: string;
    ownerOrgId: string;
    participants: string[];
    state: string;
    data: Record<string, unknown>;
    actor: { orgId: string; id: string };
    eventKind: string;
  },
): Promise<CaseRecord> {
  const at = new Date().toISOString();
  try {
    return await store.putCase(
      {
        id: params.id,
        kind: params.kind,
        ownerOrgId: params.ownerOrgId,
        participants: params.participants,
        state: params.state,
        uniqueKey: params.hash,
        parentId: null,
        dueAt: null,
        data: params.data,
        createdAt: at,
      },
      { actorOrgId: params.actor.orgId, actorId: params.actor.id, kind: params.eventKind, data: null, at },
    );
  } catch (error) {
    const raced = await store.findCaseByKey(params.kind, params.hash);
    if (raced !== null) return raced;
    throw error;
  }
}

/** The `type` list of a credential (strings only). */
export const typesOf = (credential: Record<string, unknown>): string[] =>
  Array.isArray(credential.type) ? credential.type.filter((t): t is string => typeof t === 'string') : [];

/** A credential's issuer id (`issuer` or `issuer.id`), or '' when it names none. */
export const issuerOf = (credential: Record<string, unknown>): string => {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (typeof issuer === 'object' && issuer !== null && typeof (issuer as { id?: unknown }).id === 'string')
    return (issuer as { id: string }).id;
  return '';
};
