# Sourced by the throughput scripts, with the script's arguments: builds the bench module and the modules it
# uses unless the first argument is --no-build (then shifted away from ARGS), snapshots the classpath
# (classpath.sh), and starts a Kafka broker in its own JVM, so its CPU is not counted, at BOOTSTRAP.
# JVM runs a helper; MEASURED NAME CLASS ARGS... runs a measured mode, recording a Java Flight Recorder
# profile to $BENCH_JFR_DIR/NAME.jfr when BENCH_JFR_DIR is set (bench/jfr-summary.py reads it).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ARGS=("$@")
if [[ "${ARGS[0]:-}" == "--no-build" ]]; then
  ARGS=("${ARGS[@]:1}")
else
  mvn -B -q -DskipTests package -pl bench -am
fi
source bench/classpath.sh
read -r -a BENCH_OPENS <<< "$(sed -n 's:.*<flink.jvm.opens>\(.*\)</flink.jvm.opens>.*:\1:p' pom.xml)"
JVM=(java "${BENCH_OPENS[@]}" -Xmx3g -cp "$BENCH_CP")

# Deep stacks: a Flink task's frames go far below the operator's, and a cut stack cannot be attributed.
measured() {
  local flags=()
  [[ -n "${BENCH_JFR_DIR:-}" ]] && flags=("-XX:StartFlightRecording=filename=$BENCH_JFR_DIR/$1.jfr,settings=profile"
    "-XX:FlightRecorderOptions=stackdepth=512")
  shift
  java "${BENCH_OPENS[@]}" -Xmx3g "${flags[@]}" -cp "$BENCH_CP" "$@"
}

BENCH_WORK="$(mktemp -d)"
broker_log="$BENCH_WORK/broker.log"; : > "$broker_log"
broker_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${JVM[@]}" io.plumbline.cli.Plumbline broker --port "$broker_port" --data-dir "$BENCH_WORK/kafka" > "$broker_log" 2>&1 &
broker_pid=$!
trap 'kill $broker_pid 2>/dev/null; wait $broker_pid 2>/dev/null || true; rm -rf "$BENCH_WORK" "$BENCH_SNAPSHOT"' EXIT
until grep -q "ready" "$broker_log"; do sleep 0.5; kill -0 $broker_pid || { cat "$broker_log"; exit 1; }; done
BOOTSTRAP="127.0.0.1:$broker_port"
