#!/usr/bin/env bash
# Staff pages at scale: starts its own throw-away embedded PostgreSQL and the whole application on it, fills N cases
# (default 1,000,000; 3 % open), signs in through the login form and prints the server time (p50/p95/p99) of the
# queue page, the case page, the other lists and search. Target (docs/architecture.md): queue page and case page <= 50 ms p95.
# Usage: bench/case-pages.sh [N] [requests per page]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/java21.sh
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
"$JAVA" -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.hearken.casework.CasePagesBenchmark \
  "${1:-1000000}" "${2:-300}"
