# Two commands on a fresh machine with only Python: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo demo-fleet test proptest converge bench clean

# editable_mode=compat puts the checkout on sys.path with a plain .pth line. The default mode
# installs an import finder that every Python start in the virtualenv loads (about 20 ms, as much
# as the interpreter itself), which a user's installed usconf never pays.
$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]' --config-settings editable_mode=compat
	touch $(STAMP)

demo: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/demo.sh

# 50 emulated encoders on 127.0.0.1: an inventory, a fleet plan, a rolling apply, no drift.
demo-fleet: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/demo-fleet.sh

test: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/lint.sh
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -n 2 -q

# The convergence property test with fresh randomness and many more examples than `make test`.
PROPTEST_EXAMPLES ?= 2000
proptest: $(STAMP)
	PROPTEST_FRESH=1 PROPTEST_EXAMPLES=$(PROPTEST_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider tests/proptest

# Convergence rate per emulator profile and quirk set (N documents pairs each).
N ?= 100
converge: $(STAMP)
	$(BIN)/python bench/converge.py $(N)

# Every figure against its floor (bare start-up, curl/requests, ansible-playbook): docs/performance.md.
# BENCH_ARGS=--markdown prints the table as docs/performance.md records it; --quick for a rough look.
# Both run even when the first misses a target; the exit status says whether any was missed.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS); one=$$?; $(BIN)/python bench/fleet.py; two=$$?; \
	test $$one -eq 0 && test $$two -eq 0

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .demo
