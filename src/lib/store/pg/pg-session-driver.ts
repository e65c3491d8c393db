/**
 * Astro sessions in PostgreSQL (`sessions` table), shared by every node of a mall: a sign-out
 * or a disabled account ends the session everywhere at once because no node keeps a copy — every
 * read goes to the database (one primary-key lookup). Rows carry an expiry a little past the
 * session's lifetime; Astro checks its own expiry inside the value, and expired rows are cleaned
 * now and then.
 */
import pg from 'pg';
import { migrate } from './migrations.js';
import { translate } from './db';

export interface PgSessionDriverOptions {
  /** `DATABASE_URL`. */
  url: string;
  mallId: string;
  /** How long a row lives after its last write (default 9 h: a shift of 8 h, and some slack). */
  ttlSeconds?: number;
  poolSize?: number;
}

const CLEAN_EVERY_MS = 10 * 60_000;

/** An unstorage driver (what Astro's session `driver` entrypoint returns). */
export function pgSessionDriver(options: PgSessionDriverOptions) {
  const { mallId } = options;
  const ttl = options.ttlSeconds ?? 9 * 3600;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 3,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 10_000,
    application_name: 'service-desk-kiosk sessions',
  });
  pool.on('error', () => {});
  // A checked-out connection (a held advisory lock, a transaction) that the server drops emits
  // 'error' on the client itself, not the pool: without a listener that ends the process. The
  // query in progress fails (and is answered 503); the pool replaces the connection when released.
  pool.on('connect', (client) => client.on('error', () => {}));
  let ready: Promise<void> | undefined;
  let lastClean = Date.now();

  const ensureSchema = () =>
    (ready ??= (async () => {
      const client = await pool.connect();
      try {
        await migrate(client);
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));

  const rows = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    try {
      await ensureSchema();
      return (await pool.query<R>(text, values)).rows;
    } catch (error) {
      throw translate(error);
    }
  };
  const prefix = (base?: string) => (base ? base.replace(/[\\%_]/g, '\\$&') : '') + '%';

  return {
    name: 'postgres-sessions',
    options: { mallId, ttlSeconds: ttl },
    async hasItem(key: string) {
      return (
        (await rows('SELECT 1 FROM sessions WHERE mall_id = $1 AND key = $2 AND expires_at > now()', [mallId, key]))
          .length > 0
      );
    },
    async getItem(key: string) {
      const found = await rows<{ value: string }>(
        'SELECT value FROM sessions WHERE mall_id = $1 AND key = $2 AND expires_at > now()',
        [mallId, key],
      );
      return found[0]?.value ?? null;
    },
    async setItem(key: string, value: string) {
      await rows(
        `INSERT INTO sessions (mall_id, key, value, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
         ON CONFLICT (mall_id, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
        [mallId, key, value, ttl],
      );
      if (Date.now() - lastClean > CLEAN_EVERY_MS) {
        lastClean = Date.now();
        pool.query('DELETE FROM sessions WHERE expires_at < now()').catch(() => {});
      }
    },
    async removeItem(key: string) {
      await rows('DELETE FROM sessions WHERE mall_id = $1 AND key = $2', [mallId, key]);
    },
    async getKeys(base?: string) {
      const found = await rows<{ key: string }>(
        'SELECT key FROM sessions WHERE mall_id = $1 AND key LIKE $2 AND expires_at > now() ORDER BY key',
        [mallId, prefix(base)],
      );
      return found.map((r) => r.key);
    },
    async clear(base?: string) {
      await rows('DELETE FROM sessions WHERE mall_id = $1 AND key LIKE $2', [mallId, prefix(base)]);
    },
    async dispose() {
      await pool.end();
    },
  };
}
