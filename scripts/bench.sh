#!/usr/bin/env bash
# What connlens costs. See docs/performance.md for what each part measures and what its numbers mean.
#
#   scripts/bench.sh [--quick] [jmh|pools|appname|e2e|startup|memory|soak|all]     (default: jmh)
#
#   jmh      JMH: HikariCP 7 on H2 in memory, five operations under five variants (no agent, connlens
#            default, connlens every lease, HikariCP leakDetectionThreshold, OpenTelemetry agent),
#            -prof gc. Writes benchmarks/target/bench/<Variant>.json and results.md. The sixth variant,
#            connlens tag.application_name, tags PostgreSQL connections only: not run here unless
#            BENCH_VARIANTS names it (ConnlensApplicationName).
#   pools    JMH: borrow + return through HikariCP, DBCP2, Tomcat JDBC, c3p0 and Agroal (8 connections each,
#            H2 in memory) under the same five variants (HikariCP leakDetectionThreshold on HikariCP only),
#            -prof gc. Writes pools-<Variant>.json and pools.md.
#   appname  JMH on the local PostgreSQL (started with scripts/start-databases.sh if it is down; or
#            CONNLENS_TEST_PG_URL): HikariCP, pool of 4 filled before measuring, borrow + prepared SELECT 1 +
#            close (postgresBorrowQueryReturn), under no agent, connlens default, connlens every lease and
#            connlens tag.application_name=true, -prof gc. Each fork also checks in pg_stat_activity that
#            the tag is set while leased and set back at close under the tag variant only; the run fails
#            if not. Writes appname-<Variant>.json, appname-<Variant>.tag and appname.md.
#   e2e      4 threads of short transactions through HikariCP on the local PostgreSQL, fresh JVMs
#            alternating without/with the agent, 5 pairs; median throughput ratio. Writes e2e.md.
#   startup  wall-clock start without/with the agent of a one-line program that loads no JDBC class, of one
#            that opens one H2 connection, and of the Spring Boot test app's fat jar (java -jar, built if
#            missing). Writes startup.md.
#   memory   used heap with 100,000 open leases, without the agent and in both connlens modes. memory.md.
#   soak     64 threads (each replaced by a new one after 20,000 leases) take 10 million leases from HikariCP
#            over H2, one prepared query each of 100,000 distinct SQL shapes, without the agent and with its
#            defaults; checks the report's counts are exact (no finding, nothing dropped, no suppressed
#            error) and the heap after GC flat along the run. soak.md, soak-report.json; exit 1 if not.
#   all      all seven, in that order.
#
#   --quick  a smoke run: JMH 1 warm-up and 1 measurement iteration of 200 ms; e2e 3 pairs of 5,000
#            transactions; start-up 5 runs per case (Spring Boot 2); soak 200,000 leases, 1,000 per thread. Its numbers show that everything
#            works, nothing more.
#
# Environment (each optional):
#   BENCH_BUILD=0             skip the Maven build (use the jars already in agent/target and benchmarks/target)
#   BENCH_OUT                 output directory (default benchmarks/target/bench)
#   BENCH_FORKS BENCH_WARMUP BENCH_WARMUP_TIME BENCH_ITERATIONS BENCH_TIME   JMH settings (default 1, 5, 1s, 5, 1s)
#   BENCH_VARIANTS            e.g. NoAgent,ConnlensDefault (default: the five above; appname: its four)
#   BENCH_OPS                 e.g. borrowReturn,borrowReturnDeepStack (default: all five; jmh only)
#   BENCH_POOLS               e.g. hikari,dbcp2 (default: all five; pools only)
#   E2E_THREADS E2E_POOL E2E_TRANSACTIONS E2E_WARMUP E2E_PAIRS     (default 4, 8, 40000, 20000, 5)
#   E2E_AGENT_OPTIONS         connlens agent options for the "with" runs (default: none, i.e. defaults)
#   CONNLENS_TEST_PG_URL      PostgreSQL of appname and e2e (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres)
#   STARTUP_RUNS              measured runs per case of the one-line programs (default 10)
#   STARTUP_SPRING_RUNS       measured runs per case of the Spring Boot app (default 6)
#   MEMORY_LEASES MEMORY_DEPTH  open leases and their stack depth (default 100000, 110)
#   SOAK_THREADS SOAK_LEASES SOAK_SHAPES SOAK_THREAD_LEASES SOAK_SAMPLES   (default 64, 10000000, 100000, 20000, 10)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
INVOCATION="scripts/bench.sh $*"

QUICK=0
PART=jmh
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    jmh|pools|appname|e2e|startup|memory|soak|all) PART=$arg ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

# the command as typed, with the settings that came from the environment, for the reports
SETTINGS=$(env | grep -E '^(BENCH|E2E|STARTUP|MEMORY|SOAK)_[A-Z_]*=' | sort | tr '\n' ' ' || true)
COMMAND="${SETTINGS}${INVOCATION}"

CONNLENS_JAR="$ROOT/agent/target/connlens-agent.jar"
OTEL_JAR="$ROOT/benchmarks/target/otel/opentelemetry-javaagent.jar"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
SPRING_JAR="$ROOT/test-apps/spring-petclinic-app/target/connlens-spring-petclinic-app.jar"
OUT=${BENCH_OUT:-$ROOT/benchmarks/target/bench}

if [ "${BENCH_BUILD:-1}" != 0 ]; then
  echo "bench.sh: building the agent and the benchmarks (mvn -B -q -DskipTests -pl agent,benchmarks -am package)"
  mvn -B -q -DskipTests -pl agent,benchmarks -am package
fi
for jar in "$CONNLENS_JAR" "$OTEL_JAR" "$BENCH_JAR"; do
  [ -f "$jar" ] || { echo "bench.sh: missing $jar (build with: mvn -B -DskipTests -pl agent,benchmarks -am package)" >&2; exit 1; }
done
mkdir -p "$OUT"

# the launcher JVMs only start and watch the measured ones: keep them small
launch() { java -Xmx256m -cp "$BENCH_JAR" "$@"; }

# BenchRunner with the JMH settings; the rest of the arguments choose what it runs
run_bench_runner() {
  local forks=${BENCH_FORKS:-1} warmup=${BENCH_WARMUP:-5} warmup_time=${BENCH_WARMUP_TIME:-1s}
  local iterations=${BENCH_ITERATIONS:-5} time=${BENCH_TIME:-1s}
  if [ "$QUICK" = 1 ]; then
    warmup=${BENCH_WARMUP:-1} warmup_time=${BENCH_WARMUP_TIME:-200ms}
    iterations=${BENCH_ITERATIONS:-1} time=${BENCH_TIME:-200ms}
  fi
  launch io.connlens.bench.BenchRunner \
    --connlens-jar "$CONNLENS_JAR" --otel-jar "$OTEL_JAR" --out "$OUT" \
    --forks "$forks" --warmup "$warmup" --warmup-time "$warmup_time" \
    --iterations "$iterations" --time "$time" \
    --variants "${BENCH_VARIANTS:-}" --command "$COMMAND" "$@"
}

run_jmh() {
  run_bench_runner --ops "${BENCH_OPS:-}"
}

run_pools() {
  run_bench_runner --pools "${BENCH_POOLS:-}"
}

# the local PostgreSQL, started if it is down (unless CONNLENS_TEST_PG_URL names another)
ensure_postgres() {
  if [ -z "${CONNLENS_TEST_PG_URL:-}" ] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    scripts/start-databases.sh
  fi
}

run_appname() {
  ensure_postgres
  run_bench_runner --appname-url "${CONNLENS_TEST_PG_URL:-}"
}

run_e2e() {
  local transactions=${E2E_TRANSACTIONS:-40000} pairs=${E2E_PAIRS:-5} warmup=${E2E_WARMUP:-20000}
  if [ "$QUICK" = 1 ]; then
    transactions=${E2E_TRANSACTIONS:-5000} pairs=${E2E_PAIRS:-3} warmup=${E2E_WARMUP:-1000}
  fi
  ensure_postgres
  launch io.connlens.bench.EndToEnd \
    --connlens-jar "$CONNLENS_JAR" --out "$OUT" \
    --threads "${E2E_THREADS:-4}" --pool "${E2E_POOL:-8}" --transactions "$transactions" \
    --warmup-transactions "$warmup" --pairs "$pairs" --agent-options "${E2E_AGENT_OPTIONS:-}" --command "$COMMAND"
}

run_startup() {
  local runs=${STARTUP_RUNS:-10} spring_runs=${STARTUP_SPRING_RUNS:-6}
  [ "$QUICK" = 1 ] && runs=${STARTUP_RUNS:-5} && spring_runs=${STARTUP_SPRING_RUNS:-2}
  if [ "${BENCH_BUILD:-1}" != 0 ] || [ ! -f "$SPRING_JAR" ]; then
    echo "bench.sh: building the Spring Boot test app (mvn -B -q -DskipTests -pl test-apps/spring-petclinic-app -am package)"
    mvn -B -q -DskipTests -pl test-apps/spring-petclinic-app -am package
  fi
  launch io.connlens.bench.StartupTime \
    --connlens-jar "$CONNLENS_JAR" --otel-jar "$OTEL_JAR" --spring-jar "$SPRING_JAR" --out "$OUT" --runs "$runs" \
    --spring-runs "$spring_runs" --command "$COMMAND"
  if command -v hyperfine >/dev/null; then
    # a second opinion, when hyperfine is installed
    hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$OUT/startup-hyperfine.md" \
      "java -cp $BENCH_JAR io.connlens.bench.Hello" \
      "java -javaagent:$CONNLENS_JAR -cp $BENCH_JAR io.connlens.bench.Hello"
  fi
}

run_memory() {
  launch io.connlens.bench.OpenLeasesMemory \
    --connlens-jar "$CONNLENS_JAR" --out "$OUT" \
    --leases "${MEMORY_LEASES:-100000}" --depth "${MEMORY_DEPTH:-110}" --command "$COMMAND"
}

run_soak() {
  local leases=${SOAK_LEASES:-10000000} thread_leases=${SOAK_THREAD_LEASES:-20000}
  if [ "$QUICK" = 1 ]; then leases=${SOAK_LEASES:-200000}; thread_leases=${SOAK_THREAD_LEASES:-1000}; fi
  launch io.connlens.bench.Soak \
    --connlens-jar "$CONNLENS_JAR" --out "$OUT" --threads "${SOAK_THREADS:-64}" --leases "$leases" \
    --shapes "${SOAK_SHAPES:-100000}" --thread-leases "$thread_leases" --samples "${SOAK_SAMPLES:-10}" \
    --command "$COMMAND"
}

case "$PART" in
  jmh) run_jmh ;;
  pools) run_pools ;;
  appname) run_appname ;;
  e2e) run_e2e ;;
  startup) run_startup ;;
  memory) run_memory ;;
  soak) run_soak ;;
  all) run_jmh; run_pools; run_appname; run_e2e; run_startup; run_memory; run_soak ;;
esac
