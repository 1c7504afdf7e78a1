#!/usr/bin/env bash
# DCT of [N,C,H,W] float32: MlNetFreq (managed backend) vs scipy.fft.dctn in the same run; prints both and the ratio.
# Usage: bash bench/compare_dct.sh [N C H W]   (default 1024 3 32 32). Needs /usr/bin/python3 with python3-scipy.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1024}; C=${2:-3}; H=${3:-32}; W=${4:-32}
dotnet build -c Release src/MlNetFreq.Cli -v q -nologo >/dev/null
ours=$(src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq bench dct --batch "$N" --channels "$C" --height "$H" --width "$W" --backend managed --json)
scipy1=$(/usr/bin/python3 bench/scipy_dct.py --batch "$N" --channels "$C" --height "$H" --width "$W")
scipy2=$(/usr/bin/python3 bench/scipy_dct.py --batch "$N" --channels "$C" --height "$H" --width "$W" --workers 2)
echo "mlnetfreq:        $ours"
echo "scipy (1 worker): $scipy1"
echo "scipy (2 workers): $scipy2"
/usr/bin/python3 - "$ours" "$scipy1" "$scipy2" <<'PY'
import json, sys
o, s1, s2 = (json.loads(a) for a in sys.argv[1:])
print(f"speed-up vs scipy 1 worker: {s1['median_ms'] / o['median_ms']:.2f}x; vs scipy 2 workers: {s2['median_ms'] / o['median_ms']:.2f}x")
PY
