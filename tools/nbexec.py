"""Drive the mlfs Rust kernel: execute a notebook, or single cells. The pieces that the runner
(`run_notebooks.py`), the checker (`nbcheck.py`), their tests, the warm-up (`warm_kernel.py`) and
the latency measurement (`latency.py`) share.

It imports none of them, so the import graph is a tree: run_notebooks -> nbcheck -> nbexec.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel
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


def first_cell(notebook: Path) -> str:
    """The source of the first code cell of `notebook` (the shared `:dep` line)."""
    cells = json.loads(Path(notebook).read_text())["cells"]
    return "".join(next(c for c in cells if c["cell_type"] == "code")["source"])


def start_kernel(cwd: Path, timeout: float = STARTUP_TIMEOUT_S):
    """Start the mlfs kernel in `cwd`; return (manager, client). The kernel's own stderr (cargo's
    `Compiling ...` lines) goes to this process's stderr."""
    return start_new_kernel(kernel_name=KERNEL, startup_timeout=timeout, cwd=str(cwd))


def run_cell(client, code: str, timeout: float = CELL_TIMEOUT_S) -> tuple[float, dict, list]:
    """Execute `code`; return (seconds until the reply, the reply's content, problem outputs:
    stderr text and errors, as strings)."""
    start = time.monotonic()
    msg_id = client.execute(code)
    problems = []
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream" and content["name"] == "stderr":
            problems.append(content["text"])
        elif kind == "error":
            problems.append(f"{content['ename']}: {content['evalue']}")
        elif kind == "status" and content["execution_state"] == "idle":
            break
    reply = client.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:  # e.g. a late kernel_info_reply
        reply = client.get_shell_msg(timeout=timeout)
    return time.monotonic() - start, reply["content"], problems
