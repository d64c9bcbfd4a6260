# Samenspraak: `make run` (demo on SQLite) and `make test` (the whole suite) on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DATA_DIR ?= $(CURDIR)/data

.PHONY: run test install install-test system-deps bench-deps lint bench bench-cocreation messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/samenspraak migrate
	$(BIN)/samenspraak seed-demo
	$(BIN)/samenspraak serve

# The PostgreSQL server and Chromium that the tests start: installed when missing, where this is Debian and
# we may (root); elsewhere their tests are skipped with a message (CI fails instead).
system-deps:
	@if [ -z "$$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ] || ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      postgresql chromium fonts-dejavu-core >/dev/null; \
	  else echo "PostgreSQL server or Chromium missing: their tests will be skipped (install postgresql, chromium)"; fi; \
	fi

test: install-test system-deps
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: install-test
	$(BIN)/ruff check server participation tests bench
	$(BIN)/ruff format --check server participation tests bench

# wrk, the load generator the bench drives: installed when missing, where this is Debian and we may (root).
bench-deps:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      wrk >/dev/null; \
	  else echo "wrk missing: install it (apt-get install wrk)"; exit 1; fi; \
	fi

bench: $(VENV)/.installed-bench system-deps bench-deps
	$(BIN)/python bench/run.py

# The claim race and the document saves of co-creation, against a live server: bench/results/cocreation.md.
bench-cocreation: $(VENV)/.installed-test
	$(BIN)/python bench/cocreation.py

# Extract the English source strings into locale/messages.pot and merge them into the Dutch catalogue.
# New strings arrive with an empty msgstr (no fuzzy guesses: babel skips fuzzy entries at run time, and
# tests/test_translations.py fails on empty or fuzzy ones); strings gone from the code are dropped.
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k lazy -k gettext -k ngettext:1,2 \
		--no-location --sort-output --omit-header -o locale/messages.pot .
	$(BIN)/pybabel -q update -i locale/messages.pot -d locale -l nl --init-missing \
		--no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date

clean:
	rm -rf $(VENV) data
