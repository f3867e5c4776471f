/** A single bound value: BLOB/BYTEA as bytes. Booleans are stored as 0/1 by the query layer. */
export type SqlScalar = string | number | Uint8Array | null;

/** A value bound to a `?` placeholder; arrays are for PostgreSQL only (`unnest(?::text[])`). */
export type SqlValue = SqlScalar | readonly SqlScalar[];

/** A result row as the driver returns it (column name → value). */
export type SqlRow = Record<string, unknown>;

/**
 * The small surface the query layer needs from a database. SQL is written once with `?`
 * placeholders; each driver adapts it (PostgreSQL rewrites them to `$1..$n`). Every failure is a
 * `ClearledgerError` with a `CL_STORE_*` code.
 */
export type SqlDriver = {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs a statement that returns rows. */
  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Runs a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Runs one statement once per parameter list, in order, and returns all the rows it produced: a
   * reused prepared statement on SQLite; a round trip each on PostgreSQL (prefer set-based SQL there).
   */
  queryEach<R extends SqlRow = SqlRow>(sql: string, paramLists: readonly (readonly SqlValue[])[]): Promise<R[]>;
  /** Like {@link SqlDriver.queryEach} for a statement without rows; returns the total rows changed. */
  runEach(sql: string, paramLists: readonly (readonly SqlValue[])[]): Promise<number>;
  /**
   * Inserts many rows into `table` as fast as the database allows (a reused prepared statement on
   * SQLite, multi-row `INSERT`s on PostgreSQL). `table` and `columns` are code constants, never input.
   */
  insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
  /** Runs `fn` in one transaction; nested calls join the outer transaction. */
  transaction<T>(fn: (tx: SqlDriver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};
