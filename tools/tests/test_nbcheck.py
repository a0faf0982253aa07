"""The checker's own tests: each broken notebook is run by the real kernel (evcxr, through the
same kernelspec, runner and configuration as the series and JupyterLab) and the checker must flag
it; the clean ones pass. The panic tests run with RUST_BACKTRACE=1 in the environment (as on a
developer's machine) to show that the kernel's own settings decide what a learner sees."""

import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

TOOLS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOOLS))

import nbcheck  # noqa: E402
import run_notebooks  # noqa: E402
from nbexec import execute, start_kernel  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


@pytest.fixture(autouse=True)
def backtraces_on(monkeypatch):
    """Run every kernel as on this machine: with RUST_BACKTRACE=1 in the environment."""
    monkeypatch.setenv("RUST_BACKTRACE", "1")


@pytest.fixture
def run(tmp_path):
    """Execute a copy of a fixture notebook; return (committed, freshly executed)."""

    def _run(name):
        copy = tmp_path / name
        shutil.copy(NOTEBOOKS / name, copy)
        committed = nbformat.read(copy, as_version=4)
        return committed, execute(copy, write=False)

    return _run


def test_clean_notebook_passes_and_matches_its_fresh_run(run):
    committed, fresh = run("good.ipynb")
    assert nbcheck.static_problems(fresh) == []
    assert nbcheck.stale_problems(committed, fresh) == []
    assert nbcheck.check(NOTEBOOKS / "good.ipynb", fresh=True) == []


def test_panic_is_caught(run):
    _, fresh = run("panic.ipynb")
    problems = nbcheck.static_problems(fresh)
    assert problems, "a panicking cell must fail the check"
    assert any("a panic" in p and "index out of bounds" in p for p in problems), problems


@pytest.fixture(scope="module")
def panic_between_cells(tmp_path_factory):
    """panic_keeps_vars.ipynb (a variable, a panic, a use of the variable), run once."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RUST_BACKTRACE", "1")
        copy = tmp_path_factory.mktemp("panic") / "panic_keeps_vars.ipynb"
        shutil.copy(NOTEBOOKS / "panic_keeps_vars.ipynb", copy)
        return execute(copy, write=False)


def test_panic_is_short_and_keeps_the_variables(panic_between_cells):
    fresh = panic_between_cells
    panic = fresh.cells[1].outputs
    assert not any(o.output_type == "error" for o in panic), panic
    stderr = "".join(o.text for o in panic if o.output_type == "stream" and o.name == "stderr")
    assert "index out of bounds" in stderr, panic
    assert len(stderr.strip().splitlines()) <= 4 and "backtrace:" not in stderr, stderr
    after = fresh.cells[2].outputs
    assert [(o.output_type, o.name, o.text) for o in after] == [("stream", "stdout", "42\n")]


def test_headless_run_fails_on_a_panic(tmp_path, capsys):
    copy = tmp_path / "panic_keeps_vars.ipynb"
    shutil.copy(NOTEBOOKS / "panic_keeps_vars.ipynb", copy)
    assert run_notebooks.main([str(copy)]) == 1
    assert "a panic" in capsys.readouterr().out


def test_kernel_numbers_cells_from_one():
    """What JupyterLab shows: the kernel's own counts (nbclient would renumber from 1 itself)."""
    manager, client = start_kernel(NOTEBOOKS)
    try:
        counts = []
        for code in ("let x = 1;", "x + 1"):
            msg_id = client.execute(code)
            while True:
                msg = client.get_iopub_msg(timeout=600)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] in ("execute_input", "execute_result"):
                    counts.append((msg["msg_type"], msg["content"]["execution_count"]))
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
            reply = client.get_shell_msg(timeout=600)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = client.get_shell_msg(timeout=600)
            counts.append(("execute_reply", reply["content"]["execution_count"]))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert counts == [
        ("execute_input", 1),
        ("execute_reply", 1),
        ("execute_input", 2),
        ("execute_result", 2),
        ("execute_reply", 2),
    ]


def test_err_surfaced_by_question_mark_is_caught(run):
    _, fresh = run("question_mark.ipynb")
    # evcxr reports the cell as successful: no error output, only a stderr stream.
    outputs = fresh.cells[1].outputs
    assert not any(o.output_type == "error" for o in outputs)
    problems = nbcheck.static_problems(fresh)
    assert any("stderr" in p and "bad number" in p for p in problems), problems


def test_stale_output_is_caught():
    problems = nbcheck.check(NOTEBOOKS / "stale.ipynb", fresh=True)
    assert any("differs from a fresh run" in p for p in problems), problems


def test_svg_only_plot_is_caught(run):
    _, fresh = run("svg_plot.ipynb")
    problems = nbcheck.static_problems(fresh)
    assert any("SVG" in p for p in problems), problems
    assert any("without an image/png" in p for p in problems), problems


def test_marked_timings_are_masked_and_nothing_else():
    assert nbcheck.check(NOTEBOOKS / "timing.ipynb", fresh=True) == []
    a = nbformat.read(NOTEBOOKS / "timing.ipynb", as_version=4)
    b = nbformat.read(NOTEBOOKS / "timing.ipynb", as_version=4)
    b.cells[0].outputs[0].text = "fit took 99.00 ms\n"  # an unmarked number is compared
    assert nbcheck.stale_problems(a, b)


def test_unexecuted_cell_and_stderr_panic_text_are_caught():
    nb = new_notebook(cells=[new_code_cell("let x = 1;"), new_code_cell("f()", execution_count=2)])
    nb.cells[1].outputs = [
        new_output("stream", name="stderr", text="thread '<unnamed>' panicked at src/lib.rs:1:1")
    ]
    problems = nbcheck.static_problems(nb)
    assert any("never executed" in p for p in problems), problems
    assert any("a panic" in p for p in problems), problems


def _local_imports(path: Path) -> set[str]:
    """The tools/ modules that `path` imports (at any depth of the file)."""
    import ast

    local = {p.stem for p in TOOLS.glob("*.py")}
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names & local


def test_tools_import_graph_has_no_cycle():
    graph = {p.stem: _local_imports(p) for p in TOOLS.glob("*.py")}

    def reaches(start, goal, seen=()):
        return any(
            n == goal or (n not in seen and reaches(n, goal, seen + (n,))) for n in graph[start]
        )

    cycles = [m for m in graph if reaches(m, m)]
    assert not cycles, {m: graph[m] for m in cycles}
