#!/usr/bin/env bash
# Builds everything and runs every test project; ends with one line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
bash scripts/fixtures.sh || { echo "error: could not generate the PyTorch reference fixtures" >&2; exit 1; }
log=$(mktemp)
dotnet test MlNetFreq.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
python_sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{s += $2} END {print s + 0}'; }
passed=$(python_sum Passed); failed=$(python_sum Failed); skipped=$(python_sum Skipped)
echo
echo "$passed passed, $failed failed, $skipped skipped"
rm -f "$log"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
bash scripts/samples.sh || { echo "error: a sample project failed" >&2; exit 1; }
