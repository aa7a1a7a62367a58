#!/usr/bin/env bash
# Deadline sweep at scale: starts its own throw-away embedded PostgreSQL (nothing else), creates the schema, fills it
# with N open cases (default 1,000,000) and their deadline timers, and prints how long the sweep's claim query and the
# exceptions view take. Target (docs/architecture.md) for the sweep: <= 100 ms with a million open cases.
# Usage: bench/watch-sweep.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/java21.sh
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
"$JAVA" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.hearken.escalation.SweepBenchmark "${1:-1000000}"
