#!/usr/bin/env bash
# Robust accuracy of every shipped robust model under PGD-10 and under standard AutoAttack on the same first N test images,
# with AutoAttack's pass counts and efficiency (`mlnetfreq bench autoattack`). Usage: bash bench/autoattack_table.sh [N]
# (default 100; CIFAR-10 needs ../shared/data/cifar10; a second argument `fmnist` skips it). Prints one JSON line per
# model and a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100}"
# MLNETFREQ_DLL runs a copy of the tool (e.g. while the tree is being rebuilt); by default the tree is built and run.
if [ -n "${MLNETFREQ_DLL:-}" ]; then cli=(dotnet "$MLNETFREQ_DLL"); else
  dotnet build src/MlNetFreq.Cli -c Release -v q -nologo >/dev/null
  cli=(dotnet src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq.dll)
fi
fmnist=(--input samples/data/fmnist-test-1000-images.npy --labels samples/data/fmnist-test-1000-labels.npy)
cifar=(--input ../shared/data/cifar10)
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
rows=()
run() { # name model norm eps data...
  local name="$1" model="$2" norm="$3" eps="$4"; shift 4
  local pgd=pgd; [ "$norm" = l2 ] && pgd=pgd-l2
  local alpha; alpha="$(python3 -c "print(2.5*$eps/10)")"
  "${cli[@]}" attack --method "$pgd" --eps "$eps" --alpha "$alpha" --steps 10 --random-start false --model "models/$model" "$@" \
    --limit "$n" --output "$tmp/pgd.npy" --report "$tmp/pgd.json" 2>/dev/null
  local pgd_acc; pgd_acc="$(python3 -c "import json; s=json.load(open('$tmp/pgd.json'))['samples']; print(f'{1-sum(x[\"success\"] for x in s)/len(s):.3f}')")"
  local aa; aa="$("${cli[@]}" bench autoattack --model "models/$model" "$@" --limit "$n" --norm "$norm" --eps "$eps" --json)"
  echo "$name $aa"
  rows+=("$(python3 -c "import json,sys; a=json.loads(sys.argv[1]); print(f\"| {sys.argv[2]} | {sys.argv[3]} {sys.argv[4]} | {a['clean_accuracy']:.3f} | {sys.argv[5]} | {a['robust_accuracy']:.3f} | {a['log']} | {a['median_ms']/1000:.0f} s | {a['efficiency']:.2f} |\")" "$aa" "$name" "$norm" "$eps" "$pgd_acc")")
}
run fmnist-resnet8-linf-0.1 fmnist-resnet8-linf-0.1.onnx linf 0.1 "${fmnist[@]}"
run fmnist-resnet8-linf-0.2 fmnist-resnet8-linf-0.2.onnx linf 0.2 "${fmnist[@]}"
run fmnist-resnet8-l2-1.5 fmnist-resnet8-l2-1.5.onnx l2 1.5 "${fmnist[@]}"
if [ "${2:-}" != fmnist ] && [ -d ../shared/data/cifar10 ]; then run cifar10-resnet20-linf-8 cifar10-resnet20-linf-8.onnx linf 0.0313725 "${cifar[@]}"; fi
echo
echo "| model | threat | clean | PGD-10 | AutoAttack | log (robust accuracy after each attack) | wall | efficiency |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
