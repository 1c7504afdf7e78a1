#!/usr/bin/env bash
# The cluster end to end on this machine: a password-protected redis-server, three silo processes (Redis membership and
# job state), a band-spectrum job (Parquet) and a PGD job over the CIFAR-10 test images in ../shared/data/cifar10; one silo is killed with
# SIGKILL while the attack runs. Both merged outputs must equal the one-machine commands' byte for byte, and the
# attack's merged report the one-machine report (timings aside).
#   bash scripts/cluster-demo.sh [--limit N]      (default: all 10,000 images; CI runs a short --limit)
# Needs Debian's redis-server (installed when missing) and a built tool (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
limit=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --limit) limit="$2"; shift 2 ;;
    *) echo "usage: bash scripts/cluster-demo.sh [--limit N]" >&2; exit 2 ;;
  esac
done
bash scripts/redis.sh
T="dotnet src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq.dll"
data=../shared/data/cifar10
model=models/cifar10-resnet20-linf-8.onnx
work=$(mktemp -d /tmp/mlnetfreq-cluster-demo-XXXXXX)
port=$((16000 + RANDOM % 4000))
export MLNETFREQ_REDIS_PASSWORD="demo-$RANDOM$RANDOM"
pids=()
redis_pid=
cleanup() {
  # Silos first (a silo shutting down gracefully waits for Redis), then Redis.
  for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null || true; done
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# The password reaches redis-server through its config on stdin, not its command line.
printf 'port %s\nbind 127.0.0.1\nrequirepass %s\nsave ""\nappendonly no\n' "$port" "$MLNETFREQ_REDIS_PASSWORD" | redis-server - > "$work/redis.log" 2>&1 &
redis_pid=$!
sleep 1
redis="--redis 127.0.0.1:$port"
for i in 1 2 3; do
  # shellcheck disable=SC2086
  $T cluster silo $redis --silo-port $((11110 + i)) --gateway-port $((30000 + i)) --threads 1 --lease-seconds 6 > "$work/silo$i.log" 2>&1 &
  pids+=($!)
done
sleep 8
shard=$(( limit / 10 > 0 ? limit / 10 : 1 ))
start=$(date +%s.%N)
# shellcheck disable=SC2086
$T cluster submit spectrum $redis --gateway-port 30001 --input "$data" --limit "$limit" --shard-size "$shard" --statistic energy \
  --output "$work/bands.parquet" 2> "$work/spectrum.log" || { cat "$work/spectrum.log" >&2; exit 1; }
echo "spectrum job: $(tail -1 "$work/spectrum.log") ($(echo "$(date +%s.%N) - $start" | bc) s)"

# shellcheck disable=SC2086
$T cluster submit attack $redis --gateway-port 30001 --method pgd --eps 0.03137 --alpha 0.00784 --steps 5 --model "$model" \
  --input "$data" --limit "$limit" --shard-size "$shard" --output "$work/adv.npy" --report "$work/adv.json" 2> "$work/attack.log" &
submit=$!
# Kill silo 3 once the first shard of the attack is written.
while [ ! -d "$work/adv.npy.shards" ] || [ -z "$(ls "$work/adv.npy.shards" | grep -v '^\.' || true)" ]; do sleep 0.2; done
{ kill -9 "${pids[2]}" && wait "${pids[2]}"; } 2>/dev/null || true
killed=$(date +%s.%N)
echo "killed silo 3 (SIGKILL) after the first attack shard"
wait "$submit" || { cat "$work/attack.log" >&2; exit 1; }
echo "attack job: $(tail -1 "$work/attack.log") ($(echo "$(date +%s.%N) - $killed" | bc) s after the kill)"

$T spectrum --input "$data" --limit "$limit" --statistic energy --output "$work/bands1.parquet" 2> /dev/null
$T attack --method pgd --eps 0.03137 --alpha 0.00784 --steps 5 --model "$model" --input "$data" --limit "$limit" --output "$work/adv1.npy" \
  --report "$work/adv1.json" 2> /dev/null
cmp "$work/bands.parquet" "$work/bands1.parquet" && echo "spectrum: merged table equals the one-machine table byte for byte"
cmp "$work/adv.npy" "$work/adv1.npy" && echo "attack: merged output equals the one-machine output byte for byte"
# Reports: the same numbers, timings aside.
/usr/bin/python3 - "$work/adv.json" "$work/adv1.json" <<'PY'
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if "second" not in k}
    return [strip(x) for x in v] if isinstance(v, list) else v
merged, single = (strip(json.load(open(p))) for p in sys.argv[1:])
assert merged == single, "attack: the merged report differs from the one-machine report"
print("attack: merged report equals the one-machine report (timings aside)")
PY
shards=$(ls "$work/adv.npy.shards" | grep -c '^shard-')
echo "attack shards written: $shards (expected $(( (limit + shard - 1) / shard )))"
[ "$shards" -eq $(( (limit + shard - 1) / shard )) ]
