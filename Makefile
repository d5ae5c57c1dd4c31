# medinfra — every target does its own set-up from a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
TOPOLOGY ?=
PYTEST_ARGS ?=
# pytest-xdist workers for `make unit` (0: one process, serially).
PYTEST_WORKERS ?= 4

.PHONY: venv test lint typecheck unit demo schema clean

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "uv==0.13.9"
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

PY_DIRS := $(wildcard src tests benchmarks stacks plugins)

lint: $(STAMP)
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/ansible-lint -q  # no arguments: .ansible-lint says what

typecheck: $(STAMP)
	$(BIN)/mypy src

# pytest exits 5 when it collected no test: that is a broken suite, not a pass.
unit: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

test: lint typecheck unit

demo: $(STAMP)
	$(BIN)/medinfra demo $(if $(TOPOLOGY),--topology $(TOPOLOGY),) $(if $(PORT),--port $(PORT),) $(if $(BASE_ADDRESS),--base-address $(BASE_ADDRESS),)

schema: $(STAMP)
	$(BIN)/medinfra schema --out schema

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
