# One place for the project's commands; the README and .ci/run call these.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint demo screenshots benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

## run: install what is needed and serve the dashboard on http://localhost:$(PORT)
run: $(VENV)/.runtime
	$(BIN)/python -m onboarding init
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

## test: install what is needed and run the whole test suite
test: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

## lint: check formatting and lint rules
lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## demo: fill data/onboarding.db with 12 sample cases
demo: $(VENV)/.runtime
	$(BIN)/python -m onboarding demo --cases 12

## screenshots: save a 1440x900 screenshot of every page on a demo database
screenshots: $(VENV)/.test
	$(BIN)/python tests/screenshots.py docs/screenshots

## benchmark: time pages, exports and updates on 1,000 to 50,000 cases
benchmark: $(VENV)/.test
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
