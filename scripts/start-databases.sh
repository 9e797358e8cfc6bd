#!/usr/bin/env bash
# Starts the databases the integration tests use, if they are not running yet: PostgreSQL on
# 127.0.0.1:5432 (trust auth, database "test") and MariaDB on 127.0.0.1:3306. Idempotent: safe to
# run again. On a machine without these servers it says so and exits 0; the PostgreSQL tests then
# use a Testcontainers container if Docker is there, or are skipped (in CI, with CI=true, they fail).
set -euo pipefail

DEADLINE_SECONDS=30
PG_HOST=127.0.0.1
PG_PORT=5432

say() { echo "start-databases: $*"; }

postgres_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
mariadb_ready() { mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -u root --connect-timeout=2 ping >/dev/null 2>&1; }

wait_until() { # wait_until NAME CHECK
  local name=$1 check=$2 end=$((SECONDS + DEADLINE_SECONDS))
  until "$check"; do
    if ((SECONDS >= end)); then
      say "$name did not accept connections within ${DEADLINE_SECONDS} s"
      return 1
    fi
    sleep 0.5
  done
  say "$name accepts connections"
}

status=0

if command -v pg_isready >/dev/null && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  if postgres_ready; then
    say "PostgreSQL already running on $PG_HOST:$PG_PORT"
  else
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    say "starting PostgreSQL $version (cluster main)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || say "pg_ctlcluster failed (it may already be starting)"
  fi
  if wait_until PostgreSQL postgres_ready; then
    if [ "$(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'")" = 1 ]; then
      say "PostgreSQL database test exists"
    else
      say "creating PostgreSQL database test"
      psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE test"
    fi
  else
    status=1
  fi
else
  say "note: no local PostgreSQL installation (pg_isready, pg_ctlcluster, /etc/postgresql) on this machine;"
  say "      the PostgreSQL tests use Testcontainers if Docker is available, else they are skipped (they fail when CI=true)"
fi

if [ -x /usr/sbin/mariadbd ] && command -v mysqladmin >/dev/null; then
  if mariadb_ready; then
    say "MariaDB already running on 127.0.0.1:3306"
  else
    say "starting MariaDB"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  fi
  wait_until MariaDB mariadb_ready || status=1
else
  say "note: no local MariaDB installation (/usr/sbin/mariadbd, mysqladmin) on this machine"
fi

exit "$status"
