#!/usr/bin/env bash
# Two Hearken instances behind HAProxy, on one PostgreSQL 15 with a streaming read replica, all on this machine, and
# what that gives:
#   a. intake throughput through the proxy to both instances, and to one, in turn (bench/IntakeLoad.java, 16 clients);
#   b. exactly once with two instances: acknowledgement e-mails counted in a real SMTP server (GreenMail), deadline
#      notices in the database, webhook deliveries at a receiver;
#   c. reports, searches and exports read from the replica (its statement counters), and the lag the report shows;
#   d. a session signed in through the proxy's sign-in form, served by both instances in turn, and by the survivor after
#      the other is killed with kill -9.
# Usage: bench/two-instances.sh [N=5000] [ROUNDS=2]; MAILS=200 cases for the e-mail count, KEEP_LOGS=dir keeps the logs
# Needs: Debian's postgresql-15 (/usr/lib/postgresql/15/bin, run as the postgres user when started as root), haproxy
# (installed with apt-get when missing and run as root; otherwise: apt-get install haproxy), curl, jq, and the packaged
# jar (built when missing: ./mvnw -B -o package -DskipTests -Dhearken.image.skip=true). GreenMail's standalone jar is
# fetched into the local Maven repository when missing. Everything runs on private ports and in a temporary directory,
# and is stopped and removed at the end, whatever happens.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
N=${1:-5000}
ROUNDS=${2:-2}
CLIENTS=16
MAILS=${MAILS:-200}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
GREENMAIL_VERSION=2.1.13
P_PRIMARY=47433 P_REPLICA=47434 P_A=47181 P_B=47182 P_PROXY=47180 P_PROXY_ONE=47179
P_SMTP=47125 P_MAIL_API=47126 P_HOOK=47199
JAR=$root/target/hearken-0.1.0-SNAPSHOT.jar

source "$here/java21.sh"
say() { printf '\n== %s  [%s]\n' "$*" "$(uptime | sed 's/.*load average/load average/')"; }

# ---- what is needed
command -v jq > /dev/null || { echo "jq is needed: apt-get install -y jq" >&2; exit 1; }
[ -x "$PGBIN/postgres" ] || { echo "PostgreSQL 15 is needed in $PGBIN: apt-get install -y postgresql-15" >&2; exit 1; }
if ! command -v haproxy > /dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y haproxy > /dev/null; else
    echo "HAProxy is needed: apt-get install -y haproxy (as root)" >&2; exit 1; fi
fi
if [ ! -f "$JAR" ]; then (cd "$root" && nice -n 19 ./mvnw -B -o -q package -DskipTests -Dhearken.image.skip=true); fi
GREENMAIL=$HOME/.m2/repository/com/icegreen/greenmail-standalone/$GREENMAIL_VERSION/greenmail-standalone-$GREENMAIL_VERSION.jar
if [ ! -f "$GREENMAIL" ]; then
  (cd "$root" && ./mvnw -B -q dependency:get -Dartifact=com.icegreen:greenmail-standalone:$GREENMAIL_VERSION -Dtransitive=false)
fi

for p in $P_PRIMARY $P_REPLICA $P_A $P_B $P_PROXY $P_PROXY_ONE $P_SMTP $P_MAIL_API $P_HOOK; do
  if (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then echo "port $p is in use; stop what uses it first" >&2; exit 1; fi
done
work=$(mktemp -d /tmp/hearken-two.XXXXXX)
chmod 755 "$work"
declare -A pid=()
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_pg() { [ -f "$1/postmaster.pid" ] && as_postgres "$PGBIN/pg_ctl" -D "$1" -m fast -w stop > /dev/null 2>&1 || true; }
cleanup() {
  set +e
  for name in "${!pid[@]}"; do kill "${pid[$name]}" 2> /dev/null; done
  for name in "${!pid[@]}"; do wait "${pid[$name]}" 2> /dev/null; done
  stop_pg "$work/replica"
  stop_pg "$work/primary"
  if [ -n "${KEEP_LOGS:-}" ]; then mkdir -p "$KEEP_LOGS" && cp "$work"/*.log "$work"/pglog/*.log "$KEEP_LOGS"/; fi
  rm -rf "$work"
}
trap cleanup EXIT

# ---- PostgreSQL: a primary with durable defaults, and a streaming replica made with pg_basebackup -R
say "PostgreSQL 15 primary on port $P_PRIMARY"
for d in primary pglog; do install -d -o postgres -g postgres "$work/$d" 2> /dev/null || mkdir -p "$work/$d"; done
as_postgres "$PGBIN/initdb" -A trust -U postgres -E UTF-8 -D "$work/primary" > /dev/null
cat >> "$work/primary/postgresql.conf" << EOF
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 256MB
shared_preload_libraries = 'pg_stat_statements'
wal_level = replica
max_wal_senders = 4
hot_standby = on
EOF
as_postgres "$PGBIN/pg_ctl" -D "$work/primary" -o "-p $P_PRIMARY -k $work/pglog" -l "$work/pglog/primary.log" -w start > /dev/null
psql_p() { "$PGBIN/psql" -h 127.0.0.1 -p $P_PRIMARY -U postgres -X -q -At "$@"; }
psql_r() { "$PGBIN/psql" -h 127.0.0.1 -p $P_REPLICA -U postgres -X -q -At "$@"; }
psql_p -c "create user hearken password 'hearken'" -c "create database hearken owner hearken encoding 'UTF8' template template0"
psql_p -d hearken -c "create extension pg_stat_statements"
psql_p -c "show fsync" -c "show synchronous_commit" | paste -sd' ' | sed 's/^/fsync, synchronous_commit: /'

say "streaming replica on port $P_REPLICA (pg_basebackup -R)"
install -d -o postgres -g postgres -m 700 "$work/replica" 2> /dev/null || mkdir -m 700 -p "$work/replica"
as_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p $P_PRIMARY -U postgres -D "$work/replica" -R -X stream -c fast
as_postgres "$PGBIN/pg_ctl" -D "$work/replica" -o "-p $P_REPLICA -k $work/pglog" -l "$work/pglog/replica.log" -w start > /dev/null
psql_r -c "select 'replica in recovery: ' || pg_is_in_recovery()"

# ---- a real SMTP server that counts what it receives, and a webhook receiver that logs every delivery's id
java -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port=$P_SMTP -Dgreenmail.api.hostname=127.0.0.1 \
  -Dgreenmail.api.port=$P_MAIL_API -Dgreenmail.auth.disabled -jar "$GREENMAIL" > "$work/greenmail.log" 2>&1 &
pid[greenmail]=$!
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:$P_MAIL_API/api/service/readiness > /dev/null && break; sleep 1; done
cat > "$work/hook.py" << 'EOF'
import http.server, sys
log = open(sys.argv[2], "a", buffering=1)
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        log.write(self.headers.get("webhook-id", "") + "\n")
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
EOF
: > "$work/hooks.txt"
python3 "$work/hook.py" $P_HOOK "$work/hooks.txt" &
pid[hook]=$!

# ---- two instances on the one database (the same signing key), the first loading the demo council
start_instance() { # name port
  mkdir -p "$work/data-$1"
  HEARKEN_DB_URL=jdbc:postgresql://127.0.0.1:$P_PRIMARY/hearken HEARKEN_DB_USER=hearken HEARKEN_DB_PASSWORD=hearken \
  HEARKEN_DB_READ_URL=jdbc:postgresql://127.0.0.1:$P_REPLICA/hearken \
  HEARKEN_DATA_DIR="$work/data-$1" HEARKEN_REGISTER_KEY_FILE="$work/register-key.pem" \
  HEARKEN_SMTP_HOST=127.0.0.1 HEARKEN_SMTP_PORT=$P_SMTP HEARKEN_FORWARD_HEADERS=native HEARKEN_SECURE_COOKIES=false \
  HEARKEN_PUBLIC_URL=http://127.0.0.1:$P_PROXY SPRING_PROFILES_ACTIVE=demo SERVER_PORT=$2 \
    "$JAVA" -Xmx768m -jar "$JAR" --hearken.watch.sweep-interval=PT2S --hearken.webhooks.allow-private-addresses=true \
    --hearken.login.max-failures-per-address=100000 > "$work/hearken-$1.log" 2>&1 &
  pid[$1]=$!
}
wait_up() { # url
  for _ in $(seq 1 180); do curl -sf "$1/actuator/health/readiness" > /dev/null && return 0; sleep 1; done
  echo "no answer from $1" >&2; exit 1
}
say "Hearken instance a on $P_A"
start_instance a $P_A
wait_up http://127.0.0.1:$P_A
say "Hearken instance b on $P_B"
start_instance b $P_B
wait_up http://127.0.0.1:$P_B

# ---- HAProxy, round robin, naming the instance that answered in X-Served-By
cat > "$work/haproxy.cfg" << EOF
global
    maxconn 4000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    option redispatch
    retries 3
frontend both
    bind 127.0.0.1:$P_PROXY
    option forwardfor
    default_backend hearken
frontend one
    bind 127.0.0.1:$P_PROXY_ONE
    option forwardfor
    default_backend hearken_a
backend hearken
    balance roundrobin
    option httpchk GET /actuator/health/readiness
    http-response set-header X-Served-By %[srv_name]
    server a 127.0.0.1:$P_A check inter 1s fall 2 rise 2
    server b 127.0.0.1:$P_B check inter 1s fall 2 rise 2
backend hearken_a
    option httpchk GET /actuator/health/readiness
    http-response set-header X-Served-By %[srv_name]
    server a 127.0.0.1:$P_A check inter 1s fall 2 rise 2
EOF
haproxy -v | sed -n 1p
haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pid[haproxy]=$!
PROXY=http://127.0.0.1:$P_PROXY
for _ in $(seq 1 30); do [ "$(curl -s -o /dev/null -w '%{http_code}' $PROXY/actuator/health)" = 200 ] && break; sleep 1; done

# ---- a. intake throughput: both instances behind the proxy, and one, in turn
token=$(curl -sf -u olivia:demo -H 'Content-Type: application/json' \
  -d '{"name":"two instances","scope":"read-act","expiresInDays":1}' $PROXY/api/tokens | jq -r .token)
[ -n "$token" ] && [ "$token" != null ] || { echo "could not issue an API token through the proxy" >&2; exit 1; }
intake() { # url label
  local out
  out=$("$JAVA" "$here/IntakeLoad.java" "$1" "$token" "$N" $CLIENTS 500 2>&1) || { echo "$out" >&2; return 1; }
  printf '%-24s %s | %s | load %s\n' "$2" "$(echo "$out" | grep throughput)" "$(echo "$out" | grep latency)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
}
say "a. intake, $N cases, $CLIENTS clients, $ROUNDS rounds of: both instances, one instance (each through HAProxy)"
for r in $(seq 1 "$ROUNDS"); do
  intake $PROXY "round $r: two instances"
  intake http://127.0.0.1:$P_PROXY_ONE "round $r: one instance"
done

# ---- b. every e-mail, notice and webhook exactly once with two instances
say "b. exactly once: $MAILS cases by e-mail and $MAILS by phone received 30 days ago, a webhook on every event"
curl -sf -u admin:demo -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"url\":\"http://127.0.0.1:$P_HOOK/hook\",\"active\":true}" $PROXY/api/webhooks > /dev/null
run=$(date +%s)
received=$(date -u -d '-30 days' +%Y-%m-%dT%H:%M:%SZ)
for i in $(seq 1 "$MAILS"); do
  # By e-mail: acknowledged by e-mail at once. By phone: not acknowledged, so its overdue acknowledgement is a breach.
  printf '{"kind":"COMPLAINT","channel":"EMAIL","receivedAt":"%s","subject":"Exactly once %s","description":"Counted.","customer":{"name":"Once %s","email":"once-%s-%s@example.net"}}\n' \
    "$received" "$i" "$i" "$run" "$i"
  printf '{"kind":"COMPLAINT","channel":"PHONE","receivedAt":"%s","subject":"Exactly once %s","description":"Counted.","customer":{"name":"Once %s-%s","phone":"02 5550 %04d"}}\n' \
    "$received" "$i" "$run" "$i" "$i"
done | while read -r body; do
  curl -sf -u olivia:demo -H 'Content-Type: application/json' -D - -o /dev/null -d "$body" $PROXY/api/cases
done | grep -i '^x-served-by' | sort | uniq -c | sed 's/^/   cases opened through instance: /'
cases_sql="select id from cases where customer_email like 'once-$run-%' or customer_name like 'Once $run-%'"
for _ in $(seq 1 90); do
  sent=$(psql_p -d hearken -c "select count(*) from correspondence_message m where m.status = 'SENT' and m.case_id in ($cases_sql)")
  pending=$(psql_p -d hearken -c "select count(*) from escalation_timer where fired_at is null and fire_at <= now() and case_id in ($cases_sql)")
  [ "$sent" -ge "$MAILS" ] && [ "$pending" = 0 ] && break
  sleep 2
done
sleep 5 # let webhooks and any duplicate catch up, were there one
per_address=$(for i in $(seq 1 "$MAILS"); do
  curl -s "http://127.0.0.1:$P_MAIL_API/api/user/once-$run-$i@example.net/messages/INBOX" \
    | jq 'if type == "array" then length else 0 end' 
done | sort -n | uniq -c | awk '{printf "%s address(es) with %s message(s); ", $1, $2}')
echo "   acknowledgements in GreenMail: $per_address"
psql_p -d hearken -c "select '   outbox: ' || count(*) || ' messages, ' || count(*) filter (where status = 'SENT') || ' sent' from correspondence_message where case_id in ($cases_sql)"
psql_p -d hearken -c "select '   deadline timers due: ' || count(*) || ', fired: ' || count(*) filter (where fired_at is not null) || ' (' || count(*) filter (where outcome = 'SENT') || ' sent, ' || count(*) filter (where outcome = 'OBSOLETE') || ' obsolete); notices: ' || (select count(*) || ' for ' || count(distinct (timer_id, recipient_id)) || ' (timer, recipient) pairs' from escalation_notice where case_id in ($cases_sql)) from escalation_timer where case_id in ($cases_sql) and fire_at <= now()"
psql_p -d hearken -c "select '   staff notice e-mails: ' || count(*) || ' queued, ' || count(*) filter (where status = 'SENT') || ' sent' from correspondence_staff_mail where created_at > now() - interval '10 minutes'"
events=$(psql_p -d hearken -c "select count(*) from register_event where case_id in ($cases_sql)")
hook_total=$(wc -l < "$work/hooks.txt")
hook_unique=$(sort -u "$work/hooks.txt" | grep -c . || true)
echo "   webhooks: $events register events of these cases; $hook_total deliveries received, $hook_unique different event ids"

# ---- c. the read replica: reports, searches and exports, and the lag the report shows
say "c. read replica: reports, searches and exports"
stats() { # psql function, label
  $1 -d hearken -c "select coalesce(sum(calls), 0) from pg_stat_statements where query ilike '%report_case%' or query ilike '%search_words%' or query ilike '%from customers%' or query ilike '%from register_event%'"
}
r0=$(stats psql_r); p0=$(stats psql_p)
x0=$(psql_r -d hearken -c "select xact_commit + tup_returned from pg_stat_database where datname = 'hearken'")
t0=$(date +%s%N)
for _ in 1 2 3; do
  curl -sf -u elena:demo "$PROXY/api/reports" -o /dev/null
  curl -sf -u elena:demo "$PROXY/api/reports/compliance.csv" -o /dev/null
done
curl -sf -u elena:demo "$PROXY/reports/pack.pdf" -o "$work/pack.pdf"
curl -sf -u marcus:demo "$PROXY/api/customers?q=once" -o /dev/null
curl -sf -u elena:demo "$PROXY/api/register/export.csv" -o "$work/register.csv"
t1=$(date +%s%N)
r1=$(stats psql_r); p1=$(stats psql_p)
x1=$(psql_r -d hearken -c "select xact_commit + tup_returned from pg_stat_database where datname = 'hearken'")
echo "   3 reports, 3 CSV, a review pack, a customer search, a register export ($(wc -l < "$work/register.csv") lines) in $(( (t1 - t0) / 1000000 )) ms"
echo "   report/search/export statements on the replica: +$((r1 - r0)); on the primary: +$((p1 - p0)); replica's commits + rows returned: +$((x1 - x0))"
echo "   the report says: $(curl -sf -u elena:demo "$PROXY/api/reports/compliance" > /dev/null; curl -sf -u elena:demo "$PROXY/api/reports" | jq -r .readReplica.text)"
psql_r -c "select pg_wal_replay_pause()" > /dev/null
curl -sf -u olivia:demo -H 'Content-Type: application/json' \
  -d '{"kind":"QUESTION","channel":"PHONE","subject":"While the replica waits","description":"x","customer":{"name":"Lag Test","phone":"02 5550 1000"}}' \
  $PROXY/api/cases > /dev/null
sleep 3
echo "   replay paused, a case opened 3 s ago, the report says: $(curl -sf -u elena:demo "$PROXY/api/reports" | jq -r .readReplica.text)"
psql_r -c "select pg_wal_replay_resume()" > /dev/null
sleep 1
echo "   replay resumed, the report says: $(curl -sf -u elena:demo "$PROXY/api/reports" | jq -r .readReplica.text)"

# ---- d. one session across both instances, and after one is killed
say "d. a session signed in through the proxy's form, on both instances, then after kill -9 of one"
jar=$work/cookies.txt
csrf=$(curl -sf -c "$jar" -b "$jar" $PROXY/login | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
  --data-urlencode username=olivia --data-urlencode password=demo --data-urlencode "_csrf=$csrf" $PROXY/login)
echo "   sign-in: $code"
visit() {
  for _ in 1 2 3 4 5 6; do
    curl -s -o "$work/page.html" -D "$work/head.txt" -w '%{http_code}' -b "$jar" -c "$jar" $PROXY/cases/mine > "$work/code.txt"
    printf '   GET /cases/mine: %s from %s, %s\n' "$(cat "$work/code.txt")" \
      "$(grep -i '^x-served-by' "$work/head.txt" | tr -d '\r' | cut -d' ' -f2)" \
      "$(grep -q 'name="_csrf"' "$work/page.html" && grep -qi 'olivia\|Olivia' "$work/page.html" && echo 'signed in as olivia' || echo 'NOT signed in')"
  done
}
visit
kill -9 "${pid[b]}"
wait "${pid[b]}" 2> /dev/null || true
unset 'pid[b]'
echo "   instance b killed with kill -9"
visit
