#!/usr/bin/env bash
# Installs what a fresh machine lacks and restores/builds the solution (Release).
# The .NET 10 SDK is expected on PATH; NuGet packages come from the configured feed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it first." >&2
  exit 1
fi
dotnet restore MlNetFreq.sln --nologo -v q
dotnet build MlNetFreq.sln -c Release --no-restore --nologo -v q
