#!/usr/bin/env bash
# Intake benchmark: posts N cases with C concurrent clients to an already running Hearken and prints cases/s and
# p50/p95/p99 latency, then runs the pgbench floor on the same database and prints the ratio. It starts nothing itself.
# Start Hearken first, e.g. in demo mode:
#   ./mvnw spring-boot:run -Dspring-boot.run.profiles=demo
# then: HEARKEN_PG=localhost:PORT:postgres:postgres bench/intake-load.sh [N=20000] [C=16]
# Environment:
#   HEARKEN_URL (default http://localhost:8080)
#   HEARKEN_USER / HEARKEN_PASSWORD (default olivia / demo), used once to issue an API token (password checks are
#     deliberately slow; tokens are what integrations use)
#   HEARKEN_PG=host:port:database:user, Hearken's database, for the pgbench floor (PGPASSWORD if it needs one). The
#     embedded database listens on a random port: the fourth line of DATA_DIR/postgres/postmaster.pid. Without it the
#     floor is left out.
#   HEARKEN_PID, Hearken's process id, for its processor time per case (default: the process listening on the port of
#     HEARKEN_URL, when it runs on this machine)
#   PGBENCH_SECONDS (default 10)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
N=${1:-20000}
C=${2:-16}
URL=${HEARKEN_URL:-http://localhost:8080}
USER_=${HEARKEN_USER:-olivia}
PASS=${HEARKEN_PASSWORD:-demo}
SECONDS_=${PGBENCH_SECONDS:-10}

source "$here/java21.sh"

pg_host="" pg_port="" pg_db="" pg_user=""
if [ -n "${HEARKEN_PG:-}" ]; then
  IFS=: read -r pg_host pg_port pg_db pg_user <<<"$HEARKEN_PG"
  command -v pgbench >/dev/null && command -v psql >/dev/null \
    || { echo "HEARKEN_PG is set but pgbench and psql are not installed" >&2; exit 1; }
fi
pg() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U "$pg_user" -d "$pg_db" -Atc "$1"; }

# Processor time is counted from /proc for processes on this machine only.
hearken_pid=${HEARKEN_PID:-}
if [ -z "$hearken_pid" ]; then
  port=$(sed -E 's#^[a-z]+://[^:/]+:?([0-9]*).*#\1#' <<<"$URL"); port=${port:-80}
  hearken_pid=$(ss -Htlnp "sport = :$port" 2>/dev/null | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1)
fi
postmaster_pid=0
if [ -n "$pg_host" ]; then
  # The checkpointer's parent is the postmaster; every backend is its child.
  checkpointer=$(pg "select pid from pg_stat_activity where backend_type = 'checkpointer'")
  if [ -r "/proc/$checkpointer/stat" ]; then
    postmaster_pid=$(sed -E 's/.*\) [A-Za-z] ([0-9]+) .*/\1/' "/proc/$checkpointer/stat")
  fi
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
token=$(curl -sf -u "$USER_:$PASS" -H 'Content-Type: application/json' -d '{"name":"intake benchmark","scope":"read-act","expiresInDays":1}' "$URL/api/tokens" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/' || true)
[ -n "$token" ] || { echo "could not issue an API token at $URL as $USER_" >&2; exit 1; }
out=$("$JAVA" -DclockTicks="$(getconf CLK_TCK)" "$here/IntakeLoad.java" "$URL" "$token" "$N" "$C" "$(( N < 2000 ? N : 2000 ))" \
  "${hearken_pid:-0}" "$postmaster_pid")
echo "$out"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The web stack alone: the same requests without the customer's contact details, which Hearken rejects (400) before
# it touches the database.
rejected=$("$JAVA" -Drejected=true -DclockTicks="$(getconf CLK_TCK)" "$here/IntakeLoad.java" "$URL" "$token" "$N" "$C" \
  "$(( N < 2000 ? N : 2000 ))" "${hearken_pid:-0}" "$postmaster_pid")
echo "rejected before the database (the web stack alone):"
sed -E 's/^cases=/requests=/; s/ cases\/s/ requests\/s/; s/per case/per request/; s/^/  /' <<<"$rejected" | grep -v '^  load'
[ -n "$pg_host" ] || exit 0

# The floor: what the same PostgreSQL commits with one single-row insert a transaction from C clients, into a table of
# its own as wide as a narrow case row with four indexes.
table=intake_bench_pgbench_floor
script=$(mktemp)
rows=intake_bench_case_rows
trap 'rm -f "$script"; pg "drop table if exists $table, $rows, ${rows}_template; drop sequence if exists ${rows}_seq" || true' EXIT
pg "drop table if exists $table;
create table $table (
    id bigint generated always as identity primary key, reference text not null, kind text not null,
    channel text not null, status text not null, received_at timestamptz not null, logged_at timestamptz not null,
    subject text not null, customer_name text not null, customer_email text, department_id bigint not null,
    owner_id bigint not null);
create index on $table (received_at);
create index on $table (department_id, status);
create index on $table (lower(customer_email));"
cat >"$script" <<SQL
\set n random(1, 1000000000)
\set d random(1, 20)
insert into $table (reference, kind, channel, status, received_at, logged_at, subject, customer_name, customer_email,
    department_id, owner_id)
values ('HK-2026-' || :n, 'COMPLAINT', 'API', 'RECEIVED', now() - interval '1 hour', now(), 'Load test case ' || :n,
    'Load Tester ' || :n, 'load' || :n || '@example.net', :d, :d);
SQL
pgbench_out=$(pgbench -n -M prepared -h "$pg_host" -p "$pg_port" -U "$pg_user" -c "$C" -j 2 -T "$SECONDS_" -f "$script" "$pg_db" 2>&1) \
  || { echo "$pgbench_out" >&2; exit 1; }
floor=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$pgbench_out" | head -1)
intake=$(sed -nE 's/^throughput=([0-9.]+) .*/\1/p' <<<"$out")
echo "pgbench floor: $(printf '%.0f' "$floor") tps (one single-row insert a transaction, $C clients, ${SECONDS_} s)"
echo "intake/pgbench=$(awk -v a="$intake" -v b="$floor" 'BEGIN { printf "%.3f", a / b }')"

# The case row alone: copies of the newest sixteen case rows inserted into a table like \`cases\` with all its indexes
# (not its foreign keys), one row a transaction and then sixteen rows a statement, from C clients: what PostgreSQL
# needs for the row of a case before anything else a case writes.
columns=$(pg "select string_agg(column_name, ', ' order by ordinal_position) from information_schema.columns
    where table_schema = current_schema() and table_name = 'cases' and is_generated = 'NEVER'
      and column_name not in ('id', 'reference')")
pg "drop table if exists $rows, ${rows}_template; drop sequence if exists ${rows}_seq;
create table $rows (like cases including defaults including generated including identity including indexes);
create table ${rows}_template as select $columns from cases order by id desc limit 16;
create sequence ${rows}_seq;"
case_rows() { # $1: rows a statement
  cat >"$script" <<SQL
insert into $rows (reference, $columns)
select 'BENCH-' || nextval('${rows}_seq'), $columns from ${rows}_template limit $1;
SQL
  local before after
  before=$(pg "select count(*) from $rows")
  pgbench -n -M prepared -h "$pg_host" -p "$pg_port" -U "$pg_user" -c "$C" -j 2 -T "$SECONDS_" -f "$script" "$pg_db" \
    >/dev/null 2>&1 || { echo "the case-row floor failed" >&2; exit 1; }
  after=$(pg "select count(*) from $rows")
  echo $(( (after - before) / SECONDS_ ))
}
one=$(case_rows 1) || exit 1
sixteen=$(case_rows 16) || exit 1
echo "case-row floor: $one rows/s one a transaction, $sixteen rows/s sixteen a statement ($C clients, ${SECONDS_} s each)"
echo "intake/case-row floor=$(awk -v a="$intake" -v b="$one" 'BEGIN { printf "%.3f", a / b }')"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
