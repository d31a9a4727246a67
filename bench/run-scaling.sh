#!/usr/bin/env bash
# DriftJob at parallelism 1 and 2 on a local MiniCluster, over two topics of two partitions each: eight
# models taking turns, and the same eight where model-0 has 90 % of the events (a hot key, which one keyed
# subtask has to take alone). The fixed cost of a local run at each parallelism (an empty topic) is
# subtracted; the script refuses a run whose parallelisms did not read every event and write the same
# numbers of stats and alert records.
# Usage: bench/run-scaling.sh [--no-build] [events]   (default 3000000 per topic)
set -euo pipefail
source "$(dirname "$0")/throughput-lib.sh"
events="${ARGS[0]:-3000000}"

"${JVM[@]}" io.plumbline.bench.PublishEvents "$BOOTSTRAP" bench.empty 0 2 > /dev/null
"${JVM[@]}" io.plumbline.bench.PublishEvents "$BOOTSTRAP" bench.even "$events" 2 8
"${JVM[@]}" io.plumbline.bench.PublishEvents "$BOOTSTRAP" bench.hot "$events" 2 8 0.9

results="$BENCH_WORK/results"
for p in 1 2; do
  "${JVM[@]}" io.plumbline.bench.DriftJobBench "$BOOTSTRAP" bench.empty "startup-p$p" "$p" 2>/dev/null \
    | grep '^RESULT' >> "$results"
  for traffic in even hot; do
    measured "drift-job-$traffic-p$p" io.plumbline.bench.DriftJobBench "$BOOTSTRAP" "bench.$traffic" \
      "$traffic-p$p" "$p" 2>/dev/null | grep '^RESULT\|^STEADY\|^COUNTS' >> "$results"
  done
done

python3 bench/scaling-table.py "$results" "$events"
