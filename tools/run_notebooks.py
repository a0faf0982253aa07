"""Execute notebooks headless with the mlfs Rust kernel, in place, with fresh outputs.

    python tools/run_notebooks.py notebooks/*.ipynb

Each notebook runs in its own folder (so `:dep mlfs-core = { path = "../mlfs-core" }` and
`../data/...` resolve), with `record_timing` off so that re-running does not rewrite every cell's
metadata. Progress goes to stdout; afterwards the checker's static checks run on the result and
the exit status is 1 if any notebook has a problem.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "mlfs-rust"
CELL_TIMEOUT_S = 3600  # the first cell compiles mlfs-core and its dependencies when cold


def execute(path: Path, write: bool = True):
    """Run every cell of `path`; write the executed notebook back if `write`; return it."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT_S,
        startup_timeout=120,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(path.resolve().parent)}},
    )
    client.execute()
    coalesce_streams(nb)
    if write:
        nbformat.write(nb, path)
    return nb


def coalesce_streams(nb) -> None:
    """Merge consecutive stdout (or stderr) outputs of a cell into one, as Jupyter displays them.

    evcxr sends every printed line as its own message; merged, the notebook file stays small and
    its diffs readable."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            prev = merged[-1] if merged else None
            if (
                out.get("output_type") == "stream"
                and prev is not None
                and prev.get("output_type") == "stream"
                and prev.get("name") == out.get("name")
            ):
                prev["text"] = "".join(prev["text"]) + "".join(out["text"])
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged


def main(paths: list[str]) -> int:
    from nbcheck import static_problems

    failed = 0
    for name in paths:
        path = Path(name)
        start = time.monotonic()
        print(f"running {path} ...", flush=True)
        nb = execute(path)
        problems = static_problems(nb)
        print(f"  {path}: {time.monotonic() - start:.0f} s, {len(problems)} problem(s)", flush=True)
        for p in problems:
            print(f"  - {p}", flush=True)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
