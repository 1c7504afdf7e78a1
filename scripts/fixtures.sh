#!/usr/bin/env bash
# Generates the large PyTorch reference fixtures (torchvision ResNet-18, MobileNetV2, DenseNet-121, a VGG) into
# tests/fixtures/generated/ when they are missing. Installs Debian's python3-torch and python3-torchvision first
# when /usr/bin/python3 lacks them (needs root and the Debian package registry).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/generated
if [ -f "$out/vgg-bn-dropout.grad.npy" ] && [ -f "$out/tv-densenet121.onnx" ]; then
  exit 0
fi
if ! /usr/bin/python3 -c "import torch, torchvision" >/dev/null 2>&1; then
  echo "installing python3-torch and python3-torchvision (Debian) for the reference fixtures…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq python3-torch python3-torchvision >/dev/null
fi
/usr/bin/python3 tests/fixtures/make_gradient_fixtures.py --torchvision-only
