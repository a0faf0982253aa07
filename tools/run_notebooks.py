"""Execute notebooks headless with the mlfs Rust kernel, in place, with fresh outputs.

    python tools/run_notebooks.py notebooks/*.ipynb

Each notebook runs in its own folder with `record_timing` off (see `nbexec.execute`), several
at a time: one more than there are cores (`MLFS_JOBS` overrides; see `nbexec.default_jobs`).
Progress goes to stdout; afterwards the checker's static checks run on the result and the exit
status is 1 if any notebook has a problem (an error output, anything on stderr such as a panic).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nbcheck import static_problems  # noqa: E402
from nbexec import default_jobs, execute, for_each_notebook  # noqa: E402


def run(path: Path) -> tuple[float, list[str]]:
    """Execute one notebook in place; return its time in seconds and its problems."""
    start = time.monotonic()
    print(f"running {path} ...", flush=True)
    problems = static_problems(execute(path))
    return time.monotonic() - start, problems


def main(paths: list[str], jobs: int | None = None) -> int:
    """Run every notebook (all of them, even after a failure); 1 if any had a problem."""
    start = time.monotonic()
    jobs = jobs or default_jobs()
    print(f"{len(paths)} notebook(s), {jobs} at a time", flush=True)
    clean = True
    for path, (seconds, problems) in for_each_notebook(run, [Path(p) for p in paths], jobs):
        print(f"  {path}: {seconds:.0f} s, {len(problems)} problem(s)", flush=True)
        for p in problems:
            print(f"  - {p}", flush=True)
        clean = clean and not problems
    print(f"{len(paths)} notebook(s) in {time.monotonic() - start:.0f} s", flush=True)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
