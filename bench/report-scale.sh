#!/usr/bin/env bash
# The compliance report at scale: starts its own throw-away embedded PostgreSQL and Hearken on it, fills it with N
# realistic cases (default 1,000,000) received over two years, and prints how long the report API takes over the last
# year (median and max of several runs). Target (docs/architecture.md): the SLA compliance report <= 1 s with a million cases.
# Usage: bench/report-scale.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/java21.sh
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
"$JAVA" -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.hearken.reporting.ReportBenchmark \
  "${1:-1000000}" "${2:-9}"
