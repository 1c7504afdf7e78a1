#!/usr/bin/env bash
# The main job on the shipped defaults: builds the tool and runs `mlnetfreq demo` (outputs under out/demo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet run --project src/MlNetFreq.Cli -c Release --no-build -- demo "$@"
