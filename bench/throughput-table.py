"""Prints a throughput benchmark's table from its RESULT lines.

Usage: throughput-table.py RESULTS JOB_MODE JOB_NAME UNIT [EXPECTED]
RESULTS holds lines "RESULT mode events wall_s cpu_s" for the modes startup, plain-loop and
JOB_MODE; JOB_NAME labels the job's rows, UNIT names what was counted (events, calls). With
EXPECTED, the plain loop must have read that many or the run is refused.
"""
import sys

results, job_mode, job_name, unit = sys.argv[1:5]
rows = {}
for line in open(results):
    _, mode, events, wall, cpu = line.split()
    rows[mode] = (int(events), float(wall), float(cpu))
if len(sys.argv) > 5 and rows["plain-loop"][0] != int(sys.argv[5]):
    sys.exit(f"the plain loop read {rows['plain-loop'][0]:,} {unit}, not the {int(sys.argv[5]):,} published")
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
print(f"\n{job_name} / plain loop: {(jc - sc) / lc:.2f}x the CPU per {unit[:-1]}, "
      f"{(n / (jw - sw)) / (n / lw):.2f}x the throughput")
