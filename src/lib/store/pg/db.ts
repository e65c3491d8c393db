/**
 * The small typed layer over node-postgres the PostgreSQL store uses: a pool that reconnects by
 * itself, parameterised queries, transactions, and the one translation of "the database cannot
 * be reached" into StoreUnavailableError (answered 503 + Retry-After by the HTTP layer).
 */
import pg from 'pg';
import { StoreUnavailableError } from '../errors';

/** Node error codes and PostgreSQL SQLSTATEs that mean "not reachable now, try again". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // admin_shutdown, crash_shutdown, cannot_connect_now
  '57P01',
  '57P02',
  '57P03',
  // too_many_connections, query_canceled (statement timeout: the database is overloaded)
  '53300',
  '57014',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|connection error|Connection ended|not queryable|Client was closed/i;

/** Whether an error means the database cannot be reached (rather than a bug or a constraint). */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (UNAVAILABLE_MESSAGE.test(error.message)) return true;
  // AggregateError of a refused connection to each address of a host name.
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return false;
}

/** The error to throw for `error`: StoreUnavailableError when the database is out of reach. */
export function translate(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  return isUnavailable(error) ? new StoreUnavailableError(error) : error;
}

/** What a query runs on: the pool or one client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Db {
  pool: pg.Pool;
  /**
   * Rows of one statement on any pooled connection. With a `name`, the statement is prepared once
   * per connection and its plan reused (the hot paths: a ticket's insert, the queue's reads); one
   * name must always go with one text.
   */
  rows<R extends pg.QueryResultRow>(text: string, values?: unknown[], name?: string): Promise<R[]>;
  /** Runs `task` in one transaction (committed when it resolves, rolled back when it throws). */
  tx<T>(task: (c: Queryable) => Promise<T>): Promise<T>;
  /** A connection of its own (advisory locks held across statements); release it when done. */
  client(): Promise<pg.PoolClient>;
  close(): Promise<void>;
}

export interface DbOptions {
  url: string;
  poolSize?: number;
  /** Longest wait for a connection (ms). */
  connectTimeoutMs?: number;
  /** Longest statement (ms). */
  statementTimeoutMs?: number;
}

export function openDb(options: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    application_name: 'service-desk-kiosk',
    // No JIT: the store's statements are short, and a report's estimates (rows of jsonb functions)
    // made PostgreSQL spend ~150 ms compiling a statement that runs in ~30.
    options: '-c jit=off',
  });
  // An idle connection dropped by the server (restart, admin shutdown) must not crash the process:
  // the pool discards it and opens a new one on the next query.
  pool.on('error', () => {});
  // A checked-out connection (a held advisory lock, a transaction) that the server drops emits
  // 'error' on the client itself, not the pool: without a listener that ends the process. The
  // query in progress fails (and is answered 503); the pool replaces the connection when released.
  pool.on('connect', (client) => client.on('error', () => {}));

  const client = async () => {
    try {
      return await pool.connect();
    } catch (error) {
      throw translate(error);
    }
  };

  return {
    pool,
    async rows<R extends pg.QueryResultRow>(text: string, values?: unknown[], name?: string) {
      try {
        return (await pool.query<R>(name ? { name, text, values } : { text, values })).rows;
      } catch (error) {
        throw translate(error);
      }
    },
    async tx<T>(task: (c: Queryable) => Promise<T>) {
      const c = await client();
      let broken: Error | undefined;
      try {
        await c.query('BEGIN');
        const result = await task(c);
        await c.query('COMMIT');
        return result;
      } catch (error) {
        if (isUnavailable(error)) broken = error as Error;
        else await c.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw translate(error);
      } finally {
        // A connection that failed is destroyed rather than handed to the next caller.
        c.release(broken);
      }
    },
    client,
    async close() {
      await pool.end();
    },
  };
}
