#!/usr/bin/env bash
# Each format's decoding beside JSON's, in memory, one thread: the same prediction events and LLM calls
# written in every format the jobs read, decoded by the jobs' own decoders.
# Usage: bench/run-formats.sh [--no-build] [records]   (default 200000 of each kind)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  mvn -B -q -DskipTests package -pl bench -am
fi
source bench/classpath.sh
java -Xmx3g -cp "$BENCH_CP" io.plumbline.bench.FormatDecodeBench "${1:-200000}"
