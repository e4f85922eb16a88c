#!/usr/bin/env bash
# Set up everything the tests need (Debian's chromium, Python packages) and run lint + the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium
fi
bash scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
