#!/usr/bin/env bash
# Set up everything the tests need (Debian's chromium, Python packages) and run lint + the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages: chromium for the browser tests; PostgreSQL + PostGIS for the store tests, which start their
# own server on 127.0.0.1 (tests/pgcluster.py) and stop it afterwards.
NEED=""
[ -x /usr/bin/chromium ] || NEED="$NEED chromium"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || NEED="$NEED postgresql"
ls /usr/share/postgresql/15/extension/postgis.control >/dev/null 2>&1 || NEED="$NEED postgresql-15-postgis-3"
if [ -n "$NEED" ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq $NEED
fi
bash scripts/setup.sh --dev
.venv/bin/ruff check .
# The store tests fail (instead of skipping) if the PostgreSQL server is missing.
GEO_REQUIRE_SERVERS=1 .venv/bin/python -m pytest "$@"
