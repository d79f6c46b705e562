#!/usr/bin/env bash
# rldt launcher: selects Java 25, builds the project on first use, then runs the CLI.
# (The name rldt.sh, not rldt: the repository root already has the `rldt` module directory.)
#   ./rldt.sh demo            the main job on a built-in default (no downloads, no GPU)
#   ./rldt.sh test            the test suite (what CI runs)
#   ./rldt.sh <subcommand>    any CLI subcommand; ./rldt.sh --help lists them
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

find_java25() {
  local c v
  for c in "${RLDT_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* \
           /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    v="$("$c/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
    if [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}

if ! JAVA_HOME="$(find_java25)"; then
  echo "rldt: Java 25 or newer is required but none was found." >&2
  echo "      Install Temurin 25 (e.g. /usr/lib/jvm/temurin-25-jdk-amd64) or set RLDT_JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
MVN=(mvn -B -ntp -q)

JAR="$ROOT/rldt/target/rldt-cli.jar"
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow)
# ParallelGC unless RLDT_JAVA_OPTS picks a collector: training allocates large short-lived activations, and G1's
# concurrent work cost 17 % of a hopper-cpu iteration on one core (29.5-30.5 s against 24.6-26.1 s, jmh/README.md).
[[ "${RLDT_JAVA_OPTS:-}" == *-XX:+Use*GC* ]] || JVM_FLAGS+=(-XX:+UseParallelGC)

needs_build() {
  [ ! -f "$JAR" ] && return 0
  # Rebuild when any source, resource or pom is newer than the jar, so "edit, run" just works.
  [ -n "$(find "$ROOT" -path "$ROOT/*/target" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$JAR" -print -quit)" ]
}

case "${1:-}" in
  test)
    shift
    cd "$ROOT"
    # -q prints nothing when all pass: summarise the reports this run wrote, then exit with Maven's status.
    marker="$(mktemp)"
    rc=0
    "${MVN[@]}" test "$@" || rc=$?
    "$ROOT/scripts/test-summary.sh" --newer "$marker" "$ROOT" || true
    rm -f "$marker"
    exit "$rc"
    ;;
  build)
    shift
    cd "$ROOT"
    exec "${MVN[@]}" -DskipTests install "$@"
    ;;
esac

if needs_build; then
  echo "rldt: building (first use or sources changed) ..." >&2
  (cd "$ROOT" && "${MVN[@]}" -DskipTests install) >&2
fi
# A CUDA backend (RLDT_BACKEND=cuda-device, or -Drldt.backend=... in RLDT_JAVA_OPTS) is a plug-in: its jar (no
# dependencies beyond what the CLI jar holds) joins the class path, with the flags the CLI jar's manifest gives.
want="${RLDT_BACKEND:-}"
[[ "${RLDT_JAVA_OPTS:-}" =~ -Drldt\.backend=([^[:space:]]+) ]] && want="${BASH_REMATCH[1]}"
if [[ "$want" == cuda* ]]; then
  CUDA_JAR="$(ls "$ROOT"/engine-cuda/target/engine-cuda-*.jar 2>/dev/null | grep -v -e tests -e sources | head -1 || true)"
  if [ -n "$CUDA_JAR" ]; then
    exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" --add-opens java.base/java.lang=ALL-UNNAMED ${RLDT_JAVA_OPTS:-} \
      -cp "$JAR:$CUDA_JAR" io.rldt.core.cli.Main "$@"
  fi
fi
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" ${RLDT_JAVA_OPTS:-} -jar "$JAR" "$@"
