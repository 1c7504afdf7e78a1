#!/usr/bin/env bash
# Rebuilds every shipped model in order (about three hours on the 2-core machine).
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
$PY make_sample.py
$PY train.py --name fmnist-resnet8 --dataset fmnist --arch resnet8 --epochs 6
$PY train.py --name fmnist-vgg --dataset fmnist --arch vgg --epochs 4
$PY train.py --name fmnist-resnet8-linf-0.1 --dataset fmnist --arch resnet8 --epochs 4 --adv linf --eps 0.1 --steps 3
$PY train.py --name fmnist-resnet8-linf-0.2 --dataset fmnist --arch resnet8 --epochs 4 --adv linf --eps 0.2 --steps 3 --eps-warmup 0.5
$PY train.py --name fmnist-resnet8-l2-1.5 --dataset fmnist --arch resnet8 --epochs 4 --adv l2 --eps 1.5 --steps 3
$PY train.py --name cifar10-vgg --dataset cifar10 --arch vgg --epochs 5 --threads 2
$PY train.py --name cifar10-resnet20-linf-8 --dataset cifar10 --arch resnet20 --epochs 12 --adv linf --eps 0.031373 --steps 1 --alpha 0.039216 --threads 2
