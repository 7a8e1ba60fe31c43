# The two commands of the README, plus what contributors run. Each creates .venv when missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint bench bench-crawl fixtures clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

# Lint is part of the test: a red ruff or mypy is a failing build.
test: lint
	$(BIN)/python -m pytest -q

# Everything but whole crawls and subprocesses (@pytest.mark.slow): a minute, for the loop.
test-fast: lint
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check newscrawl tests scripts bench
	$(BIN)/ruff format --check newscrawl tests scripts bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.splitter
	$(BIN)/python -m bench.fields
	$(BIN)/python -m bench.mojibake

# Crawl throughput over a local mirror of the corpora's pages (BENCH_PAGES of them).
BENCH_PAGES ?= 6000
bench-crawl: $(STAMP)
	$(BIN)/python -m bench.crawl --pages $(BENCH_PAGES) --write
	$(BIN)/python -m bench.unit_costs

fixtures: $(STAMP)
	$(BIN)/python tests/fixtures/generate_bnews.py
	$(BIN)/python tests/fixtures/generate_kz_sites.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
