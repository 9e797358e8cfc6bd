#!/usr/bin/env bash
# The project's test command: starts the local databases, installs Chromium if it is missing and may
# be (scripts/install-test-tools.sh), then builds everything and runs every test, unit and
# integration (mvn -B verify). Extra arguments go to Maven, e.g.
#   scripts/test.sh -Dit.test=HikariAppIT -Dconnlens.it.jdks=/usr/lib/jvm/java-17-openjdk-amd64
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/start-databases.sh
scripts/install-test-tools.sh
exec mvn -B verify "$@"
