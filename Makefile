# Afterview: the two commands a newcomer needs, and the ones CI and benchmarks use.
#
#   make demo            set up .venv, load the demo pipeline into a fresh demo.db, show what
#                        is due, and open the desk in the browser (Ctrl+C stops it)
#   make demo DB=PATH    the same into a database of your choice (file path or database URL;
#                        an existing file is used as it is)
#   make test            install what the tests need (Debian packages, .venv) and run them all
#   make bench           print the benchmark figures of the whole project
#   make setup           only the Python environment (scripts/setup.sh)
#   make screenshots     refresh docs/screenshots from the browser tests
#   make clean           remove demo.db and caches (keeps .venv)

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
DEMO_DB := $(CURDIR)/demo.db
DB ?= $(DEMO_DB)
PYTEST_ARGS ?=
# pytest-xdist workers: one per core, at most four (each starts its own servers)
TEST_WORKERS ?= auto

.PHONY: help setup setup-test demo test bench screenshots clean

help:
	@sed -n '3,12p' Makefile | sed 's/^# \{0,1\}//'

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

demo: setup
	@# The default demo database is throwaway: start it afresh each time.
	@if [ "$(DB)" = "$(DEMO_DB)" ]; then rm -f "$(DEMO_DB)" "$(DEMO_DB)-wal" "$(DEMO_DB)-shm" "$(DEMO_DB)-journal"; fi
	@# Ctrl+C (status 130) is how the desk is stopped: not an error of make's
	$(VENV)/bin/afterview --db "$(DB)" demo --serve $(DEMO_ARGS) || [ $$? -eq 130 ]

test: setup-test
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --maxprocesses 4 --durations=15 $(PYTEST_ARGS)

screenshots: setup-test
	AFTERVIEW_SCREENSHOTS="$(CURDIR)/docs/screenshots" $(PY) -m pytest -q -p no:cacheprovider tests/web/test_browser.py -k screenshots

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf "$(DEMO_DB)" "$(DEMO_DB)-wal" "$(DEMO_DB)-shm" "$(DEMO_DB)-journal" .hypothesis .bench
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
