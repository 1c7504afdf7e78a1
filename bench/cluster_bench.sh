#!/usr/bin/env bash
# Cluster measurements on this machine (Redis membership and job state, silo processes with one worker and one ONNX
# Runtime thread each): throughput of a PGD job with 1, 2 and 3 silos against the one-machine command, the coordination
# overhead per shard, leases per second with near-empty shards, and Redis commands per shard.
#   bash bench/cluster_bench.sh [--limit N] [--shard-size S]
set -euo pipefail
cd "$(dirname "$0")/.."
limit=1000; shard=100
while [ $# -gt 0 ]; do
  case "$1" in
    --limit) limit="$2"; shift 2 ;;
    --shard-size) shard="$2"; shift 2 ;;
    *) echo "usage: bash bench/cluster_bench.sh [--limit N] [--shard-size S]" >&2; exit 2 ;;
  esac
done
bash scripts/redis.sh
T="dotnet src/MlNetFreq.Cli/bin/Release/net10.0/mlnetfreq.dll"
data=../shared/data/cifar10; model=models/cifar10-resnet20-linf-8.onnx
attack=(--method pgd --eps 0.03137 --alpha 0.00784 --steps 10 --model "$model" --input "$data" --limit "$limit")
work=$(mktemp -d /tmp/mlnetfreq-cluster-bench-XXXXXX)
port=$((16000 + RANDOM % 4000))
export MLNETFREQ_REDIS_PASSWORD="bench-$RANDOM$RANDOM"
pids=(); redis_pid=
stop_silos() { for p in "${pids[@]}"; do { kill -9 "$p" && wait "$p"; } 2>/dev/null || true; done; pids=(); }
cleanup() { stop_silos; [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
printf 'port %s\nbind 127.0.0.1\nrequirepass %s\nsave ""\nappendonly no\n' "$port" "$MLNETFREQ_REDIS_PASSWORD" | redis-server - > "$work/redis.log" 2>&1 &
redis_pid=$!
sleep 1
rcli() { REDISCLI_AUTH="$MLNETFREQ_REDIS_PASSWORD" redis-cli -p "$port" "$@"; }
calls() { rcli INFO commandstats | grep -oE 'calls=[0-9]+' | cut -d= -f2 | awk '{s += $1} END {print s + 0}'; }
now() { date +%s.%N; }
start_silos() {
  for i in $(seq 1 "$1"); do
    $T cluster silo --redis "127.0.0.1:$port" --silo-port $((11110 + i)) --gateway-port $((30000 + i)) --threads 1 > "$work/silo$i.log" 2>&1 &
    pids+=($!)
  done
  sleep 8
}
t0=$(now); $T attack "${attack[@]}" --threads 1 --output "$work/one.npy" 2> /dev/null; one=$(echo "$(now) - $t0" | bc)
t0=$(now); $T attack "${attack[@]}" --threads 2 --output "$work/one2.npy" 2> /dev/null; one2=$(echo "$(now) - $t0" | bc)
echo "one machine, 1 thread: ${one} s; 2 threads: ${one2} s ($limit images, PGD-10, CIFAR-10 ResNet-20)"
for silos in 1 2 3; do
  rcli FLUSHALL > /dev/null
  start_silos "$silos"
  before=$(calls)
  t0=$(now)
  $T cluster submit attack --redis "127.0.0.1:$port" --gateway-port 30001 "${attack[@]}" --shard-size "$shard" --job "bench-$silos" --output "$work/c$silos.npy" 2> /dev/null
  wall=$(echo "$(now) - $t0" | bc)
  after=$(calls)
  cmp -s "$work/c$silos.npy" "$work/one.npy" && same=identical || same=DIFFERENT
  shards=$(( (limit + shard - 1) / shard ))
  echo "$silos silo(s): ${wall} s, $(echo "scale=2; $one / $wall" | bc)x the 1-thread run, output $same; Redis commands per shard: $(( (after - before) / shards ))"
  stop_silos
done
rcli FLUSHALL > /dev/null
start_silos 3
t0=$(now)
$T cluster submit dct --redis "127.0.0.1:$port" --gateway-port 30001 --input "$data" --limit 300 --shard-size 1 --job leases --output "$work/d.npy" 2> /dev/null
wall=$(echo "$(now) - $t0" | bc)
echo "300 one-image DCT shards on 3 silos: ${wall} s, $(echo "scale=1; 300 / $wall" | bc) leases/s (lease + compute + rename + complete, client start included)"
