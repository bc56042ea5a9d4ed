# Two commands for a newcomer: `make demo` (set up and run the main job) and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-slow lint bench baseline clean

# Create .venv with a Python >= 3.12 found by tools/find-python, then install the project.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { py=$$(tools/find-python) && echo "creating $(VENV) with $$py" && "$$py" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

# The main job: the paper's six scenarios on 30 paired seeds, then their comparison.
demo: $(STAMP)
	$(BIN)/govsim sweep experiments/paper_paths.toml --workers $(WORKERS) --resume --set-aside-other-model --out results/paper_paths
	$(BIN)/govsim summarize results/paper_paths
	$(BIN)/govsim report results/paper_paths --lang en
	$(BIN)/govsim report results/paper_paths --lang zh
	@echo "Results: results/paper_paths (runs.parquet, timeseries.parquet, manifest.json)."
	@echo "Browse them: $(BIN)/govsim serve results"

# Everything but the long statistical runs (marked slow), which have quick variants here.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist worksteal -m "not slow"

# The long statistical runs: every claim wherever it must hold, scale at 10,000 households.
test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist worksteal -m slow

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Regenerate the regression baseline on purpose (tests/baseline/; see sim/baseline.py).
baseline: $(STAMP)
	$(BIN)/python -m sim.baseline

bench: $(STAMP)
	$(BIN)/python experiments/benchmark_model.py
	$(BIN)/python experiments/benchmark_district.py
	$(BIN)/python experiments/benchmark_engines.py
	$(BIN)/python experiments/benchmark_sweep.py

clean:
	rm -rf $(VENV) results/paper_paths .pytest_cache
