"""Print the `pip:` block of environment.yml as a requirements list (one package per line).

The pip route (`make setup`) installs exactly what the conda route would, from the same file:
    python tools/env_requirements.py environment.yml > requirements.txt
Only the standard library is used, because this runs before anything is installed.
"""

import re
import sys
from pathlib import Path


def pip_requirements(text: str) -> list[str]:
    """The items under `- pip:` in a conda environment file, comments dropped."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"^(\s*)-\s*pip:\s*$", line)
        if match:
            indent = len(match.group(1))
            break
    else:
        raise SystemExit("environment.yml has no `- pip:` block")
    packages = []
    for line in lines[i + 1 :]:
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip():
            continue
        if len(stripped) - len(stripped.lstrip()) <= indent:
            break
        item = re.match(r"^\s*-\s*(\S.*)$", stripped)
        if not item:
            raise SystemExit(f"unexpected line in the pip block: {line!r}")
        packages.append(item.group(1).strip())
    if not packages:
        raise SystemExit("the `- pip:` block of environment.yml is empty")
    return packages


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "environment.yml")
    print("\n".join(pip_requirements(path.read_text())))
