import type { AuditEntry, Store } from '@clearledger/core';
import { ClearledgerError } from '@clearledger/core';
import type { SqlValue } from '../sql/SqlDriver.ts';
import type { StoreModuleContext } from './StoreModuleContext.ts';

/** Default and largest page of `Store.listAudit`. */
export const defaultAuditLimit = 100;
export const maxAuditLimit = 1000;

const auditColumns = `id, org_id, actor_kind, actor_id, action, target, ip, user_agent, outcome, status_code,
  customs_matter, at, details, jurisdiction`;

type AuditDbRow = {
  id: number | string;
  org_id: string;
  actor_kind: string;
  actor_id: string;
  action: string;
  target: string | null;
  ip: string | null;
  user_agent: string | null;
  outcome: string;
  status_code: number | string;
  customs_matter: number | string;
  at: string;
  details: string | null;
  /** `,US,CA,`: the countries between commas, so one LIKE finds a country; null for none. */
  jurisdiction: string | null;
};

/** The part of the `Store` port {@link auditStore} implements. */
export type AuditStore = Pick<Store, 'appendAudit' | 'listAudit'>;

/** The append-only audit log of state-changing calls (table `audit_log`). */
export function auditStore({ db }: StoreModuleContext): AuditStore {
  return {
    async appendAudit(entry) {
      const rows = await db.query<{ id: number | string }>(
        `INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target, ip, user_agent, outcome, status_code,
           customs_matter, at, details, jurisdiction)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [
          entry.orgId,
          entry.actorKind,
          entry.actorId,
          entry.action,
          entry.target,
          entry.ip,
          entry.userAgent,
          entry.outcome,
          entry.statusCode,
          entry.customsMatter ? 1 : 0,
          entry.at,
          auditDetails(entry.details),
          jurisdictionText(entry.jurisdiction),
        ],
      );
      return Number(rows[0]?.id);
    },

    async listAudit(viewer, query = {}) {
      const limit = auditPageSize(query.limit);
      const filters: string[] = [];
      const params: SqlValue[] = [];
      if (query.beforeId !== undefined) {
        if (!Number.isSafeInteger(query.beforeId) || query.beforeId < 1) {
          throw new ClearledgerError('CL_INPUT_INVALID', 'beforeId must be a positive integer.', {
            field: 'beforeId',
          });
        }
        filters.push(' AND id < ?');
        params.push(query.beforeId);
      }
      if (query.action !== undefined) {
        filters.push(' AND action = ?');
        params.push(query.action);
      }
      const filter = filters.join('');
      const own = `SELECT ${auditColumns} FROM audit_log WHERE org_id = ?${filter} ORDER BY id DESC LIMIT ?`;
      if (!viewer.customs || viewer.country === undefined) {
        const rows = await db.query<AuditDbRow>(own, [viewer.orgId, ...params, limit]);
        return rows.map(toAuditEntry);
      }
      const country = countryCode(viewer.country);
      // Two index walks, each stopping after one page, merged: no page reads the whole log.
      const others = `SELECT ${auditColumns} FROM audit_log
        WHERE customs_matter = 1 AND org_id <> ? AND jurisdiction LIKE ?${filter} ORDER BY id DESC LIMIT ?`;
      const rows = await db.query<AuditDbRow>(
        `SELECT * FROM (${own}) AS own_entries UNION ALL SELECT * FROM (${others}) AS customs_entries
         ORDER BY id DESC LIMIT ?`,
        [viewer.orgId, ...params, limit, viewer.orgId, `%,${country},%`, ...params, limit, limit],
      );
      return rows.map(toAuditEntry);
    },
  };
}

function auditPageSize(limit: number | undefined): number {
  if (limit === undefined) return defaultAuditLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxAuditLimit) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `The audit page limit must be an integer from 1 to ${maxAuditLimit}.`,
      {
        field: 'limit',
      },
    );
  }
  return limit;
}

/** Audit details as JSON text; anything JSON cannot hold (a BigInt, a cycle) is the caller's error. */
function auditDetails(details: Record<string, unknown> | null): string | null {
  if (details === null) return null;
  try {
    return JSON.stringify(details);
  } catch (error) {
    throw new ClearledgerError('CL_INPUT_INVALID', 'Audit details must be JSON-serialisable.', {
      field: 'details',
      cause: error,
    });
  }
}

/** An ISO 3166-1 alpha-2 code, or `CL_INPUT_INVALID`. */
function countryCode(country: string): string {
  if (!/^[A-Z]{2}$/.test(country)) {
    throw new ClearledgerError('CL_INPUT_INVALID', `A jurisdiction is an ISO 3166-1 alpha-2 code, not "${country}".`, {
      field: 'jurisdiction',
    });
  }
  return country;
}

function jurisdictionText(countries: readonly string[] | undefined): string | null {
  if (countries === undefined || countries.length === 0) return null;
  return `,${[...new Set(countries.map(countryCode))].sort().join(',')},`;
}

function toAuditEntry(row: AuditDbRow): AuditEntry {
  const jurisdiction = row.jurisdiction?.split(',').filter((c) => c !== '') ?? [];
  return {
    id: Number(row.id),
    orgId: row.org_id,
    actorKind: row.actor_kind as AuditEntry['actorKind'],
    actorId: row.actor_id,
    action: row.action,
    target: row.target,
    ip: row.ip,
    userAgent: row.user_agent,
    outcome: row.outcome as AuditEntry['outcome'],
    statusCode: Number(row.status_code),
    customsMatter: Number(row.customs_matter) === 1,
    at: row.at,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
    ...(jurisdiction.length === 0 ? {} : { jurisdiction }),
  };
}
