# Samenspraak: `make run` (demo on SQLite) and `make test` (the whole suite) on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DATA_DIR ?= $(CURDIR)/data

.PHONY: run test install install-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/samenspraak migrate
	$(BIN)/samenspraak seed-demo
	$(BIN)/samenspraak serve

test: install-test
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check server participation tests bench
	$(BIN)/ruff format --check server participation tests bench

bench: install-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) data
