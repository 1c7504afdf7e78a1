#!/usr/bin/env bash
# Installs what a fresh machine lacks and restores/builds the solution (Release) — or only the project given as the
# first argument and what it depends on (scripts/demo.sh builds just the tool) — saying what it is doing: the first
# restore downloads the NuGet packages (ONNX Runtime, ML.NET, SkiaSharp, …) and takes a few minutes.
# The .NET 10 SDK is expected on PATH; NuGet packages come from the configured feed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it first." >&2
  exit 1
fi
target="${1:-MlNetFreq.sln}"
echo "restoring NuGet packages for $target (the first time: a few minutes)…" >&2
dotnet restore "$target" --nologo -v minimal
echo "building $target (Release)…" >&2
dotnet build "$target" -c Release --no-restore --nologo -v minimal -clp:NoSummary
