#!/usr/bin/env bash
# The cluster end to end on this machine: a password-protected redis-server, three silo processes (Redis membership and
# job state), a DCT job and a PGD job over the CIFAR-10 test images in ../shared/data/cifar10; one silo is killed with
# SIGKILL while the attack runs. Both merged outputs must equal the one-machine commands' byte for byte.
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
$T cluster submit dct $redis --gateway-port 30001 --input "$data" --limit "$limit" --shard-size "$shard" --output "$work/dct.npy" 2> "$work/dct.log" || { cat "$work/dct.log" >&2; exit 1; }
echo "dct job: $(tail -1 "$work/dct.log") ($(echo "$(date +%s.%N) - $start" | bc) s)"

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

$T dct --input "$data" --limit "$limit" --output "$work/dct1.npy" 2> /dev/null
$T attack --method pgd --eps 0.03137 --alpha 0.00784 --steps 5 --model "$model" --input "$data" --limit "$limit" --output "$work/adv1.npy" 2> /dev/null
cmp "$work/dct.npy" "$work/dct1.npy" && echo "dct: merged output equals the one-machine output byte for byte"
cmp "$work/adv.npy" "$work/adv1.npy" && echo "attack: merged output equals the one-machine output byte for byte"
shards=$(ls "$work/adv.npy.shards" | grep -c '^shard-')
echo "attack shards written: $shards (expected $(( (limit + shard - 1) / shard )))"
[ "$shards" -eq $(( (limit + shard - 1) / shard )) ]
