#!/usr/bin/env bash
# DriftJob with 100 000 (model, feature) pairs of state: 5 000 models of 20 features each, 100 events per
# model per 10 s window, at parallelism 1 on a local MiniCluster with a 4 GiB heap, checkpointing every 5 s,
# once on the heap backend and once on RocksDB with incremental checkpoints, each in a fresh JVM. Prints
# their throughput, whole and in the steady state, and their checkpoints' durations and sizes.
# Usage: bench/run-state.sh [--no-build] [events]   (default 5000000: ten windows)
set -euo pipefail
source "$(dirname "$0")/throughput-lib.sh"
events="${ARGS[0]:-5000000}"

"${JVM[@]}" io.plumbline.bench.PublishEvents "$BOOTSTRAP" bench.models "$events" 1 5000 0 100
for backend in hashmap rocksdb; do
  java "${BENCH_OPENS[@]}" -Xmx4g -cp "$BENCH_CP" io.plumbline.bench.DriftJobBench "$BOOTSTRAP" bench.models \
    "$backend" 1 window.min-events=100 limits.max-models=10000 checkpoint.interval=5s \
    checkpoint.state-backend="$backend" checkpoint.incremental=true 2>/dev/null \
    | grep '^RESULT\|^STEADY\|^CHECKPOINTS\|^COUNTS' >> "$BENCH_WORK/results"
done
python3 bench/state-table.py "$BENCH_WORK/results" "$events"
