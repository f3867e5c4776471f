import type { Store } from '@clearledger/core';

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
