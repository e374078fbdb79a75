#!/usr/bin/env bash
# Installs everything the tests need and runs the whole suite: lint, tests on SQLite,
# the platform tests again on PostgreSQL (with login hardening and backup/restore through
# pg_dump/pg_restore), and the reader accuracy harness on the corpus. pg_virtualenv -t: a
# cluster in a temporary directory, so that two runs on one machine do not collide.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/system-packages.sh test
bash tools/venv.sh test
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"
ruff check src tests bench
echo "== pytest (SQLite)"
pytest -q -p no:cacheprovider "$@"
echo "== pytest (PostgreSQL, platform tests: casework, staff, annual report, appeals, supervision, catalogue, portal, ops)"
pg_virtualenv -t sh -c 'DATABASE_URL="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE" \
  pytest -q -p no:cacheprovider tests/platform tests/staff tests/annual tests/appeals tests/supervision tests/publishing tests/portal tests/ops/test_auth.py tests/ops/test_backup.py'
echo "== reader accuracy on the corpus"
python bench/accuracy.py --gate
