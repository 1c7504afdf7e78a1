"""PyTorch baseline of `mlnetfreq bench gradient`: forward + input gradient of sum CE for one batch.

  /usr/bin/python3 bench/torch_gradient.py --arch resnet18 --batch 64 --export bench/out/resnet18.onnx
  /usr/bin/python3 bench/torch_gradient.py --pretrained ../shared/models/weights/resnet20-12fca82f.th
builds torchvision's ResNet-18 (10 classes, random weights, seeded), optionally exports it to ONNX (so the C#
side times the very same network), or the pretrained CIFAR-10 ResNet-20 of ../shared/models/cifar10-resnet20.onnx in
its PyTorch form; times the PyTorch step after warm-up and prints one JSON line.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F
import torchvision

p = argparse.ArgumentParser()
p.add_argument("--arch", default="resnet18")
p.add_argument("--batch", type=int, default=64)
p.add_argument("--size", type=int, default=32)
p.add_argument("--repeat", type=int, default=10)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--export")
p.add_argument("--pretrained")
a = p.parse_args()
torch.manual_seed(0)
torch.set_num_threads(a.threads)
if a.pretrained:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "scripts"))
    import zoo  # noqa: E402
    model = zoo.PretrainedCifarResNet.load(a.pretrained)
else:
    model = getattr(torchvision.models, a.arch)(num_classes=10).eval()
x = torch.rand(a.batch, 3, a.size, a.size)
y = torch.arange(a.batch) % 10
if a.export:
    os.makedirs(os.path.dirname(os.path.abspath(a.export)), exist_ok=True)
    torch.onnx.export(model, x[:1], a.export, opset_version=13, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})


def step():
    xi = x.clone().requires_grad_(True)
    loss = F.cross_entropy(model(xi), y, reduction="sum")
    (g,) = torch.autograd.grad(loss, xi)
    return g


def forward():
    with torch.no_grad():
        model(x)


def timed(fn):
    for _ in range(3):
        fn()
    ts = []
    for _ in range(a.repeat):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1000)
    ts.sort()
    return ts[len(ts) // 2], ts[0]


median, low = timed(step)
fmedian, _ = timed(forward)
print(json.dumps({"median_ms": round(median, 3), "min_ms": round(low, 3), "forward_median_ms": round(fmedian, 3),
                  "batch": a.batch, "torch": torch.__version__, "threads": a.threads}))
