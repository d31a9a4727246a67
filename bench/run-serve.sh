#!/usr/bin/env bash
# What plumbline serve costs: CPU per 1 000 stats records, heap per 10 000 series, CPU of a scrape.
# The webhook delivery latency over the demo is printed by the demo's summary (./plumbline demo).
# Usage: bench/run-serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl bench -am
java -Xmx4g -XX:+UseParallelGC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.plumbline.bench.ServeBench
