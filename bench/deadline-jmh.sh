#!/usr/bin/env bash
# Due-date throughput (JMH). DESIGN.md target: >= 5 million computations per second per core.
# Usage: bench/deadline-jmh.sh [extra JMH options, e.g. -i 10 -prof gc]
set -euo pipefail
cd "$(dirname "$0")/.."

java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

JAVA=""
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" && "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  best=0
  for candidate in /usr/lib/jvm/*/bin/java; do
    [[ -x "$candidate" ]] || continue
    major="$(java_major "$candidate" || echo 0)"
    if [[ "$major" =~ ^[0-9]+$ && "$major" -ge 21 && "$major" -gt "$best" ]]; then
      best="$major"
      JAVA="$candidate"
    fi
  done
fi
if [[ -z "$JAVA" ]]; then
  echo "No JDK 21 or newer found: set JAVA_HOME to one." >&2
  exit 1
fi
echo "Using $JAVA ($(java_major "$JAVA"))"

./mvnw -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test

mkdir -p bench/out
result="bench/out/deadline-jmh.txt"
"$JAVA" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.openjdk.jmh.Main DueDateBenchmark -f 1 -wi 3 -i 5 -t 1 "$@" | tee "$result"

echo
score="$(awk '/DueDateBenchmark.due/ && $2 == "thrpt" { print $4, $5, $6, $7 }' "$result" | tail -1)"
if [[ -n "$score" ]]; then
  echo "Due-date throughput: $score (target: >= 5,000,000 ops/s on one core)"
fi
