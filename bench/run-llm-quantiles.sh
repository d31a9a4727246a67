#!/usr/bin/env bash
# LLM latency percentiles (p50, p90, p95, p99) from the LlmJob's quantile sketch against exact order
# statistics. Usage: bench/run-llm-quantiles.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -DskipTests package -pl bench -am
fi
source bench/classpath.sh
java -Xmx2g -cp "$BENCH_CP" io.plumbline.bench.LlmQuantileBench
