#!/usr/bin/env bash
# Packs MlNetFreq (the libraries and the mlnetfreq tool) into out/packages and installs the tool from there, offline:
# out/packages/nuget.config lists only that folder.
#   bash scripts/install-tool.sh                  # dotnet tool install --global
#   bash scripts/install-tool.sh --tool-path DIR  # into DIR instead (no global install; used by CI)
set -euo pipefail
cd "$(dirname "$0")/.."
packages="$PWD/out/packages"
rm -rf "$packages"
mkdir -p "$packages"
echo "packing MlNetFreq into $packages…" >&2
dotnet pack MlNetFreq.sln -c Release -o "$packages" --nologo -v q -p:ContinuousIntegrationBuild=true >&2
cat > "$packages/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="mlnetfreq-local" value="$packages" />
  </packageSources>
</configuration>
XML
if [ "${1:-}" = "--tool-path" ]; then
  dotnet tool uninstall mlnetfreq --tool-path "$2" >/dev/null 2>&1 || true
  dotnet tool install mlnetfreq --tool-path "$2" --configfile "$packages/nuget.config" --add-source "$packages"
else
  dotnet tool uninstall --global mlnetfreq >/dev/null 2>&1 || true
  dotnet tool install --global mlnetfreq --configfile "$packages/nuget.config" --add-source "$packages"
fi
