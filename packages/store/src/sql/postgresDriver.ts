import { ClearledgerError } from '@clearledger/core';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { SqlDriver, SqlRow, SqlValue } from './SqlDriver.ts';
import { toPostgresPlaceholders } from './toPostgresPlaceholders.ts';

/** Parameters of {@link postgresDriver}. */
export type PostgresDriverParameters = {
  /** `postgres://user:password@host:port/database` (the password never appears in errors). */
  url: string;
  /** Schema to work in (set as `search_path`); created by `migrate()`. Default: the server's default. */
  schema?: string;
  /** Maximum pool connections. Default 10. */
  poolSize?: number;
  /** How long to wait for a connection before failing with `CL_STORE_UNAVAILABLE`. Default 10000 ms. */
  connectTimeoutMs?: number;
};

/** What a PostgreSQL driver adds to {@link SqlDriver}: the schema `migrate()` must create. */
export type PostgresDriver = SqlDriver & { readonly schema: string | undefined };

/** PostgreSQL accepts at most 65535 bind parameters per statement. */
const maxParameters = 65_000;
const maxRowsPerInsert = 1000;
const maxCachedSql = 512;

/** Identifier rule for the schema name: it is interpolated (quoted) into `search_path` and DDL. */
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Connects to PostgreSQL through a `pg` pool. Queries run on any pooled connection; a transaction
 * takes one connection of its own from BEGIN to COMMIT/ROLLBACK. Connections open lazily, so an
 * unreachable server is reported by the first query (`CL_STORE_UNAVAILABLE`).
 *
 * @param parameters - URL, schema and pool settings.
 * @returns a {@link PostgresDriver}.
 */
export function postgresDriver(parameters: PostgresDriverParameters): PostgresDriver {
  const target = describeTarget(parameters.url);
  const { schema } = parameters;
  if (schema !== undefined && !schemaPattern.test(schema)) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      'The PostgreSQL schema name must be lower-case letters, digits and underscores (at most 63).',
      { field: 'schema' },
    );
  }
  const config: PoolConfig = {
    connectionString: parameters.url,
    max: parameters.poolSize ?? 10,
    connectionTimeoutMillis: parameters.connectTimeoutMs ?? 10_000,
  };
  if (schema !== undefined) config.options = `-c search_path=${schema}`;
  const pool = new Pool(config);
  // An idle pooled connection that drops (server restart) emits 'error'; without a listener that
  // would crash the process. The next query reports the problem instead.
  pool.on('error', () => {});

  const sqlCache = new Map<string, string>();
  function pgSql(sql: string): string {
    let text = sqlCache.get(sql);
    if (text === undefined) {
      text = toPostgresPlaceholders(sql);
      if (sqlCache.size >= maxCachedSql) sqlCache.clear();
      sqlCache.set(sql, text);
    }
    return text;
  }

  type Executor = Pick<Pool, 'query'>;

  async function query<R>(executor: Executor, sql: string, params: readonly SqlValue[]): Promise<R[]> {
    try {
      const result = await executor.query(pgSql(sql), [...params]);
      return result.rows as R[];
    } catch (error) {
      throw toStoreError(error, target);
    }
  }

  async function run(executor: Executor, sql: string, params: readonly SqlValue[]): Promise<number> {
    try {
      const result = await executor.query(pgSql(sql), [...params]);
      return result.rowCount ?? 0;
    } catch (error) {
      throw toStoreError(error, target);
    }
  }

  async function queryEach<R>(
    client: PoolClient,
    sql: string,
    paramLists: readonly (readonly SqlValue[])[],
  ): Promise<R[]> {
    const out: R[] = [];
    for (const params of paramLists) out.push(...(await query<R>(client, sql, params)));
    return out;
  }

  async function runEach(
    client: PoolClient,
    sql: string,
    paramLists: readonly (readonly SqlValue[])[],
  ): Promise<number> {
    let changes = 0;
    for (const params of paramLists) changes += await run(client, sql, params);
    return changes;
  }

  async function insertMany(
    client: PoolClient,
    table: string,
    columns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
  ): Promise<void> {
    const perStatement = Math.max(1, Math.min(maxRowsPerInsert, Math.floor(maxParameters / columns.length)));
    const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values: SqlValue[] = [];
      const tuples: string[] = [];
      for (const row of chunk) {
        const marks: string[] = [];
        for (const value of row) {
          values.push(value);
          marks.push(`$${values.length}`);
        }
        tuples.push(`(${marks.join(', ')})`);
      }
      try {
        await client.query(head + tuples.join(', '), values);
      } catch (error) {
        throw toStoreError(error, target);
      }
    }
  }

  function transactionDriver(client: PoolClient, token: { done: boolean }): PostgresDriver {
    function check(): void {
      if (token.done) throw new Error('This transaction has already finished; its `tx` store cannot be used.');
    }
    const tx: PostgresDriver = {
      dialect: 'postgres',
      schema,
      async query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []) {
        check();
        return query<R>(client, sql, params);
      },
      async run(sql, params = []) {
        check();
        return run(client, sql, params);
      },
      async queryEach<R extends SqlRow = SqlRow>(sql: string, paramLists: readonly (readonly SqlValue[])[]) {
        check();
        return queryEach<R>(client, sql, paramLists);
      },
      async runEach(sql, paramLists) {
        check();
        return runEach(client, sql, paramLists);
      },
      async insertMany(table, columns, rows) {
        check();
        await insertMany(client, table, columns, rows);
      },
      transaction: async (fn) => {
        check();
        return fn(tx);
      },
      async close() {
        throw new Error('Close the store, not the transaction.');
      },
    };
    return tx;
  }

  let closed = false;
  function assertOpen(): void {
    if (closed) throw new ClearledgerError('CL_STORE_UNAVAILABLE', `The PostgreSQL store (${target}) is closed.`);
  }

  const driver: PostgresDriver = {
    dialect: 'postgres',
    schema,
    async query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []) {
      assertOpen();
      return query<R>(pool, sql, params);
    },
    async run(sql, params = []) {
      assertOpen();
      return run(pool, sql, params);
    },
    queryEach<R extends SqlRow = SqlRow>(sql: string, paramLists: readonly (readonly SqlValue[])[]) {
      return driver.transaction((tx) => tx.queryEach<R>(sql, paramLists));
    },
    runEach(sql, paramLists) {
      return driver.transaction((tx) => tx.runEach(sql, paramLists));
    },
    insertMany(table, columns, rows) {
      return driver.transaction((tx) => tx.insertMany(table, columns, rows));
    },
    async transaction(fn) {
      assertOpen();
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toStoreError(error, target);
      }
      // While checked out, a dropped connection would emit an unhandled 'error'; the failing query reports it.
      const onError = (): void => {};
      client.on('error', onError);
      const token = { done: false };
      let broken = false;
      try {
        await run(client, 'BEGIN', []);
        const result = await fn(transactionDriver(client, token));
        await run(client, 'COMMIT', []);
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        token.done = true;
        client.off('error', onError);
        client.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  return driver;
}

type Target = { description: string; password: string };

/** `user@host:port/database` of a connection URL, without its password. */
function describeTarget(url: string): Target {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoing the URL: it may hold a password.
    throw new ClearledgerError('CL_CONFIG_INVALID', 'The PostgreSQL URL is not a valid postgres:// URL.', {
      field: 'url',
    });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      `The PostgreSQL URL must start with postgres:// or postgresql://, not ${parsed.protocol}//.`,
      { field: 'url' },
    );
  }
  const user = decodeURIComponent(parsed.username) || '(default user)';
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port || '5432';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user;
  return { description: `${user}@${host}:${port}/${database}`, password: decodeURIComponent(parsed.password) };
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOENT',
]);

/** Maps a `pg` or socket error to a portable `ClearledgerError`, never including the password. */
function toStoreError(error: unknown, target: Target): ClearledgerError {
  if (error instanceof ClearledgerError) return error;
  const fields = (error ?? {}) as { code?: unknown; constraint?: unknown; table?: unknown; errors?: unknown };
  let code = typeof fields.code === 'string' ? fields.code : '';
  // Connecting to `localhost` may try several addresses and fail with an AggregateError.
  if (code === '' && Array.isArray(fields.errors)) {
    const first = fields.errors.find((e) => typeof (e as { code?: unknown })?.code === 'string');
    if (first !== undefined) code = (first as { code: string }).code;
  }
  const message = error instanceof Error ? error.message : String(error);
  const where = `PostgreSQL at ${target.description}`;
  const text = `${message}\n${error instanceof Error ? (error.stack ?? '') : ''}`;
  const cause = target.password !== '' && text.includes(target.password) ? undefined : error;
  const make = (
    errorCode: 'CL_STORE_UNAVAILABLE' | 'CL_STORE_CONFLICT' | 'CL_STORE_NOT_FOUND',
    msg: string,
    extra: Record<string, unknown> = {},
  ) =>
    new ClearledgerError(errorCode, msg, {
      details: { database: target.description, ...(code ? { code } : {}), ...extra },
      ...(cause === undefined ? {} : { cause }),
    });

  if (code === '23505') {
    const constraint = typeof fields.constraint === 'string' ? fields.constraint : 'unique key';
    return make('CL_STORE_CONFLICT', `A record with the same ${constraint} already exists.`, { constraint });
  }
  if (code === '23503') {
    return make('CL_STORE_NOT_FOUND', 'A record it refers to (organisation or batch) does not exist.');
  }
  if (code === 'ECONNREFUSED') {
    return make(
      'CL_STORE_UNAVAILABLE',
      `${where} refused the connection. Check that the server is running and that the URL's host and port are right.`,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return make('CL_STORE_UNAVAILABLE', `${where}: the host name cannot be resolved. Check the URL's host.`);
  }
  if (networkCodes.has(code) || /timeout exceeded when trying to connect|Connection terminated/i.test(message)) {
    return make(
      'CL_STORE_UNAVAILABLE',
      `${where} cannot be reached (${code || message}). Check that the server is running and reachable.`,
    );
  }
  if (code === '28P01' || code === '28000') {
    return make(
      'CL_STORE_UNAVAILABLE',
      `${where} rejected the login. Check the user name and password in the URL and pg_hba.conf.`,
    );
  }
  if (code === '3D000') {
    return make('CL_STORE_UNAVAILABLE', `${where}: the database does not exist. Create it or fix the URL.`);
  }
  if (code === '42P01' || code === '3F000') {
    return make('CL_STORE_UNAVAILABLE', `${where} has no Clearledger schema yet; run migrate() first.`, {
      reason: 'schema-missing',
    });
  }
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') {
    return make(
      'CL_STORE_UNAVAILABLE',
      `${where} is not accepting work right now (${code}: ${message}). Retry later or check the server.`,
    );
  }
  return new ClearledgerError('CL_INTERNAL', `Unexpected PostgreSQL error${code ? ` (${code})` : ''}.`, {
    details: { database: target.description },
    ...(cause === undefined ? {} : { cause }),
  });
}
