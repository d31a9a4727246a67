#!/usr/bin/env bash
# DriftJob (parallelism 1, local MiniCluster) against a plain single-threaded loop doing the same
# decode + sketch + compare work without Flink, both reading the same Kafka topic of 20-feature
# events, each in a fresh JVM. The broker runs in its own JVM so its CPU is not counted. Beside them, the
# limits of one thread: polling only, polling and decoding, and the sketch updates on top.
# Usage: bench/run-throughput.sh [--no-build] [events]   (default 3000000)
# With BENCH_JFR_DIR set, the plain loop and the job each record a Java Flight Recorder profile there
# (plain-loop.jfr, drift-job.jfr), which bench/jfr-summary.py breaks down by stage.
set -euo pipefail
source "$(dirname "$0")/throughput-lib.sh"
events="${ARGS[0]:-3000000}"

"${JVM[@]}" io.plumbline.bench.PublishEvents "$BOOTSTRAP" bench.empty 0 > /dev/null
"${JVM[@]}" io.plumbline.bench.PublishEvents "$BOOTSTRAP" bench.predictions "$events"

results="$BENCH_WORK/results"
"${JVM[@]}" io.plumbline.bench.DriftJobBench "$BOOTSTRAP" bench.empty startup 2>/dev/null | grep '^RESULT\|^STEADY' >> "$results"
# The limits: how fast one thread only reads the events, reads and decodes them, and adds them to profiles too.
for stage in poll decode sketch; do
  "${JVM[@]}" io.plumbline.bench.PlainLoopBench "$BOOTSTRAP" bench.predictions "$stage" | grep '^RESULT\|^STEADY' >> "$results"
done
measured plain-loop io.plumbline.bench.PlainLoopBench "$BOOTSTRAP" bench.predictions | grep '^RESULT\|^STEADY\|^COUNTS' >> "$results"
measured drift-job io.plumbline.bench.DriftJobBench "$BOOTSTRAP" bench.predictions 2>/dev/null \
  | grep '^RESULT\|^STEADY\|^COUNTS' >> "$results"

python3 bench/throughput-table.py "$results" drift-job DriftJob events "$events"
