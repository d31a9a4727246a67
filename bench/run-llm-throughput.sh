#!/usr/bin/env bash
# LlmJob (parallelism 1, local MiniCluster) against a plain single-threaded loop doing the same
# decode + key + profile update per call and the same stats, rules and baselines per window, without
# Flink, both reading the same Kafka topic of the demo's LLM calls, each in a fresh JVM. The broker
# runs in its own JVM so its CPU is not counted. Beside them, the limits of one thread: polling only,
# polling and decoding, and the profile updates on top.
# Usage: bench/run-llm-throughput.sh [--no-build] [calls]   (default 2000000)
# With BENCH_JFR_DIR set, the plain loop and the job each record a Java Flight Recorder profile there
# (plain-loop.jfr, llm-job.jfr; `jfr print --events jdk.ExecutionSample` reads them).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  mvn -B -q -DskipTests package -pl bench -am
fi
calls="${1:-2000000}"
source bench/classpath.sh
read -r -a opens <<< "$(sed -n 's:.*<flink.jvm.opens>\(.*\)</flink.jvm.opens>.*:\1:p' pom.xml)"
jvm=(java "${opens[@]}" -Xmx3g -cp "$BENCH_CP")
# The measured runs only: a profile of the broker, the publisher or the empty-topic run would say nothing.
measured() {
  local flags=()
  [[ -n "${BENCH_JFR_DIR:-}" ]] && flags=("-XX:StartFlightRecording=filename=$BENCH_JFR_DIR/$1.jfr,settings=profile")
  shift
  java "${opens[@]}" -Xmx3g "${flags[@]}" -cp "$BENCH_CP" "$@"
}

work="$(mktemp -d)"
log="$work/broker.log"; : > "$log"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${jvm[@]}" io.plumbline.cli.Plumbline broker --port "$port" --data-dir "$work/kafka" > "$log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null || true; rm -rf "$work" "$BENCH_SNAPSHOT"' EXIT
until grep -q "ready" "$log"; do sleep 0.5; kill -0 $broker || { cat "$log"; exit 1; }; done
bootstrap="127.0.0.1:$port"

"${jvm[@]}" io.plumbline.bench.PublishLlmCalls "$bootstrap" bench.llm-empty 0 > /dev/null
"${jvm[@]}" io.plumbline.bench.PublishLlmCalls "$bootstrap" bench.llm-calls "$calls"

results="$work/results"
"${jvm[@]}" io.plumbline.bench.LlmJobBench "$bootstrap" bench.llm-empty startup 2>/dev/null | grep '^RESULT' >> "$results"
# The limits: how fast one thread only reads the calls, reads and decodes them, and adds them to profiles too.
for stage in poll decode sketch; do
  "${jvm[@]}" io.plumbline.bench.LlmPlainLoopBench "$bootstrap" bench.llm-calls "$stage" | grep '^RESULT' >> "$results"
done
measured plain-loop io.plumbline.bench.LlmPlainLoopBench "$bootstrap" bench.llm-calls > "$work/plain.out"
grep -v '^RESULT\|^COUNTS' "$work/plain.out" || true
grep '^RESULT\|^COUNTS' "$work/plain.out" >> "$results"
measured llm-job io.plumbline.bench.LlmJobBench "$bootstrap" bench.llm-calls 2>/dev/null > "$work/job.out"
grep -v '^RESULT\|^COUNTS' "$work/job.out" || true
grep '^RESULT\|^COUNTS' "$work/job.out" >> "$results"

python3 bench/throughput-table.py "$results" llm-job LlmJob calls "$calls"
