"""Model definitions, data loading and attacks shared by the training and export scripts.

Run with Debian's interpreter (/usr/bin/python3) and its python3-torch / python3-torchvision packages.
"""
import gzip
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FMNIST_DIR = "/usr/share/datasets/fashion-mnist"
CIFAR_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "cifar10")

# Per-data-set normalisation, applied as the first layer of every exported graph (inputs stay in [0, 1]).
FMNIST_MEAN, FMNIST_STD = (0.2860,), (0.3530,)
CIFAR_MEAN, CIFAR_STD = (0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)


def read_idx(path):
    """IDX file (optionally gzip) -> numpy array, per the format of LeCun's MNIST page."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype_code, ndim = data[0:2], data[2], data[3]
    assert zero == b"\x00\x00" and dtype_code == 0x08, "expected unsigned-byte IDX"
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def fashion_mnist(split):
    """(images float32 [N,1,28,28] in [0,1], labels int64 [N])."""
    prefix = "train" if split == "train" else "t10k"
    x = read_idx(os.path.join(FMNIST_DIR, f"{prefix}-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(FMNIST_DIR, f"{prefix}-labels-idx1-ubyte.gz"))
    return (x.astype(np.float32) / 255.0)[:, None, :, :], y.astype(np.int64)


def cifar10(split):
    """(images float32 [N,3,32,32] in [0,1], labels int64 [N]) from the CIFAR-10 binary batches."""
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] if split == "train" else ["test_batch.bin"]
    xs, ys = [], []
    for name in names:
        raw = np.fromfile(os.path.join(CIFAR_DIR, name), dtype=np.uint8).reshape(-1, 3073)
        ys.append(raw[:, 0].astype(np.int64))
        xs.append(raw[:, 1:].reshape(-1, 3, 32, 32))
    return np.concatenate(xs).astype(np.float32) / 255.0, np.concatenate(ys)


class Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, -1, 1, 1))

    def forward(self, x):
        return (x - self.mean) / self.std


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:  # option B: projection shortcut
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class CifarStyleResNet(nn.Module):
    """He et al. (2016) CIFAR ResNet: 3 stages of n basic blocks, widths 16/32/64; depth 6n+2."""

    def __init__(self, in_channels, mean, std, n=1, num_classes=10):
        super().__init__()
        self.normalize = Normalize(mean, std)
        self.conv = nn.Conv2d(in_channels, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(n):
                layers.append(BasicBlock(cin, cout, stride if i == 0 else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        out = F.relu(self.bn(self.conv(self.normalize(x))))
        out = self.layers(out)
        out = torch.flatten(F.adaptive_avg_pool2d(out, 1), 1)
        return self.fc(out)


class OptionAShortcut(nn.Module):
    """The parameter-free shortcut (He et al. 2016, option A): stride-2 subsampling plus zero channels."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.pad, self.stride = cout - cin, stride

    def forward(self, x):
        return F.pad(x[:, :, ::self.stride, ::self.stride], (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))


class OptionABlock(BasicBlock):
    """A basic block whose downsampling shortcut is option A (the pretrained CIFAR ResNets' layout)."""

    def __init__(self, cin, cout, stride):
        super().__init__(cin, cout, stride)
        if stride != 1 or cin != cout:
            self.shortcut = OptionAShortcut(cin, cout, stride)


class PretrainedCifarResNet(nn.Module):
    """The layout of the pretrained CIFAR-10 ResNet-20/56 in ../shared/models (state-dict keys conv1, bn1, layer1..3,
    linear); the ONNX export there puts the ImageNet normalisation first, so this does too."""

    def __init__(self, n=3, num_classes=10):
        super().__init__()
        self.normalize = Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        cin = 16
        for i, (cout, stride) in enumerate(((16, 1), (32, 2), (64, 2)), start=1):
            blocks = []
            for j in range(n):
                blocks.append(OptionABlock(cin, cout, stride if j == 0 else 1))
                cin = cout
            setattr(self, f"layer{i}", nn.Sequential(*blocks))
        self.linear = nn.Linear(64, num_classes)

    @staticmethod
    def load(path, n=3):
        model = PretrainedCifarResNet(n)
        state = torch.load(path, map_location="cpu")["state_dict"]
        result = model.load_state_dict({k.removeprefix("module."): v for k, v in state.items()}, strict=False)
        # Only the normalisation buffers (ours, not the checkpoint's) may be missing; nothing may be left over.
        if set(result.missing_keys) - {"normalize.mean", "normalize.std"} or result.unexpected_keys:
            raise ValueError(f"{path}: not a CIFAR ResNet-{6 * n + 2} checkpoint ({result})")
        return model.eval()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(self.normalize(x))))
        out = self.layer3(self.layer2(self.layer1(out)))
        return self.linear(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1))


class SmallVgg(nn.Module):
    """VGG-style: blocks of two 3x3 conv-BN-ReLU then 2x2 max-pool; a dropout MLP head."""

    def __init__(self, in_channels, mean, std, widths=(32, 64, 128), hidden=256, num_classes=10):
        super().__init__()
        self.normalize = Normalize(mean, std)
        layers, cin = [], in_channels
        for w in widths:
            for _ in range(2):
                layers += [nn.Conv2d(cin, w, 3, 1, 1, bias=False), nn.BatchNorm2d(w), nn.ReLU(inplace=True)]
                cin = w
            layers.append(nn.MaxPool2d(2, 2, ceil_mode=True))
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(cin, hidden), nn.ReLU(inplace=True),
                                        nn.Dropout(0.3), nn.Linear(hidden, num_classes))

    def forward(self, x):
        return self.classifier(self.pool(self.features(self.normalize(x))))


def l2_norm(t):
    return t.flatten(1).norm(dim=1).view(-1, 1, 1, 1)


def pgd(model, x, y, norm, eps, alpha, steps, random_start):
    """torchattacks-style PGD: step, project the perturbation, clip to [0, 1]."""
    delta = torch.zeros_like(x)
    if random_start:
        if norm == "linf":
            delta.uniform_(-eps, eps)
        else:
            g = torch.randn_like(x)
            r = torch.rand(x.shape[0], 1, 1, 1) ** (1.0 / x[0].numel())
            delta = g / l2_norm(g).clamp_min(1e-12) * r * eps
        delta = (x + delta).clamp(0, 1) - x
    for _ in range(steps):
        delta.requires_grad_(True)
        loss = F.cross_entropy(model(x + delta), y, reduction="sum")
        (grad,) = torch.autograd.grad(loss, delta)
        with torch.no_grad():
            if norm == "linf":
                delta = (delta + alpha * grad.sign()).clamp(-eps, eps)
            else:
                delta = delta + alpha * grad / l2_norm(grad).clamp_min(1e-12)
                delta = delta * (eps / l2_norm(delta).clamp_min(1e-12)).clamp(max=1.0)
            delta = (x + delta).clamp(0, 1) - x
    return (x + delta).detach()


def accuracy(model, x, y, batch=500, attack=None):
    model.eval()
    correct = 0
    for i in range(0, len(x), batch):
        xb, yb = torch.from_numpy(x[i:i + batch]), torch.from_numpy(y[i:i + batch])
        if attack is not None:
            xb = attack(model, xb, yb)
        with torch.no_grad():
            correct += (model(xb).argmax(1) == yb).sum().item()
    return correct / len(x)
