#!/usr/bin/env bash
# Due-date throughput (JMH). Target (docs/architecture.md): >= 5 million computations per second per core.
# Usage: bench/deadline-jmh.sh [extra JMH options, e.g. -i 10 -prof gc]
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/java21.sh
echo "Using $JAVA ($(java_major "$JAVA"))"

./mvnw -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

mkdir -p bench/out
result="bench/out/deadline-jmh.txt"
"$JAVA" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.openjdk.jmh.Main DueDateBenchmark -f 1 -wi 3 -i 5 -t 1 "$@" | tee "$result"

echo
awk '/DueDateBenchmark\./ && $2 == "thrpt" { sub(/.*DueDateBenchmark\./, "", $1); printf "%-45s %s %s %s %s\n", $1, $4, $5, $6, $7 }' "$result" |
  sed 's/^/Due-date throughput: /'
echo "(target: >= 5,000,000 ops/s on one core, for every unit and rule)"
