#!/usr/bin/env bash
# The error bounds SketchAccuracyTest asserts, measured over many seeds: the largest |ΔD|, |ΔPSI| and, where
# a shift makes PSI sensitive to rank errors, |ΔPSI| / PSI. Usage: bench/run-sketch-bounds.sh [--no-build] [seeds]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -DskipTests package -pl bench -am
else
  shift
fi
source bench/classpath.sh
java -Xmx2g -cp "$BENCH_CP" io.plumbline.bench.SketchBoundsBench "${1:-200}"
