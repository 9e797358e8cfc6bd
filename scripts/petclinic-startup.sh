#!/bin/bash
# Wall clock of the Spring Boot 4 petclinic test app, run as users run it (java -jar, Boot's launcher),
# without an agent and with each agent jar given: two unmeasured rounds, then ROUNDS rounds of the cases
# in turn; prints each case's median, minimum and maximum in milliseconds.
#   scripts/petclinic-startup.sh [OTHER_AGENT_JAR]     (build first: mvn -B -DskipTests package)
# OTHER_AGENT_JAR, e.g. an earlier commit's agent/target/connlens-agent.jar, is timed as "other".
set -euo pipefail
cd "$(dirname "$0")/.."
APP=test-apps/spring-petclinic-app/target/connlens-spring-petclinic-app.jar
AGENT=agent/target/connlens-agent.jar
OTHER=${1:-}
ROUNDS=${ROUNDS:-10}
for f in "$APP" "$AGENT" ${OTHER:+"$OTHER"}; do
  [ -f "$f" ] || { echo "missing $f: build first (mvn -B -DskipTests package)" >&2; exit 2; }
done
run() {
  local start end
  start=$(date +%s%N)
  java "$@" -jar "$APP" clinic-batch-fetch >/dev/null 2>&1 || { echo "the app failed: java $* -jar $APP" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
for _ in 1 2; do run >/dev/null; run -javaagent:"$AGENT"=console=false >/dev/null; done
results=$(for i in $(seq 1 "$ROUNDS"); do
  echo "none $(run)"
  [ -n "$OTHER" ] && echo "other $(run -javaagent:"$OTHER"=console=false)"
  echo "connlens $(run -javaagent:"$AGENT"=console=false)"
  echo "round $i of $ROUNDS" >&2
done)
echo "$results" | awk '{v[$1]=v[$1]" "$2} END {for (k in v) print k, v[k]}' | while read -r name values; do
  sorted=$(echo "$values" | tr ' ' '\n' | sort -n)
  n=$(echo "$sorted" | wc -l)
  median=$(echo "$sorted" | awk -v n="$n" '{a[NR]=$1} END {print (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2}')
  echo "$name: median $median ms, min $(echo "$sorted" | head -1), max $(echo "$sorted" | tail -1) ($n runs)"
done
