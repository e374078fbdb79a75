#!/usr/bin/env bash
# Creates .venv (Python >= 3.11) and installs gongkai into it. Usage: tools/venv.sh [extras]
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
py=""
for c in python3.13 python3.12 python3.11 python3; do
  if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    py="$c"; break
  fi
done
[ -n "$py" ] || { echo "gongkai needs Python 3.11 or newer" >&2; exit 1; }
[ -x .venv/bin/python ] || "$py" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
# the browser tests' accessibility check runs axe-core (from the npm registry) inside the page
if [[ ",$extras," == *",test,"* ]]; then
  if command -v npm >/dev/null; then
    [ -f .cache/npm/node_modules/axe-core/axe.min.js ] \
      || npm install --no-save --no-audit --no-fund --prefix .cache/npm "axe-core@4" >/dev/null
  else
    echo "npm not found: the axe-core accessibility tests will be skipped (apt install npm)" >&2
  fi
fi
