# Sourced by the bench scripts: sets JAVA to a JDK 21+ (JAVA_HOME if new enough, else the newest in /usr/lib/jvm).
java_major() { "$1" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p'; }
JAVA=""
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  for jdk in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    if [ -x "$jdk/bin/java" ] && [ "$(java_major "$jdk/bin/java")" -ge 21 ]; then JAVA="$jdk/bin/java"; break; fi
  done
fi
[ -n "$JAVA" ] || { echo "A JDK 21 or newer is needed (none in JAVA_HOME or /usr/lib/jvm)" >&2; exit 1; }
