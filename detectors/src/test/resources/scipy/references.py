#!/usr/bin/env python3
"""Reference values for KolmogorovSmirnovTest and ChiSquareTest, from scipy rather than from commons-math3,
which the code under test calls. Run once when a reference is added, and paste the printed values:
    python3 detectors/src/test/resources/scipy/references.py
The samples are integer arithmetic divided once, so Java computes the very same doubles."""
import math

import numpy as np
import scipy
from scipy.special import kolmogorov
from scipy.stats import chi2_contingency, ks_2samp


def ks(name, x, y):
    r = ks_2samp(x, y, method="exact")
    print(f"KS {name}: n={len(x)} m={len(y)} D={float(r.statistic)!r} p={float(r.pvalue)!r}  (ks_2samp method='exact')")


def ks_asymptotic(d, n, m):
    p = kolmogorov(d * math.sqrt(n * m / (n + m)))
    print(f"KS asymptotic D={d} n={n} m={m}: p={float(p)!r}  (scipy.special.kolmogorov(D*sqrt(nm/(n+m))))")


def chi2(name, baseline, current):
    r = chi2_contingency(np.array([baseline, current]), correction=False)
    print(f"chi-square {name}: {baseline} vs {current}: statistic={float(r.statistic)!r} p={float(r.pvalue)!r}"
          "  (chi2_contingency, correction=False)")


print(f"scipy {scipy.__version__}, numpy {np.__version__}")
# Continuous, n*m = 9 900 < 10 000: the exact P(D >= d).
ks("continuous", [(i * 37) % 101 / 101 for i in range(99)], [(j * 53) % 103 / 103 + 0.15 for j in range(100)])
# Tied: 40 values of 0..4 against 45 of 0..5.
ks("tied", [float(i * 7 % 5) for i in range(40)], [float(j * 3 % 6) for j in range(45)])
# n*m >= 10 000: the limiting distribution at the true sizes.
for d, n, m in [(0.012, 50_000, 20_000), (0.02, 50_000, 20_000), (0.2, 100, 120)]:
    ks_asymptotic(d, n, m)
chi2("with a category each side lacks", [50, 30, 20, 0], [40, 45, 0, 15])
chi2("named and other", [60, 40], [30, 70])
chi2("unequal sizes", [120, 60, 20], [40, 45, 15])
