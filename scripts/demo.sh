#!/usr/bin/env bash
# Builds the project, then runs the HikariCP demo app on H2 under the agent: a correct workload, a
# connection kept by a finished export task, one held across a slow call and one dropped without
# close(). Watch the [connlens] lines on the console; the JSON report is written at exit.
# site.capture=all names every finding's code, as a QA run does; in production the default
# (sampled) names a pool's leaks from its first sampled or repeated leak on (docs/how-it-works.md).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -DskipTests package

app=test-apps/hikari-app/target
report=target/connlens-demo-report.json
mkdir -p target
rm -f "$report"

status=0
java "-javaagent:agent/target/connlens-agent.jar=leak.threshold=1s,site.capture=all,report=$report" \
  -cp "$app/connlens-hikari-app.jar:$app/lib/*:$app/hikari-5/*" \
  io.connlens.testapp.hikari.HikariApp demo 'jdbc:h2:mem:app;DB_CLOSE_DELAY=-1' || status=$?

echo
if [ -f "$report" ]; then
  echo "demo: the JSON report is at $(pwd)/$report"
  java -jar agent/target/connlens-agent.jar report --html "$report" --out target/connlens-demo-report.html 2>/dev/null \
    && echo "demo: the HTML report is at $(pwd)/target/connlens-demo-report.html"
else
  echo "demo: no report was written to $report" >&2
fi
exit "$status"
