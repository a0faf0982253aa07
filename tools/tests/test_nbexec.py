"""The notebook scheduler shared by the runner and the checker: every notebook exactly once, in
worker processes when asked, the largest first; in the given order when one at a time."""

import os
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOOLS))

from nbexec import default_jobs, for_each_notebook  # noqa: E402


def notebooks(tmp_path, sizes):
    paths = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"{i:02}.ipynb"
        path.write_bytes(b"x" * size)
        paths.append(path)
    return paths


def test_every_notebook_runs_once_in_parallel(tmp_path):
    paths = notebooks(tmp_path, [10, 300, 20, 4000])
    results = list(for_each_notebook(os.path.getsize, paths, jobs=3))
    assert sorted(p for p, _ in results) == sorted(paths)
    assert all(size == os.path.getsize(p) for p, size in results)


def test_one_at_a_time_keeps_the_given_order(tmp_path):
    paths = notebooks(tmp_path, [10, 300, 20])
    assert [p for p, _ in for_each_notebook(os.path.getsize, paths, jobs=1)] == paths


def test_jobs_default_to_one_more_than_the_cores_and_mlfs_jobs_overrides(monkeypatch):
    monkeypatch.delenv("MLFS_JOBS", raising=False)
    assert default_jobs() == (os.cpu_count() or 1) + 1
    monkeypatch.setenv("MLFS_JOBS", "1")
    assert default_jobs() == 1
