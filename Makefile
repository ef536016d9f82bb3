# Two commands on a fresh machine with only Python: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test proptest converge bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/demo.sh

test: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -n 2 -q

# The convergence property test with fresh randomness and many more examples than `make test`.
PROPTEST_EXAMPLES ?= 2000
proptest: $(STAMP)
	PROPTEST_FRESH=1 PROPTEST_EXAMPLES=$(PROPTEST_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider tests/proptest

# Convergence rate per emulator profile and quirk set (N documents pairs each).
N ?= 100
converge: $(STAMP)
	$(BIN)/python bench/converge.py $(N)

bench: $(STAMP)
	$(BIN)/python bench/emulator.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .demo
