#!/usr/bin/env bash
# Forward + input gradient of torchvision ResNet-18 (32x32, batch 64): MlNetFreq (ONNX Runtime + our gradient graph)
# vs PyTorch autograd on the same network, in the same run. Prints both and the ratio (ours / PyTorch).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-64}
mkdir -p bench/out
torch=$(/usr/bin/python3 bench/torch_gradient.py --batch "$B" --export bench/out/resnet18.onnx)
dotnet build -c Release src/MlNetFreq.Cli -v q -nologo >/dev/null
ours=$(src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq bench gradient --model bench/out/resnet18.onnx --batch "$B" --json)
echo "mlnetfreq: $ours"
echo "pytorch:   $torch"
/usr/bin/python3 - "$ours" "$torch" <<'PY'
import json, sys
o, t = (json.loads(a) for a in sys.argv[1:])
print(f"forward+gradient ratio (ours / PyTorch): {o['median_ms'] / t['median_ms']:.3f}; forward only: {o['forward_median_ms'] / t['forward_median_ms']:.3f}")
PY
