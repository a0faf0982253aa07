# mlfs — Machine Learning From Scratch. Three commands (see README.md):
#   make notebooks   run every notebook headless, in place, with fresh outputs
#   make test        the lint gates (rustfmt, clippy, rustdoc: any warning fails), cargo test -p
#                    mlfs-core without and with polars, the checker's own tests, the notebook check
#   make lab         open JupyterLab on notebooks/ with the "Rust (mlfs)" kernel (as root too)
# Each sets up what is missing first (`make setup`) and skips what is already installed; setup ends
# by warming the kernel (the notebooks' dependencies compiled once, with cargo's progress shown).
# `make latency` replays every notebook in a fresh kernel and prints its cells' timings as markdown
# (tools/latency.py; see docs/kernel-performance.md).

EVCXR_VERSION := 0.22.0
VENV          := .venv
PY            := $(VENV)/bin/python
NOTEBOOKS     := $(sort $(wildcard notebooks/*.ipynb))
STAMP         := $(VENV)/.requirements-$(shell cksum environment.yml | cut -d' ' -f1)

# One evcxr configuration for every kernel this project starts, and only our kernelspec.
export EVCXR_CONFIG_DIR := $(CURDIR)/tools/evcxr
export JUPYTER_PATH     := $(CURDIR)/$(VENV)/share/jupyter
export PYTHONUNBUFFERED := 1

# JupyterLab refuses to run as root unless told; a learner's container often is root.
LAB_FLAGS     := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup python evcxr kernel warm latency notebooks test lint test-rust test-checker check-notebooks lab fixtures bench-part1 bench-part2 bench-part3

setup: python evcxr kernel warm

python: $(STAMP)
$(STAMP): environment.yml tools/env_requirements.py
	test -x $(PY) || python3 -m venv $(VENV)
	python3 tools/env_requirements.py environment.yml > $(VENV)/requirements.txt
	$(PY) -m pip install --disable-pip-version-check -q -r $(VENV)/requirements.txt
	rm -f $(VENV)/.requirements-* && touch $@

evcxr:
	@if cargo install --list | grep -q "^evcxr_jupyter v$(EVCXR_VERSION):"; then \
	  echo "evcxr_jupyter $(EVCXR_VERSION) already installed"; \
	else \
	  echo "installing evcxr_jupyter $(EVCXR_VERSION) (about 15 min on 2 cores, once)"; \
	  cargo install --locked evcxr_jupyter --version $(EVCXR_VERSION); \
	fi

kernel: python evcxr
	$(PY) tools/install_kernel.py "$$(command -v evcxr_jupyter || echo $$HOME/.cargo/bin/evcxr_jupyter)"

warm: kernel
	$(PY) tools/warm_kernel.py $(NOTEBOOKS)

latency: setup
	$(PY) tools/latency.py

notebooks: setup
	$(PY) tools/run_notebooks.py $(NOTEBOOKS)

test: lint test-rust test-checker check-notebooks

# Formatting, lints (tests, examples and benches included, with and without polars) and the
# API docs, each failing on any warning.
lint:
	cargo fmt --all --check
	cargo clippy -p mlfs-core --all-targets -- -D warnings
	cargo clippy -p mlfs-core --all-targets --features polars -- -D warnings
	RUSTDOCFLAGS=-Dwarnings cargo doc -p mlfs-core --no-deps

# Without polars (what most readers build), then with it (the tests of `data::read_csv`).
test-rust:
	cargo test -p mlfs-core
	cargo test -p mlfs-core --features polars

test-checker: setup
	$(PY) -m pytest -q tools/tests

check-notebooks: setup
	$(PY) tools/nbcheck.py --fresh $(NOTEBOOKS)

lab: setup
	$(VENV)/bin/jupyter lab $(LAB_FLAGS) notebooks/

# Regenerate data/ and the test fixtures from scikit-learn / statsmodels (needs no network).
fixtures: python
	$(PY) tools/make_data.py
	$(PY) tools/make_fixtures.py

# Benchmarks (measured, never asserted): time and memory against numpy / scikit-learn / statsmodels,
# written to docs/benchmarks/. Single-threaded BLAS; takes a few minutes.
bench-part1: python
	$(PY) tools/bench_part1.py

bench-part2: python
	$(PY) tools/bench_part2.py

bench-part3: python
	$(PY) tools/bench_part3.py
