#!/usr/bin/env bash
# Heap and serialised bytes per (model, feature, window), and the heap a flood of new model versions takes.
# Usage: bench/run-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl bench -am
java -Xmx4g -XX:+UseParallelGC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.plumbline.bench.ProfileMemoryBench
java -Xmx4g -XX:+UseParallelGC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.plumbline.bench.FloodMemoryBench
