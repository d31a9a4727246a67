"""Breaks a Java Flight Recorder profile of a throughput run down by stage.

Usage: jfr-summary.py RECORDING.jfr [RECORDING.jfr ...]
Reads each recording's execution samples (`jfr print --json --events jdk.ExecutionSample`, the JDK's own
tool) and attributes each sample to the first stage in STAGES that one of its frames belongs to, so a
sketch update made while a window closes counts as the window's end. Prints, per recording, each stage's
share of the samples, and the methods most often on top of the stack. Samples are of running Java threads:
garbage collection and the JIT compiler are not in them.
"""
import collections
import json
import subprocess
import sys

# (stage, frame prefixes "package.Class.method"), in order of precedence. The keyBy's serializers come first:
# they are called from the source's and the keyed stage's frames, never the other way round.
STAGES = [
    ("records across the keyBy (serializers, network stack)", (
        "io.plumbline.jobs.state.", "org.apache.flink.runtime.io.network.", "org.apache.flink.runtime.plugable.",
        "org.apache.flink.streaming.runtime.streamrecord.StreamElementSerializer",
        "org.apache.flink.streaming.runtime.partitioner.", "org.apache.flink.streaming.runtime.io.RecordWriterOutput")),
    ("results to Kafka (sinks)", (
        "org.apache.flink.connector.kafka.sink.",)),
    ("window ends: compare, rules, JSON out", (
        "io.plumbline.jobs.drift.DriftWindowFunction.onTimer", "io.plumbline.jobs.llm.LlmWindowFunction.onTimer",
        "io.plumbline.bench.PlainLoopBench.close", "io.plumbline.bench.LlmPlainLoopBench.close")),
    ("checkpoints and state snapshots", (
        "org.apache.flink.streaming.runtime.tasks.SubtaskCheckpointCoordinatorImpl",
        "org.apache.flink.runtime.state.")),
    ("profile and sketch updates", (
        "io.plumbline.monitor.drift.ProfileRecorder.", "io.plumbline.monitor.llm.CallObserver.",
        "io.plumbline.monitor.llm.RouteProfile.", "io.plumbline.detectors.sketch.")),
    ("decoding", (
        "io.plumbline.schemas.", "com.fasterxml.jackson.", "org.apache.avro.")),
    ("Kafka consumer", (
        "org.apache.kafka.", "org.apache.flink.connector.kafka.source.", "org.apache.flink.connector.base.source.")),
    ("keyed-stage bookkeeping (state, timers, watermarks)", (
        "io.plumbline.jobs.", "org.apache.flink.streaming.api.operators.", "org.apache.flink.streaming.runtime.")),
]


def frame_name(frame):
    method = frame["method"]
    return method["type"]["name"].replace("/", ".") + "." + method["name"]


def summarise(path):
    printed = subprocess.run(["jfr", "print", "--json", "--stack-depth", "512", "--events", "jdk.ExecutionSample", path],
                             check=True, capture_output=True, text=True).stdout
    events = json.loads(printed)["recording"]["events"]
    stages = collections.Counter()
    tops = collections.Counter()
    truncated = 0
    for event in events:
        trace = event["values"]["stackTrace"]
        if trace is None:
            continue
        truncated += bool(trace.get("truncated"))
        frames = [frame_name(f) for f in trace["frames"]]
        tops[frames[0]] += 1
        stage = next((name for name, prefixes in STAGES if any(f.startswith(prefixes) for f in frames)),
                     "other: " + frames[0].rsplit(".", 2)[0])
        stages[stage] += 1
    total = sum(stages.values())
    print(f"\n{path}: {total} samples" + (f", {truncated} with truncated stacks" if truncated else ""))
    print("\n| stage | samples | share |\n|---|---:|---:|")
    for stage, n in sorted(stages.items(), key=lambda kv: -kv[1]):
        if n / total >= 0.005:
            print(f"| {stage} | {n} | {100 * n / total:.1f}% |")
    print("\n| method on top of the stack | share |\n|---|---:|")
    for method, n in tops.most_common(12):
        print(f"| `{method}` | {100 * n / total:.1f}% |")


for recording in sys.argv[1:]:
    summarise(recording)
