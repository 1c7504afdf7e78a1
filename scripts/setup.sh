#!/usr/bin/env bash
# Installs what a fresh machine lacks and restores/builds the solution (Release), saying what it is doing: the first
# restore downloads the NuGet packages (ONNX Runtime, ML.NET, SkiaSharp, …) and takes a few minutes.
# The .NET 10 SDK is expected on PATH; NuGet packages come from the configured feed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it first." >&2
  exit 1
fi
echo "restoring NuGet packages (the first time: a few minutes)…" >&2
dotnet restore MlNetFreq.sln --nologo -v minimal
echo "building MlNetFreq (Release)…" >&2
dotnet build MlNetFreq.sln -c Release --no-restore --nologo -v minimal -clp:NoSummary
