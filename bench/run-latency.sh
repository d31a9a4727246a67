#!/usr/bin/env bash
# End-to-end latency of DriftJob on live traffic: from the watermark passing a window's end to its DriftStats
# and alerts being visible to a read_committed reader, with the job's exactly-once sinks committing on
# checkpoints every 5 s. The broker runs in its own JVM; the producer, the job and the reader share one.
# Usage: bench/run-latency.sh [--no-build] [seconds [events-per-second]]   (default 180 s of 20000 events/s)
set -euo pipefail
source "$(dirname "$0")/throughput-lib.sh"
"${JVM[@]}" io.plumbline.bench.LatencyBench "$BOOTSTRAP" "${ARGS[0]:-180}" "${ARGS[1]:-20000}" 2>/dev/null \
  | grep -v '^[0-9][0-9]:[0-9][0-9]:'
