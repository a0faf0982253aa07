"""Execute a notebook with the mlfs Rust kernel: the one piece that the runner
(`run_notebooks.py`), the checker (`nbcheck.py`) and their tests share.

It imports neither of them, so the import graph is a tree: run_notebooks -> nbcheck -> nbexec.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "mlfs-rust"
CELL_TIMEOUT_S = 3600  # the first cell compiles mlfs-core and its dependencies when cold
STARTUP_TIMEOUT_S = 120


def execute(path: Path, write: bool = True):
    """Run every cell of `path` in its own folder; write the result back if `write`; return it.

    The notebook runs in its folder, so `:dep mlfs-core = { path = "../mlfs-core" }` and
    `../data/...` resolve; `record_timing` is off, so a re-run rewrites only what changed."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT_S,
        startup_timeout=STARTUP_TIMEOUT_S,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
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
