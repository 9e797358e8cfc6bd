#!/usr/bin/env bash
# Installs what the test suite needs beyond the JDKs, Maven and the databases, if it is missing:
# Debian's Chromium, in which HtmlReportIT opens the HTML report headless. Idempotent. Installs only as
# root with apt-get; otherwise it says what is missing and exits 0 (the test is then skipped, except
# under CI=true, where it fails).
set -euo pipefail

say() { echo "install-test-tools: $*"; }

if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  say "Chromium is installed"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  say "Chromium is missing and cannot be installed here (needs root and apt-get): sudo apt-get install chromium"
  exit 0
fi
say "installing Debian's chromium (for HtmlReportIT)"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q chromium >/tmp/install-test-tools.log 2>&1; then
  apt-get update -q >>/tmp/install-test-tools.log 2>&1 || true
  apt-get install -y -q chromium >>/tmp/install-test-tools.log 2>&1 \
    || { say "could not install chromium (see /tmp/install-test-tools.log)"; exit 0; }
fi
say "Chromium is installed: $(chromium --version 2>/dev/null || echo '?')"
