"""Each mlfs kernel's evcxr working folder, kept between kernels (EVCXR_TMPDIR).

By default evcxr builds each kernel's code in a fresh temporary folder and deletes it on exit, so
every kernel starts with an empty cargo target directory and its `:dep` cell has cargo run all of
mlfs-core's ~90 dependency crates again, each served by copying files from evcxr's compile cache
(`:cache`; 21 s for that cell on a warm cache, measured). The dep-info files it restores still name
the folder of the kernel that filled the cache (seen in deps/*.d), so cargo's fingerprints in the
new folder point at files that no longer exist.

With a folder that outlives the kernel, cargo's own fingerprints say "fresh" and a cell compiles
only itself; evcxr's cache is then switched off (`:cache 0` in init.evcxr). Kernels running at
the same time need folders of their own (evcxr rewrites the crate in place), so each kernel claims
the first free numbered folder with an exclusive lock that it holds until it exits:

    $XDG_CACHE_HOME/mlfs/kernels/0/   (~/.cache/mlfs/kernels/0 by default), 1/, 2/, ...

A folder used before keeps its compiled dependencies. A new one (a second notebook open at the
same time) starts as a copy of the lowest-numbered folder that has them, taken while holding
cargo's build locks there, so nothing is compiled twice: cargo records paths under the target
directory relative to it, so the copy is fresh where it lands. An EVCXR_TMPDIR set by the user is
left alone.

Each folder also gets a cargo configuration, <folder>/.cargo/config.toml (cargo reads it because
evcxr's crate lives below it), that compiles the dependencies the notebooks compute with —
mlfs-core, ndarray, rand, plotters and what is under them — with full optimisation and without
debug assertions, once, and everything else (polars) unoptimised. A cell's own crate stays at evcxr's `:opt`
level (init.evcxr), so a cell still compiles quickly, while the library code it calls runs at
release speed: Part 3's [8, 3] network trains in about 0.95 s instead of 2.1 s (measured in the
kernel). evcxr sets RUSTFLAGS itself, so flags such as target-cpu cannot be added this way.

One more setting comes with a folder outside /tmp: each cell's library records the path to Rust's
libstd relative to cargo's deps/ folder, but evcxr loads the copy one folder up, so that relative
path is one `..` short unless it happens to pass through `/` (as it does from /tmp). The kernel
therefore gets LD_LIBRARY_PATH with the toolchain's target libdir (`rustc --print target-libdir`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from contextlib import ExitStack
from itertools import count
from pathlib import Path

LOCK = ".lock"
TARGET = Path("evcxr") / "target"  # evcxr's crate folder is <folder>/evcxr, its target dir under it
CARGO_LOCK = ".cargo-lock"  # cargo's flock on each build folder (host and target)
# The crates a cell calls into for numbers and figures (mlfs-core's dependency tree without its
# compile-time-only crates; `cargo tree -p mlfs-core -e normal`). A crate missing from this list
# still works, unoptimised.
OPTIMISED_CRATES = [
    "mlfs-core", "ndarray", "matrixmultiply", "num-traits", "num-integer", "num-complex", "libm",
    "approx", "rand", "rand_core", "rand_chacha", "rand_distr", "ndarray-rand", "ppv-lite86",
    "zerocopy", "getrandom", "statrs", "plotters", "plotters-backend", "plotters-bitmap",
    "ab_glyph", "ab_glyph_rasterizer", "owned_ttf_parser", "ttf-parser", "png", "fdeflate",
    "flate2", "miniz_oxide", "crc32fast", "adler2", "simd-adler32", "base64",
]
CARGO_CONFIG = """# Written by tools/workdir.py for every mlfs kernel folder (see its docstring).
# Dependencies are compiled once: the ones a cell calls into for numbers and figures with full
# optimisation; the rest (polars, the optional feature Part 0 turns on to show a table, which
# does no numerical work here) unoptimised, the quickest to compile. A cell's own crate keeps
# evcxr's `:opt` level and compiles quickly.
[profile.dev.package."*"]
opt-level = 0
""" + "".join(
    f'\n[profile.dev.package."{name}"]\nopt-level = 3\ndebug-assertions = false\n'
    "overflow-checks = false\n"
    for name in OPTIMISED_CRATES
)


def kernels_home(environ) -> Path:
    """Where the kernels' folders live: under the user's cache directory."""
    cache = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "mlfs" / "kernels"


def claim(home: Path) -> tuple[Path, int]:
    """The first folder under `home` that no running kernel holds, and the fd of its lock."""
    for number in count():
        folder = home / str(number)
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return folder, fd
    raise AssertionError("unreachable")


def kernel_env(environ) -> tuple[dict, int | None]:
    """evcxr's environment with EVCXR_TMPDIR set to a claimed folder, and the lock's fd (keep it
    open, and pass it to evcxr, for as long as the kernel runs); (environ, None) if the user set
    EVCXR_TMPDIR."""
    env = dict(environ)
    if env.get("EVCXR_TMPDIR"):
        return env, None
    home = kernels_home(environ)
    folder, fd = claim(home)
    seed(folder, home)
    configure_cargo(folder)
    env["EVCXR_TMPDIR"] = str(folder / "evcxr")
    libdir = target_libdir()
    if libdir:
        env["LD_LIBRARY_PATH"] = os.pathsep.join(filter(None, [libdir, env.get("LD_LIBRARY_PATH")]))
    return env, fd


def target_libdir() -> str | None:
    """The folder holding the toolchain's libstd-*.so, or None if rustc cannot say."""
    try:
        out = subprocess.run(
            ["rustc", "--print", "target-libdir"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def configure_cargo(folder: Path) -> None:
    """Write `folder`/.cargo/config.toml (the dependencies' profile) unless it is current."""
    config = folder / ".cargo" / "config.toml"
    if not config.is_file() or config.read_text() != CARGO_CONFIG:
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(CARGO_CONFIG)


def seed(folder: Path, home: Path) -> None:
    """If `folder` has no target directory yet, copy the first one found in a sibling folder
    (without `incremental/`, which is per crate and rebuilt as needed)."""
    if (folder / TARGET).exists():
        return
    sources = sorted(
        (p for p in home.iterdir() if p != folder and (p / TARGET).is_dir()),
        key=lambda p: (not p.name.isdigit(), int(p.name) if p.name.isdigit() else 0),
    )
    if not sources:
        return
    source, partial = sources[0] / TARGET, folder / "target.partial"
    shutil.rmtree(partial, ignore_errors=True)
    with cargo_locks(source):
        shutil.copytree(
            source, partial, symlinks=True, ignore=shutil.ignore_patterns("incremental", CARGO_LOCK)
        )
    (folder / TARGET).parent.mkdir(parents=True, exist_ok=True)
    partial.rename(folder / TARGET)


def cargo_locks(target: Path) -> ExitStack:
    """Hold cargo's build locks of `target` (waiting for a build in progress to finish)."""
    stack = ExitStack()
    locks = [*target.glob(f"*/{CARGO_LOCK}"), *target.glob(f"*/*/{CARGO_LOCK}")]
    for lock in sorted(locks):
        fd = os.open(lock, os.O_RDWR)
        stack.callback(os.close, fd)
        fcntl.flock(fd, fcntl.LOCK_EX)
    return stack
