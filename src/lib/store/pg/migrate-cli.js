// @ts-check
/**
 * `npm run db:migrate`: applies the pending PostgreSQL migrations (DATABASE_URL) and exits.
 * Nodes also apply them at start; this runs them alone, e.g. before an upgrade.
 */
import pg from 'pg';
import { migrate, MIGRATIONS } from './migrations.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:migrate: set DATABASE_URL (e.g. postgres://user@host/db)');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
try {
  await client.connect();
  const applied = await migrate(client);
  const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
  console.log(
    applied.length
      ? `db:migrate: applied ${applied.join(', ')}; schema at version ${latest}`
      : `db:migrate: nothing to do; schema at version ${latest}`,
  );
} catch (error) {
  console.error('db:migrate: failed:', error instanceof Error ? error.message : error);
  if (error instanceof Error && error.cause) console.error(error.cause);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => {});
}
