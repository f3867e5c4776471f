import type { CaseEvent, CaseRecord, Store } from '@clearledger/core';
import type { SqlDriver, SqlValue } from '../sql/SqlDriver.ts';
import { maxCredentialLimit, pageSize, positiveLimit } from './pageSize.ts';
import type { StoreModuleContext } from './StoreModuleContext.ts';
import { conflict, notFound, restated } from './storeErrors.ts';

type CaseDbRow = {
  id: string;
  kind: string;
  owner_org_id: string;
  state: string;
  unique_key: string | null;
  parent_id: string | null;
  due_at: string | null;
  data: string;
  version: number | string;
  created_at: string;
  updated_at: string;
};
type CaseEventDbRow = {
  case_id: string;
  seq: number | string;
  actor_org_id: string;
  actor_id: string;
  kind: string;
  data: string | null;
  at: string;
};

/** The part of the `Store` port {@link caseStore} implements. */
export type CaseStore = Pick<
  Store,
  | 'putCase'
  | 'getCase'
  | 'findCaseByKey'
  | 'listCases'
  | 'updateCase'
  | 'listCaseEvents'
  | 'dueCases'
  | 'caseReferences'
>;

/**
 * Cases: multi-party workflow items with a state, JSON data, a deadline, a version and an
 * append-only event history, visible to their participants only (tables `cases`,
 * `case_participants`, `case_events`).
 */
export function caseStore({ db }: StoreModuleContext): CaseStore {
  return {
    async putCase(item, event) {
      const participants = [...new Set([item.ownerOrgId, ...item.participants])];
      try {
        await db.transaction(async (tx) => {
          await tx.run(
            `INSERT INTO cases (id, kind, owner_org_id, state, unique_key, parent_id, due_at, data, version, created_at,
               updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
            [
              item.id,
              item.kind,
              item.ownerOrgId,
              item.state,
              item.uniqueKey,
              item.parentId,
              item.dueAt,
              JSON.stringify(item.data),
              item.createdAt,
              item.createdAt,
            ],
          );
          for (const org of participants) {
            await tx.run('INSERT INTO case_participants (org_id, kind, case_id) VALUES (?, ?, ?)', [
              org,
              item.kind,
              item.id,
            ]);
          }
          await insertCaseEvent(tx, item.id, 1, event);
        });
      } catch (error) {
        throw restated(error, `A ${item.kind} with id ${item.id} or key ${item.uniqueKey ?? '—'} already exists.`);
      }
      return { ...item, participants, version: 1, updatedAt: item.createdAt };
    },

    getCase(viewerOrgId, id) {
      return participantCase(db, viewerOrgId, id);
    },

    async findCaseByKey(kind, uniqueKey) {
      const rows = await db.query<CaseDbRow>('SELECT * FROM cases WHERE kind = ? AND unique_key = ?', [
        kind,
        uniqueKey,
      ]);
      return (await withParticipants(db, rows))[0] ?? null;
    },

    async listCases(viewerOrgId, query) {
      const limit = pageSize(query.limit);
      const filters: string[] = [];
      const params: SqlValue[] = [viewerOrgId, query.kind];
      if (query.state !== undefined) {
        filters.push(' AND c.state = ?');
        params.push(query.state);
      }
      if (query.parentId !== undefined) {
        filters.push(' AND c.parent_id = ?');
        params.push(query.parentId);
      }
      if (query.ownerOrgId !== undefined) {
        filters.push(' AND c.owner_org_id = ?');
        params.push(query.ownerOrgId);
      }
      if (query.beforeId !== undefined) {
        filters.push(' AND p.case_id < ?');
        params.push(query.beforeId);
      }
      const rows = await db.query<CaseDbRow>(
        `SELECT c.* FROM case_participants p JOIN cases c ON c.id = p.case_id
         WHERE p.org_id = ? AND p.kind = ?${filters.join('')} ORDER BY p.case_id DESC LIMIT ?`,
        [...params, limit],
      );
      return withParticipants(db, rows);
    },

    async updateCase(viewerOrgId, id, change) {
      return db.transaction(async (tx) => {
        const current = await participantCase(tx, viewerOrgId, id);
        if (current.version !== change.expectedVersion) {
          throw conflict(
            `The ${current.kind} ${id} changed meanwhile (version ${current.version}, not ${change.expectedVersion}); reload it and try again.`,
          );
        }
        const dueAt = change.dueAt === undefined ? current.dueAt : change.dueAt;
        const updated = await tx.run(
          `UPDATE cases SET state = ?, data = ?, due_at = ?, version = version + 1, updated_at = ?
           WHERE id = ? AND version = ?`,
          [change.state, JSON.stringify(change.data), dueAt, change.event.at, id, change.expectedVersion],
        );
        if (updated === 0) throw conflict(`The ${current.kind} ${id} changed meanwhile; reload it and try again.`);
        const added = (change.addParticipants ?? []).filter((org) => !current.participants.includes(org));
        for (const org of new Set(added)) {
          await tx.run('INSERT INTO case_participants (org_id, kind, case_id) VALUES (?, ?, ?)', [
            org,
            current.kind,
            id,
          ]);
        }
        const last = await tx.query<{ seq: number | string }>(
          'SELECT MAX(seq) AS seq FROM case_events WHERE case_id = ?',
          [id],
        );
        await insertCaseEvent(tx, id, Number(last[0]?.seq ?? 0) + 1, change.event);
        return {
          ...current,
          state: change.state,
          data: change.data,
          dueAt,
          participants: [...current.participants, ...new Set(added)],
          version: current.version + 1,
          updatedAt: change.event.at,
        };
      });
    },

    async listCaseEvents(viewerOrgId, id) {
      await participantCase(db, viewerOrgId, id);
      const rows = await db.query<CaseEventDbRow>('SELECT * FROM case_events WHERE case_id = ? ORDER BY seq', [id]);
      return rows.map(toCaseEvent);
    },

    async dueCases(kind, states, before, limit) {
      positiveLimit(limit, 'due cases');
      if (states.length === 0) return [];
      const rows = await db.query<CaseDbRow>(
        `SELECT * FROM cases WHERE kind = ? AND due_at IS NOT NULL AND due_at < ?
           AND state IN (${states.map(() => '?').join(', ')})
         ORDER BY due_at, id LIMIT ?`,
        [kind, before, ...states, Math.min(limit, maxCredentialLimit)],
      );
      return withParticipants(db, rows);
    },

    async caseReferences(viewerOrgId, ref) {
      // The reference as a whole JSON string value; LIKE narrows (case-insensitively on SQLite), the
      // exact comparison decides.
      const needle = JSON.stringify(ref);
      const rows = await db.query<{ data: string }>(
        `SELECT c.data FROM case_participants p JOIN cases c ON c.id = p.case_id AND c.kind = p.kind
         WHERE p.org_id = ? AND c.data LIKE ? ESCAPE '!' LIMIT 100`,
        [viewerOrgId, `%${needle.replace(/[!%_]/g, (c) => `!${c}`)}%`],
      );
      return rows.some((r) => r.data.includes(needle));
    },
  };
}

/** The case if the viewer's organisation takes part in it, else `CL_STORE_NOT_FOUND`. */
async function participantCase(db: SqlDriver, viewerOrgId: string, id: string): Promise<CaseRecord> {
  const rows = await db.query<CaseDbRow>(
    `SELECT c.* FROM cases c JOIN case_participants p ON p.case_id = c.id AND p.kind = c.kind AND p.org_id = ?
     WHERE c.id = ?`,
    [viewerOrgId, id],
  );
  if (rows[0] === undefined) throw notFound(`No case ${id}.`);
  return (await withParticipants(db, rows))[0]!;
}

async function insertCaseEvent(db: SqlDriver, caseId: string, seq: number, event: CaseEventInputLike): Promise<void> {
  await db.run(
    'INSERT INTO case_events (case_id, seq, actor_org_id, actor_id, kind, data, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      caseId,
      seq,
      event.actorOrgId,
      event.actorId,
      event.kind,
      event.data === null ? null : JSON.stringify(event.data),
      event.at,
    ],
  );
}
type CaseEventInputLike = Omit<CaseEvent, 'caseId' | 'seq'>;

/** Case rows with their participants (one extra query for the page). */
async function withParticipants(db: SqlDriver, rows: readonly CaseDbRow[]): Promise<CaseRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = await db.query<{ case_id: string; org_id: string }>(
    `SELECT case_id, org_id FROM case_participants WHERE case_id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  const byCase = new Map<string, string[]>();
  for (const link of links) byCase.set(link.case_id, [...(byCase.get(link.case_id) ?? []), link.org_id]);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    ownerOrgId: row.owner_org_id,
    participants: (byCase.get(row.id) ?? []).sort(),
    state: row.state,
    uniqueKey: row.unique_key,
    parentId: row.parent_id,
    dueAt: row.due_at,
    data: JSON.parse(row.data) as Record<string, unknown>,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

function toCaseEvent(row: CaseEventDbRow): CaseEvent {
  return {
    caseId: row.case_id,
    seq: Number(row.seq),
    actorOrgId: row.actor_org_id,
    actorId: row.actor_id,
    kind: row.kind,
    data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
    at: row.at,
  };
}
