# `make demo` and `make test` each do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test lint format bench clean

$(STAMP): pyproject.toml requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m unison info
	$(PY) examples/demo.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks examples tools
	$(VENV)/bin/ruff format --check src tests benchmarks examples tools

format: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks examples tools
	$(VENV)/bin/ruff check --fix src tests benchmarks examples tools

test: $(STAMP) lint
	$(PY) -m pytest -n 2 -q tests

bench: $(STAMP)
	$(PY) benchmarks/dispatch_overhead.py --out benchmarks/results/dispatch_overhead.json
	$(PY) benchmarks/conversion_speed.py --out benchmarks/results/conversion_speed.json

clean:
	rm -rf $(VENV) build dist src/*.egg-info

.PHONY: bench-training
bench-training: $(STAMP)
	$(PY) benchmarks/training_speed.py --out benchmarks/results/training_speed.json
