# The two commands in the README are `make run` and `make test`; both set up everything they
# need on a fresh machine (virtualenv, Python packages, Debian packages) first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Links in e-mail point here; `make run PORT=8765` makes them http://localhost:8765/.
SITE_URL ?= http://localhost:$(PORT)
# Where `make run` keeps its own clamd's configuration, signature file and socket.
CLAMD_DIR ?= $(CURDIR)/var/clamd

.PHONY: run worker prod-local test e2e lint format check-migrations ci setup system-deps clean

setup: $(VENV)/.installed system-deps

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

system-deps:
	@bash .ci/install-system-deps

## Run the app with demo data on SQLite: http://localhost:$(PORT)/ (make run PORT=8765)
## Beside runserver: the background worker (kallelse och handlingar) and a clamd of its own
## that scans uploads (EICAR's signature only: freshclam's database needs the network; see
## nameden/clamd_lokal.py). Ctrl-C stops all three. The demo's seed uploads bilagor, so it
## runs once clamd answers.
run: setup
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	@set -e; trap 'kill $$WORKER $$CLAMD 2>/dev/null; wait $$WORKER $$CLAMD 2>/dev/null' EXIT INT TERM; \
	export CLAMD_SOCKET=$(CLAMD_DIR)/clamd.sock CLAMD_HOST=; \
	DEBUG=1 $(BIN)/python manage.py clamd_lokal --katalog $(CLAMD_DIR) & CLAMD=$$!; \
	DEBUG=1 $(BIN)/python manage.py clamd_lokal --katalog $(CLAMD_DIR) --vanta; \
	DEBUG=1 $(BIN)/python manage.py seed_demo; \
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & WORKER=$$!; \
	DEBUG=1 SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(PORT)

## The background worker alone, without containers (another terminal, same settings).
worker: setup
	DEBUG=1 $(BIN)/python manage.py db_worker

## Production's processes without containers, as docker compose runs them (docs/drift.md):
## migrate, collectstatic (hashed, compressed), a clamd, the db_worker and gunicorn
## (gunicorn.conf.py) on http://127.0.0.1:$(PROD_PORT)/, on PostgreSQL from DATABASE_URL, JSON
## logs, persistent connections. Files in $(PROD_DIR)/private, or on S3 when S3_BUCKET is set.
## Plain http on the loopback, so cookies are not marked Secure. Ctrl-C stops all three.
PROD_DIR ?= $(CURDIR)/var/prod
PROD_PORT ?= 8000
PROD_ENV = DEBUG=0 STATIC_MANIFEST=1 LOG_FORMAT=json SECURE_COOKIES=0 \
	SECRET_KEY=$${SECRET_KEY:-prod-local-not-a-secret} \
	DB_CONN_MAX_AGE=$${DB_CONN_MAX_AGE:-600} \
	STATIC_ROOT=$(PROD_DIR)/static \
	PRIVATE_MEDIA_ROOT=$${PRIVATE_MEDIA_ROOT:-$(PROD_DIR)/private} \
	CLAMD_SOCKET=$(PROD_DIR)/clamd/clamd.sock CLAMD_HOST= \
	GUNICORN_BIND=$${GUNICORN_BIND:-127.0.0.1:$(PROD_PORT)}

prod-local: setup
	@test -n "$$DATABASE_URL" || { echo "make prod-local kör på PostgreSQL: sätt DATABASE_URL=postgres://…" >&2; exit 1; }
	mkdir -p $(PROD_DIR)/private
	$(PROD_ENV) $(BIN)/python manage.py migrate --no-input
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --no-input -v 0
	@set -e; trap 'kill $$WORKER $$CLAMD 2>/dev/null; wait $$WORKER $$CLAMD 2>/dev/null' EXIT INT TERM; \
	export $(PROD_ENV); \
	$(BIN)/python manage.py clamd_lokal --katalog $(PROD_DIR)/clamd & CLAMD=$$!; \
	$(BIN)/python manage.py clamd_lokal --katalog $(PROD_DIR)/clamd --vanta; \
	$(BIN)/python manage.py db_worker --no-reload --no-startup-delay & WORKER=$$!; \
	$(BIN)/gunicorn

## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set), without the
## browser journeys (marked e2e, tests/e2e): those need Chromium and run with `make e2e`.
test: setup
	SECRET_KEY=$${SECRET_KEY:-test-only-secret} $(BIN)/pytest -n auto -m "not e2e" $(PYTEST_ARGS)

## The browser journeys alone (tests/e2e): Debian's Chromium (from .ci/install-system-deps)
## driven by Playwright, axe-core pinned in tests/e2e/package-lock.json (npm ci). Screenshots
## and the list of checked pages go to var/e2e/. One process: the journeys share the machine's
## two cores with a browser each.
e2e: setup
	cd tests/e2e && npm ci --no-audit --no-fund --silent
	SECRET_KEY=$${SECRET_KEY:-test-only-secret} $(BIN)/pytest -m e2e tests/e2e -n 0 $(PYTEST_ARGS)

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
