"""Register the mlfs Rust kernel (evcxr_jupyter) inside the project's virtual environment.

Writes <venv>/share/jupyter/kernels/mlfs-rust/kernel.json. The kernel carries its own
EVCXR_CONFIG_DIR (tools/evcxr: no-panic-swallowing, compile cache, opt level), so JupyterLab and
the headless runner use one and the same evcxr configuration. Idempotent.

    python tools/install_kernel.py <path to evcxr_jupyter>
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    exe = shutil.which(sys.argv[1]) if len(sys.argv) > 1 else shutil.which("evcxr_jupyter")
    if not exe:
        raise SystemExit("evcxr_jupyter not found: run `make setup` (it installs it with cargo)")
    spec = {
        "argv": [str(Path(exe).resolve()), "--control_file", "{connection_file}"],
        "display_name": "Rust (mlfs)",
        "language": "rust",
        "interrupt_mode": "message",
        "env": {"EVCXR_CONFIG_DIR": str(ROOT / "tools" / "evcxr")},
    }
    kernel_dir = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "mlfs-rust"
    kernel_dir.mkdir(parents=True, exist_ok=True)
    target = kernel_dir / "kernel.json"
    text = json.dumps(spec, indent=1) + "\n"
    if not target.exists() or target.read_text() != text:
        target.write_text(text)
        print(f"registered kernel mlfs-rust in {kernel_dir}")


if __name__ == "__main__":
    main()
