#!/usr/bin/env bash
# Runs every test: installs what the tests need (GDAL, PostgreSQL, …), builds, runs all test
# projects and ends with one summary line "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-deps.sh --tests || exit 1
# The PostgreSQL journal tests need a real server; started here so a failure shows up front (the
# tests start it too, and fail with the reason if they cannot).
bash scripts/start-test-postgres.sh >/dev/null || { echo "cannot start the test PostgreSQL server"; echo "0 passed, 1 failed"; exit 1; }
dotnet build Sam3.Raster.slnx -c Release --nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
log="$(mktemp)"
dotnet test Sam3.Raster.slnx -c Release --no-build --nologo -v q ${SAM3R_TEST_FILTER:+--filter "$SAM3R_TEST_FILTER"} 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
