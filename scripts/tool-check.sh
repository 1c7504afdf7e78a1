#!/usr/bin/env bash
# Packs MlNetFreq, installs the mlnetfreq tool from the local package folder into a temporary tool path (offline:
# the folder's nuget.config lists only itself) and runs the main job with it from an unrelated folder.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash scripts/install-tool.sh --tool-path "$tmp/tools" >/dev/null
(cd "$tmp" && "$tmp/tools/mlnetfreq" demo --out "$tmp/demo" >/dev/null)
test -s "$tmp/demo/models.json" && test -s "$tmp/demo/band-energy.csv"
echo "mlnetfreq installed from out/packages and ran demo: $(head -c 120 "$tmp/demo/models.json")…"
