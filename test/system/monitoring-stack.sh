#!/usr/bin/env bash
# System test of the monitoring stack: the demo with serve, a real Prometheus scraping serve and Flink's reporter
# with the shipped prometheus.yml and rules.yml, a real Alertmanager routing serve's pushes with the shipped
# alertmanager.yml to a local webhook receiver; monitoring_checks.py asserts through their HTTP APIs.
#
# Needs the built jar (cli/target/plumbline.jar), Debian's prometheus and prometheus-alertmanager, python3 with
# PyYAML. Everything listens on 127.0.0.1, on ports other than the defaults (override them with the variables
# below). Takes two to three minutes. KEEP_WORK=1 keeps the temporary directory (logs, configs, data) afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/test/system"

PROMETHEUS_PORT="${PROMETHEUS_PORT:-19090}"
ALERTMANAGER_PORT="${ALERTMANAGER_PORT:-19093}"
SERVE_PORT="${SERVE_PORT:-19464}"
RECEIVER_PORT="${RECEIVER_PORT:-19095}"
# Flink's reporter takes the first free port of these (LocalJobRunner.FLINK_METRICS_PORTS).
FLINK_REPORTER_PORTS="9249-9259"
# The demo's event time starts 24 windows back and runs 8 times faster than the clock until it catches up. Its
# drift lasts six windows: with 30-second windows 22 s of the clock, several checkpoints (5 s) and scrapes, even
# when the jobs start late and catch the drift up from a backlog. With 10-second windows (7.5 s) a fast machine
# can commit the drift's firing and its resolution in one checkpoint: serve then sends Alertmanager only the
# resolution, and the gauges pass the drifted windows between two scrapes.
DEMO_WINDOW="30s"
# Every second: while the demo catches up, a window's gauges show only until the next checkpoint's windows
# replace them.
SCRAPE_INTERVAL="1s"
EVALUATION_INTERVAL="5s"
# The cap of the demo's run; the test stops it as soon as the checks are done, after two minutes or so.
DEMO_DURATION="5m"

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { say "$*" >&2; exit 1; }

prometheus_bin="$(command -v prometheus)" || die "prometheus is missing: apt-get install prometheus"
# Debian names it prometheus-alertmanager, upstream alertmanager.
alertmanager_bin="$(command -v prometheus-alertmanager || command -v alertmanager)" \
  || die "alertmanager is missing: apt-get install prometheus-alertmanager"
[[ -f "$root/cli/target/plumbline.jar" ]] || die "cli/target/plumbline.jar is missing: build it first (mvn -B install)"
checks=(python3 "$here/monitoring_checks.py")

for port in "$PROMETHEUS_PORT" "$ALERTMANAGER_PORT" "$SERVE_PORT" "$RECEIVER_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is taken: free it, or choose others with PROMETHEUS_PORT, ALERTMANAGER_PORT, SERVE_PORT, RECEIVER_PORT"
  fi
done

work="$(mktemp -d -t plumbline-system-XXXXXX)"
names=()
pids=()

start() {  # start NAME COMMAND...: runs COMMAND in the background, its output in $work/NAME.log
  local name="$1"; shift
  "$@" > "$work/$name.log" 2>&1 &
  names+=("$name")
  pids+=("$!")
  say "started $name (pid $!)"
}

foreground=""
run() {  # run COMMAND...: as in the foreground, but a signal to this script stops it at once (bash runs its
         # traps only between commands, and "wait" is where it can)
  "$@" &
  foreground="$!"
  wait "$foreground"
  foreground=""
}

pid_of() {
  local i
  for i in "${!names[@]}"; do
    if [[ "${names[$i]}" == "$1" ]]; then echo "${pids[$i]}"; fi
  done
}

cleanup() {
  local status=$? i waited
  set +e  # whatever fails on the way, everything is stopped and removed
  trap - EXIT INT TERM
  [[ -n "$foreground" ]] && kill -TERM "$foreground" 2>/dev/null
  # TERM lets the demo stop its jobs and broker and remove its temporary directories.
  for i in "${!pids[@]}"; do kill -TERM "${pids[$i]}" 2>/dev/null; done
  for i in "${!pids[@]}"; do
    waited=0
    while kill -0 "${pids[$i]}" 2>/dev/null && (( waited < 60 )); do sleep 1; waited=$((waited + 1)); done
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      say "${names[$i]} (pid ${pids[$i]}) did not stop within 60 s: killing it"
      kill -KILL "${pids[$i]}" 2>/dev/null
    fi
    wait "${pids[$i]}" 2>/dev/null
  done
  if (( status != 0 )); then
    for i in "${!names[@]}"; do
      echo "----- last lines of ${names[$i]}'s output -----"
      tail -n 40 "$work/${names[$i]}.log"
    done
    if [[ -f "$work/prometheus.yml" ]]; then
      echo "----- the rewritten prometheus.yml -----"
      cat "$work/prometheus.yml"
    fi
    say "monitoring stack test FAILED"
  else
    say "monitoring stack test passed"
  fi
  if [[ -n "${KEEP_WORK:-}" ]]; then
    say "kept the logs, configs and data in $work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir "$work/prometheus-data" "$work/alertmanager-data"
"${checks[@]}" configure-alertmanager --out "$work/alertmanager.yml" --receiver "127.0.0.1:$RECEIVER_PORT"

start receiver python3 "$here/webhook_receiver.py" "$RECEIVER_PORT" "$work/webhooks.jsonl"
# Cluster mode off: a lone Alertmanager, and no gossip port to clash with.
start alertmanager "$alertmanager_bin" --config.file="$work/alertmanager.yml" \
  --storage.path="$work/alertmanager-data" --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" \
  --cluster.listen-address=
run "${checks[@]}" wait-http "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready" --timeout 30

# The predictions go out as KServe's inference logs (--kserve): the drift job pairs them through the stage whose
# metrics the health dashboard and PlumblineInferencesUnpaired read, and drifts as with JSON and Avro.
start demo "$root/plumbline" demo --metrics-port "$SERVE_PORT" --kserve \
  --alertmanager "http://127.0.0.1:$ALERTMANAGER_PORT" --window "$DEMO_WINDOW" --duration "$DEMO_DURATION"
demo_pid="$(pid_of demo)"

# Flink's reporter takes the first free port of its range, so the demo's is the one its JVM listens on.
# Prometheus starts once it is known (its targets are static, as shipped): well before the drift, which comes
# after the jobs' start and five windows.
say "waiting for the demo's Flink reporter"
flink_ports=""
for _ in $(seq 1 180); do
  flink_ports="$("${checks[@]}" flink-ports "$demo_pid" --ports "$FLINK_REPORTER_PORTS")" \
    || die "the demo exited before its Flink reporter started"
  [[ -n "$flink_ports" ]] && break
  sleep 1
done
[[ -n "$flink_ports" ]] || die "the demo's Flink reporter listens on none of $FLINK_REPORTER_PORTS after 180 s"
flink_targets=()
for port in $flink_ports; do flink_targets+=("127.0.0.1:$port"); done
say "Flink's reporter: ${flink_targets[*]}"

"${checks[@]}" configure-prometheus --out "$work/prometheus.yml" \
  --serve "127.0.0.1:$SERVE_PORT" --flink "${flink_targets[@]}" --alertmanager "127.0.0.1:$ALERTMANAGER_PORT" \
  --scrape-interval "$SCRAPE_INTERVAL" --evaluation-interval "$EVALUATION_INTERVAL"
start prometheus "$prometheus_bin" --config.file="$work/prometheus.yml" \
  --storage.tsdb.path="$work/prometheus-data" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
run "${checks[@]}" wait-http "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" --timeout 30

say "checking"
run "${checks[@]}" check \
  --prometheus "http://127.0.0.1:$PROMETHEUS_PORT" --alertmanager "http://127.0.0.1:$ALERTMANAGER_PORT" \
  --receiver-log "$work/webhooks.jsonl" --step "$SCRAPE_INTERVAL" \
  --process "demo=$demo_pid" --process "prometheus=$(pid_of prometheus)" \
  --process "alertmanager=$(pid_of alertmanager)" --process "receiver=$(pid_of receiver)"
