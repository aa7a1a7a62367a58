#!/usr/bin/env bash
# Growth to ten million cases: starts one throw-away embedded PostgreSQL and Hearken on it, grows one register to each
# size in turn (default 1, 3 and 10 million cases), and after each step measures the staff pages and searches, the
# deadline sweep's claim and the report API, then prints a table of every figure at every size and how much it grew.
# Targets at 10 million (docs/architecture.md): queue and case pages <= 50 ms p95, sweep claim <= 100 ms, compliance
# headline <= 1 s. Needs about 40 GB of disk under the temporary directory (java.io.tmpdir) for 10 million cases.
# Usage: bench/growth.sh [sizes, comma-separated] [requests per page] [report runs]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/java21.sh
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
"$JAVA" -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.hearken.GrowthBenchmark \
  "${1:-1000000,3000000,10000000}" "${2:-100}" "${3:-5}"
