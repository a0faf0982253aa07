"""Measure how long the mlfs kernel takes per cell, through a real kernel (jupyter_client).

    python tools/latency.py                    # the notebooks' first cell, then small cells
    python tools/latency.py --dep ':dep ndarray = "=0.17.2"' --label ndarray-only
    python tools/latency.py --runs 3           # three fresh kernels, one row each

Each run starts a fresh kernel in notebooks/ (as JupyterLab and the runner do), executes the
notebooks' first cell (read from notebooks/00-introduction.ipynb, so it is the same line), then a
first small cell and a series of light cells, and prints one table row: kernel start, the :dep cell,
the first cell and the median (min–max) of the light cells, in seconds. A cell's time runs from the
execute request to the kernel's reply, as a user sees it. Any stderr or error output is printed
after the table, since a slow cell that fails is not a measurement.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from nbexec import KERNEL, first_cell, run_cell, start_kernel  # noqa: E402

FIRST_CELL = "let a = 1;"
LIGHT_CELLS = [
    "let b = a + 1;",
    "b * 2",
    'println!("{}", a + b);',
    "let v = vec![1.0_f64, 2.0, 3.0];",
    "v.iter().sum::<f64>()",
    "fn square(x: f64) -> f64 { x * x }",
    "square(3.0)",
    "let w: Vec<f64> = v.iter().map(|x| square(*x)).collect();",
    'println!("{w:?}");',
    "a + b",
]


def one_run(dep: str, timeout: float) -> tuple[dict, list[str]]:
    """Start a kernel in notebooks/, time the :dep cell, the first cell and the light cells."""
    start = time.monotonic()
    manager, client = start_kernel(ROOT / "notebooks", timeout)
    row = {"start": time.monotonic() - start}
    problems: list[str] = []
    try:
        for name, code in (("dep", dep), ("first", FIRST_CELL)):
            row[name], _, bad = run_cell(client, code, timeout)
            problems += bad
        light = []
        for code in LIGHT_CELLS:
            seconds, _, bad = run_cell(client, code, timeout)
            light.append(seconds)
            problems += bad
        row["light"] = light
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return row, problems


def format_row(label: str, row: dict) -> str:
    """One markdown table row: label, start, :dep, first, light median (min–max)."""
    light = row["light"]
    return (
        f"| {label} | {row['start']:.2f} | {row['dep']:.2f} | {row['first']:.2f} | "
        f"{statistics.median(light):.2f} ({min(light):.2f}–{max(light):.2f}) |"
    )


def main(argv: list[str]) -> int:
    """Parse the options, run the kernels, print the table; 1 if any cell wrote stderr/errors."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dep", help="the :dep cell (default: the notebooks' first cell)")
    parser.add_argument("--label", default="mlfs-core", help="the row's label")
    parser.add_argument("--runs", type=int, default=1, help="fresh kernels to time")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per cell")
    args = parser.parse_args(argv)
    dep = args.dep or first_cell(ROOT / "notebooks" / "00-introduction.ipynb")
    print(f"kernel {KERNEL}, :dep cell {dep!r}, {len(LIGHT_CELLS)} light cells", flush=True)
    print(
        "| kernel | start (s) | :dep cell (s) | first cell (s) "
        "| light cells, median (min–max) (s) |"
    )
    print("|---|---:|---:|---:|---:|", flush=True)
    failed = False
    for _ in range(args.runs):
        row, problems = one_run(dep, args.timeout)
        print(format_row(args.label, row), flush=True)
        for text in problems:
            print(f"  problem output: {text.strip()[:400]}", flush=True)
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
