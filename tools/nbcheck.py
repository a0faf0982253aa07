"""The notebook checker: a notebook passes only if every cell ran cleanly and its committed
outputs are what a fresh run produces.

The Rust kernel (evcxr) lets broken cells look fine: an `Err` that a `?` surfaces prints its
message on stderr and the cell still "succeeds", and plotters' usual output is SVG-in-HTML that
GitHub strips. So the checker reads the outputs themselves. A notebook fails when:

* an output is an error (a panic under `:preserve_vars_on_panic 0`, a compile error, ...);
* anything is written to stderr (a panic message, or an `Err` surfaced by `?`);
* a code cell was never executed;
* a plot cell has no `image/png` output, or any output is an SVG / HTML-wrapped SVG;
* (with --fresh) a committed output differs from a fresh run. Only timings that the notebook
  marks explicitly — `⏱ <number> <unit>`, as printed by `mlfs_core::timing::Elapsed` — are masked.

A *plot cell* is a code cell whose source calls `.render()`, `plot::` or `Figure`, or that carries
the cell tag `plot`; the tag `not-a-plot` exempts a cell.

Usage:
    python tools/nbcheck.py notebooks/*.ipynb            # static checks on committed outputs
    python tools/nbcheck.py --fresh notebooks/*.ipynb    # ... and compare with a fresh run
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nbexec import default_jobs, execute, for_each_notebook  # noqa: E402

TIMING = re.compile(r"⏱ *[0-9]+(?:\.[0-9]+)? *(?:ns|µs|us|ms|s)\b *")
PLOT_SOURCE = re.compile(r"\.render\(\)|\bplot::|\bFigure\b|\bdecision_boundary\(|\bimage_grid\(")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def is_plot_cell(cell) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    if "not-a-plot" in tags:
        return False
    return "plot" in tags or bool(PLOT_SOURCE.search(cell.source))


def static_problems(nb) -> list[str]:
    """Problems visible in the outputs alone, as human-readable lines."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        where = f"cell {index} ({cell.source.strip().splitlines()[0][:60]!r})"
        if cell.get("execution_count") is None:
            problems.append(f"{where}: never executed")
        has_png = False
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                problems.append(f"{where}: error output {out.get('ename')}: {out.get('evalue')}")
            elif kind == "stream" and out.get("name") == "stderr":
                text = _text(out.get("text", "")).strip()
                what = "a panic" if "panicked" in text else "stderr output (an Err surfaced by `?`?)"
                problems.append(f"{where}: {what}: {text[:300]!r}")
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                if "image/png" in data:
                    has_png = True
                if "image/svg+xml" in data or "<svg" in _text(data.get("text/html", "")):
                    problems.append(f"{where}: an SVG plot (GitHub does not render it; emit image/png)")
        if is_plot_cell(cell) and not has_png:
            problems.append(f"{where}: a plot cell without an image/png output")
    return problems


def normalised_outputs(cell) -> list:
    """The outputs of a code cell, with metadata dropped and marked timings masked."""
    result = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            item = ("stream", out.get("name"), TIMING.sub("⏱<t> ", _text(out.get("text", ""))))
        elif kind in ("display_data", "execute_result"):
            data = {
                mime: TIMING.sub("⏱<t> ", _text(value)) if mime.startswith("text/") else _text(value)
                for mime, value in out.get("data", {}).items()
            }
            item = ("display", sorted(data.items()))
        elif kind == "error":
            item = ("error", out.get("ename"), out.get("evalue"))
        else:
            item = (kind,)
        result.append(item)
    return result


def stale_problems(committed, fresh) -> list[str]:
    """Cells whose committed outputs differ from the fresh run's."""
    code = lambda nb: [c for c in nb.cells if c.cell_type == "code"]  # noqa: E731
    old, new = code(committed), code(fresh)
    if len(old) != len(new):
        return [f"{len(old)} code cells committed, {len(new)} in the fresh run"]
    problems = []
    for index, (a, b) in enumerate(zip(old, new)):
        if normalised_outputs(a) != normalised_outputs(b):
            first = a.source.strip().splitlines()[0][:60] if a.source.strip() else ""
            problems.append(
                f"code cell {index} ({first!r}): committed output differs from a fresh run "
                "(re-run the notebooks with `make notebooks` and commit them)"
            )
    return problems


def check(path: Path, fresh: bool) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    problems = static_problems(nb)
    if fresh:
        rerun = execute(path, write=False)
        problems += [f"fresh run: {p}" for p in static_problems(rerun)]
        problems += stale_problems(nb, rerun)
    return problems


def check_static(path: Path) -> list[str]:
    return check(path, fresh=False)


def check_fresh(path: Path) -> list[str]:
    return check(path, fresh=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--fresh", action="store_true", help="also re-run and compare outputs")
    args = parser.parse_args(argv)
    # Fresh runs go several at a time (nbexec.default_jobs; MLFS_JOBS overrides), largest first.
    task, jobs = (check_fresh, default_jobs()) if args.fresh else (check_static, 1)
    failed = 0
    for path, problems in for_each_notebook(task, args.notebooks, jobs):
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{path}: {status}", flush=True)
        for p in problems:
            print(f"  - {p}", flush=True)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
