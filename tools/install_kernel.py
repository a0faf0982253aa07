"""Register the mlfs Rust kernel (evcxr_jupyter) inside the project's Python environment.

    python tools/install_kernel.py <path to evcxr_jupyter>

Writes <prefix>/share/jupyter/kernels/mlfs-rust/ (kernel.json and the Launcher icons from
tools/kernelspec/) and JupyterLab's settings overrides for that environment. Idempotent.

* The kernel runs `tools/evcxr_kernel.py`, which starts evcxr_jupyter and relays its messages
  (so that cells are numbered from [1]); JupyterLab and the headless runner start the same kernel.
* Its `env` carries the one evcxr configuration (EVCXR_CONFIG_DIR=tools/evcxr) and
  RUST_BACKTRACE=0 for evcxr and cargo. (evcxr starts the process that runs the cells with
  RUST_BACKTRACE=1 whatever we set, so tools/evcxr/prelude.rs installs a one-line panic hook.)
* JupyterLab's settings turn off the "get notified about Jupyter news?" prompt and the update
  check (overrides.json, which applies to this environment only).
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "tools" / "kernelspec"
KERNEL = "mlfs-rust"
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}


def kernel_spec(evcxr: str) -> dict:
    """The kernel.json contents for the evcxr_jupyter at `evcxr`."""
    return {
        "argv": [
            sys.executable,
            str(ROOT / "tools" / "evcxr_kernel.py"),
            evcxr,
            "{connection_file}",
        ],
        "display_name": "Rust (mlfs)",
        "language": "rust",
        "interrupt_mode": "message",
        "env": {"EVCXR_CONFIG_DIR": str(ROOT / "tools" / "evcxr"), "RUST_BACKTRACE": "0"},
    }


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` unless it already holds exactly that; True if written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def install_kernel(evcxr: str) -> None:
    """kernel.json and the icons into <prefix>/share/jupyter/kernels/mlfs-rust/."""
    kernel_dir = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL
    changed = write_if_changed(
        kernel_dir / "kernel.json", (json.dumps(kernel_spec(evcxr), indent=1) + "\n").encode()
    )
    for icon in sorted(ICONS.glob("logo-*")):
        changed |= write_if_changed(kernel_dir / icon.name, icon.read_bytes())
    if changed:
        print(f"registered kernel {KERNEL} in {kernel_dir}")


def install_lab_settings() -> None:
    """JupyterLab's overrides.json for this environment: no news prompt, no update check."""
    target = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    current = json.loads(target.read_text()) if target.exists() else {}
    merged = {**current, **LAB_OVERRIDES}
    if write_if_changed(target, (json.dumps(merged, indent=1) + "\n").encode()):
        print(f"wrote JupyterLab settings {target}")


def main() -> None:
    """Find evcxr_jupyter, then register the kernel and the JupyterLab settings."""
    exe = shutil.which(sys.argv[1]) if len(sys.argv) > 1 else shutil.which("evcxr_jupyter")
    if not exe:
        raise SystemExit("evcxr_jupyter not found: run `make setup` (it installs it with cargo)")
    install_kernel(str(Path(exe).resolve()))
    install_lab_settings()


if __name__ == "__main__":
    main()
