import type { KeyRecord, OrganizationRecord, Store } from '@clearledger/core';
import type { SqlValue } from '../sql/SqlDriver.ts';
import type { StoreModuleContext } from './StoreModuleContext.ts';
import { notFound } from './storeErrors.ts';

type OrganizationDbRow = {
  id: string;
  did: string;
  name: string;
  country: string;
  roles: string;
  active: number;
  created_at: string;
};
type KeyDbRow = {
  org_id: string;
  public_key_multibase: string;
  encrypted_secret: string | null;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  created_at: string;
};

/** The part of the `Store` port {@link organizationStore} implements. */
export type OrganizationStore = Pick<
  Store,
  'putOrganization' | 'getOrganization' | 'listOrganizations' | 'putKey' | 'updateKey' | 'listKeys' | 'findKey'
>;

/** Organisations and their signing keys (tables `organizations`, `keys`). */
export function organizationStore({ db }: StoreModuleContext): OrganizationStore {
  return {
    async putOrganization(org) {
      await db.run(
        `INSERT INTO organizations (id, did, name, country, roles, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET did = excluded.did, name = excluded.name, country = excluded.country,
         roles = excluded.roles, active = excluded.active`,
        [org.id, org.did, org.name, org.country, JSON.stringify(org.roles), org.active ? 1 : 0, org.createdAt],
      );
    },

    async getOrganization(id) {
      const rows = await db.query<OrganizationDbRow>('SELECT * FROM organizations WHERE id = ?', [id]);
      return rows[0] === undefined ? null : toOrganization(rows[0]);
    },

    async listOrganizations() {
      const rows = await db.query<OrganizationDbRow>('SELECT * FROM organizations ORDER BY id');
      return rows.map(toOrganization);
    },

    async putKey(key) {
      await db.run(
        `INSERT INTO keys (public_key_multibase, org_id, encrypted_secret, valid_from, valid_until, revoked_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          key.publicKeyMultibase,
          key.orgId,
          key.encryptedSecret,
          key.validFrom,
          key.validUntil,
          key.revokedAt,
          key.createdAt,
        ],
      );
    },

    async updateKey(orgId, publicKeyMultibase, change) {
      const sets: string[] = [];
      const params: SqlValue[] = [];
      if (change.validUntil !== undefined) {
        sets.push('valid_until = ?');
        params.push(change.validUntil);
      }
      if (change.revokedAt !== undefined) {
        sets.push('revoked_at = ?');
        params.push(change.revokedAt);
      }
      const changed =
        sets.length === 0
          ? (
              await db.query('SELECT 1 AS one FROM keys WHERE org_id = ? AND public_key_multibase = ?', [
                orgId,
                publicKeyMultibase,
              ])
            ).length
          : await db.run(`UPDATE keys SET ${sets.join(', ')} WHERE org_id = ? AND public_key_multibase = ?`, [
              ...params,
              orgId,
              publicKeyMultibase,
            ]);
      if (changed === 0) throw notFound(`Organisation ${orgId} has no key ${publicKeyMultibase}.`);
    },

    async listKeys(orgId) {
      const rows = await db.query<KeyDbRow>(
        'SELECT * FROM keys WHERE org_id = ? ORDER BY valid_from, public_key_multibase',
        [orgId],
      );
      return rows.map(toKey);
    },

    async findKey(publicKeyMultibase) {
      const rows = await db.query<KeyDbRow>('SELECT * FROM keys WHERE public_key_multibase = ?', [publicKeyMultibase]);
      return rows[0] === undefined ? null : toKey(rows[0]);
    },
  };
}

function toOrganization(row: OrganizationDbRow): OrganizationRecord {
  return {
    id: row.id,
    did: row.did,
    name: row.name,
    country: row.country,
    roles: JSON.parse(row.roles) as string[],
    active: Number(row.active) === 1,
    createdAt: row.created_at,
  };
}

function toKey(row: KeyDbRow): KeyRecord {
  return {
    orgId: row.org_id,
    publicKeyMultibase: row.public_key_multibase,
    encryptedSecret: row.encrypted_secret,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}
