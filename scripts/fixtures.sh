#!/usr/bin/env bash
# Generates the large PyTorch reference fixtures into tests/fixtures/generated/ when they are missing: torchvision
# ResNet-18, MobileNetV2, DenseNet-121 and a VGG (make_gradient_fixtures.py), and today's architectures in reduced
# width at opsets 13 and 17 with float64 autograd gradients (make_architecture_fixtures.py, under architectures/).
# Installs Debian's python3-torch and python3-torchvision first when /usr/bin/python3 lacks them
# (needs root and the Debian package registry).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/generated
need_torchvision=1
need_architectures=1
if [ -f "$out/vgg-bn-dropout.grad.npy" ] && [ -f "$out/tv-densenet121.onnx" ]; then need_torchvision=0; fi
# The architecture script's hash is recorded beside its outputs, so a changed script regenerates them.
stamp=$(sha256sum tests/fixtures/make_architecture_fixtures.py | cut -c1-16)
if [ -f "$out/architectures/made-by-$stamp" ]; then need_architectures=0; fi
if [ "$need_torchvision" -eq 0 ] && [ "$need_architectures" -eq 0 ]; then
  exit 0
fi
if ! /usr/bin/python3 -c "import torch, torchvision" >/dev/null 2>&1; then
  echo "installing python3-torch and python3-torchvision (Debian) for the reference fixtures…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq python3-torch python3-torchvision >/dev/null
fi
if [ "$need_torchvision" -eq 1 ]; then
  /usr/bin/python3 tests/fixtures/make_gradient_fixtures.py --torchvision-only
fi
if [ "$need_architectures" -eq 1 ]; then
  rm -rf "$out/architectures"
  echo "exporting today's architectures at opsets 13 and 17 (about 20 s)…" >&2
  /usr/bin/python3 -W ignore tests/fixtures/make_architecture_fixtures.py
  touch "$out/architectures/made-by-$stamp"
fi
