#!/usr/bin/env bash
# KS D and PSI from sketches against exact values on the raw samples. Usage: bench/run-accuracy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl bench -am
java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.plumbline.bench.AccuracyBench
