#!/usr/bin/env bash
# Decision agreement of the KS and chi-square tests from sketches with the exact tests on the raw
# samples (commons-math3 and scipy). Usage: bench/run-agreement.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -DskipTests package -pl bench -am
fi
source bench/classpath.sh
java -Xmx2g -cp "$BENCH_CP" io.plumbline.bench.AgreementBench \
  | python3 bench/agreement.py
