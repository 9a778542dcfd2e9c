# The two commands of the README set up everything they need on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck grammar grammar-check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

grammar: $(STAMP)
	PATH=$(abspath $(BIN)):$$PATH bash grammar/generate.sh

grammar-check: grammar
	git diff --exit-code -- apigw_core/vtl/_antlr

bench: $(STAMP)
	$(BIN)/pip install -q '.[bench]'
	$(BIN)/python benchmarks/bench_vtl.py
	$(BIN)/python benchmarks/bench_mapping.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
