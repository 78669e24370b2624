# Fresh machine: `make run` (gateway on the embedded defaults) or `make test` (the test suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# llama.cpp is compiled for a portable x86-64 target (AVX2, FMA, F16C), never -march=native: a native
# build on a CPU that advertises AMX dies with a general-protection fault (ldtilecfg) at the first
# request where the kernel does not grant the process AMX tile state, and a wheel built on one host
# must run on every host of a fleet. The wheel is kept per machine so a fresh clone does not rebuild
# it (~8 min on 2 cores). Keep LLAMA_VERSION equal to the pin in pyproject.toml.
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
WHEELS := $(HOME)/.cache/llmgateway/wheels-avx2

.PHONY: install run test lint bench services clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# CPU build of torch first (a plain `torch` would pull a multi-GB CUDA build)
	$(BIN)/pip install -q torch==2.13.0
	ls $(WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || CMAKE_ARGS="$(LLAMA_CMAKE)" \
	    $(BIN)/pip wheel -q --no-deps --no-cache-dir -w $(WHEELS) llama-cpp-python==$(LLAMA_VERSION)
	$(BIN)/pip install -q --find-links $(WHEELS) 'llama-cpp-python[server]==$(LLAMA_VERSION)'
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
