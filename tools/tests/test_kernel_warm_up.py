"""The relay's warm-up after a `:dep mlfs-core` cell (tools/evcxr_kernel.py) is invisible to the
front end: the cell's reply comes after it, nothing of it is published, cells keep their numbers
from [1], and the type inference it does ahead of time is not repeated in the next cell."""

import sys
import time
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOOLS))

from latency import KernelCpu  # noqa: E402
from nbexec import first_cell, start_kernel  # noqa: E402

SERIES = TOOLS.parent / "notebooks"


def run(client, code: str) -> tuple[list, dict, list]:
    """Execute `code`; return (this cell's iopub messages as (type, content), the reply's content,
    the types of iopub messages that belonged to any other request)."""
    msg_id = client.execute(code)
    mine, other = [], []
    while True:
        msg = client.get_iopub_msg(timeout=600)
        if msg["parent_header"].get("msg_id") != msg_id:
            other.append(msg["msg_type"])
            continue
        mine.append((msg["msg_type"], msg["content"]))
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = client.get_shell_msg(timeout=600)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=600)
    return mine, reply["content"], other


def test_warm_up_after_dep_is_invisible_and_done_before_the_reply():
    manager, client = start_kernel(SERIES)
    cpu = KernelCpu(manager)
    try:
        time.sleep(1)  # let any message of the kernel's start arrive (counted as "other" below)
        dep, dep_reply, _ = run(client, first_cell(SERIES / "00-introduction.ipynb"))
        before = cpu.sample()
        cell, cell_reply, other = run(client, "let a = mlfs_core::ndarray::Array1::<f64>::ones(3);")
        evcxr_cpu = cpu.sample()[0] - before[0]
        shown, shown_reply, _ = run(client, "a.sum()")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert dep_reply["status"] == "ok" and dep_reply["execution_count"] == 1, dep_reply
    assert [kind for kind, _ in dep] == ["status", "execute_input", "status"], dep
    assert other == [], "a warm-up message reached the front end"
    assert cell_reply["execution_count"] == 2 and shown_reply["execution_count"] == 3
    assert [c for kind, c in shown if kind == "execute_result"][0]["data"]["text/plain"] == "3.0"
    assert cell_reply["status"] == "ok" and [k for k, _ in cell] == [
        "status", "execute_input", "status"
    ], cell
    # Without the warm-up this cell's type inference takes 1.5 s or more of evcxr's CPU.
    assert evcxr_cpu < 0.8, f"evcxr spent {evcxr_cpu:.2f} s CPU on the first cell after :dep"
