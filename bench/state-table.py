"""Prints the state benchmark's table from its RESULT, STEADY, CHECKPOINTS and COUNTS lines.

Usage: state-table.py RESULTS EXPECTED
Refused unless each backend's run read the EXPECTED events and wrote as many stats records as the first.
"""
import sys

results, expected = sys.argv[1], int(sys.argv[2])
rows = {}
for line in open(results):
    kind, mode, *values = line.split()
    rows.setdefault(mode, {})[kind] = [float(v) for v in values]

print("| state backend | events | events/s, whole run | events/s, steady state | checkpoints | duration median / max ms "
      "| size median / max MiB | stats records |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
first_stats = None
for mode, r in rows.items():
    events, wall, _ = r["RESULT"]
    if events != expected:
        sys.exit(f"{mode} read {events:,.0f} events, not the {expected:,} published")
    first_stats = r["COUNTS"][0] if first_stats is None else first_stats
    if r["COUNTS"][0] != first_stats:
        sys.exit(f"{mode} wrote {r['COUNTS'][0]:,.0f} stats records, the first backend {first_stats:,.0f}")
    steady_events, steady_wall, _ = r["STEADY"]
    count, duration_median, duration_max, size_median, size_max, _ = r["CHECKPOINTS"]
    print(f"| {mode} | {events:,.0f} | {events / wall:,.0f} | {steady_events / steady_wall:,.0f} | {count:.0f} "
          f"| {duration_median:,.0f} / {duration_max:,.0f} | {size_median / 2**20:,.1f} / {size_max / 2**20:,.1f} "
          f"| {r['COUNTS'][0]:,.0f} |")
