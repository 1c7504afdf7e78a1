#!/usr/bin/env bash
# Success rate, mean norms and RCT low/middle/high shares of every attack on the shipped natural Fashion-MNIST ResNet-8,
# first 200 sample images, paper-like budgets. Usage: bash bench/attack_table.sh [MODEL] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/fmnist-resnet8.onnx}; N=${2:-200}
OUT=bench/out/attacks; mkdir -p "$OUT"
dotnet build -c Release src/MlNetFreq.Cli -v q -nologo >/dev/null
T=src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq
X=samples/data/fmnist-test-1000-images.npy; Y=samples/data/fmnist-test-1000-labels.npy
/usr/bin/python3 -c "import numpy as np; np.save('$OUT/clean.npy', (np.load('$X')[:$N].astype(np.float32)/255).transpose(0,3,1,2).copy())"
run() {
  name=$1; shift
  $T attack --model "$MODEL" --input "$X" --labels "$Y" --limit "$N" --output "$OUT/$name.npy" --report "$OUT/$name.json" "$@" 2>/dev/null
  shares=$($T rct --clean "$OUT/clean.npy" --perturbed "$OUT/$name.npy" --output "$OUT/$name.rct.npy" 2>&1 | sed -n 's/.*low \([0-9.]*\), middle \([0-9.]*\), high \([0-9.]*\).*/\1 \2 \3/p')
  /usr/bin/python3 - "$name" "$OUT/$name.json" $shares <<'PY'
import json, sys
s = json.load(open(sys.argv[2]))["summary"]
print(f"| {sys.argv[1]} | {s['success_rate']:.3f} | {s['mean_linf']:.4f} | {s['mean_l2']:.3f} | {s['median_queries']:.0f} | {sys.argv[3]} / {sys.argv[4]} / {sys.argv[5]} | {s['seconds']:.1f} |")
PY
}
echo "| attack | success | mean L∞ | mean L2 | median iterations/queries | RCT share low / middle / high | seconds |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
run "FGSM ε=0.1" --method fgsm --eps 0.1
run "PGD L∞ ε=0.1, α=0.01, 20 steps" --method pgd --eps 0.1 --alpha 0.01 --steps 20
run "PGD L2 ε=1.5, α=0.15, 20 steps" --method pgd-l2 --eps 1.5 --alpha 0.15 --steps 20
run "CW-L2 c=1, 100 steps, 4 binary steps" --method cw --c 1 --steps 100 --binary-steps 4 --lr 0.01
run "SimBA-DCT ε=0.2, 1000 queries" --method simba-dct --eps 0.2 --max-queries 1000 --freq-dims 14
run "SimBA pixel ε=0.2, 1000 queries" --method simba --eps 0.2 --max-queries 1000
run "low-freq PGD ε=0.1, ratio 0.25" --method lowfreq-pgd --eps 0.1 --alpha 0.01 --steps 20 --ratio 0.25
# The paper's Figure 2 from these runs: RCT heatmaps side by side (shared colour scale) and band profiles.
$T rct --clean "$OUT/clean.npy" --perturbed "$OUT/FGSM ε=0.1.npy" --name FGSM --output "$OUT/fgsm.rct.npy" --plot "$OUT/rct-attacks.png" \
  --compare "PGD=$OUT/PGD L∞ ε=0.1, α=0.01, 20 steps.npy" "CW=$OUT/CW-L2 c=1, 100 steps, 4 binary steps.npy" "SimBA-DCT=$OUT/SimBA-DCT ε=0.2, 1000 queries.npy" 2>/dev/null
echo "figure: $OUT/rct-attacks.png"
