#!/usr/bin/env bash
# Opt-in check (not CI): the standard-width torchvision classifiers (MobileNetV3 S/L, EfficientNet-B0, ConvNeXt-T,
# RegNet-X/Y 400MF, ShuffleNetV2, MNASNet, GoogLeNet, SqueezeNet, DenseNet-121, ResNet-18, ResNeXt-50) at 32x32,
# exported at opsets 13 and 17, against float64 autograd: the same test as CI's reduced-width models, pointed at
# tests/fixtures/generated/architectures-full. Needs Debian's python3-torch/python3-torchvision (scripts/fixtures.sh
# installs them). Takes several minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/fixtures.sh
out=tests/fixtures/generated/architectures-full
if [ ! -f "$out/resnext50_32x4d.grad.npy" ]; then
  /usr/bin/python3 -W ignore tests/fixtures/make_architecture_fixtures.py --full-size --out "$out"
fi
dotnet build tests/MlNetFreq.Onnx.Tests -c Release --nologo -v q
MLNETFREQ_ARCHITECTURE_FIXTURES="$PWD/$out" dotnet test tests/MlNetFreq.Onnx.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~InputGradientEqualsFloat64Autograd"
