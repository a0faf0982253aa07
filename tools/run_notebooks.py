"""Execute notebooks headless with the mlfs Rust kernel, in place, with fresh outputs.

    python tools/run_notebooks.py notebooks/*.ipynb

Each notebook runs in its own folder with `record_timing` off (see `nbexec.execute`). Progress
goes to stdout; afterwards the checker's static checks run on the result and the exit status is 1
if any notebook has a problem (an error output, anything on stderr such as a panic, ...).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nbcheck import static_problems  # noqa: E402
from nbexec import execute  # noqa: E402


def run(path: Path) -> bool:
    """Execute one notebook in place and print its time and problems; True if it is clean."""
    start = time.monotonic()
    print(f"running {path} ...", flush=True)
    problems = static_problems(execute(path))
    print(f"  {path}: {time.monotonic() - start:.0f} s, {len(problems)} problem(s)", flush=True)
    for p in problems:
        print(f"  - {p}", flush=True)
    return not problems


def main(paths: list[str]) -> int:
    """Run every notebook (all of them, even after a failure); 1 if any had a problem."""
    start = time.monotonic()
    results = [run(Path(name)) for name in paths]
    print(f"{len(paths)} notebook(s) in {time.monotonic() - start:.0f} s", flush=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
