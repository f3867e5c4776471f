import type { AccessTokenRecord, AccountChange, AccountRecord, ClientRecord, Store } from '@clearledger/core';
import type { SqlDriver, SqlValue } from '../sql/SqlDriver.ts';
import type { StoreModuleContext } from './StoreModuleContext.ts';
import { notFound, restated } from './storeErrors.ts';

type AccountDbRow = {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string;
  disabled: number | string;
  failed_logins: number | string;
  locked_until: string | null;
  created_at: string;
};
type ClientDbRow = {
  client_id: string;
  org_id: string;
  name: string;
  secret_hash: string;
  scopes: string;
  disabled: number | string;
  created_at: string;
};
type AccessTokenDbRow = {
  token_hash: string;
  org_id: string;
  subject_kind: string;
  subject_id: string;
  scopes: string;
  expires_at: string;
  created_at: string;
};
/** The part of the `Store` port {@link accountStore} implements. */
export type AccountStore = Pick<
  Store,
  | 'putAccount'
  | 'getAccount'
  | 'findAccountByUsername'
  | 'listAccounts'
  | 'updateAccount'
  | 'putClient'
  | 'findClient'
  | 'listClients'
  | 'updateClient'
  | 'putAccessToken'
  | 'findAccessToken'
  | 'deleteAccessToken'
  | 'deleteExpiredAccessTokens'
>;

/**
 * Who may call the node: people's accounts, OAuth clients and bearer tokens (tables `accounts`,
 * `clients`, `access_tokens`).
 */
export function accountStore({ db }: StoreModuleContext): AccountStore {
  return {
    async putAccount(account) {
      const username = account.username.toLowerCase();
      try {
        await db.run(
          `INSERT INTO accounts (id, org_id, username, display_name, password_hash, roles, disabled, failed_logins,
             locked_until, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            account.id,
            account.orgId,
            username,
            account.displayName,
            account.passwordHash,
            JSON.stringify(account.roles),
            account.disabled ? 1 : 0,
            account.failedLogins,
            account.lockedUntil,
            account.createdAt,
          ],
        );
      } catch (error) {
        throw restated(error, `An account with id ${account.id} or username ${username} already exists.`);
      }
    },

    async getAccount(orgId, id) {
      const rows = await db.query<AccountDbRow>('SELECT * FROM accounts WHERE org_id = ? AND id = ?', [orgId, id]);
      if (rows[0] === undefined) throw notFound(`Organisation ${orgId} has no account ${id}.`);
      return toAccount(rows[0]);
    },

    async findAccountByUsername(username) {
      const rows = await db.query<AccountDbRow>('SELECT * FROM accounts WHERE username = ?', [username.toLowerCase()]);
      return rows[0] === undefined ? null : toAccount(rows[0]);
    },

    async listAccounts(orgId) {
      const rows = await db.query<AccountDbRow>('SELECT * FROM accounts WHERE org_id = ? ORDER BY username', [orgId]);
      return rows.map(toAccount);
    },

    async updateAccount(orgId, id, change) {
      const changed = await updateOwned(db, 'accounts', 'id', orgId, id, accountSets(change));
      if (changed === 0) throw notFound(`Organisation ${orgId} has no account ${id}.`);
    },

    async putClient(client) {
      try {
        await db.run(
          `INSERT INTO clients (client_id, org_id, name, secret_hash, scopes, disabled, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [
            client.clientId,
            client.orgId,
            client.name,
            client.secretHash,
            JSON.stringify(client.scopes),
            client.disabled ? 1 : 0,
            client.createdAt,
          ],
        );
      } catch (error) {
        throw restated(error, `A client with id ${client.clientId} already exists.`);
      }
    },

    async findClient(clientId) {
      const rows = await db.query<ClientDbRow>('SELECT * FROM clients WHERE client_id = ?', [clientId]);
      return rows[0] === undefined ? null : toClient(rows[0]);
    },

    async listClients(orgId) {
      const rows = await db.query<ClientDbRow>('SELECT * FROM clients WHERE org_id = ? ORDER BY client_id', [orgId]);
      return rows.map(toClient);
    },

    async updateClient(orgId, clientId, change) {
      const sets: [string, SqlValue][] = [];
      if (change.disabled !== undefined) sets.push(['disabled', change.disabled ? 1 : 0]);
      if (change.secretHash !== undefined) sets.push(['secret_hash', change.secretHash]);
      if (change.scopes !== undefined) sets.push(['scopes', JSON.stringify(change.scopes)]);
      const changed = await updateOwned(db, 'clients', 'client_id', orgId, clientId, sets);
      if (changed === 0) throw notFound(`Organisation ${orgId} has no client ${clientId}.`);
    },

    async putAccessToken(token) {
      await db.run(
        `INSERT INTO access_tokens (token_hash, org_id, subject_kind, subject_id, scopes, expires_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          token.tokenHash,
          token.orgId,
          token.subjectKind,
          token.subjectId,
          JSON.stringify(token.scopes),
          token.expiresAt,
          token.createdAt,
        ],
      );
    },

    async findAccessToken(tokenHash) {
      const rows = await db.query<AccessTokenDbRow>('SELECT * FROM access_tokens WHERE token_hash = ?', [tokenHash]);
      return rows[0] === undefined ? null : toAccessToken(rows[0]);
    },

    async deleteAccessToken(tokenHash) {
      await db.run('DELETE FROM access_tokens WHERE token_hash = ?', [tokenHash]);
    },

    async deleteExpiredAccessTokens(at) {
      return db.run('DELETE FROM access_tokens WHERE expires_at <= ?', [at]);
    },
  };
}

/** The `SET column = ?` pairs of an account change, in a fixed order. */
function accountSets(change: AccountChange): [string, SqlValue][] {
  const sets: [string, SqlValue][] = [];
  if (change.displayName !== undefined) sets.push(['display_name', change.displayName]);
  if (change.passwordHash !== undefined) sets.push(['password_hash', change.passwordHash]);
  if (change.roles !== undefined) sets.push(['roles', JSON.stringify(change.roles)]);
  if (change.disabled !== undefined) sets.push(['disabled', change.disabled ? 1 : 0]);
  if (change.failedLogins !== undefined) sets.push(['failed_logins', change.failedLogins]);
  if (change.lockedUntil !== undefined) sets.push(['locked_until', change.lockedUntil]);
  return sets;
}

/**
 * Updates the row of `table` with this key owned by `orgId`; returns how many rows matched (0 when
 * absent or another organisation's). An empty change only checks that the row is there. `table`,
 * `keyColumn` and the column names are code constants, never input.
 */
async function updateOwned(
  db: SqlDriver,
  table: string,
  keyColumn: string,
  orgId: string,
  key: string,
  sets: readonly [string, SqlValue][],
): Promise<number> {
  if (sets.length === 0) {
    const rows = await db.query(`SELECT 1 AS one FROM ${table} WHERE org_id = ? AND ${keyColumn} = ?`, [orgId, key]);
    return rows.length;
  }
  return db.run(
    `UPDATE ${table} SET ${sets.map(([column]) => `${column} = ?`).join(', ')} WHERE org_id = ? AND ${keyColumn} = ?`,
    [...sets.map(([, value]) => value), orgId, key],
  );
}

function toAccount(row: AccountDbRow): AccountRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    roles: JSON.parse(row.roles) as string[],
    disabled: Number(row.disabled) === 1,
    failedLogins: Number(row.failed_logins),
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
  };
}

function toClient(row: ClientDbRow): ClientRecord {
  return {
    clientId: row.client_id,
    orgId: row.org_id,
    name: row.name,
    secretHash: row.secret_hash,
    scopes: JSON.parse(row.scopes) as string[],
    disabled: Number(row.disabled) === 1,
    createdAt: row.created_at,
  };
}

function toAccessToken(row: AccessTokenDbRow): AccessTokenRecord {
  return {
    tokenHash: row.token_hash,
    orgId: row.org_id,
    subjectKind: row.subject_kind as AccessTokenRecord['subjectKind'],
    subjectId: row.subject_id,
    scopes: JSON.parse(row.scopes) as string[],
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}
