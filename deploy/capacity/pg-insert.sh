#!/usr/bin/env bash
# The database side of the capacity plan (docs/OPERATIONS.md, "Capacity plan"): the cost of filing
# one ticket in PostgreSQL, measured on this machine against a throwaway cluster.
#
# One row per ticket: a ~2.2 KB jsonb document (deploy/capacity/ticket.json, a closed ticket with
# ten events from test/bench/generate-tickets.ts) beside its key columns, a primary key and three
# indexes (ticket number unique per mall, the queue's status + deadline, the month's reports).
# Durable commits (fsync on, synchronous_commit on), as the app will run.
#
# Prints: inserts/s and latency (1 connection, then 8), CPU per insert (every PostgreSQL process),
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
psql <<SQL
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

cat >"$dir/insert.sql" <<'SQL'
\set mall random(1, 400)
INSERT INTO ticket (mall_id, ticket_no, status, created_at, reply_due_at, data)
SELECT 'mall-' || :mall, 'FK' || nextval('ticket_seq'), 'received', now(), now() + interval '24 hours',
       d.data || jsonb_build_object('verifyCode', substr(md5(random()::text), 1, 6))
FROM doc d;
SQL
chmod 644 "$dir/insert.sql"

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
  local clients="$1" label="$2" before_cpu after_cpu before_lsn after_lsn out tx wal
  rm -f "$dir"/pgbench_log.*
  before_lsn="$(lsn)"
  before_cpu="$(cpu)"
  out="$(cd "$dir" && as_pg "$bin/pgbench" -n -h "$dir" -p "$port" -U postgres -c "$clients" -j "$((clients > 1 ? 2 : 1))" \
    -T "$seconds" -f "$dir/insert.sql" -l --log-prefix="$dir/pgbench_log" postgres 2>&1)"
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
psql -At -c "SELECT 'document: ' || octet_length(data::text) || ' bytes of JSON; runs of ${seconds} s' FROM doc"
run 1 "1 connection "
run 8 "8 connections"
psql -At -F ' ' <<'SQL'
VACUUM ANALYZE ticket;
SELECT format('%s rows; per row: table %s B (heap + TOAST), indexes %s B, total %s B',
  count(*),
  (pg_table_size('ticket') / count(*))::int,
  (pg_indexes_size('ticket') / count(*))::int,
  (pg_total_relation_size('ticket') / count(*))::int)
FROM ticket;
SELECT format('jsonb stored per row: %s B (avg pg_column_size)', avg(pg_column_size(data))::int) FROM ticket;
SQL
