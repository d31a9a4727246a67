#!/usr/bin/env bash
# LlmJob (parallelism 1, local MiniCluster) against a plain single-threaded loop doing the same
# decode + key + profile update per call and the same stats, rules and baselines per window, without
# Flink, both reading the same Kafka topic of the demo's LLM calls, each in a fresh JVM. The broker
# runs in its own JVM so its CPU is not counted. Beside them, the limits of one thread: polling only,
# polling and decoding, and the profile updates on top.
# Usage: bench/run-llm-throughput.sh [--no-build] [calls]   (default 2000000)
# With BENCH_JFR_DIR set, the plain loop and the job each record a Java Flight Recorder profile there
# (plain-loop.jfr, llm-job.jfr), which bench/jfr-summary.py breaks down by stage.
set -euo pipefail
source "$(dirname "$0")/throughput-lib.sh"
calls="${ARGS[0]:-2000000}"

"${JVM[@]}" io.plumbline.bench.PublishLlmCalls "$BOOTSTRAP" bench.llm-empty 0 > /dev/null
"${JVM[@]}" io.plumbline.bench.PublishLlmCalls "$BOOTSTRAP" bench.llm-calls "$calls"

results="$BENCH_WORK/results"
"${JVM[@]}" io.plumbline.bench.LlmJobBench "$BOOTSTRAP" bench.llm-empty startup 2>/dev/null | grep '^RESULT\|^STEADY' >> "$results"
# The limits: how fast one thread only reads the calls, reads and decodes them, and adds them to profiles too.
for stage in poll decode sketch; do
  "${JVM[@]}" io.plumbline.bench.LlmPlainLoopBench "$BOOTSTRAP" bench.llm-calls "$stage" | grep '^RESULT\|^STEADY' >> "$results"
done
measured plain-loop io.plumbline.bench.LlmPlainLoopBench "$BOOTSTRAP" bench.llm-calls > "$BENCH_WORK/plain.out"
grep -v '^RESULT\|^STEADY\|^COUNTS' "$BENCH_WORK/plain.out" || true
grep '^RESULT\|^STEADY\|^COUNTS' "$BENCH_WORK/plain.out" >> "$results"
measured llm-job io.plumbline.bench.LlmJobBench "$BOOTSTRAP" bench.llm-calls 2>/dev/null > "$BENCH_WORK/job.out"
grep -v '^RESULT\|^STEADY\|^COUNTS' "$BENCH_WORK/job.out" || true
grep '^RESULT\|^STEADY\|^COUNTS' "$BENCH_WORK/job.out" >> "$results"

python3 bench/throughput-table.py "$results" llm-job LlmJob calls "$calls"
