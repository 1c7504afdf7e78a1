"""PyTorch baseline of `mlnetfreq bench attack --method pgd`: a 10-step L-inf PGD (torchattacks order) on one batch, then
the class of each adversarial image (one forward pass, as our attacks report it).

  /usr/bin/python3 bench/torch_pgd.py --checkpoint models/checkpoints/fmnist-resnet8-linf-0.1.pt --batch 64 --steps 10
  /usr/bin/python3 bench/torch_pgd.py --pretrained ../shared/models/weights/resnet20-12fca82f.th
prints one JSON line {"median_ms": ..., "min_ms": ...}. The network is the shipped Fashion-MNIST ResNet-8
(models/scripts/zoo.py), with the checkpoint's weights when given (timing does not depend on them), or with
--pretrained the CIFAR-10 ResNet-20 of ../shared/models/cifar10-resnet20.onnx in its PyTorch form (3×32×32 inputs).
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "scripts"))
import zoo  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--checkpoint")
p.add_argument("--pretrained")
p.add_argument("--batch", type=int, default=64)
p.add_argument("--steps", type=int, default=10)
p.add_argument("--repeat", type=int, default=5)
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()
torch.manual_seed(0)
torch.set_num_threads(a.threads)
if a.pretrained:
    model, shape = zoo.PretrainedCifarResNet.load(a.pretrained), (3, 32, 32)
else:
    model, shape = zoo.CifarStyleResNet(1, zoo.FMNIST_MEAN, zoo.FMNIST_STD, n=1), (1, 28, 28)
    if a.checkpoint:
        model.load_state_dict(torch.load(a.checkpoint))
model.eval()
for param in model.parameters():
    param.requires_grad_(False)
x = torch.rand(a.batch, *shape)
y = torch.arange(a.batch) % 10


def attack():
    adv = zoo.pgd(model, x, y, "linf", 8 / 255, 2 / 255, a.steps, random_start=True)
    # The same job as `mlnetfreq bench attack`, whose attacks return each output's class: one forward pass of the result.
    with torch.no_grad():
        return model(adv).argmax(1)


for _ in range(1):
    attack()
times = []
for _ in range(a.repeat):
    t = time.perf_counter()
    attack()
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({"median_ms": round(times[len(times) // 2], 3), "min_ms": round(times[0], 3), "batch": a.batch, "steps": a.steps, "threads": a.threads}))
