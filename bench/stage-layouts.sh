#!/usr/bin/env bash
# Where the stages of a case are stored, compared: fills N cases (default 300,000) as report-scale.sh does, lays their
# stages out three more ways beside the columns of cases (a table of stage rows read two ways, an array of stage values
# in one column), and times the compliance report's counting over the last year against each, in turn, RUNS times.
# Usage: bench/stage-layouts.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/java21.sh
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
"$JAVA" -Xmx2g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.hearken.reporting.StageLayoutBenchmark "${1:-300000}" "${2:-5}"
