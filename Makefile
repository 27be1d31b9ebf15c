# ecoforum: the commands the README shows.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export ECOFORUM_VAR_DIR ?= $(CURDIR)/var
## Test processes for `make test` (pytest-xdist; each file runs whole in one of them, each has its own database).
TEST_WORKERS ?= auto

.PHONY: bench-load bench-pages bench-search bench-guests bench-meetings demo serve test test-fast lint install browser-deps bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

## make demo: set everything up on a fresh clone and serve the 2023 edition.
## Running it again just serves: migrate and demo are idempotent and take a second or two.
SITE_URL ?= http://$(HOST):$(PORT)
DEMO_ENV := DEBUG=1 SITE_URL=$(SITE_URL)

demo: install
	@mkdir -p "$(ECOFORUM_VAR_DIR)"
	@echo "Preparing the database in $(ECOFORUM_VAR_DIR) ..."
	$(DEMO_ENV) $(BIN)/ecoforum migrate --noinput -v 0
	$(DEMO_ENV) $(BIN)/ecoforum demo
	$(DEMO_ENV) $(BIN)/ecoforum serve --host $(HOST) --port $(PORT)

## make serve: serve what is there (gunicorn; `ecoforum serve --runserver` for Django's server).
serve: install
	$(DEMO_ENV) $(BIN)/ecoforum serve --host $(HOST) --port $(PORT)

## make test: the whole suite (SQLite by default, PostgreSQL when DATABASE_URL is set).
## With PostgreSQL, the search tests run on SQLite too: each database has its own full-text index.
test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	ECOFORUM_TESTING=1 $(BIN)/mypy
	ECOFORUM_TESTING=1 $(BIN)/ecoforum makemigrations --check --dry-run
	ECOFORUM_TESTING=1 $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile
	@if [ -n "$(DATABASE_URL)" ]; then echo "The search, and backup and restore, again on SQLite:"; \
	  env -u DATABASE_URL ECOFORUM_TESTING=1 $(BIN)/pytest -q -p no:cacheprovider tests/search \
	    tests/hardening/test_backup.py; fi

test-fast: install
	ECOFORUM_TESTING=1 $(BIN)/pytest -m "not browser" -x -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	ECOFORUM_TESTING=1 $(BIN)/mypy

bench: install
	$(BIN)/python bench/run.py

bench-meetings: install
	$(BIN)/python bench/meetings.py --large

bench-guests: install
	@test -n "$(DATABASE_URL)" || { echo "bench-guests needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoforum_bench make bench-guests"; exit 2; }
	$(BIN)/python bench/guests.py

## make bench-pages: the program page and the exhibitor directory at trade-fair size, rendered anew and from the cache,
## against /healthz in the same run (PostgreSQL: DATABASE_URL).
bench-pages: install
	@test -n "$(DATABASE_URL)" || { echo "bench-pages needs PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoforum_bench make bench-pages"; exit 2; }
	$(BIN)/python bench/pages.py

## make bench-search: the search over 12,000 documents against a plain icontains scan (SQLite; PostgreSQL with DATABASE_URL).
bench-search: install
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) var/ecoforum.sqlite3

## make bench-load: locust users at trade-fair size against gunicorn, PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
bench-load: install
	$(BIN)/python -m bench.load
