#!/usr/bin/env bash
# Installs gongkai and serves the platform on SQLite with a demo agency at http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/system-packages.sh run
bash tools/venv.sh
export GONGKAI_HOME="${GONGKAI_HOME:-$PWD/var}"
exec .venv/bin/gongkai serve --demo --host 127.0.0.1 --port "${PORT:-8000}"
