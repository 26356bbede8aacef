#!/usr/bin/env bash
# Runs the whole test suite against the real parts: tesseract, Dovecot, PostgreSQL
# (started here on a private port when the machine has it), aiosmtpd.
set -uo pipefail
cd "$(dirname "$0")/.."

cleanup() { [ -n "${PGDATA_DIR:-}" ] && scripts/postgres.sh stop "$PGDATA_DIR" >/dev/null 2>&1; }
trap cleanup EXIT

if [ -z "${INTAKE_TEST_POSTGRES_URL:-}" ]; then
  PGDATA_DIR=$(mktemp -d /tmp/intake-pg.XXXXXX)
  if url=$(scripts/postgres.sh start "$PGDATA_DIR"); then
    export INTAKE_TEST_POSTGRES_URL="$url"
  else
    echo "PostgreSQL could not be started; PostgreSQL tests will fail" >&2
  fi
fi

.venv/bin/ruff check . || exit 1
.venv/bin/python -m pytest "$@"
rc=$?
if [ $rc -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit $rc
