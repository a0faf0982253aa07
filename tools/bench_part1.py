"""Part 1 benchmark: OLS fit time and peak memory, mlfs-core against numpy, scikit-learn and
statsmodels, in one run on this machine with single-threaded BLAS.

    make bench-part1          (or: .venv/bin/python tools/bench_part1.py)

Writes docs/benchmarks/part1-ols.md. Every number in that file comes from this run.

What is timed, for each tool, is "design matrix in, coefficients out", including the column of
ones each tool needs for the intercept:
  numpy        np.linalg.lstsq(np.column_stack([ones, X]), y)           (LAPACK gelsd, SVD based)
  scikit-learn LinearRegression().fit(X, y)                             (centres X, scipy lstsq)
  statsmodels  sm.OLS(y, sm.add_constant(X)).fit()                      (pinv, SVD based)
  mlfs-core    Ols::new().fit(&x, &y)  (streaming Householder QR, release build, own process)
Peak memory is the high-water mark of bytes allocated during one fit, above what was live
before it: tracemalloc for the Python tools (numpy reports its buffers to it), a counting global
allocator for mlfs-core. It is given as a multiple of the size of X.
"""

import statistics
import sys
import time

import benchlib  # first: single-threaded BLAS
from benchlib import ROOT, build_rust, fmt_time, report_head, verdict, time_python, time_rust

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.linear_model import LinearRegression
from threadpoolctl import threadpool_limits

OUT = ROOT / "docs" / "benchmarks" / "part1-ols.md"


def datasets():
    diabetes = pd.read_csv(ROOT / "data" / "diabetes.csv")
    yield "diabetes", diabetes.drop(columns="target").to_numpy(), diabetes["target"].to_numpy()
    for n, p, seed in [(100_000, 50, 1), (1_000_000, 20, 2)]:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, p))
        beta = rng.uniform(-2, 2, p)
        y = 3.0 + x @ beta + rng.standard_normal(n)
        yield f"synthetic {n:,}×{p}", x, y


def fit_numpy(x, y):
    return np.linalg.lstsq(np.column_stack([np.ones(len(x)), x]), y, rcond=None)[0]


def fit_sklearn(x, y):
    m = LinearRegression().fit(x, y)
    return np.concatenate([[m.intercept_], m.coef_])


def fit_statsmodels(x, y):
    return sm.OLS(y, sm.add_constant(x, has_constant="add")).fit().params


PYTHON_TOOLS = {"numpy lstsq": fit_numpy, "scikit-learn": fit_sklearn, "statsmodels": fit_statsmodels}


def repeats_for(x):
    return 200 if x.size < 100_000 else 10 if x.size < 10_000_000 else 5


def main():
    binary = build_rust("bench_ols")
    rows, goals = [], {}
    for name, x, y in datasets():
        repeats = repeats_for(x)
        results = {}
        with threadpool_limits(1):
            for tool, fit in PYTHON_TOOLS.items():
                results[tool] = time_python(fit, x, y, repeats)
        r = time_rust(binary, x, y, repeats)
        results["mlfs-core"] = r["seconds"], r["peak_bytes"], np.asarray(r["theta"])
        reference = results["numpy lstsq"][2]
        ours = statistics.median(results["mlfs-core"][0])
        for tool, (seconds, peak, theta) in results.items():
            med = statistics.median(seconds)
            agree = np.max(np.abs(theta - reference) / np.maximum(np.abs(reference), 1e-300))
            rows.append(
                f"| {name} | {tool} | {fmt_time(med)} | {med / ours:.2f}× | "
                f"{peak / 2**20:.1f} MiB | {peak / x.nbytes:.2f}× | {agree:.1e} | {repeats} |"
            )
            print(rows[-1], flush=True)
            goals[(name, tool)] = (med, peak / x.nbytes)
    write_report(rows, goals)


def write_report(rows, goals):
    ours_small, skl_small = goals[("diabetes", "mlfs-core")][0], goals[("diabetes", "scikit-learn")][0]
    big = "synthetic 1,000,000×20"
    ours_big, np_big = goals[(big, "mlfs-core")][0], goals[(big, "numpy lstsq")][0]
    lines = [
        *report_head('Part 1 benchmark: ordinary least squares', "tools/bench_part1.py", __doc__, skip=3),
        "Time is the median over the repeats; *ratio* is time ÷ mlfs-core's time on the same data "
        "(above 1 means mlfs-core is faster); *agreement* is the largest relative difference of any "
        "coefficient from numpy lstsq's.",
        "",
        "| data | tool | median time | ratio to mlfs-core | peak memory | peak ÷ size of X | agreement | repeats |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "## Goals (issue #3)",
        "",
        f"- At least 10× faster than scikit-learn at 442×10: scikit-learn / mlfs-core = "
        f"{skl_small / ours_small:.1f}× — {verdict(skl_small / ours_small >= 10)}.",
        f"- Faster than numpy lstsq at 1,000,000×20: numpy / mlfs-core = {np_big / ours_big:.2f}× — "
        f"{verdict(np_big > ours_big)}.",
        "- Peak memory at most 1.5× the design matrix, counting X itself (so at most 0.5× X on top "
        "of it):",
        *[
            f"  - {d}: X plus mlfs-core's extra = {1 + m:.2f}× X — {verdict(1 + m <= 1.5)}."
            for (d, t), (_, m) in goals.items()
            if t == "mlfs-core"
        ],
        "  On the small data set the extra memory is a fixed workspace (one block of [1|X|y] rows, "
        "R and the reflectors; its size is in the table) that does not grow with n; on large data it is a "
        "small fraction of X, because X is read block by block and never copied whole.",
        "",
    ]
    benchlib.write_report(OUT, lines)


if __name__ == "__main__":
    sys.exit(main())
