"""Measure how long the mlfs kernel takes per cell, as a learner meets it in JupyterLab.

    python tools/latency.py                       # light cells, then every notebook, replayed
    python tools/latency.py notebooks/03-backpropagation.ipynb --cells
    python tools/latency.py --light-only --runs 3
    python tools/latency.py --light-only --dep ':dep ndarray = "=0.17.2"' --label ndarray-only

Everything runs through a real kernel (jupyter_client), started fresh in notebooks/ as JupyterLab
starts one when a notebook is opened. A cell's time runs from the execute request to the kernel's
reply, as the learner sees it. The output is markdown, ready to paste into
docs/kernel-performance.md: a line with the date and the machine's load average (before and
after), then two tables.

* **Light cells** (one row per fresh kernel): kernel start, the notebooks' shared first cell (the
  `:dep` line), `let a = 1;`, and the median (min–max) of ten light cells that touch no ndarray or
  mlfs-core type. The row that tells a slow day from a slow kernel.
* **The notebooks** (one row per notebook): each notebook's own code cells replayed in order in a
  fresh kernel — kernel start, the `:dep` cell, the next three cells, the first cell that uses the
  library (the first one that is more than `use` lines), the median and maximum of the cells after
  those three, and the whole notebook (kernel start included). Two kinds of cell are reported apart,
  being slow by nature: a cell whose first line starts with `// long computation` (a training
  sweep), and the cells from a later `:dep` line that switches on `polars` onwards (Part 0's
  table: polars' large type graph is then part of every cell).

Below the tables each notebook gets a line saying whether it meets the kernel's goals (see
`GOALS`); `--cells` also lists every cell's time. Stderr or error output from any cell is printed
at the end, since a slow cell that fails is not a measurement; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import nbformat

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
LONG_MARK = "// long computation"  # first line of a cell that is slow by design (a sweep)
EARLY = 3  # the cells right after `:dep` that the learner runs first
GOALS = {"early": 2.5, "median": 1.0, "max": 3.0}  # seconds, see `verdict`
USE_ONLY = re.compile(r"\s*((pub\s+)?use\s[^;]*;\s*)+")


@dataclass
class Cell:
    """One code cell as replayed: its number as the notebook shows it ([n]), code, time, kind."""

    number: int
    code: str
    seconds: float = 0.0
    kind: str = "cell"  # dep, use, long, polars, cell
    cpu: tuple[float, float, float] = (0.0, 0.0, 0.0)  # see `KernelCpu.sample`


@dataclass
class Replay:
    """One notebook replayed in a fresh kernel."""

    name: str
    start: float
    cells: list[Cell]
    whole: float = 0.0
    problems: list[str] = field(default_factory=list)


class KernelCpu:
    """CPU seconds spent by the kernel's processes, to tell where a cell's time goes.

    The kernel is the relay (tools/evcxr_kernel.py), its child evcxr_jupyter, and evcxr's child
    that loads and runs each cell's compiled library. evcxr itself does the type inference (its
    in-process rust-analyzer) and the bookkeeping; cargo, rustc and the linker are its short-lived
    children, counted once they have exited."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, manager):
        relay = manager.provisioner.process.pid
        self.evcxr = next(iter(children(relay)), None)

    def sample(self) -> tuple[float, float, float]:
        """(evcxr's own CPU, its exited children's CPU: cargo/rustc/linker, the cell runner's)."""
        if self.evcxr is None:
            return (0.0, 0.0, 0.0)
        own, waited = ticks(self.evcxr)
        runner = sum(ticks(pid)[0] for pid in children(self.evcxr))
        return own / self.TICK, waited / self.TICK, runner / self.TICK


def children(pid: int) -> list[int]:
    """The child processes of `pid` ([] once it has gone)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        lists = [Path(f"/proc/{pid}/task/{t}/children").read_text() for t in tasks]
        return [int(c) for text in lists for c in text.split()]
    except OSError:
        return []


def ticks(pid: int) -> tuple[int, int]:
    """(CPU ticks of `pid` itself, of its exited and waited-for children); zeros once gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0, 0
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    return utime + stime, cutime + cstime


def strip_comments(code: str) -> str:
    """`code` without `//` line comments (a rough cut: enough to classify a cell)."""
    return "\n".join(line.split("//", 1)[0] for line in code.splitlines())


def classify(codes: list[str]) -> list[Cell]:
    """The code cells of a notebook, numbered from 1, each with its kind."""
    cells, polars = [], False
    for number, code in enumerate(codes, start=1):
        stripped = code.strip()
        if number == 1:
            kind = "dep"
        elif stripped.startswith(":dep") and "polars" in stripped:
            kind, polars = "polars", True
        elif polars:
            kind = "polars"
        elif stripped.startswith(LONG_MARK):
            kind = "long"
        elif USE_ONLY.fullmatch(strip_comments(stripped)):
            kind = "use"
        else:
            kind = "cell"
        cells.append(Cell(number, code, kind=kind))
    return cells


def replay(path: Path, timeout: float) -> Replay:
    """Start a kernel in the notebook's folder and run its code cells in order, timing each."""
    nb = nbformat.read(path, as_version=4)
    cells = classify(["".join(c.source) for c in nb.cells if c.cell_type == "code"])
    began = time.monotonic()
    manager, client = start_kernel(path.resolve().parent, timeout)
    result = Replay(path.stem, time.monotonic() - began, cells)
    cpu = KernelCpu(manager)
    try:
        for cell in cells:
            before = cpu.sample()
            cell.seconds, reply, bad = run_cell(client, cell.code, timeout)
            cell.cpu = tuple(b - a for a, b in zip(before, cpu.sample()))
            if reply.get("status") != "ok":
                bad = bad + [f"reply {reply.get('status')}: {reply.get('evalue', '')}"]
            result.problems += [f"[{cell.number}] {text.strip()[:400]}" for text in bad]
    finally:
        result.whole = time.monotonic() - began
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return result


def early(result: Replay) -> list[Cell]:
    """The EARLY cells after the `:dep` cell (fewer if the notebook is shorter)."""
    return result.cells[1 : 1 + EARLY]


def others(result: Replay) -> list[Cell]:
    """The cells after the early ones, without long computations and polars cells."""
    return [c for c in result.cells[1 + EARLY :] if c.kind in ("cell", "use")]


def first_library_cell(result: Replay) -> Cell | None:
    """The first cell after `:dep` that is more than `use` lines."""
    return next((c for c in result.cells[1:] if c.kind != "use"), None)


def listed(cells: list[Cell]) -> str:
    """`[n] s, [m] s` for a few cells; a dash for none."""
    return ", ".join(f"[{c.number}] {c.seconds:.1f}" for c in cells) or "—"


def notebook_row(result: Replay) -> str:
    """One markdown row of the notebooks' table."""
    dep = result.cells[0]
    lib = first_library_cell(result)
    rest = others(result)
    slowest = max(rest, key=lambda c: c.seconds, default=None)
    median = f"{statistics.median(c.seconds for c in rest):.2f}" if rest else "—"
    polars = [c for c in result.cells if c.kind == "polars"]
    return (
        f"| {result.name[:2]} | {result.start:.1f} | {dep.seconds:.1f} | "
        f"{' / '.join(f'{c.seconds:.2f}' for c in early(result))} | "
        f"{f'[{lib.number}] {lib.seconds:.2f}' if lib else '—'} | {median} | "
        f"{f'[{slowest.number}] {slowest.seconds:.2f}' if slowest else '—'} | "
        f"{listed([c for c in result.cells if c.kind == 'long'])} | {listed(polars)} | "
        f"{result.whole:.0f} |"
    )


NOTEBOOK_HEADER = (
    "| notebook | kernel start | `:dep` cell | next three cells | first library cell "
    "| later cells: median | later cells: max | long computation | polars cells "
    "| whole notebook |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def verdict(result: Replay) -> str:
    """Whether the notebook meets the goals: each of the EARLY cells after `:dep` within
    GOALS["early"], the median later cell within GOALS["median"], no cell but `:dep`, polars cells
    and long computations over GOALS["max"]."""
    first = max((c.seconds for c in early(result)), default=0.0)
    rest = others(result)
    median = statistics.median(c.seconds for c in rest) if rest else 0.0
    over = [c for c in result.cells[1:] if c.kind in ("cell", "use") and c.seconds > GOALS["max"]]
    marks = [
        f"next three ≤ {GOALS['early']} s: {'yes' if first <= GOALS['early'] else 'NO'} "
        f"({first:.2f})",
        f"median ≤ {GOALS['median']} s: {'yes' if median <= GOALS['median'] else 'NO'} "
        f"({median:.2f})",
        f"no other cell > {GOALS['max']} s: {'yes' if not over else 'NO ' + listed(over)}",
    ]
    return f"- {result.name}: " + "; ".join(marks)


def cell_lines(result: Replay) -> list[str]:
    """Every cell's time, kind and first line (for `--cells`)."""
    lines = [
        f"{result.name}: kernel start {result.start:.2f} s; per cell: wall time, then CPU seconds"
        " of evcxr (type inference), of cargo/rustc/linker, of the cell runner",
    ]
    for c in result.cells:
        head = c.code.strip().splitlines()[0][:60] if c.code.strip() else ""
        evcxr, build, run = c.cpu
        lines.append(
            f"  [{c.number:>2}] {c.seconds:6.2f} s | {evcxr:5.2f} {build:5.2f} {run:5.2f} | "
            f"{c.kind:<6} {head}"
        )
    return lines


def light_run(dep: str, timeout: float) -> tuple[dict, list[str]]:
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


LIGHT_HEADER = (
    "| kernel | start | `:dep` cell | first cell | light cells, median (min–max) |\n"
    "|---|---:|---:|---:|---:|"
)


def light_row(label: str, row: dict) -> str:
    """One markdown row: label, start, :dep, first, light median (min–max)."""
    light = row["light"]
    return (
        f"| {label} | {row['start']:.2f} | {row['dep']:.2f} | {row['first']:.2f} | "
        f"{statistics.median(light):.2f} ({min(light):.2f}–{max(light):.2f}) |"
    )


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` prints them."""
    try:
        return ", ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        out = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
        return out.rsplit("load average:", 1)[-1].strip()


def machine_line() -> str:
    """Date, cores and load average, for the head of the tables."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"Measured {now} on {os.cpu_count()} cores; load average (1, 5, 15 min) {load_average()}"


def main(argv: list[str]) -> int:
    """Parse the options, run the kernels, print the tables; 1 if any cell wrote stderr/errors."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--light-only", action="store_true", help="only the light-cell row(s)")
    parser.add_argument("--no-light", action="store_true", help="only the notebooks")
    parser.add_argument("--dep", help="the light row's :dep cell (default: the notebooks' first)")
    parser.add_argument("--label", default="`:dep mlfs-core`", help="the light row's label")
    parser.add_argument("--runs", type=int, default=1, help="fresh kernels per row")
    parser.add_argument("--cells", action="store_true", help="also list every cell's time")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    dep = args.dep or first_cell(paths[0])
    print(f"{machine_line()}, before the run (kernel `{KERNEL}`, seconds).\n", flush=True)
    problems: list[str] = []
    if not args.no_light:
        print(LIGHT_HEADER, flush=True)
        for _ in range(args.runs):
            row, bad = light_run(dep, args.timeout)
            print(light_row(args.label, row), flush=True)
            problems += [f"light cells: {text.strip()[:400]}" for text in bad]
        print()
    results = []
    if not args.light_only:
        print(NOTEBOOK_HEADER, flush=True)
        for path in paths:
            for _ in range(args.runs):
                result = replay(path, args.timeout)
                results.append(result)
                print(notebook_row(result), flush=True)
                problems += [f"{result.name} {text}" for text in result.problems]
        print()
        print("Goals (cells after `:dep`; long computations and polars cells apart):")
        for result in results:
            print(verdict(result))
        print()
    print(f"{machine_line()}, after the run.", flush=True)
    if args.cells:
        for result in results:
            print("\n".join(["", *cell_lines(result)]))
    for text in problems:
        print(f"problem output: {text}", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
