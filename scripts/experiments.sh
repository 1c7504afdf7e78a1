#!/usr/bin/env bash
# The paper's four experiments on the shipped Fashion-MNIST models and sample, each with its defaults
# (about 6 minutes on the 2-core machine). Outputs: out/experiments/NAME/{summary.md,*.png,*.csv,*.json}.
# With --docs, the summaries, figures and CSVs are also copied to docs/experiments/NAME (what README shows).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
T="dotnet run --project src/MlNetFreq.Cli -c Release --no-build --"
for name in attacks robust-dataset of-example attribution-shift; do
  echo "== experiment $name"
  $T experiment "$name" --out "out/experiments/$name" > /dev/null
  if [[ "${1:-}" == "--docs" ]]; then
    mkdir -p "docs/experiments/$name"
    cp "out/experiments/$name"/{summary.md,*.png,*.csv} "docs/experiments/$name/"
  fi
done
