#!/usr/bin/env python3
"""Decision agreement: reads AgreementBench's binary records from stdin, runs scipy on the same raw
data (ks_2samp, method='exact'; chi2_contingency) and prints markdown tables. Usage:
bench/run-agreement.sh (which pipes the Java program into this script)."""
import os
import struct
import sys
import time
from collections import defaultdict

import numpy as np
import scipy
from scipy.stats import chi2_contingency, ks_2samp

ALPHA = 0.01
HEADER = struct.Struct(">iidiiiddddd" + "i")
KS_SHAPES = ["normal", "lognormal σ=2", "bimodal", "uniform", "20 levels (tied)"]
CHI_SHAPES = ["10 categories", "300 categories (Zipf 1.1, > K=100)"]
SIZES = [50, 1000, 10000, 100000]


def read_exactly(stream, size):
    data = stream.read(size)
    if data is None or len(data) < size:
        return None if not data else data
    return data


def main():
    stream = sys.stdin.buffer
    started = time.time()
    # cells[(kind, n, shape, effect)] = [cases, scipy rejects, cm3 rejects, sketch rejects,
    #                                    sketch==cm3, sketch==scipy, cm3==scipy]
    cells = defaultdict(lambda: [0] * 7)
    disagreements = []
    tie_d_mismatch = 0
    sketch_d_err = defaultdict(float)
    d_bias = defaultdict(list)
    while True:
        head = read_exactly(stream, HEADER.size)
        if not head:
            break
        (kind, shape, effect, n, m, rep, s_stat, s_p, cm_stat, cm_p, exact_d, k) = HEADER.unpack(head)
        if kind == 0:
            raw = np.frombuffer(read_exactly(stream, 8 * (n + m)), dtype=">f8").astype(np.float64)
            a, b = raw[:n], raw[n:]
            res = ks_2samp(a, b, method="exact")
            sp_stat, sp_p = float(res.statistic), float(res.pvalue)
            if abs(cm_stat - exact_d) > 1e-12:
                tie_d_mismatch += 1
            sketch_d_err[(n, shape)] = max(sketch_d_err[(n, shape)], abs(s_stat - sp_stat))
            d_bias[n].append(s_stat - sp_stat)
        else:
            counts = np.frombuffer(read_exactly(stream, 8 * 2 * k), dtype=">i8").astype(np.int64)
            table = counts.reshape(2, k)
            sp_stat = cm_stat
            sp_p = 1.0 if k < 2 else float(chi2_contingency(table, correction=False).pvalue)
        s_rej, cm_rej, sp_rej = s_p < ALPHA, cm_p < ALPHA, sp_p < ALPHA
        c = cells[(kind, n, shape, effect)]
        c[0] += 1
        c[1] += sp_rej
        c[2] += cm_rej
        c[3] += s_rej
        c[4] += s_rej == cm_rej
        c[5] += s_rej == sp_rej
        c[6] += cm_rej == sp_rej
        if not (s_rej == cm_rej == sp_rej):
            disagreements.append((kind, n, shape, effect, rep, s_stat, sp_stat, s_p, cm_p, sp_p))
    elapsed = time.time() - started

    print(f"Decision agreement at α = {ALPHA} (scipy {scipy.__version__}, numpy {np.__version__}).\n")
    for kind, title, shapes, unit in ((0, "Kolmogorov-Smirnov", KS_SHAPES, "σ"),
                                      (1, "Chi-square", CHI_SHAPES, " pts")):
        print(f"### {title}\n")
        print("Each cell: exact test rejects (scipy) / sketch rejects / sketch agrees with commons-math3 on the raw "
              "data / sketch agrees with scipy, in % of the repetitions.\n")
        print("| n | reps | effect | " + " | ".join(shapes) + " |")
        print("|---:|---:|---:|" + "---:|" * len(shapes))
        for n in SIZES:
            effects = sorted({key[3] for key in cells if key[0] == kind and key[1] == n})
            for effect in effects:
                row = []
                reps = 0
                for shape in range(len(shapes)):
                    c = cells.get((kind, n, shape, effect))
                    if not c:
                        row.append("")
                        continue
                    reps = c[0]
                    row.append(f"{100 * c[1] / c[0]:.1f} / {100 * c[3] / c[0]:.1f} / {fmt(c[4], c[0])} / {fmt(c[5], c[0])}")
                print(f"| {n:,} | {reps} | {effect:g}{unit} | " + " | ".join(row) + " |")
        print()
    print("### Overall\n")
    print("| test | cases | sketch = commons-math3 | sketch = scipy | commons-math3 = scipy |")
    print("|---|---:|---:|---:|---:|")
    groups = [("KS", lambda key: key[0] == 0), ("chi-square, 10 categories", lambda key: key[0] == 1 and key[2] == 0),
              ("**KS and chi-square within the sketches' design (≤ K categories)**",
               lambda key: key[0] == 0 or key[2] == 0),
              ("chi-square, 300 categories (> K = 100)", lambda key: key[0] == 1 and key[2] == 1)]
    for name, pred in groups:
        tot = [sum(c[i] for key, c in cells.items() if pred(key)) for i in range(7)]
        if tot[0]:
            print(f"| {name} | {tot[0]:,} | {pct(tot[4], tot[0])} | {pct(tot[5], tot[0])} | {pct(tot[6], tot[0])} |")
    print()
    print("Largest |D_sketch − D_exact| per n over all distributions: " + ", ".join(
        f"n={n:,}: {max(v for (nn, _), v in sketch_d_err.items() if nn == n):.4f}" for n in SIZES
        if any(nn == n for (nn, _) in sketch_d_err)) + ".")
    print(f"commons-math3's D differs from the exact D (ties counted exactly) in {tie_d_mismatch} KS cases.\n")
    print("Mean D_sketch − D_exact per n (negative: the sketch underestimates D): " + ", ".join(
        f"n={n:,}: {np.mean(d_bias[n]):+.5f}" for n in SIZES if d_bias[n]) + ".\n")
    print(f"### Disagreements ({len(disagreements)} cases)\n")
    print("Grouped by where they fall. 'sketch misses': the exact tests reject and the sketch does not; "
          "'sketch only': the opposite; 'oracles split': commons-math3 and scipy disagree with each other. "
          "p-value ranges over the group's cases. The full list: AGREEMENT_LIST=1 bench/run-agreement.sh.\n")
    print("| test | n | shape | effect | cases | sketch misses | sketch only | oracles split | "
          "stat sketch − exact | sketch p | commons-math3 p | scipy p |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    groups = defaultdict(list)
    for d in disagreements:
        groups[d[:4]].append(d)
    for key in sorted(groups):
        g = groups[key]
        kind, n, shape, effect = key
        name = ("KS", KS_SHAPES[shape], "σ") if kind == 0 else ("chi-square", CHI_SHAPES[shape], " pts")
        misses = sum(1 for d in g if d[7] >= ALPHA and d[8] < ALPHA and d[9] < ALPHA)
        only = sum(1 for d in g if d[7] < ALPHA and d[8] >= ALPHA and d[9] >= ALPHA)
        split = sum(1 for d in g if (d[8] < ALPHA) != (d[9] < ALPHA))
        diffs = [d[5] - d[6] for d in g]
        print(f"| {name[0]} | {n:,} | {name[1]} | {effect:g}{name[2]} | {len(g)} | {misses} | {only} | {split} | "
              f"{rng(diffs, '+.4f')} | {rng([d[7] for d in g])} | {rng([d[8] for d in g])} | {rng([d[9] for d in g])} |")
    if os.environ.get("AGREEMENT_LIST") == "1":
        print("\n| test | n | shape | effect | rep | sketch stat | exact stat | sketch p | commons-math3 p | scipy p |")
        print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for (kind, n, shape, effect, rep, s_stat, sp_stat, s_p, cm_p, sp_p) in sorted(disagreements):
            name = ("KS", KS_SHAPES[shape]) if kind == 0 else ("chi-square", CHI_SHAPES[shape])
            unit = "σ" if kind == 0 else " pts"
            print(f"| {name[0]} | {n:,} | {name[1]} | {effect:g}{unit} | {rep} | {s_stat:.4f} | {sp_stat:.4f} | "
                  f"{s_p:.4g} | {cm_p:.4g} | {sp_p:.4g} |")
    print(f"\n(scipy side: {elapsed:.0f} s wall, in parallel with the Java side.)", file=sys.stderr)


def rng(values, spec=".3g"):
    lo, hi = min(values), max(values)
    return f"{lo:{spec}}" if lo == hi else f"{lo:{spec}} … {hi:{spec}}"


def fmt(x, total):
    return f"{100 * x / total:.1f}"


def pct(x, total):
    return f"{100 * x / total:.2f} %"


if __name__ == "__main__":
    main()
