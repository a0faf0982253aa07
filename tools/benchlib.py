"""Shared pieces of the benchmark scripts (tools/bench_part*.py): single-threaded BLAS, timing of
Python fits with tracemalloc, building and running the Rust side, and a description of the machine.

Import this module before numpy: it pins every BLAS to one thread through the environment.
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[var] = "1"  # before numpy is imported: single-threaded BLAS everywhere

import json
import platform
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import sklearn
import statsmodels
from threadpoolctl import threadpool_info

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR_BENCH", Path.home() / ".cache/mlfs/target-bench"))
RUSTFLAGS = "-C target-cpu=native"


def time_python(fit, x, y, repeats):
    fit(x, y)  # warm-up: imports, page faults
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    theta = fit(x, y)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    seconds = []
    for _ in range(repeats):
        t = time.perf_counter()
        fit(x, y)
        seconds.append(time.perf_counter() - t)
    return seconds, peak, np.asarray(theta)


def build_rust(example):
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGET), RUSTFLAGS=RUSTFLAGS)
    cmd = ["cargo", "build", "--quiet", "--release", "-p", "mlfs-core", "--example", example]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    return TARGET / "release" / "examples" / example


def time_rust(binary, x, y, repeats, *extra):
    with tempfile.TemporaryDirectory() as tmp:
        xp, yp = Path(tmp) / "X.f64", Path(tmp) / "y.f64"
        np.ascontiguousarray(x, dtype="<f8").tofile(xp)
        np.ascontiguousarray(y, dtype="<f8").tofile(yp)
        n, p = x.shape
        out = subprocess.run(
            [binary, xp, yp, str(n), str(p), str(repeats), *map(str, extra)], check=True, capture_output=True, text=True
        ).stdout
    return json.loads(out)


def fmt_time(s):
    return f"{s * 1e3:.3g} ms" if s < 1 else f"{s:.3g} s"


def machine():
    cpu = next(
        (l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
        platform.processor(),
    )
    mem = next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    blas = ", ".join(f"{i['internal_api']} {i['version']}" for i in threadpool_info() if i["user_api"] == "blas")
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return [
        f"CPU: {cpu}, {os.cpu_count()} cores visible; RAM {int(mem) / 2**20:.0f} GiB; {platform.platform()}",
        f"Python {platform.python_version()}, numpy {np.__version__} (BLAS: {blas}, 1 thread), "
        f"scikit-learn {sklearn.__version__}, statsmodels {statsmodels.__version__}",
        f"{rustc}, mlfs-core release build with `RUSTFLAGS=\"{RUSTFLAGS}\"`",
    ]
