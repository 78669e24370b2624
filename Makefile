# Fresh machine: `make run` (gateway on the embedded defaults) or `make test` (the test suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench services clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# CPU build of torch first (a plain `torch` would pull a multi-GB CUDA build)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Run the gateway on its embedded defaults: local SmolLM2 via llama.cpp, embedded Chroma, SQLite,
# sample research and policies. http://127.0.0.1:8000/v1 — no key needed (auth disabled in gateway.yaml).
run: install
	$(BIN)/llmgateway ingest examples/research --config gateway.yaml --no-progress
	$(BIN)/llmgateway ingest examples/research/restricted --entitlement mna-team --config gateway.yaml --no-progress
	$(BIN)/llmgateway serve --config gateway.yaml

test: install
	bash scripts/services.sh
	$(BIN)/python -m pytest

# Lint, format check and type check (config in pyproject.toml); CI runs it before the tests.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/bench_proxy.py

clean:
	rm -rf $(VENV) data .pytest_cache
