"""Warm the mlfs kernel: compile the notebooks' dependencies once, with progress on screen.

    python tools/warm_kernel.py notebooks/*.ipynb

`make setup` (and so `make lab`, `make notebooks`, `make test`) runs this last. It checks that every
notebook opens with the same first cell (the `:dep` line: compiled dependencies are shared only
when the rustc arguments are identical), then starts the kernel in notebooks/ exactly as JupyterLab
does and executes that cell and one small cell. The first time, this compiles mlfs-core's whole
dependency tree (a few minutes; cargo's `Compiling ...` lines scroll by); afterwards it takes
seconds, and the first cell a learner runs in JupyterLab finds everything compiled. A notebook that
switches on an optional feature later (Part 0's `:dep` line with `features = ["polars"]`) has that
cell run too, in the same kernel, so its dependencies are compiled as well.

A warm-up that succeeded leaves a stamp next to the kernel folders (tools/workdir.py): a hash of
everything that decides what the kernel compiles (the checkout's folder, Cargo.lock, mlfs-core's
sources, the `:dep` cells, the kernel configuration, the Rust toolchain). While the stamp matches, the next warm-up is
skipped, so `make notebooks` or `make lab` on an unchanged checkout starts at once; delete the
stamp (or the kernel folders) to force one.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nbexec import first_cell, run_cell, start_kernel  # noqa: E402
from workdir import kernels_home  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# What decides the compiled dependencies and the kernel's configuration (besides the cells).
STAMPED = ["Cargo.lock", "Cargo.toml", "mlfs-core", "tools/workdir.py", "tools/evcxr"]

SMALL_CELL = "let warm = 1;"


def shared_first_cell(paths: list[Path]) -> str:
    """The first cell all notebooks share; exit with a message naming any that differ."""
    cells = {path: first_cell(path) for path in paths}
    expected = cells[paths[0]]
    odd = [str(p) for p, cell in cells.items() if cell != expected]
    if odd:
        raise SystemExit(
            f"these notebooks' first cell differs from {paths[0]}'s {expected!r}: {', '.join(odd)}"
            " (keep it identical: the compiled dependencies are shared only then)"
        )
    return expected


def later_dep_cells(paths: list[Path], first: str) -> list[str]:
    """Every distinct `:dep` cell of the notebooks other than the shared first cell, in order."""
    cells = []
    for path in paths:
        for cell in json.loads(path.read_text())["cells"]:
            code = "".join(cell["source"]).strip()
            if cell["cell_type"] == "code" and code.startswith(":dep") and code != first.strip():
                cells += [] if code in cells else [code]
    return cells


def warm(cells: list[str], folder: Path) -> list[str]:
    """Start a kernel in `folder`, run `cells[0]`, a small cell, then the other cells; return any
    problem outputs."""
    start = time.monotonic()
    manager, client = start_kernel(folder)
    problems = []
    try:
        for code in (cells[0], SMALL_CELL, *cells[1:]):
            seconds, reply, bad = run_cell(client, code)
            first_line = code.splitlines()[0][:60]
            print(f"  {first_line!r}: {seconds:.1f} s ({reply['status']})", flush=True)
            problems += bad if reply["status"] == "ok" else bad + [str(reply)]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    print(f"kernel warm in {time.monotonic() - start:.0f} s", flush=True)
    return problems


def stamp(cells: list[str]) -> str:
    """A hash of the `:dep` cells, the checkout's place (the `:dep` path resolves under it), the
    files in STAMPED and the toolchain's version."""
    digest = hashlib.sha256("\0".join([str(ROOT), *cells]).encode())
    for name in STAMPED:
        top = ROOT / name
        files = sorted(top.rglob("*")) if top.is_dir() else [top]
        for path in (f for f in files if f.is_file() and "target" not in f.parts):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    rustc = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=False)
    digest.update(rustc.stdout.encode())
    return digest.hexdigest()


def stamp_path() -> Path | None:
    """Where the stamp lives (None when the user chose evcxr's folder with EVCXR_TMPDIR)."""
    return None if os.environ.get("EVCXR_TMPDIR") else kernels_home(os.environ) / "warm-stamp"


def main(argv: list[str]) -> int:
    """Check the shared first cell, warm the kernel with it; 1 on any problem output."""
    paths = [Path(a) for a in argv]
    if not paths:
        raise SystemExit(__doc__)
    cell = shared_first_cell(paths)
    cells = [cell, *later_dep_cells(paths, cell)]
    path, expected = stamp_path(), stamp(cells)
    if path and path.exists() and path.read_text() == expected and (path.parent / "0").is_dir():
        print(f"kernel already warm: nothing it compiles has changed since the last warm-up"
              f" (delete {path} to force one)")
        return 0
    print(
        f"warming the mlfs kernel with {cell.strip()!r} (the first time this compiles the"
        " notebooks' dependencies: several minutes, cargo's progress below)",
        flush=True,
    )
    problems = warm(cells, paths[0].resolve().parent)
    for text in problems:
        print(f"  problem: {text.strip()[:400]}", file=sys.stderr, flush=True)
    if path and not problems:
        path.write_text(expected)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
