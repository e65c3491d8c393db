#!/usr/bin/env bash
# The database side of the capacity plan (docs/OPERATIONS.md, "Capacity plan"): the cost of filing
# one ticket in PostgreSQL, measured on this machine against a throwaway cluster.
#
# One row per ticket: a ~2.2 KB jsonb document (deploy/capacity/ticket.json, a closed ticket with
# ten events from test/bench/generate-tickets.ts) beside its key columns, a primary key and three
# indexes (ticket number unique per mall, the queue's status + deadline, the month's reports).
# Durable commits (fsync on, synchronous_commit on), as the app will run.
#
# Two schemas (see below), each: inserts/s and latency (1 connection, then 8), CPU per insert (every PostgreSQL process),
# WAL bytes per insert, and table + index bytes per row. Runs as root (the cluster as the postgres
# user) or as postgres; starts the cluster in a temporary directory on a Unix socket only, and stops
# and removes it on exit. SECONDS_PER_RUN (default 15) sets each run's length.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${SECONDS_PER_RUN:-15}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/postgres" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

dir="$(mktemp -d /tmp/sdk-pgcap-XXXXXX)"
chmod 755 "$dir"
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
[ "$(id -un)" = postgres ] || chown postgres: "$dir"
port=5499
cleanup() {
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

as_pg "$bin/initdb" -D "$dir/data" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -k $dir -p $port -c max_connections=50" start >/dev/null
psql() { as_pg "$bin/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

cp "$here/ticket.json" "$dir/ticket.json"
chmod 644 "$dir/ticket.json"
# lean: the row and three indexes. full: the shape of the PostgreSQL store's tickets table (its
# first migration, src/lib/store/pg/migrations.js: a primary key, one unique constraint and 14
# indexes, most of them partial) plus its per-mall, per-day counter bumped in the same transaction.
psql <<SQL
CREATE DATABASE lean;
CREATE DATABASE full_schema;
SQL
psql -d lean <<SQL
CREATE TABLE ticket (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mall_id text NOT NULL,
  ticket_no text NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  reply_due_at timestamptz,
  data jsonb NOT NULL
);
CREATE UNIQUE INDEX ticket_mall_no ON ticket (mall_id, ticket_no);
CREATE INDEX ticket_queue ON ticket (mall_id, status, reply_due_at);
CREATE INDEX ticket_month ON ticket (mall_id, created_at);
CREATE SEQUENCE ticket_seq;
CREATE TABLE doc (data jsonb NOT NULL);
\set doc \`cat $dir/ticket.json\`
INSERT INTO doc VALUES (:'doc'::jsonb);
SQL
psql -d full_schema <<SQL
CREATE TABLE ticket (
  mall_id text NOT NULL, no text NOT NULL, day date NOT NULL, seq integer NOT NULL,
  status text NOT NULL, kind text NOT NULL, channel text NOT NULL, category text NOT NULL,
  floor text, tenant text, department text, assignee_id text, assignee text,
  urgency text NOT NULL, level integer NOT NULL, phone text, repeat_of text,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, updated_at_text text NOT NULL,
  next_due_at timestamptz, contact_held boolean NOT NULL, data jsonb NOT NULL,
  PRIMARY KEY (mall_id, no), UNIQUE (mall_id, day, seq)
);
CREATE INDEX ON ticket (mall_id, next_due_at, created_at) WHERE status NOT IN ('closed', 'invalid');
CREATE INDEX ON ticket (mall_id, next_due_at, created_at DESC);
CREATE INDEX ON ticket (mall_id, status, created_at DESC);
CREATE INDEX ON ticket (mall_id, category, created_at DESC);
CREATE INDEX ON ticket (mall_id, channel, created_at DESC);
CREATE INDEX ON ticket (mall_id, kind, created_at DESC);
CREATE INDEX ON ticket (mall_id, tenant, created_at DESC) WHERE tenant IS NOT NULL;
CREATE INDEX ON ticket (mall_id, floor, created_at DESC) WHERE floor IS NOT NULL;
CREATE INDEX ON ticket (mall_id, department, created_at DESC) WHERE department IS NOT NULL;
CREATE INDEX ON ticket (mall_id, assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX ON ticket (mall_id, created_at DESC) WHERE urgency = 'urgent';
CREATE INDEX ON ticket (mall_id, phone, tenant, category, created_at DESC) WHERE phone IS NOT NULL;
CREATE INDEX ON ticket (mall_id, repeat_of) WHERE repeat_of IS NOT NULL;
CREATE INDEX ON ticket (mall_id, updated_at) WHERE contact_held AND status IN ('closed', 'invalid');
CREATE TABLE ticket_counter (mall_id text NOT NULL, day date NOT NULL, last integer NOT NULL, PRIMARY KEY (mall_id, day));
CREATE TABLE doc (data jsonb NOT NULL);
\set doc \`cat $dir/ticket.json\`
INSERT INTO doc VALUES (:'doc'::jsonb);
SQL

cat >"$dir/lean.sql" <<'SQL'
\set mall random(1, 400)
INSERT INTO ticket (mall_id, ticket_no, status, created_at, reply_due_at, data)
SELECT 'mall-' || :mall, 'FK' || nextval('ticket_seq'), 'received', now(), now() + interval '24 hours',
       d.data || jsonb_build_object('verifyCode', substr(md5(random()::text), 1, 6))
FROM doc d;
SQL
cat >"$dir/full_schema.sql" <<'SQL'
\set mall random(1, 400)
BEGIN;
INSERT INTO ticket_counter AS c VALUES ('mall-' || :mall, current_date, 1)
  ON CONFLICT (mall_id, day) DO UPDATE SET last = c.last + 1 RETURNING last AS seq \gset
INSERT INTO ticket
SELECT 'mall-' || :mall, 'FK' || to_char(current_date, 'YYYYMMDD') || '-' || lpad(:seq::text, 4, '0'), current_date, :seq,
       'received', d.data->>'kind', 'kiosk', d.data->>'category', d.data->>'floor', d.data->>'tenant', NULL, NULL, NULL,
       'normal', 1, d.data->>'phone', NULL, now(), now(), now()::text, now() + interval '24 hours', true,
       d.data || jsonb_build_object('verifyCode', substr(md5(random()::text), 1, 6))
FROM doc d;
END;
SQL
chmod 644 "$dir"/*.sql

# CPU seconds of the cluster so far: the postmaster (with its exited children) and live processes.
cpu() {
  local pm total=0 f
  pm="$(head -1 "$dir/data/postmaster.pid")"
  read -r -a f <<<"$(cut -d')' -f2- "/proc/$pm/stat")"
  total=$((f[11] + f[12] + f[13] + f[14]))
  for child in $(pgrep -P "$pm"); do
    read -r -a f <<<"$(cut -d')' -f2- "/proc/$child/stat" 2>/dev/null || echo)"
    [ ${#f[@]} -gt 12 ] && total=$((total + f[11] + f[12]))
  done
  echo "$total"
}
lsn() { psql -At -c "SELECT pg_current_wal_lsn()"; }

run() {
  local db="$1" clients="$2" label="$3" before_cpu after_cpu before_lsn after_lsn out tx wal
  rm -f "$dir"/pgbench_log.*
  before_lsn="$(lsn)"
  before_cpu="$(cpu)"
  out="$(cd "$dir" && as_pg "$bin/pgbench" -n -h "$dir" -p "$port" -U postgres -c "$clients" -j "$((clients > 1 ? 2 : 1))" \
    -T "$seconds" -f "$dir/$db.sql" -l --log-prefix="$dir/pgbench_log" "$db" 2>&1)"
  sleep 0.5
  after_cpu="$(cpu)"
  after_lsn="$(lsn)"
  tx="$(grep -oP 'number of transactions actually processed: \K\d+' <<<"$out")"
  wal="$(psql -At -c "SELECT pg_wal_lsn_diff('$after_lsn', '$before_lsn')")"
  # Per-transaction log: the third field is the latency in µs.
  cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n >"$dir/lat"
  local n p50 p95 p99
  n="$(wc -l <"$dir/lat")"
  p50="$(sed -n "$(((n * 50 + 99) / 100))p" "$dir/lat")"
  p95="$(sed -n "$(((n * 95 + 99) / 100))p" "$dir/lat")"
  p99="$(sed -n "$(((n * 99 + 99) / 100))p" "$dir/lat")"
  awk -v l="$label" -v tx="$tx" -v s="$seconds" -v c="$((after_cpu - before_cpu))" -v w="$wal" \
    -v p50="$p50" -v p95="$p95" -v p99="$p99" 'BEGIN {
      printf "%s: %.0f inserts/s; latency p50 %.2f / p95 %.2f / p99 %.2f ms; CPU %.0f µs per insert; WAL %.0f B per insert\n",
        l, tx / s, p50 / 1000, p95 / 1000, p99 / 1000, c * 10000 / tx, w / tx }'
}

psql -At -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', fsync ' || current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit')"
psql -d lean -At -c "SELECT 'document: ' || octet_length(data::text) || ' bytes of JSON; runs of ${seconds} s' FROM doc"
for db in lean full_schema; do
  echo "== $db"
  run "$db" 1 "1 connection "
  run "$db" 8 "8 connections"
  psql -d "$db" -At -F ' ' <<'SQL'
VACUUM ANALYZE ticket;
SELECT format('%s rows; per row: table %s B (heap + TOAST), indexes %s B, total %s B; jsonb stored %s B',
  count(*),
  (pg_table_size('ticket') / count(*))::int,
  (pg_indexes_size('ticket') / count(*))::int,
  (pg_total_relation_size('ticket') / count(*))::int,
  avg(pg_column_size(data))::int)
FROM ticket;
SQL
done
