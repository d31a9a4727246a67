#!/usr/bin/env bash
# Failures survived: each failure test against an uninterrupted run of the same traffic (records compared,
# missing, twice) and, on the real cluster, how long until both jobs ran with a new checkpoint.
# The tests fail when a record is missing or twice, so every line printed says 0 of both.
# Usage: bench/run-failures.sh     (about 15 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
run() {
  mvn -B -q -Dstyle.color=never verify "$@" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
    | grep -E '^(Drift|Llm|FlinkCluster)[A-Za-z]*ITCase: '
}
run -pl jobs -am -Dit.test='DriftFailoverITCase,LlmFailoverITCase,DriftRescaleITCase,LlmRescaleITCase'
run -Pcluster -pl cli -am -Dit.test=FlinkClusterITCase
