# Two commands for a fresh machine:
#   make lab    set up (first time only) and open the series in JupyterLab
#   make test   set up (first time only) and run every test
# and one for the developer's inner loop: make test-fast (lint, type check, tests without notebooks, browser or slow marks).
# Set-up is a local virtual environment in .venv with the exact versions pinned in requirements/.
# A second run installs nothing unless pyproject.toml or a requirements file changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(shell command -v uv 2>/dev/null || ($(PYTHON) -m uv --version >/dev/null 2>&1 && echo '$(PYTHON) -m uv'))
# Jupyter refuses to start as root unless told; learners' machines are not root, CI and containers are.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PORT   ?= 8888
# The server's root is this folder, so the file browser reaches notebooks/, exercises/, docs/ and data/; the
# address it prints (and the browser it opens) lands on the first lesson.
START  := notebooks/00-start-here.ipynb
LAB_ARGS ?=

.PHONY: lab test test-fast lint typecheck exercises bench html lock clean help

help:
	@echo "make lab        set up and open the series in JupyterLab (stop it with Ctrl-C, then y)"
	@echo "make test       set up and run every test: lint, type check, tests, doctests, notebooks, browser (CI runs this)"
	@echo "make test-fast  the same without notebooks, the browser or the slow process tests (the inner loop, about a minute)"
	@echo "make lint       ruff check (settings in pyproject.toml)"
	@echo "make typecheck  mypy on the package (settings in pyproject.toml)"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make bench      run the speed benchmarks (ratios against a baseline measured in the same run)"
	@echo "make lock       re-pin requirements/*.txt after changing dependencies in pyproject.toml"
	@echo "make clean      remove the virtual environment"

$(BIN)/python:
ifdef UV
	$(UV) venv --quiet --python $(PYTHON) $(VENV)
else
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
endif

# install REQUIREMENTS-FILE: the pinned versions, then this package (editable, so data/ stays beside it).
ifdef UV
install = $(UV) pip install --quiet --python $(BIN)/python -r $(1) && \
          $(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
else
install = $(BIN)/python -m pip install --quiet -r $(1) && \
          $(BIN)/python -m pip install --quiet --no-deps -e .
endif

$(VENV)/.lab-installed: requirements/lab.txt pyproject.toml | $(BIN)/python
	$(call install,requirements/lab.txt)
	@touch $@

$(VENV)/.test-installed: requirements/test.txt pyproject.toml | $(BIN)/python
	$(call install,requirements/test.txt)
	@touch $@

lab: $(VENV)/.lab-installed
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/$(START) --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $(ROOT_FLAG) $(LAB_ARGS)

# Lint and type check first (seconds), then the tests; each fails the target if it fails.
lint: $(VENV)/.test-installed
	$(BIN)/ruff check

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: lint typecheck
	$(BIN)/python -m pytest -q -m "not notebook and not browser and not slow" $(PYTEST_ARGS)

exercises: $(VENV)/.lab-installed
	$(BIN)/medialit exercises

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

html: $(VENV)/.test-installed
	$(BIN)/medialit html --out _site

lock:
	uv pip compile pyproject.toml --universal --python-version 3.11 -o requirements/lab.txt --quiet
	uv pip compile pyproject.toml --extra test --universal --python-version 3.11 -o requirements/test.txt --quiet

clean:
	rm -rf $(VENV)
