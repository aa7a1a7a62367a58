#!/usr/bin/env bash
# Intake benchmark: posts N cases with C concurrent clients to an already running Hearken and prints cases/s and
# p50/p95/p99 latency. It starts nothing itself. Start Hearken first, e.g. in demo mode:
#   ./mvnw spring-boot:run -Dspring-boot.run.profiles=demo
# then: bench/intake-load.sh [N=20000] [C=16]
# Environment: HEARKEN_URL (default http://localhost:8080), HEARKEN_USER / HEARKEN_PASSWORD (default olivia / demo),
# used once to issue an API token (password checks are deliberately slow; tokens are what integrations use).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
N=${1:-20000}
C=${2:-16}
URL=${HEARKEN_URL:-http://localhost:8080}
USER_=${HEARKEN_USER:-olivia}
PASS=${HEARKEN_PASSWORD:-demo}

source "$here/java21.sh"

token=$(curl -sf -u "$USER_:$PASS" -H 'Content-Type: application/json' -d '{"name":"intake benchmark","scope":"read-act","expiresInDays":1}' "$URL/api/tokens" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
[ -n "$token" ] || { echo "could not issue an API token at $URL as $USER_" >&2; exit 1; }
"$JAVA" "$here/IntakeLoad.java" "$URL" "$token" "$N" "$C"
