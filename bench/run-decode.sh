#!/usr/bin/env bash
# JSON decoding alone, in memory, one thread: the readers with their fast paths against Jackson alone, on
# the throughput benchmark's 20-feature prediction events and the demo's JSON LLM calls.
# Usage: bench/run-decode.sh [--no-build] [records]   (default 200000 of each kind)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  mvn -B -q -DskipTests package -pl bench -am
fi
source bench/classpath.sh
java -Xmx2g -cp "$BENCH_CP" io.plumbline.bench.JsonDecodeBench "${1:-200000}"
