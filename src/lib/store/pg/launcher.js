// @ts-check
/**
 * What the launcher (src/serve.mjs) asks of PostgreSQL before the bundled server loads: whether
 * the mall has an active admin, and saving the one-time setup link's hash. Each call opens one
 * connection, applies pending migrations (under their advisory lock) and closes it.
 */
import pg from 'pg';
import { migrate } from './migrations.js';

/**
 * Runs `task` on one migrated connection.
 * @template T
 * @param {string} url
 * @param {(client: pg.Client) => Promise<T>} task
 * @returns {Promise<T>}
 */
async function withClient(url, task) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await migrate(client);
    return await task(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether mall `mallId` has an active admin.
 * @param {string} url `DATABASE_URL`
 * @param {string} mallId
 */
export function pgHasActiveAdmin(url, mallId) {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT 1 FROM users WHERE mall_id = $1 AND role = 'admin' AND active LIMIT 1`,
      [mallId],
    );
    return rows.length > 0;
  });
}

/**
 * Saves the setup link's token (its SHA-256, hex) for mall `mallId`, replacing any earlier one.
 * @param {string} url `DATABASE_URL`
 * @param {string} mallId
 * @param {string} sha256
 */
export function pgIssueSetupToken(url, mallId, sha256) {
  return withClient(url, async (client) => {
    await client.query(
      `INSERT INTO setup_tokens (mall_id, sha256, issued_at) VALUES ($1, $2, now())
       ON CONFLICT (mall_id) DO UPDATE SET sha256 = EXCLUDED.sha256, issued_at = EXCLUDED.issued_at`,
      [mallId, sha256],
    );
  });
}

/**
 * Applies pending migrations (withClient does, before any task).
 * @param {string} url `DATABASE_URL`
 * @returns {Promise<void>}
 */
export async function pgMigrate(url) {
  await withClient(url, async () => {});
}
