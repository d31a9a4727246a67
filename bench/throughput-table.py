"""Prints a throughput benchmark's table from its RESULT and COUNTS lines, once both modes did the same work.

Usage: throughput-table.py RESULTS JOB_MODE JOB_NAME UNIT EXPECTED
RESULTS holds lines "RESULT mode events wall_s cpu_s" for the modes startup, plain-loop and JOB_MODE,
each mode's events as it counted them, and "COUNTS mode stats alerts" for plain-loop and JOB_MODE: the
stats and alert records each wrote (the job's as committed to its output topics). JOB_NAME labels the
job's rows, UNIT names what was counted (events, calls). The run is refused unless both modes read the
EXPECTED number published and wrote as many stats and alert records as each other. RESULT lines of the
modes limit-poll, limit-decode and limit-sketch (the plain loop's stages alone) and "STEADY mode events
wall_s cpu_s" lines (each mode's steady state: from a third of its events read to all of them) add the
steady-state table: the loop's stages, the loop and the job, each stage's throughput as a share of polling
alone, the fastest any consumer of the topic can go.
"""
import sys

results, job_mode, job_name, unit, expected = sys.argv[1:6]
rows = {}
steady = {}
counts = {}
for line in open(results):
    kind, mode, *values = line.split()
    if kind in ("RESULT", "STEADY"):
        events, wall, cpu = values
        (rows if kind == "RESULT" else steady)[mode] = (int(events), float(wall), float(cpu))
    else:
        counts[mode] = tuple(int(v) for v in values)
for mode in ("plain-loop", job_mode):
    if rows[mode][0] != int(expected):
        sys.exit(f"{mode} read {rows[mode][0]:,} {unit}, not the {int(expected):,} published")
if counts["plain-loop"] != counts[job_mode]:
    sys.exit(f"the modes did different work: the plain loop wrote {counts['plain-loop'][0]:,} stats and "
             f"{counts['plain-loop'][1]:,} alert records, {job_name} {counts[job_mode][0]:,} and {counts[job_mode][1]:,}")
_, sw, sc = rows["startup"]
print(f"fixed cost of a local Flink run (empty topic): {sw:.2f} s wall, {sc:.2f} CPU-s\n")
print(f"| mode | {unit} | wall s | CPU s | {unit}/s | CPU-s per million {unit} |")
print("|---|---:|---:|---:|---:|---:|")


def row(name, n, wall, cpu):
    print(f"| {name} | {n:,} | {wall:.1f} | {cpu:.1f} | {n / wall:,.0f} | {cpu / n * 1e6:.2f} |")


n, lw, lc = rows["plain-loop"]
row("plain loop (1 thread)", n, lw, lc)
n, jw, jc = rows[job_mode]
row(f"{job_name}, parallelism 1", n, jw, jc)
row(f"{job_name} minus fixed cost", n, jw - sw, jc - sc)
print(f"\nBoth modes read {int(expected):,} {unit} and wrote {counts[job_mode][0]:,} stats and "
      f"{counts[job_mode][1]:,} alert records.")
print(f"{job_name} / plain loop: {(jc - sc) / lc:.2f}x the CPU per {unit[:-1]}, "
      f"{(n / (jw - sw)) / (n / lw):.2f}x the throughput")

limits = [("limit-poll", "poll only"), ("limit-decode", "poll + decode"), ("limit-sketch", "poll + decode + sketch updates"),
          ("plain-loop", "plain loop (everything)"), (job_mode, f"{job_name}, parallelism 1")]
if all(mode in steady for mode, _ in limits):
    for mode, _ in limits[:3]:
        if rows[mode][0] != int(expected):
            sys.exit(f"{mode} read {rows[mode][0]:,} {unit}, not the {int(expected):,} published")
    poll_rate = steady["limit-poll"][0] / steady["limit-poll"][1]
    print(f"\nSteady state, from a third of each mode's {unit} read to all of them, in the same run; the first rows "
          f"are the limits of one thread over the same topic:\n")
    print(f"| stage | {unit} | wall s | CPU s | {unit}/s | CPU-s per million {unit} | share of poll-only throughput |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for mode, name in limits:
        m, wall, cpu = steady[mode]
        print(f"| {name} | {m:,} | {wall:.1f} | {cpu:.1f} | {m / wall:,.0f} | {cpu / m * 1e6:.2f} | "
              f"{m / wall / poll_rate:.0%} |")
    (lm, lw, lc), (jm, jw, jc) = steady["plain-loop"], steady[job_mode]
    print(f"\nSteady state, {job_name} / plain loop: {(jc / jm) / (lc / lm):.2f}x the CPU per {unit[:-1]}, "
          f"{(jm / jw) / (lm / lw):.2f}x the throughput")
