#!/usr/bin/env bash
# The main job on the shipped defaults: builds the tool (only the CLI and the libraries it uses, not the tests) and runs
# `mlnetfreq demo` (outputs under out/demo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh src/MlNetFreq.Cli/MlNetFreq.Cli.csproj
dotnet run --project src/MlNetFreq.Cli -c Release --no-build -- demo "$@"
