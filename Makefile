# The two commands in the README are `make run` and `make test`; both set up everything they
# need on a fresh machine (virtualenv, Python packages, Debian packages) first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Links in e-mail point here; `make run PORT=8765` makes them http://localhost:8765/.
SITE_URL ?= http://localhost:$(PORT)

.PHONY: run worker test lint format check-migrations ci setup system-deps clean

setup: $(VENV)/.installed system-deps

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system-deps:
	@bash .ci/install-system-deps

## Run the app with demo data on SQLite: http://localhost:$(PORT)/ (make run PORT=8765)
## The background worker (kallelse och handlingar) runs beside runserver; Ctrl-C stops both.
run: setup
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & WORKER=$$!; \
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(PORT)

## The background worker alone, without containers (another terminal, same settings).
worker: setup
	DEBUG=1 $(BIN)/python manage.py db_worker

## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set).
test: setup
	SECRET_KEY=$${SECRET_KEY:-test-only-secret} $(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: setup
	SECRET_KEY=check $(BIN)/python manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3* test-db.sqlite3* var/
