#!/usr/bin/env bash
# Forward + input gradient vs the plain forward pass (batch 64, default threads) on the models #16 names, one run:
# the pretrained CIFAR-10 ResNet-20, the shipped CIFAR-10 ResNet-20 and VGG, torchvision ResNet-18 at 32×32 (exported
# by bench/torch_gradient.py); then PyTorch 1.13 on the pretrained ResNet-20, as installed and with glibc's malloc
# thresholds raised (its allocator otherwise returns and page-faults the activation buffers on every step).
#   bash bench/gradient_ratios.sh [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
R=${1:-20}
mkdir -p bench/out
[ -f bench/out/resnet18.onnx ] || /usr/bin/python3 bench/torch_gradient.py --batch 64 --repeat 1 --export bench/out/resnet18.onnx >/dev/null
dotnet build -c Release src/MlNetFreq.Cli -v q -nologo >/dev/null
for m in ../shared/models/cifar10-resnet20.onnx models/cifar10-resnet20-linf-8.onnx models/cifar10-vgg.onnx bench/out/resnet18.onnx; do
  j=$(src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq bench gradient --model "$m" --batch 64 --repeat "$R" --json)
  /usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[2]); print(f\"{sys.argv[1]:42s} gradient {d['median_ms']:7.2f} ms  forward {d['forward_median_ms']:6.2f} ms  ratio {d['median_ms']/d['forward_median_ms']:.2f}\")" "$m" "$j"
done
pre=../shared/models/weights/resnet20-12fca82f.th
for env in "" "MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184"; do
  j=$(env $env /usr/bin/python3 bench/torch_gradient.py --pretrained "$pre" --batch 64 --repeat "$R")
  /usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[2]); print(f\"PyTorch pretrained ResNet-20 {sys.argv[1] or '(malloc as installed)':30s} gradient {d['median_ms']:7.2f} ms  forward {d['forward_median_ms']:6.2f} ms  ratio {d['median_ms']/d['forward_median_ms']:.2f}\")" "${env:+malloc tuned}" "$j"
done
