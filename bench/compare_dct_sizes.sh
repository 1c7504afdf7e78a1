#!/usr/bin/env bash
# The managed DCT against scipy.fft.dctn (1 worker, SciPy's default) at several square sizes, each pair measured back
# to back; prints one line per size with both medians and our time as a share of SciPy's (the goal of issue #16: ≤ 0.5).
# Usage: bash bench/compare_dct_sizes.sh [SIZES…]   (default 28 30 32 40 48 64 96 128 160 224; a 3-channel batch sized
# to ~3 M values). Needs /usr/bin/python3 with python3-scipy.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(28 30 32 40 48 64 96 128 160 224)
dotnet build -c Release src/MlNetFreq.Cli -v q -nologo >/dev/null
printf '%6s %7s %12s %12s %8s\n' size batch ours_ms scipy_ms share
for s in "${sizes[@]}"; do
  n=$(( 3145728 / (3 * s * s) )); [ "$n" -ge 1 ] || n=1
  ours=$(src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq bench dct --batch "$n" --channels 3 --height "$s" --width "$s" --backend managed --json --repeat 30)
  scipy=$(/usr/bin/python3 bench/scipy_dct.py --batch "$n" --channels 3 --height "$s" --width "$s" --repeat 30)
  /usr/bin/python3 - "$s" "$n" "$ours" "$scipy" <<'PY'
import json, sys
s, n, o, p = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
print(f"{s:>6} {n:>7} {o['median_ms']:>12.3f} {p['median_ms']:>12.3f} {o['median_ms'] / p['median_ms']:>8.2f}")
PY
done
