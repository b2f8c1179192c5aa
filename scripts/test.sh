#!/usr/bin/env bash
# Run the whole Glossator test suite (sets everything up first, including a
# throwaway PostgreSQL server for the team-store tests, stopped on exit even
# when tests fail). Extra arguments go to pytest, e.g. `bash scripts/test.sh -k store -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
if [ -z "${GLOSSATOR_TEST_POSTGRES:-}" ]; then
    if pg_env=$(bash scripts/postgres.sh start); then
        eval "$pg_env"
        trap 'bash scripts/postgres.sh stop "$GLOSSATOR_PG_DIR"' EXIT
    elif [ "${CI:-}" = "true" ]; then
        echo "CI: no PostgreSQL server could be started; the team-store tests need one" >&2
        exit 1
    else
        echo "No PostgreSQL server: the team-store tests will be skipped" >&2
    fi
fi
.venv/bin/lint-imports --config pyproject.toml
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
[ "$status" = 5 ] && echo "pytest collected no tests" >&2  # exit 5 stays a failure
exit "$status"
