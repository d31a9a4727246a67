#!/usr/bin/env bash
# DriftJob (parallelism 1, local MiniCluster) against a plain single-threaded loop doing the same
# decode + sketch + compare work without Flink, both reading the same Kafka topic of 20-feature
# events, each in a fresh JVM. The broker runs in its own JVM so its CPU is not counted. Beside them, the
# limits of one thread: polling only, polling and decoding, and the sketch updates on top.
# Usage: bench/run-throughput.sh [events]   (default 3000000)
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-3000000}"

mvn -B -q -DskipTests package -pl bench -am
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
read -r -a opens <<< "$(sed -n 's:.*<flink.jvm.opens>\(.*\)</flink.jvm.opens>.*:\1:p' pom.xml)"
jvm=(java "${opens[@]}" -Xmx3g -cp "$cp")

work="$(mktemp -d)"
log="$work/broker.log"; : > "$log"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${jvm[@]}" io.plumbline.cli.Plumbline broker --port "$port" --data-dir "$work/kafka" > "$log" 2>&1 &
broker=$!
trap 'kill $broker 2>/dev/null; wait $broker 2>/dev/null || true; rm -rf "$work"' EXIT
until grep -q "ready" "$log"; do sleep 0.5; kill -0 $broker || { cat "$log"; exit 1; }; done
bootstrap="127.0.0.1:$port"

"${jvm[@]}" io.plumbline.bench.PublishEvents "$bootstrap" bench.empty 0 > /dev/null
"${jvm[@]}" io.plumbline.bench.PublishEvents "$bootstrap" bench.predictions "$events"

results="$work/results"
"${jvm[@]}" io.plumbline.bench.DriftJobBench "$bootstrap" bench.empty startup 2>/dev/null | grep '^RESULT' >> "$results"
# The limits: how fast one thread only reads the events, reads and decodes them, and adds them to profiles too.
for stage in poll decode sketch; do
  "${jvm[@]}" io.plumbline.bench.PlainLoopBench "$bootstrap" bench.predictions "$stage" | grep '^RESULT' >> "$results"
done
"${jvm[@]}" io.plumbline.bench.PlainLoopBench "$bootstrap" bench.predictions | grep '^RESULT\|^COUNTS' >> "$results"
"${jvm[@]}" io.plumbline.bench.DriftJobBench "$bootstrap" bench.predictions 2>/dev/null | grep '^RESULT\|^COUNTS' >> "$results"

python3 bench/throughput-table.py "$results" drift-job DriftJob events "$events"
