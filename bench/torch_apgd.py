"""An independent PyTorch APGD-CE → APGD-T (targeted DLR, 9 targets) run, written from Croce & Hein (ICML 2020), to compare
robust accuracy and speed with `mlnetfreq autoattack --attacks apgd-ce,apgd-t` on the same images.

  /usr/bin/python3 bench/torch_apgd.py --model fmnist-resnet8-linf-0.2 --eps 0.2 --limit 1000
  /usr/bin/python3 bench/torch_apgd.py --model cifar10-resnet20-linf-8 --eps 0.0313725 --limit 200

prints one JSON line: clean accuracy, robust accuracy after each attack, seconds. Like the reference implementation it
runs every iteration on every point of a run (no early dropping) and the targeted runs on the points still robust. Random
starts come from torch's generator, not ours, so single points may differ; the accuracies should agree within noise.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "scripts"))
import zoo  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def checkpoints(n):
    k, low, dec = max(int(0.22 * n), 1), max(int(0.06 * n), 1), max(int(0.03 * n), 1)
    marks, at = [], k
    while at <= n:
        marks.append(at)
        k = max(k - dec, low)
        at += k
    return set(marks)


def dlr(z, y, t=None):
    s = z.sort(dim=1, descending=True)[0]
    zy = z.gather(1, y[:, None])[:, 0]
    if t is None:
        other = z.clone()
        other.scatter_(1, y[:, None], -float("inf"))
        return -(zy - other.max(1)[0]) / (s[:, 0] - s[:, 2] + 1e-12)
    zt = z.gather(1, t[:, None])[:, 0]
    return -(zy - zt) / (s[:, 0] - 0.5 * (s[:, 2] + s[:, 3]) + 1e-12)


def project(v, x, eps):
    return torch.clamp(torch.min(torch.max(v, x - eps), x + eps), 0, 1)


def apgd(model, x, y, eps, steps, loss, t=None, rho=0.75):
    """One L-inf APGD run; returns a bool tensor: broken (misclassified at some iterate)."""
    n = x.shape[0]

    def evaluate(v):
        v = v.clone().requires_grad_(True)
        z = model(v)
        l = F.cross_entropy(z, y, reduction="none") if loss == "ce" else dlr(z, y, t)
        g = torch.autograd.grad(l.sum(), v)[0]
        return l.detach(), g.detach(), z.argmax(1) != y

    u = 2 * torch.rand_like(x) - 1
    adv = torch.clamp(x + eps * u / u.flatten(1).abs().max(1)[0].view(-1, 1, 1, 1), 0, 1)
    l, g, broken = evaluate(adv)
    best, best_l, best_g = adv.clone(), l.clone(), g.clone()
    step = torch.full((n, 1, 1, 1), 2 * eps)
    prev = adv.clone()
    hist = [torch.zeros(n)]
    marks = checkpoints(steps)
    last, best_at_last, halved = 0, best_l.clone(), torch.ones(n, dtype=torch.bool)
    for it in range(steps):
        a = 0.75 if it > 0 else 1.0
        z = project(adv + step * g.sign(), x, eps)
        new = project(adv + a * (z - adv) + (1 - a) * (adv - prev), x, eps)
        prev, adv = adv, new
        l, g, miss = evaluate(adv)
        broken |= miss
        hist.append(l)
        up = l > best_l
        best[up], best_l[up], best_g[up] = adv[up], l[up], g[up]
        if it + 1 in marks:
            window = torch.stack(hist[last:it + 2])
            rises = (window[1:] > window[:-1]).sum(0)
            halve = (rises <= (it + 1 - last) * rho) | (~halved & (best_at_last >= best_l))
            halved, best_at_last, last = halve, best_l.clone(), it + 1
            step[halve] /= 2
            adv[halve], g[halve] = best[halve], best_g[halve]
    return broken


p = argparse.ArgumentParser()
p.add_argument("--model", required=True)
p.add_argument("--eps", type=float, required=True)
p.add_argument("--limit", type=int, default=1000)
p.add_argument("--steps", type=int, default=100)
p.add_argument("--targets", type=int, default=9)
p.add_argument("--batch", type=int, default=256)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--seed", type=int, default=0)
a = p.parse_args()
torch.manual_seed(a.seed)
torch.set_num_threads(a.threads)
if a.model.startswith("cifar10"):
    model = zoo.CifarStyleResNet(3, zoo.CIFAR_MEAN, zoo.CIFAR_STD, n=3)
    x, y = zoo.cifar10("test")
else:
    model = zoo.CifarStyleResNet(1, zoo.FMNIST_MEAN, zoo.FMNIST_STD, n=1)
    x = np.load(os.path.join(ROOT, "samples", "data", "fmnist-test-1000-images.npy")).astype(np.float32).transpose(0, 3, 1, 2) / 255
    y = np.load(os.path.join(ROOT, "samples", "data", "fmnist-test-1000-labels.npy")).astype(np.int64)
model.load_state_dict(torch.load(os.path.join(ROOT, "models", "checkpoints", a.model + ".pt")))
model.eval()
for param in model.parameters():
    param.requires_grad_(False)
x, y = torch.from_numpy(x[:a.limit].copy()), torch.from_numpy(y[:a.limit].copy())
start = time.perf_counter()
with torch.no_grad():
    robust = model(x).argmax(1) == y
log = {"clean": robust.float().mean().item()}
for name in ("apgd-ce", "apgd-t"):
    for target in range(1 if name == "apgd-ce" else a.targets):
        idx = robust.nonzero()[:, 0]
        for b in range(0, len(idx), a.batch):
            rows = idx[b:b + a.batch]
            t = None
            if name == "apgd-t":
                with torch.no_grad():
                    t = model(x[rows]).sort(1, descending=True)[1][:, target + 1]
            broken = apgd(model, x[rows], y[rows], a.eps, a.steps, "ce" if name == "apgd-ce" else "dlr", t)
            robust[rows[broken]] = False
    log[name] = robust.float().mean().item()
print(json.dumps({"model": a.model, "images": a.limit, "eps": a.eps, "log": log, "seconds": round(time.perf_counter() - start, 1), "threads": a.threads}))
