#!/usr/bin/env bash
# Third-party test suites run unchanged, without and with connlens, compared test by test.
# See docs/compatibility.md for what runs and what the last run found.
#
#   scripts/compat.sh [dbcp2]      (default: every suite this machine can run)
#
#   dbcp2   Apache Commons DBCP2's own suite (2.13.0: the test jar its release publishes on Maven
#           Central, about 1,500 tests, compat/dbcp2/pom.xml), once without the agent and once with
#           -javaagent:connlens-agent.jar=console=false,report=...; then compat/CompareSuites.java
#           compares every test's outcome and sums connlens's reports (findings, suppressed errors,
#           instrumentation errors).
#
# HikariCP publishes no test sources or test jar on Maven Central (only its main sources), so its suite
# needs a clone of its repository; see docs/compatibility.md.
#
# Environment (each optional):
#   COMPAT_BUILD=0       skip building the agent (use agent/target/connlens-agent.jar as it is)
#   COMPAT_OUT=DIR       where the reports go (default target/compat)
#   COMPAT_AGENT_OPTIONS extra agent options, appended after console=false,report=...
#
# Writes COMPAT_OUT/compat.md; exits with status 1 if a test that passes without the agent fails with it,
# or if connlens suppressed an error.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SUITES=()
for arg in "$@"; do
  case "$arg" in
    dbcp2) SUITES+=("$arg") ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "compat.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#SUITES[@]} -eq 0 ] && SUITES=(dbcp2)

OUT=${COMPAT_OUT:-$ROOT/target/compat}
AGENT="$ROOT/agent/target/connlens-agent.jar"
API_JAR=$(ls "$ROOT"/api/target/connlens-api-*.jar 2>/dev/null | grep -v sources | head -1 || true)
if [ "${COMPAT_BUILD:-1}" != 0 ] || [ ! -f "$AGENT" ] || [ -z "$API_JAR" ]; then
  echo "compat.sh: building the agent (mvn -B -q -DskipTests -pl agent -am package)"
  mvn -B -q -DskipTests -pl agent -am package
  API_JAR=$(ls "$ROOT"/api/target/connlens-api-*.jar | grep -v sources | head -1)
fi
mkdir -p "$OUT"

status=0
sections=()
for suite in "${SUITES[@]}"; do
  dir="$OUT/$suite"
  rm -rf "$dir"
  mkdir -p "$dir/connlens"
  options="console=false,report=$dir/connlens/connlens-%p.json${COMPAT_AGENT_OPTIONS:+,$COMPAT_AGENT_OPTIONS}"
  start=$(date +%s)
  echo "compat.sh: $suite without the agent ..."
  mvn -B -q -f "compat/$suite/pom.xml" test -Dcompat.reports="$dir/without" > "$dir/without.log" 2>&1 \
    || { echo "compat.sh: $suite: the run without the agent did not complete; see $dir/without.log" >&2; exit 1; }
  middle=$(date +%s)
  echo "compat.sh: $suite without the agent: $((middle - start)) s; with the agent ..."
  mvn -B -q -f "compat/$suite/pom.xml" test -Dcompat.reports="$dir/with" \
    "-Dcompat.argLine=-javaagent:$AGENT=$options" > "$dir/with.log" 2>&1 \
    || { echo "compat.sh: $suite: the run with the agent did not complete; see $dir/with.log" >&2; exit 1; }
  end=$(date +%s)
  echo "compat.sh: $suite with the agent: $((end - middle)) s"
  java -cp "$API_JAR" compat/CompareSuites.java "$suite" "$dir/without" "$dir/with" "$dir/connlens" "$dir/result.md" \
    > /dev/null || status=1
  printf '\nWall clock of the whole Maven run: %s s without the agent, %s s with it.\n' \
    "$((middle - start))" "$((end - middle))" >> "$dir/result.md"
  sections+=("$dir/result.md")
done

{
  echo "# connlens compatibility run"
  echo
  echo "Started $(date -u +%Y-%m-%dT%H:%M:%SZ) by \`scripts/compat.sh $*\`; $(java -version 2>&1 | head -1);"
  echo "agent $(sha256sum "$AGENT" | cut -c1-12), built $(date -u -r "$AGENT" +%Y-%m-%dT%H:%M:%SZ)."
  echo
  for s in "${sections[@]}"; do cat "$s"; echo; done
} > "$OUT/compat.md"
cat "$OUT/compat.md"
echo "Written: $OUT/compat.md"
exit "$status"
