import type { IdempotencyRecord, Store } from '@clearledger/core';
import { ClearledgerError } from '@clearledger/core';
import type { Migration } from '../migrations.ts';
import type { StoreModuleContext } from './StoreModuleContext.ts';
import { restated } from './storeErrors.ts';

type IdempotencyDbRow = {
  org_id: string;
  key: string;
  request_hash: string;
  status_code: number | string;
  response: string;
  created_at: string;
};

/** The part of the `Store` port {@link idempotencyStore} implements. */
export type IdempotencyStore = Pick<
  Store,
  'findIdempotencyRecord' | 'putIdempotencyRecord' | 'deleteIdempotencyRecords'
>;

/**
 * Table `idempotency_keys`: one row per (organisation, key) with the request's hash and the response
 * it got, kept until the node's sweep deletes it (after at least a day).
 */
export const idempotencyMigration: Migration = {
  id: '0005_idempotency_keys',
  statements: (dialect) => {
    const key = dialect === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
    return [
      `CREATE TABLE idempotency_keys (
        org_id ${key} NOT NULL,
        key ${key} NOT NULL,
        request_hash TEXT NOT NULL,
        status_code INTEGER NOT NULL,
        response TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (org_id, key)
      )`,
      'CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)',
    ];
  },
};

/** Idempotency keys of state-changing requests (table `idempotency_keys`). */
export function idempotencyStore({ db }: StoreModuleContext): IdempotencyStore {
  return {
    async findIdempotencyRecord(orgId, key) {
      const rows = await db.query<IdempotencyDbRow>('SELECT * FROM idempotency_keys WHERE org_id = ? AND key = ?', [
        orgId,
        key,
      ]);
      const row = rows[0];
      if (row === undefined) return null;
      return {
        orgId: row.org_id,
        key: row.key,
        requestHash: row.request_hash,
        statusCode: Number(row.status_code),
        response: row.response,
        createdAt: row.created_at,
      };
    },

    async putIdempotencyRecord(record: IdempotencyRecord) {
      if (!/^[\x21-\x7e]{1,255}$/.test(record.key)) {
        throw new ClearledgerError('CL_INPUT_INVALID', 'An idempotency key is 1 to 255 visible ASCII characters.', {
          field: 'key',
        });
      }
      try {
        await db.run(
          `INSERT INTO idempotency_keys (org_id, key, request_hash, status_code, response, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [record.orgId, record.key, record.requestHash, record.statusCode, record.response, record.createdAt],
        );
      } catch (error) {
        throw restated(error, `The idempotency key ${record.key} is already recorded.`);
      }
    },

    async deleteIdempotencyRecords(createdBefore) {
      const rows = await db.query<{ key: string }>('DELETE FROM idempotency_keys WHERE created_at < ? RETURNING key', [
        createdBefore,
      ]);
      return rows.length;
    },
  };
}
