#!/usr/bin/env bash
# Builds everything, runs every test project, the sample projects, the packed tool and the cluster demo; ends with one line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
bash scripts/fixtures.sh || { echo "error: could not generate the PyTorch reference fixtures" >&2; exit 1; }
bash scripts/redis.sh || { echo "error: could not install redis-server for the cluster tests" >&2; exit 1; }
bash scripts/postgres.sh || { echo "error: could not install postgresql for the cluster tests" >&2; exit 1; }
log=$(mktemp)
dotnet test MlNetFreq.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
bash scripts/samples.sh
samples=$?
bash scripts/tool-check.sh
tool=$?
# The cluster across processes: Redis, three silos, a silo killed mid-job, outputs equal to one machine's (~30 s).
bash scripts/cluster-demo.sh --limit 200
cluster=$?
count() { grep -oE "$1: +[0-9]+" "$log" | awk '{s += $2} END {print s + 0}'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
rm -f "$log"
if [ "$samples" -ne 0 ]; then echo "error: a sample project failed" >&2; failed=$((failed + 1)); fi
if [ "$tool" -ne 0 ]; then echo "error: the mlnetfreq tool did not pack, install or run" >&2; failed=$((failed + 1)); fi
if [ "$cluster" -ne 0 ]; then echo "error: the cluster demo (scripts/cluster-demo.sh) failed" >&2; failed=$((failed + 1)); fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
