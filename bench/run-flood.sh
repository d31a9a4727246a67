#!/usr/bin/env bash
# The heap a flood of 1 000 000 distinct ids leaves in each keyed stage at the default limits, and what each
# limit turned away; each flood in a JVM of its own. The serial collector with no dead space allowed
# compacts the whole heap at each full GC, so the used heap after one is the live objects alone
# (the parallel collector leaves dead objects in place, megabytes of noise here).
# Usage: bench/run-flood.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -DskipTests package -pl bench -am
fi
source bench/classpath.sh
java -cp "$BENCH_CP" io.plumbline.bench.KeyedFloodBench
for flood in model-versions feature-names categories routes variants tenants; do
  java -Xmx4g -XX:+UseSerialGC -XX:MarkSweepDeadRatio=0 -cp "$BENCH_CP" io.plumbline.bench.KeyedFloodBench "$flood" 2>/dev/null
done
