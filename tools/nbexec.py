"""Drive the mlfs Rust kernel: execute a notebook, or single cells. The pieces that the runner
(`run_notebooks.py`), the checker (`nbcheck.py`), their tests, the warm-up (`warm_kernel.py`) and
the latency measurement (`latency.py`) share.

It imports none of them, so the import graph is a tree: run_notebooks -> nbcheck -> nbexec.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
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


def default_jobs() -> int:
    """How many notebooks run at once: MLFS_JOBS if set, else one more than the cores.

    A kernel spends most of a cell on one core (rustc compiling the cell, then the cell's code)
    and the rest waiting (linking, loading, relaying messages), so one kernel per core leaves
    cores idle. Measured on this project's 2-core machine, the four notebooks took 130 s two at
    a time, 102 s three at a time and 119 s four at a time. Each kernel gets a folder of its own
    (tools/workdir.py); MLFS_JOBS=1 runs the notebooks in turn."""
    return max(1, int(os.environ.get("MLFS_JOBS") or (os.cpu_count() or 1) + 1))


def for_each_notebook(task, paths: list[Path], jobs: int):
    """Yield (path, task(path)) for every notebook as each finishes, `jobs` at a time (in the
    given order when one at a time).

    In parallel the largest file starts first (file size stands in for running time: plots and training
    make both large), so the longest notebook does not start last and leave a core idle at the
    end. `task` must be a module-level function (it runs in a worker process)."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield path, task(path)
        return
    order = sorted(paths, key=lambda path: Path(path).stat().st_size, reverse=True)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(order)), mp_context=context) as pool:
        futures = {pool.submit(task, path): path for path in order}
        for future in as_completed(futures):
            yield futures[future], future.result()


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
