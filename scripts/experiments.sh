#!/usr/bin/env bash
# The paper's four experiments and Experiment V (frequency robustness), each with its defaults.
#   bash scripts/experiments.sh [--docs]           shipped Fashion-MNIST models and sample (about 2 minutes here)
#   bash scripts/experiments.sh --cifar [--docs]   CIFAR-10 from ../shared: the pretrained natural ResNet-20, our
#                                                  adversarially trained ResNet-20 and (attribution shift) the two
#                                                  VNN-COMP robust ResNets, which need outside normalisation (about 3.5 minutes)
# Outputs: out/experiments[-cifar10]/NAME/{summary.md,*.png,*.csv,*.json}; with --docs the summaries, figures and CSVs
# are also copied to docs/experiments[/cifar10]/NAME (what README shows).
set -euo pipefail
cd "$(dirname "$0")/.."
cifar=false; docs=false
for arg in "$@"; do
  case "$arg" in
    --cifar) cifar=true ;;
    --docs) docs=true ;;
    *) echo "usage: bash scripts/experiments.sh [--cifar] [--docs]" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh
T="dotnet run --project src/MlNetFreq.Cli -c Release --no-build --"
out=out/experiments; doc=docs/experiments
declare -A extra=()
if $cifar; then
  shared=../shared; norm="@0.4914,0.4822,0.4465,0.2471,0.2435,0.2616"
  out=out/experiments-cifar10; doc=docs/experiments/cifar10
  pair="--input $shared/data/cifar10 --models natural-resnet20=$shared/models/cifar10-resnet20.onnx cifar10-resnet20-linf-8=models/cifar10-resnet20-linf-8.onnx"
  extra[attacks]="$pair"
  extra[robust-dataset]="$pair"
  extra[of-example]="$pair"
  extra[attribution-shift]="$pair vnn-resnet_2b=$shared/models/robust/vnncomp-cifar10-resnet_2b.onnx$norm vnn-resnet_4b=$shared/models/robust/vnncomp-cifar10-resnet_4b.onnx$norm --limit 500"
  extra[frequency-robustness]="$pair vnn-resnet_2b=$shared/models/robust/vnncomp-cifar10-resnet_2b.onnx$norm --limit 300"
fi
for name in attacks robust-dataset of-example attribution-shift frequency-robustness; do
  echo "== experiment $name"
  # shellcheck disable=SC2086 # the extra arguments are meant to split
  $T experiment "$name" --out "$out/$name" ${extra[$name]:-} > /dev/null
  if $docs; then
    mkdir -p "$doc/$name"
    cp "$out/$name"/{summary.md,*.png,*.csv} "$doc/$name/"
  fi
done
