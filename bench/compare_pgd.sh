#!/usr/bin/env bash
# 10-step L-inf PGD on the shipped Fashion-MNIST ResNet-8, batch 64: MlNetFreq vs PyTorch in the same run; prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-64}; S=${2:-10}
ckpt=$(ls models/checkpoints/fmnist-resnet8*.pt | head -1)
torch=$(/usr/bin/python3 bench/torch_pgd.py --checkpoint "$ckpt" --batch "$B" --steps "$S")
dotnet build -c Release src/MlNetFreq.Cli -v q -nologo >/dev/null
ours=$(src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq bench attack --method pgd --model models/fmnist-resnet8.onnx --batch "$B" --steps "$S" --json)
echo "mlnetfreq: $ours"
echo "pytorch:   $torch"
/usr/bin/python3 - "$ours" "$torch" <<'PY'
import json, sys
o, t = (json.loads(a) for a in sys.argv[1:])
print(f"PGD ratio (ours / PyTorch): {o['median_ms'] / t['median_ms']:.3f}")
PY
