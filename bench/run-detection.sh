#!/usr/bin/env bash
# Detection quality of the drift rules at their defaults (false alarms of a 50-feature model, first-window
# detection of mean, variance and categorical changes) next to the same rules on the exact tests. Usage: bench/run-detection.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -DskipTests package -pl bench -am
fi
source bench/classpath.sh
java -Xmx2g -cp "$BENCH_CP" io.plumbline.bench.DetectionBench
