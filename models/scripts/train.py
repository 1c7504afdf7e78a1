"""Train one zoo model, export it to ONNX and record it in models/models.json.

Example (the exact commands for every shipped file are in models/README.md):
  /usr/bin/python3 models/scripts/train.py --name fmnist-resnet8 --dataset fmnist --arch resnet --epochs 4
"""
import argparse
import hashlib
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

import zoo

MODELS_DIR = os.path.join(os.path.dirname(__file__), "..")


def build(arch, dataset):
    cin, mean, std = (1, zoo.FMNIST_MEAN, zoo.FMNIST_STD) if dataset == "fmnist" else (3, zoo.CIFAR_MEAN, zoo.CIFAR_STD)
    if arch == "resnet8":
        return zoo.CifarStyleResNet(cin, mean, std, n=1), "CIFAR-style ResNet-8 (3 stages x 1 basic block, 16/32/64, projection shortcuts)"
    if arch == "resnet20":
        return zoo.CifarStyleResNet(cin, mean, std, n=3), "CIFAR-style ResNet-20 (3 stages x 3 basic blocks, 16/32/64, projection shortcuts)"
    if arch == "vgg":
        return zoo.SmallVgg(cin, mean, std), "VGG-style (2x conv32, pool, 2x conv64, pool, 2x conv128, pool, GAP, dropout MLP 256)"
    raise ValueError(arch)


def training_text(args, alpha):
    if args.steps == 1:
        return f"FGSM {args.adv} adversarial training with random start (alpha = {alpha / args.eps:.2f} eps, Wong et al. 2020)"
    rule = "2.5 eps / steps" if not args.alpha else f"{alpha / args.eps:.3f} eps"
    return f"PGD-{args.steps} {args.adv} adversarial training (random start, alpha = {rule})"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", required=True)
    p.add_argument("--dataset", choices=["fmnist", "cifar10"], required=True)
    p.add_argument("--arch", choices=["resnet8", "resnet20", "vgg"], required=True)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--adv", choices=["none", "linf", "l2"], default="none")
    p.add_argument("--eps", type=float, default=0.0)
    p.add_argument("--steps", type=int, default=0, help="PGD steps during training")
    p.add_argument("--alpha", type=float, default=0.0,
                   help="attack step size during training (default 2.5 eps / steps; FGSM with random start uses 1.25 eps, Wong et al. 2020)")
    p.add_argument("--eps-warmup", type=float, default=0.0,
                   help="ramp the training eps linearly from 0 over this fraction of the updates (large budgets train badly without it)")
    p.add_argument("--train-limit", type=int, default=0, help="use only the first N training images (0 = all)")
    p.add_argument("--robust-eval", type=int, default=1000, help="test images used for the PGD-10 robust accuracy")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    load = zoo.fashion_mnist if args.dataset == "fmnist" else zoo.cifar10
    xtr, ytr = load("train")
    xte, yte = load("test")
    if args.train_limit:
        xtr, ytr = xtr[:args.train_limit], ytr[:args.train_limit]
    model, arch_text = build(args.arch, args.dataset)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4, nesterov=True)
    steps_per_epoch = (len(xtr) + args.batch - 1) // args.batch
    total = args.epochs * steps_per_epoch
    # One-cycle schedule (linear up for 40 %, then down to 0), as in Wong et al. (2020) "Fast is better than free".
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=total, pct_start=0.4,
                                                anneal_strategy="linear", cycle_momentum=False)
    alpha = args.alpha or ((2.5 * args.eps / args.steps) if args.steps else 0.0)
    gen = torch.Generator().manual_seed(args.seed)
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(xtr), generator=gen).numpy()
        run_loss, run_correct, seen = 0.0, 0, 0
        for b in range(steps_per_epoch):
            idx = perm[b * args.batch:(b + 1) * args.batch]
            xb, yb = torch.from_numpy(xtr[idx]), torch.from_numpy(ytr[idx])
            if args.adv != "none":
                done = epoch * steps_per_epoch + b
                ramp = min(1.0, done / (args.eps_warmup * total)) if args.eps_warmup > 0 else 1.0
                model.eval()  # craft against inference-mode BatchNorm so attack steps do not update running stats
                xb = zoo.pgd(model, xb, yb, args.adv, args.eps * ramp, alpha * ramp, args.steps, random_start=True)
                model.train()
            out = model(xb)
            loss = F.cross_entropy(out, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            run_loss += loss.item() * len(idx)
            run_correct += (out.argmax(1) == yb).sum().item()
            seen += len(idx)
            if b % 50 == 0 or b == steps_per_epoch - 1:
                print(f"[{args.name}] epoch {epoch + 1}/{args.epochs} batch {b + 1}/{steps_per_epoch} "
                      f"loss {run_loss / seen:.4f} train-acc {run_correct / seen:.4f} {time.time() - t0:.0f}s", flush=True)
    train_seconds = time.time() - t0

    model.eval()
    clean = zoo.accuracy(model, xte, yte)
    norm = args.adv if args.adv != "none" else "linf"
    eval_eps = args.eps if args.adv != "none" else (0.1 if args.dataset == "fmnist" else 8 / 255)
    attack = lambda m, x, y: zoo.pgd(m, x, y, norm, eval_eps, 2.5 * eval_eps / 10, 10, random_start=False)
    n_rob = min(args.robust_eval, len(xte))
    robust = zoo.accuracy(model, xte[:n_rob], yte[:n_rob], attack=attack)
    print(f"[{args.name}] clean test accuracy {clean:.4f}; PGD-10 {norm} eps={eval_eps:.4f} robust accuracy "
          f"{robust:.4f} on the first {n_rob} test images; trained in {train_seconds:.0f}s", flush=True)

    file = f"{args.name}.onnx"
    path = os.path.join(MODELS_DIR, file)
    dummy = torch.from_numpy(xte[:2])
    torch.onnx.export(model, dummy, path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13,
                      do_constant_folding=True)
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()

    # The trained weights, so that reference gradients can be computed with PyTorch (tests/fixtures).
    ckpt_dir = os.path.join(MODELS_DIR, "checkpoints")
    os.makedirs(ckpt_dir, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(ckpt_dir, f"{args.name}.pt"))

    # PyTorch logits of the first 16 test images, for the C# runner's equality test.
    ref_dir = os.path.join(MODELS_DIR, "reference")
    os.makedirs(ref_dir, exist_ok=True)
    with torch.no_grad():
        logits16 = model(torch.from_numpy(xte[:16])).numpy().astype(np.float32)
    np.save(os.path.join(ref_dir, f"{args.name}.logits16.npy"), logits16)

    manifest_path = os.path.join(MODELS_DIR, "models.json")
    manifest = json.load(open(manifest_path)) if os.path.exists(manifest_path) else {"models": []}
    entry = {
        "name": args.name, "file": file, "sha256": sha,
        "dataset": "fashion-mnist" if args.dataset == "fmnist" else "cifar10",
        "input": {"name": "input", "shape": ["N", int(xte.shape[1]), int(xte.shape[2]), int(xte.shape[3])], "range": [0, 1]},
        "output": {"name": "logits", "shape": ["N", 10]},
        "architecture": arch_text,
        "recipe": {"training": "natural" if args.adv == "none" else training_text(args, alpha),
                   "norm": None if args.adv == "none" else args.adv, "eps": args.eps if args.adv != "none" else None,
                   "steps": args.steps or None, "eps_warmup": args.eps_warmup or None, "epochs": args.epochs, "batch": args.batch, "lr": args.lr,
                   "schedule": "one-cycle linear, SGD nesterov momentum 0.9, weight decay 5e-4",
                   "train_images": len(xtr), "seed": args.seed, "train_seconds": round(train_seconds)},
        "clean_accuracy": round(clean, 4),
        "clean_accuracy_images": len(xte),
        "robust_accuracy": {"attack": "PGD", "norm": norm, "eps": round(eval_eps, 6), "steps": 10,
                            "alpha": round(2.5 * eval_eps / 10, 6), "random_start": False,
                            "value": round(robust, 4), "images": n_rob, "measured_by": "PyTorch (models/scripts/zoo.py)"},
    }
    manifest["models"] = [m for m in manifest["models"] if m["name"] != args.name] + [entry]
    manifest["models"].sort(key=lambda m: m["name"])
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"[{args.name}] wrote {path} (sha256 {sha})", flush=True)


if __name__ == "__main__":
    main()
