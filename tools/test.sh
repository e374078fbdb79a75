#!/usr/bin/env bash
# Installs everything the tests need and runs the whole suite: lint, tests on SQLite,
# the platform tests again on PostgreSQL, and the reader accuracy harness on the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/system-packages.sh test
bash tools/venv.sh test
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"
ruff check src tests bench
echo "== pytest (SQLite)"
pytest -q -p no:cacheprovider "$@"
echo "== pytest (PostgreSQL, platform tests)"
pg_virtualenv sh -c 'DATABASE_URL="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE" \
  pytest -q -p no:cacheprovider tests/platform tests/staff tests/publishing'
echo "== reader accuracy on the corpus"
python bench/accuracy.py --gate
