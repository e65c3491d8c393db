// @ts-check
/**
 * The PostgreSQL schema, as versioned migrations applied in order. Plain JavaScript (checked by
 * TypeScript) so the launcher (src/serve.mjs, through launcher.js) and `npm run db:migrate` can
 * run them before the bundled server loads.
 *
 * Rules: a migration is never edited once released (add the next one); each runs in its own
 * transaction and is recorded in `schema_migrations`; `migrate` holds an advisory lock, so nodes
 * starting together apply each migration once. Every table but `schema_migrations` carries
 * `mall_id` in its key: one database holds every mall of a chain.
 */

/** Advisory lock (two-int form, first key) namespaces, so our locks never collide. */
export const LOCK_SPACE = { migrate: 7301, exclusive: 7302, limit: 7303 };

/** @type {{ version: number; name: string; sql: string }[]} */
/**
 * Sets ticket_facet_counts from the tickets stored (one pass): migration 9, and a bulk load that
 * bypassed the trigger (test/bench/chain-fill.ts). Part of a released migration: never change it.
 */
export const COUNT_FACETS = `INSERT INTO ticket_facet_counts (mall_id, facet, value, status, n)
  SELECT t.mall_id, f.facet, f.value, t.status, count(*)
  FROM tickets t, LATERAL (VALUES ('kind', t.kind), ('channel', t.channel), ('category', t.category),
    ('floor', t.floor), ('tenant', t.tenant), ('department', t.department)) AS f (facet, value)
  WHERE f.value IS NOT NULL GROUP BY t.mall_id, f.facet, f.value, t.status;`;

export const MIGRATIONS = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE tickets (
  mall_id text NOT NULL,
  no text NOT NULL,
  day date NOT NULL,
  seq integer NOT NULL,
  status text NOT NULL,
  kind text NOT NULL,
  channel text NOT NULL,
  category text NOT NULL,
  floor text,
  tenant text,
  department text,
  assignee_id text,
  assignee text,
  urgency text NOT NULL,
  level integer NOT NULL,
  phone text,
  repeat_of text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- The ISO text the application stored: update() compares it exactly (optimistic concurrency).
  updated_at_text text NOT NULL,
  -- Earliest unmet deadline of an open ticket, computed at write time (deadlines are absolute).
  next_due_at timestamptz,
  -- Name, phone or address still on the ticket (the retention sweep erases them).
  contact_held boolean NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, no),
  UNIQUE (mall_id, day, seq)
);
CREATE INDEX tickets_open ON tickets (mall_id, next_due_at, created_at) WHERE status NOT IN ('closed', 'invalid');
-- The queue's two walks: by deadline, and (next_due_at IS NULL) newest first.
CREATE INDEX tickets_queue ON tickets (mall_id, next_due_at, created_at DESC);
CREATE INDEX tickets_status ON tickets (mall_id, status, created_at DESC) INCLUDE (next_due_at);
CREATE INDEX tickets_category ON tickets (mall_id, category, created_at DESC) INCLUDE (status, next_due_at);
CREATE INDEX tickets_channel ON tickets (mall_id, channel, created_at DESC) INCLUDE (status, next_due_at);
CREATE INDEX tickets_kind ON tickets (mall_id, kind, created_at DESC) INCLUDE (status, next_due_at);
CREATE INDEX tickets_tenant ON tickets (mall_id, tenant, created_at DESC) INCLUDE (status, next_due_at)
  WHERE tenant IS NOT NULL;
CREATE INDEX tickets_floor ON tickets (mall_id, floor, created_at DESC) INCLUDE (status, next_due_at)
  WHERE floor IS NOT NULL;
CREATE INDEX tickets_department ON tickets (mall_id, department, created_at DESC) INCLUDE (status, next_due_at)
  WHERE department IS NOT NULL;
CREATE INDEX tickets_assignee ON tickets (mall_id, assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX tickets_urgent ON tickets (mall_id, created_at DESC) WHERE urgency = 'urgent';
CREATE INDEX tickets_repeat ON tickets (mall_id, phone, tenant, category, created_at DESC) WHERE phone IS NOT NULL;
CREATE INDEX tickets_repeat_of ON tickets (mall_id, repeat_of) WHERE repeat_of IS NOT NULL;
CREATE INDEX tickets_retention ON tickets (mall_id, updated_at)
  WHERE contact_held AND status IN ('closed', 'invalid');

-- The last sequence number handed out per mall and mall-local day.
CREATE TABLE ticket_counters (
  mall_id text NOT NULL,
  day date NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (mall_id, day)
);

-- Tickets per status, kept in the transaction of every insert and status change.
CREATE TABLE ticket_counts (
  mall_id text NOT NULL,
  status text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (mall_id, status)
);

-- Bumped in the transaction of every ticket insert and update.
CREATE TABLE store_versions (
  mall_id text PRIMARY KEY,
  version bigint NOT NULL
);

-- A kiosk's idempotency key, honoured for 24 hours (kiosk_id '' when none was given).
CREATE TABLE idempotency_keys (
  mall_id text NOT NULL,
  kiosk_id text NOT NULL,
  key text NOT NULL,
  ticket_no text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (mall_id, kiosk_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

CREATE TABLE users (
  mall_id text NOT NULL,
  id text NOT NULL,
  username text NOT NULL,
  role text NOT NULL,
  active boolean NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, id)
);
CREATE UNIQUE INDEX users_username ON users (mall_id, lower(username));

CREATE TABLE api_tokens (
  mall_id text NOT NULL,
  id text NOT NULL,
  user_id text NOT NULL,
  hash text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, id)
);
CREATE INDEX api_tokens_hash ON api_tokens (mall_id, hash) WHERE revoked_at IS NULL;

-- The one-time setup link's SHA-256 while no admin exists (claimed by DELETE … RETURNING).
CREATE TABLE setup_tokens (
  mall_id text PRIMARY KEY,
  sha256 text NOT NULL,
  issued_at timestamptz NOT NULL
);

CREATE TABLE quizzes (
  mall_id text NOT NULL,
  id text NOT NULL,
  code text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, id)
);
-- A join code opens one quiz that is not ended.
CREATE UNIQUE INDEX quizzes_live_code ON quizzes (mall_id, code) WHERE status <> 'ended';

CREATE TABLE quiz_attempts (
  mall_id text NOT NULL,
  id text NOT NULL,
  quiz_id text NOT NULL,
  user_id text NOT NULL,
  ord bigserial NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, id)
);
CREATE INDEX quiz_attempts_quiz ON quiz_attempts (mall_id, quiz_id, ord);
CREATE INDEX quiz_attempts_user ON quiz_attempts (mall_id, user_id, ord);

CREATE TABLE kiosk_heartbeats (
  mall_id text NOT NULL,
  id text NOT NULL,
  last_seen timestamptz NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, id)
);

CREATE TABLE kiosk_enrolments (
  mall_id text NOT NULL,
  id text NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, id)
);

-- The audit log: the bigserial id is the one order every node reads.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  mall_id text NOT NULL,
  month text NOT NULL,
  doc jsonb NOT NULL
);
CREATE INDEX audit_log_month ON audit_log (mall_id, month, id);

-- Sliding-window limits: one row per counted hit (ms since the epoch).
CREATE TABLE limit_hits (
  mall_id text NOT NULL,
  name text NOT NULL,
  key text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX limit_hits_key ON limit_hits (mall_id, name, key, at);
CREATE INDEX limit_hits_age ON limit_hits (at);

-- Failure lockouts: failures within the window, and running locks.
CREATE TABLE lockout_failures (
  mall_id text NOT NULL,
  name text NOT NULL,
  key text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX lockout_failures_key ON lockout_failures (mall_id, name, key, at);
CREATE TABLE lockouts (
  mall_id text NOT NULL,
  name text NOT NULL,
  key text NOT NULL,
  until bigint NOT NULL,
  PRIMARY KEY (mall_id, name, key)
);

-- Astro sessions (src/lib/store/session-driver.ts), shared by every node of a mall.
CREATE TABLE sessions (
  mall_id text NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (mall_id, key)
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
`,
  },
  {
    version: 2,
    name: 'trainer-written questions',
    sql: `
-- Every version of every question a trainer wrote (src/lib/quiz/questions.ts); a version is never
-- changed once stored, and the key makes two saves from one version store one.
CREATE TABLE trainer_questions (
  mall_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  saved_at timestamptz NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, id, version)
);
`,
  },
  {
    version: 3,
    name: 'case library and quiz assignments',
    sql: `
-- The case library (complaints-8.3): one anonymised case per closed ticket.
CREATE TABLE cases (
  mall_id text NOT NULL,
  id text NOT NULL,
  source_no text NOT NULL,
  created_at timestamptz NOT NULL,
  ord bigserial,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, id)
);
CREATE UNIQUE INDEX cases_source ON cases (mall_id, source_no);
CREATE INDEX cases_order ON cases (mall_id, ord);

-- Quiz assignments: a quiz given to people and roles with a due day.
CREATE TABLE assignments (
  mall_id text NOT NULL,
  id text NOT NULL,
  quiz_id text NOT NULL,
  ord bigserial,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, id)
);
CREATE INDEX assignments_quiz ON assignments (mall_id, quiz_id, ord);
CREATE INDEX assignments_order ON assignments (mall_id, ord);
`,
  },
  {
    version: 4,
    name: 'live paced quizzes and training passes',
    sql: `
-- One paced session per quiz; changed only by compare-and-set on rev (src/lib/quiz/live.ts).
CREATE TABLE live_sessions (
  mall_id text NOT NULL,
  quiz_id text NOT NULL,
  rev integer NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, quiz_id)
);
CREATE TABLE live_players (
  mall_id text NOT NULL,
  quiz_id text NOT NULL,
  user_id text NOT NULL,
  ord bigserial,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, quiz_id, user_id)
);
-- One answer per person and question: the key decides between two nodes.
CREATE TABLE live_answers (
  mall_id text NOT NULL,
  quiz_id text NOT NULL,
  question integer NOT NULL,
  user_id text NOT NULL,
  ord bigserial,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, quiz_id, question, user_id)
);
-- Training-only passes (30 days, taking quizzes only), by the SHA-256 of the token.
CREATE TABLE training_passes (
  mall_id text NOT NULL,
  hash text NOT NULL,
  user_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (mall_id, hash)
);
CREATE INDEX training_passes_expiry ON training_passes (expires_at);
`,
  },
  {
    version: 5,
    name: 'report facts and the inbox beside each ticket',
    sql: `
-- What a ticket adds to its month's report (src/lib/feedback/reports.ts reportFactsOf), written
-- with the ticket, so a month's report and /hq add them up in SQL instead of reading every
-- document. Rows written before this migration have none: the store computes theirs when a
-- report of their month is first asked for (the partial index finds them).
ALTER TABLE tickets ADD COLUMN kiosk_id text;
ALTER TABLE tickets ADD COLUMN facts jsonb;
CREATE INDEX tickets_facts_missing ON tickets (mall_id, day) WHERE facts IS NULL;
-- Open tickets holding an escalation or a reminder (the inbox's candidates; null: not known yet).
ALTER TABLE tickets ADD COLUMN alerts boolean;
CREATE INDEX tickets_alerts ON tickets (mall_id, created_at) WHERE alerts IS NOT FALSE AND status NOT IN ('closed', 'invalid');
`,
  },
  {
    version: 6,
    name: 'desk: finishing time and open slips of tickets',
    sql: `
-- When a ticket reached its final status (finishedAtOf): the review list and the daily summary
-- read the cases finished in a range, not every ticket of the months they were received in.
ALTER TABLE tickets ADD COLUMN finished_at timestamptz;
-- Users holding an unanswered 催办单/洽办单 on the ticket (openSlipAddressees; null when none).
ALTER TABLE tickets ADD COLUMN slips_to text[];
UPDATE tickets t SET finished_at = (
  SELECT max((e->>'at')::timestamptz) FROM jsonb_array_elements(t.doc->'events') e
  WHERE e->>'type' = 'transition' AND e->>'to' = t.status)
WHERE t.status IN ('closed', 'invalid');
UPDATE tickets t SET slips_to = s.ids FROM (
  SELECT x.mall_id, x.no, array_agg(DISTINCT e->'slip'->>'addresseeId' ORDER BY e->'slip'->>'addresseeId') AS ids
  FROM tickets x, jsonb_array_elements(x.doc->'events') e
  WHERE e->>'type' = 'slip' AND NOT EXISTS (
    SELECT 1 FROM jsonb_array_elements(x.doc->'events') a
    WHERE a->>'type' = 'slipAnswer' AND a->'slip'->>'id' = e->'slip'->>'id')
  GROUP BY x.mall_id, x.no) s
WHERE t.mall_id = s.mall_id AND t.no = s.no;
CREATE INDEX tickets_finished ON tickets (mall_id, finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX tickets_open_slips ON tickets USING gin (slips_to) WHERE slips_to IS NOT NULL;
`,
  },
  {
    version: 7,
    name: 'tickets by the local reference a kiosk showed',
    sql: `
-- A kiosk outbox's key is R<local reference>-<unique>: the desk finds a ticket by the reference.
CREATE INDEX tickets_local_ref ON tickets (mall_id, (substring(doc->>'idempotencyKey' from 2 for 7)))
  WHERE doc->>'idempotencyKey' LIKE 'R%';
`,
  },
  {
    version: 8,
    name: 'indexes in the order the queue and the repeat lookups read',
    sql: `
-- One index by phone serves the three phone reads: latestWith (newest of a phone, tenant and
-- category: the first matching entry), withPhones (a phone's tickets in a time range) and the
-- queue's repeat counts (a walk stopped at the cap). With no in the key, ORDER BY created_at DESC,
-- no DESC needs no sort of a phone's thousands of tickets.
DROP INDEX tickets_repeat;
CREATE INDEX tickets_phone ON tickets (mall_id, phone, created_at DESC, no DESC) INCLUDE (tenant, category)
  WHERE phone IS NOT NULL;
-- The queue's default order is (next_due_at, created_at, no): the whole key, so a page is an
-- ordered walk whatever the statistics say (a sort of every open ticket otherwise). The filter
-- columns ride along: a filtered walk and the open tickets' counts per status read the index
-- alone, at the size of the open set, not of a column value's years of history.
DROP INDEX tickets_open;
CREATE INDEX tickets_open ON tickets (mall_id, next_due_at, created_at, no)
  INCLUDE (status, kind, channel, category, floor, tenant, department) WHERE status NOT IN ('closed', 'invalid');
`,
  },
  {
    version: 9,
    name: 'tickets counted per queue filter value and status',
    sql: `
-- A queue filter on one column (kind, channel, category, floor, tenant, department) shows a count
-- per status: kept here as tickets come, change and go, by a row trigger, so every path that
-- writes tickets (create, update, import, copy) keeps it, and a filtered view reads a few rows
-- instead of counting years of history (or thousands of open tickets whose pages are not yet
-- all-visible). Net changes only, applied in key order: two writers never lock the same rows in
-- opposite orders. A new ticket adds to rows that its status count (ticket_counts) already makes
-- every insert wait for, so it adds no new contention.
CREATE TABLE ticket_facet_counts (
  mall_id text NOT NULL,
  facet text NOT NULL,
  value text NOT NULL,
  status text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (mall_id, facet, value, status)
);
CREATE FUNCTION tickets_facet_counts() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO ticket_facet_counts AS c (mall_id, facet, value, status, n)
  SELECT d.mall_id, d.facet, d.value, d.status, sum(d.n) FROM (
    SELECT OLD.mall_id AS mall_id, f.facet, f.value, OLD.status AS status, -1 AS n
    FROM (VALUES ('kind', OLD.kind), ('channel', OLD.channel), ('category', OLD.category), ('floor', OLD.floor), ('tenant', OLD.tenant), ('department', OLD.department)) AS f (facet, value)
    WHERE TG_OP <> 'INSERT' AND f.value IS NOT NULL
    UNION ALL
    SELECT NEW.mall_id, f.facet, f.value, NEW.status, 1
    FROM (VALUES ('kind', NEW.kind), ('channel', NEW.channel), ('category', NEW.category), ('floor', NEW.floor), ('tenant', NEW.tenant), ('department', NEW.department)) AS f (facet, value)
    WHERE TG_OP <> 'DELETE' AND f.value IS NOT NULL
  ) d
  GROUP BY d.mall_id, d.facet, d.value, d.status HAVING sum(d.n) <> 0
  ORDER BY d.mall_id, d.facet, d.value, d.status
  ON CONFLICT (mall_id, facet, value, status) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END
$fn$;
-- Statistics and the visibility map kept fresh on a table of millions (the defaults wait for 10 % /
-- 20 % of it to change): the queue's plans and index-only counts depend on both.
ALTER TABLE tickets SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
CREATE TRIGGER tickets_facet_counts AFTER INSERT OR DELETE OR UPDATE OF status, kind, channel, category, floor, tenant, department
  ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_facet_counts();
-- The counts of the rows already there, in one pass.
${COUNT_FACETS}
`,
  },
];

/**
 * Applies the migrations not applied yet, under an advisory lock (nodes starting together wait
 * for each other). Returns the versions applied by this call.
 * @param {{ query: (text: string, values?: unknown[]) => Promise<{ rows: any[] }> }} client
 *   one connection (not a pool: the lock and the transactions must share it)
 * @returns {Promise<number[]>}
 */
export async function migrate(client) {
  await client.query('SELECT pg_advisory_lock($1, 0)', [LOCK_SPACE.migrate]);
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    /** @type {number[]} */
    const applied = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw new Error(`store: migration ${m.version} (${m.name}) failed`, { cause: error });
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, 0)', [LOCK_SPACE.migrate]).catch(() => {});
  }
}
