#!/usr/bin/env bash
# The README's first command, as a new user runs it: `./plumbline demo --duration 90s`. Passes when the
# alerts the demo announces fired and resolved, and nothing else fired (test/system/demo_check.py).
# Arguments go to the demo as well: `demo-smoke.sh --otlp` runs its LLM part from OTLP trace exports.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

status=0
(cd "$(mktemp -d)" && "$root/plumbline" demo --duration 90s "$@") > "$out" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  tail -40 "$out"
  echo "demo check: the demo exited with status $status" >&2
  exit 1
fi
if ! python3 "$root/test/system/demo_check.py" < "$out"; then
  echo "--- the demo's output:"
  cat "$out"
  exit 1
fi
