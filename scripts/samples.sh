#!/usr/bin/env bash
# Runs every sample project under samples/ (built by scripts/setup.sh); fails when one fails.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in samples/*/*.csproj; do
  echo "== $(basename "$(dirname "$project")")"
  dotnet run -c Release --no-build --project "$project"
done
