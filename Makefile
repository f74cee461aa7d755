# Everyday commands. `make setup` once, then `make test-fast` while you work and `make test` before you push.
PY := .venv/bin/python
BIN := .venv/bin

.PHONY: setup run test test-fast lint format bench

setup:  ## create .venv with the app, test and lint tools (compiles llama.cpp the first time, ~11 min)
	python3 -m venv .venv && $(BIN)/pip install -r requirements-dev.txt

run:
	$(PY) app.py

test:  ## everything CI runs: lint, then the whole suite (embedded model and Chromium included) on both cores
	$(MAKE) lint
	$(PY) -m pytest -n 2 --durations=25

test-fast:  ## no browser, no embedded model: the quick loop while editing
	$(PY) -m pytest -n 2 -m "not browser and not embedded" -q

lint:  ## the checks CI fails on
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench:  ## timing and quality benchmarks (not part of CI; several minutes each)
	$(PY) bench/bench_review.py
	$(PY) bench/bench_location.py
	$(PY) bench/bench_embedded.py
	$(PY) bench/bench_quality.py --seeds 1 2
