import type { BrokerAuthorizationRecord, Store, TradeIdentifierKind, TradeIdentifiersRecord } from '@clearledger/core';
import type { Migration } from '../migrations.ts';
import type { StoreModuleContext } from './StoreModuleContext.ts';
import { conflict, notFound } from './storeErrors.ts';

/** The part of the `Store` port {@link tradeIdentifierStore} implements. */
export type TradeIdentifierStore = Pick<
  Store,
  | 'putTradeIdentifiers'
  | 'getTradeIdentifiers'
  | 'findTradeIdentifierHolder'
  | 'putBrokerAuthorization'
  | 'deleteBrokerAuthorization'
  | 'listBrokerAuthorizations'
>;

/**
 * Tables `trade_identifiers` (one row per importer number or filer code, so an identifier belongs to
 * one organisation) and `broker_authorizations` (an importer's brokers).
 */
export const tradeIdentifierMigration: Migration = {
  id: '0006_trade_identifiers',
  statements: (dialect) => {
    const key = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
    return [
      `CREATE TABLE trade_identifiers (
        kind ${key} NOT NULL,
        value ${key} NOT NULL,
        org_id ${key} NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (kind, value)
      )`,
      'CREATE INDEX trade_identifiers_org ON trade_identifiers (org_id)',
      `CREATE TABLE broker_authorizations (
        importer_org_id ${key} NOT NULL,
        broker_org_id ${key} NOT NULL,
        authorized_by TEXT NOT NULL,
        authorized_at TEXT NOT NULL,
        PRIMARY KEY (importer_org_id, broker_org_id)
      )`,
    ];
  },
};

type IdentifierDbRow = { kind: string; value: string; org_id: string; recorded_by: string; recorded_at: string };
type AuthorizationDbRow = {
  importer_org_id: string;
  broker_org_id: string;
  authorized_by: string;
  authorized_at: string;
};

/** Importer numbers and filer codes customs verified, and importers' broker authorisations. */
export function tradeIdentifierStore({ db }: StoreModuleContext): TradeIdentifierStore {
  const requireOrganization = async (tx: typeof db, orgId: string) => {
    const rows = await tx.query('SELECT 1 AS one FROM organizations WHERE id = ?', [orgId]);
    if (rows.length === 0) throw notFound(`No organisation ${orgId}.`);
  };
  return {
    async putTradeIdentifiers(record) {
      const wanted: [TradeIdentifierKind, string][] = [
        ...record.importerNumbers.map((v): [TradeIdentifierKind, string] => ['IMPORTER_NUMBER', v]),
        ...record.filerCodes.map((v): [TradeIdentifierKind, string] => ['FILER_CODE', v]),
      ];
      await db.transaction(async (tx) => {
        await requireOrganization(tx, record.orgId);
        for (const [kind, value] of wanted) {
          const holder = await tx.query<{ org_id: string }>(
            'SELECT org_id FROM trade_identifiers WHERE kind = ? AND value = ? AND org_id <> ?',
            [kind, value, record.orgId],
          );
          if (holder[0] !== undefined) throw conflict(`${value} is already recorded for ${holder[0].org_id}.`);
        }
        await tx.run('DELETE FROM trade_identifiers WHERE org_id = ?', [record.orgId]);
        for (const [kind, value] of new Map(wanted.map(([k, v]) => [`${k}\u0000${v}`, [k, v] as const])).values())
          await tx.run(
            'INSERT INTO trade_identifiers (kind, value, org_id, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)',
            [kind, value, record.orgId, record.recordedBy, record.recordedAt],
          );
      });
    },

    async getTradeIdentifiers(orgId) {
      const rows = await db.query<IdentifierDbRow>(
        'SELECT * FROM trade_identifiers WHERE org_id = ? ORDER BY kind, value',
        [orgId],
      );
      return {
        orgId,
        importerNumbers: rows.filter((r) => r.kind === 'IMPORTER_NUMBER').map((r) => r.value),
        filerCodes: rows.filter((r) => r.kind === 'FILER_CODE').map((r) => r.value),
        recordedBy: rows[0]?.recorded_by ?? '',
        recordedAt: rows[0]?.recorded_at ?? '',
      } satisfies TradeIdentifiersRecord;
    },

    async findTradeIdentifierHolder(kind, value) {
      const rows = await db.query<{ org_id: string }>(
        'SELECT org_id FROM trade_identifiers WHERE kind = ? AND value = ?',
        [kind, value],
      );
      return rows[0]?.org_id ?? null;
    },

    async putBrokerAuthorization(a) {
      await db.transaction(async (tx) => {
        await requireOrganization(tx, a.importerOrgId);
        await requireOrganization(tx, a.brokerOrgId);
        await tx.run(
          `INSERT INTO broker_authorizations (importer_org_id, broker_org_id, authorized_by, authorized_at)
           VALUES (?, ?, ?, ?) ON CONFLICT (importer_org_id, broker_org_id) DO NOTHING`,
          [a.importerOrgId, a.brokerOrgId, a.authorizedBy, a.authorizedAt],
        );
      });
    },

    async deleteBrokerAuthorization(importerOrgId, brokerOrgId) {
      await db.run('DELETE FROM broker_authorizations WHERE importer_org_id = ? AND broker_org_id = ?', [
        importerOrgId,
        brokerOrgId,
      ]);
    },

    async listBrokerAuthorizations(importerOrgId) {
      const rows = await db.query<AuthorizationDbRow>(
        'SELECT * FROM broker_authorizations WHERE importer_org_id = ? ORDER BY broker_org_id',
        [importerOrgId],
      );
      return rows.map(
        (r): BrokerAuthorizationRecord => ({
          importerOrgId: r.importer_org_id,
          brokerOrgId: r.broker_org_id,
          authorizedBy: r.authorized_by,
          authorizedAt: r.authorized_at,
        }),
      );
    },
  };
}
