# Two commands for a newcomer: `make demo` (set up and run the main job) and `make test`.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench clean

# Create .venv with a Python >= 3.12 found by tools/find-python, then install the project.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { py=$$(tools/find-python) && echo "creating $(VENV) with $$py" && "$$py" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/govsim run baseline tech_empowerment refined_services personalized_needs combined digital_only --seeds 5 --out results/demo
	@echo "Output: results/demo (weekly tables, parameters); the table above compares the six scenarios."

test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python experiments/benchmark_model.py

clean:
	rm -rf $(VENV) results/demo .pytest_cache
