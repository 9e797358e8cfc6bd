#!/usr/bin/env bash
# An incident, replayed with the command line (docs/incident.md is its output): a service on a
# connection pool, started WITHOUT connlens, has a stuck export holding one connection; a responder
# lists the JVMs, attaches connlens, and looks at leases, watch and pools while a report job pins three
# more; then a request finds the pool empty, and the report says which code pinned it.
#
#   scripts/incident.sh [POOL [JDBC_URL]]
#     POOL: hikari (default), dbcp2, tomcat-dbcp, tomcat-jdbc, c3p0, agroal, vibur
#     JDBC_URL: default an embedded H2 database; e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres
#
# INCIDENT_BUILD=0 skips the Maven build (uses the jars already built).
set -euo pipefail
cd "$(dirname "$0")/.."

pool=${1:-hikari}
url=${2:-'jdbc:h2:mem:app;DB_CLOSE_DELAY=-1'}
if [ "${INCIDENT_BUILD:-1}" != 0 ]; then
  mvn -B -q -DskipTests package
fi
jar=$(pwd)/agent/target/connlens-agent.jar
app=$(pwd)/test-apps/pools-app/target
dir=$(pwd)/target/incident
rm -rf "$dir"
mkdir -p "$dir"

# the service: steps on files in its working directory (IncidentApp's javadoc)
(cd "$dir" && exec java -cp "$app/connlens-pools-app.jar:$app/lib/*" io.connlens.testapp.pools.IncidentApp \
  "$pool" exhausted-after-attach "$url" >app.out 2>app.err) &
service=$!
trap 'kill $service 2>/dev/null || true' EXIT

# waits (60 s at most) for the service to print LINE
await() {
  for _ in $(seq 600); do
    grep -qx "$1" "$dir/app.out" && return 0
    kill -0 $service 2>/dev/null || { echo "incident: the service ended early" >&2; cat "$dir/app.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "incident: the service did not print $1 within 60 s" >&2
  exit 1
}

# shows a command as the responder types it, then runs it
run() {
  echo "\$ java -jar connlens-agent.jar $*"
  java -jar "$jar" "$@"
  echo
}

await READY
echo "# the service is pid $service, started without connlens; its stuck export holds a connection"
echo
echo "\$ java -jar connlens-agent.jar list"
java -jar "$jar" list | grep -E "^(PID|$service) "
echo
run attach $service
touch "$dir/attached"
await HOLDING
echo "# a report job has taken three more connections since"
echo
run leases $service
run watch $service --count 1
run pools $service
touch "$dir/exhaust"
await EXHAUSTED
echo "# a request needed two connections; its second borrow failed:"
grep "second borrow failed" "$dir/app.out"
echo
echo "# what connlens printed on the service's standard error:"
sed -n '/POOL_EXHAUSTED/,/^\[connlens\]     holder/p' "$dir/app.err"
echo
run report $service --out "$dir/report.json"
touch "$dir/release"
wait $service
trap - EXIT
echo "# the service ended normally; the report is at $dir/report.json"
