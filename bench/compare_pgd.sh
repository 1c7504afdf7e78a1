#!/usr/bin/env bash
# 10-step L-inf PGD, batch 64: MlNetFreq vs PyTorch 1.13 on the same network in the same run; prints the ratios.
#   bash bench/compare_pgd.sh [BATCH] [STEPS] [fmnist-resnet8|cifar10-resnet20]
# fmnist-resnet8: the shipped Fashion-MNIST ResNet-8; cifar10-resnet20: the pretrained ../shared/models/cifar10-resnet20.onnx.
# PyTorch runs twice: as installed, and with glibc malloc thresholds raised so its allocator stops returning (and
# page-faulting back) the activation buffers on every step; both figures are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-64}; S=${2:-10}; NET=${3:-fmnist-resnet8}
case "$NET" in
  fmnist-resnet8) onnx=models/fmnist-resnet8.onnx; torch_args=(--checkpoint "$(ls models/checkpoints/fmnist-resnet8*.pt | head -1)") ;;
  cifar10-resnet20) onnx=../shared/models/cifar10-resnet20.onnx; torch_args=(--pretrained ../shared/models/weights/resnet20-12fca82f.th) ;;
  *) echo "compare_pgd.sh: network '$NET': expected fmnist-resnet8 or cifar10-resnet20" >&2; exit 2 ;;
esac
dotnet build -c Release src/MlNetFreq.Cli -v q -nologo >/dev/null
torch=$(/usr/bin/python3 bench/torch_pgd.py "${torch_args[@]}" --batch "$B" --steps "$S")
torch_tuned=$(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184 /usr/bin/python3 bench/torch_pgd.py "${torch_args[@]}" --batch "$B" --steps "$S")
ours=$(src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq bench attack --method pgd --model "$onnx" --batch "$B" --steps "$S" --json)
echo "mlnetfreq:              $ours"
echo "pytorch:                $torch"
echo "pytorch (malloc tuned): $torch_tuned"
/usr/bin/python3 - "$ours" "$torch" "$torch_tuned" <<'PY'
import json, sys
o, t, tt = (json.loads(a) for a in sys.argv[1:])
print(f"PGD ratio (ours / PyTorch): {o['median_ms'] / t['median_ms']:.3f}; against PyTorch with tuned malloc: {o['median_ms'] / tt['median_ms']:.3f}")
PY
