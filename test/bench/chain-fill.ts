/**
 * Fills a migrated PostgreSQL database with generated tickets for the chain bench (and for
 * profiling a node against a full database): tickets from the real state machine
 * (generate-tickets.ts, streamed), rows from the store's own ticketValues(), written as CSV and
 * loaded by a server-side COPY with the ticket indexes dropped and rebuilt afterwards, then the
 * derived tables (day counters, counts per status and per queue filter, versions) as pgImport() and
 * migration 9 set them.
 */
import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FeedbackConfig } from '../../src/lib/feedback/feedback';
import { COUNT_FACETS } from '../../src/lib/store/pg/migrations.js';
import { TICKET_COLUMNS, ticketValues } from '../../src/lib/store/pg/pg-store';
import { ticketStream } from './generate-tickets';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One CSV field as COPY reads it: NULL unquoted and empty, everything else quoted. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s =
    v instanceof Date
      ? v.toISOString()
      : typeof v === 'boolean'
        ? v
          ? 't'
          : 'f'
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  return `"${s.replaceAll('"', '""')}"`;
}

/** Writes `count` tickets of a mall as CSV rows (TICKET_COLUMNS order); returns the file. */
function writeMallCsv(
  dir: string,
  mallId: string,
  count: number,
  seed: number,
  now: number,
  config: FeedbackConfig,
): string {
  const file = path.join(dir, `${mallId}.csv`);
  const fd = openSync(file, 'w', 0o644);
  let lines: string[] = [];
  for (const t of ticketStream({ count, days: 365, now, seed }, config)) {
    lines.push(ticketValues(mallId, t, config).map(csvField).join(','));
    if (lines.length === 5000) {
      writeSync(fd, lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length) writeSync(fd, lines.join('\n') + '\n');
  closeSync(fd);
  return file;
}

/** Fills a migrated database with `total` tickets spread over `malls` (one year back from now). */
export async function fill(url: string, total: number, malls: readonly string[], config: FeedbackConfig) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sdk-chain-fill-'));
  // The server reads the files (COPY … FROM 'file' runs as the postgres user).
  chmodSync(dir, 0o755);
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    await sql.query(`SET maintenance_work_mem = '256MB'`);
    // Row triggers off for the load (tickets_facet_counts: its counts are set in one pass below).
    await sql.query(`SET session_replication_role = replica`);
    // Indexes other than the keys are rebuilt once after the load: far faster than kept row by row.
    const { rows: indexes } = await sql.query<{ name: string; def: string }>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
       WHERE i.tablename = 'tickets' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    );
    for (const i of indexes) await sql.query(`DROP INDEX ${i.name}`);
    const now = Date.now();
    let generateMs = 0;
    let copyMs = 0;
    for (const [i, mallId] of malls.entries()) {
      const count = Math.floor(total / malls.length) + (i < total % malls.length ? 1 : 0);
      let t = Date.now();
      const file = writeMallCsv(dir, mallId, count, 42 + i, now, config);
      generateMs += Date.now() - t;
      t = Date.now();
      await sql.query(`COPY tickets (${TICKET_COLUMNS.join(', ')}) FROM '${file}' WITH (FORMAT csv)`);
      copyMs += Date.now() - t;
      rmSync(file);
    }
    let t = Date.now();
    for (const i of indexes) await sql.query(i.def);
    const indexMs = Date.now() - t;
    t = Date.now();
    // The derived tables, as pgImport sets them.
    await sql.query(`INSERT INTO ticket_counters (mall_id, day, last) SELECT mall_id, day, max(seq) FROM tickets GROUP BY mall_id, day
       ON CONFLICT (mall_id, day) DO UPDATE SET last = greatest(ticket_counters.last, EXCLUDED.last)`);
    await sql.query(`INSERT INTO ticket_counts (mall_id, status, n) SELECT mall_id, status, count(*) FROM tickets GROUP BY mall_id, status
       ON CONFLICT (mall_id, status) DO UPDATE SET n = EXCLUDED.n`);
    await sql.query(`DELETE FROM ticket_facet_counts`);
    await sql.query(COUNT_FACETS);
    await sql.query(`INSERT INTO store_versions (mall_id, version) SELECT DISTINCT mall_id, 1 FROM tickets
       ON CONFLICT (mall_id) DO UPDATE SET version = store_versions.version + 1`);
    // A bulk load leaves no statistics and no visibility map (index-only scans): as after autovacuum.
    await sql.query('VACUUM ANALYZE tickets');
    const finishMs = Date.now() - t;
    const { rows } = await sql.query<{ size: string }>(
      `SELECT pg_size_pretty(pg_total_relation_size('tickets')) AS size`,
    );
    console.error(
      `fill: ${total} tickets (${rows[0].size} with indexes): generate+CSV ${seconds(generateMs)}, COPY ${seconds(copyMs)}, ` +
        `${indexes.length} indexes ${seconds(indexMs)}, counters+VACUUM ANALYZE ${seconds(finishMs)}`,
    );
    return { generateMs, copyMs, indexMs, finishMs };
  } finally {
    await sql.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
