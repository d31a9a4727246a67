"""Prints the scaling benchmark's table from its RESULT and COUNTS lines.

Usage: scaling-table.py RESULTS EXPECTED
RESULTS holds "RESULT mode events wall_s cpu_s" and "COUNTS mode stats alerts" lines for the modes
TRAFFIC-pP (TRAFFIC even or hot, P the parallelism), and RESULT lines startup-pP for the fixed cost of a
local run at each parallelism, which is subtracted; "STEADY mode events wall_s cpu_s" lines, each mode's
steady state (from a third of its events read to all of them), add a second table. Refused unless every
mode read the EXPECTED events and the parallelisms of one traffic wrote as many stats and alert records as
each other.
"""
import sys

results, expected = sys.argv[1], int(sys.argv[2])
rows, steady, counts = {}, {}, {}
for line in open(results):
    kind, mode, *values = line.split()
    if kind in ("RESULT", "STEADY"):
        (rows if kind == "RESULT" else steady)[mode] = (int(values[0]), float(values[1]), float(values[2]))
    else:
        counts[mode] = tuple(int(v) for v in values)
TRAFFIC = (("even", "8 models, even"), ("hot", "8 models, model-0 has 90%"))

HEADER = ("| traffic | parallelism | events | wall s | CPU s | cores busy | events/s | CPU-s per million events "
          "| speed-up over p=1 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|")
print("Whole runs, minus the fixed cost of a local run at their parallelism:\n")
print(HEADER)
for traffic, label in TRAFFIC:
    if counts[f"{traffic}-p1"] != counts[f"{traffic}-p2"]:
        sys.exit(f"{traffic}: p=1 wrote {counts[traffic + '-p1']} (stats, alerts), p=2 {counts[traffic + '-p2']}")
    base = None
    for p in (1, 2):
        events, wall, cpu = rows[f"{traffic}-p{p}"]
        if events != expected:
            sys.exit(f"{traffic}-p{p} read {events:,} events, not the {expected:,} published")
        _, startup_wall, startup_cpu = rows[f"startup-p{p}"]
        wall -= startup_wall
        cpu -= startup_cpu
        rate = events / wall
        base = base or rate
        print(f"| {label} | {p} | {events:,} | {wall:.1f} | {cpu:.1f} | {cpu / wall:.2f} | {rate:,.0f} "
              f"| {cpu * 1e6 / events:.2f} | {rate / base:.2f}x |")
if all(f"{traffic}-p{p}" in steady for traffic, _ in TRAFFIC for p in (1, 2)):
    print("\nSteady state, from a third of each run's events read to all of them:\n")
    print(HEADER)
    for traffic, label in TRAFFIC:
        base = None
        for p in (1, 2):
            events, wall, cpu = steady[f"{traffic}-p{p}"]
            rate = events / wall
            base = base or rate
            print(f"| {label} | {p} | {events:,} | {wall:.1f} | {cpu:.1f} | {cpu / wall:.2f} | {rate:,.0f} "
                  f"| {cpu * 1e6 / events:.2f} | {rate / base:.2f}x |")
for traffic in ("even", "hot"):
    stats, alerts = counts[f"{traffic}-p1"]
    print(f"\n{traffic}: both parallelisms read {expected:,} events and wrote {stats:,} stats and {alerts:,} alert "
          "records.")
print("\nThe fixed cost of a local run: " + ", ".join(
    f"p={p} {rows[f'startup-p{p}'][1]:.1f} s wall, {rows[f'startup-p{p}'][2]:.1f} CPU-s" for p in (1, 2)) + ".")
