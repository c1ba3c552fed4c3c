# Tessera: `make run` serves the demo, `make test` runs the whole suite (see README.md).
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
UV_VERSION := 0.13.8
BOOTSTRAP := var/bootstrap
UV := $(BOOTSTRAP)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test venv venv-dev migrate demo lint serve worker messages clean

$(UV):
	@mkdir -p var
	PY=$$(scripts/find-python) && $$PY -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet uv==$(UV_VERSION)

# The application's dependencies only, exactly as locked, compiled to bytecode: without it,
# every start (a command, an app server, the worker) compiles ~500 modules again (0.6 s).
venv: $(UV)
	$(UV) sync --frozen --no-dev --inexact --compile-bytecode --python "$$(scripts/find-python)"
	$(PY) -m compileall -q src

# The same plus the test, lint and benchmark tools.
venv-dev: $(UV)
	$(UV) sync --frozen --python "$$(scripts/find-python)"

# The demo: SQLite under var/, mail written to var/mail, a production server with DEBUG off.
DEMO_ENV := TESSERA_DEMO=1 DEBUG=0 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0 HTTP_PROTOCOL=http \
  PUBLIC_PORT=$(PORT) LOG_FORMAT=text

run: venv
	mkdir -p var/mail var/media
	$(DEMO_ENV) $(MANAGE) migrate --noinput
	$(DEMO_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(DEMO_ENV) $(MANAGE) demo
	@echo "E-mails (sign-up verification, notifications) are written to var/mail/."
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	@# The task worker (e-mails of notifications), the notifications' clock and the figures'
	@# refresh run beside the server and stop with it: background jobs ignore Ctrl-C here, so
	@# the trap ends them.
	$(DEMO_ENV) $(MANAGE) db_worker --no-reload --interval 2 & worker=$$!; \
	$(DEMO_ENV) $(MANAGE) notifications_clock --every 60 & clock=$$!; \
	$(DEMO_ENV) $(MANAGE) stats_refresh --every 300 & figures=$$!; \
	trap 'kill $$worker $$clock $$figures 2>/dev/null; wait $$worker $$clock $$figures 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(VENV)/bin/gunicorn tessera.wsgi --pythonpath src \
	  --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile -

# The background side alone (production runs these beside the app servers): the task worker,
# the notifications' clock and the figures' refresh (or run `manage.py notifications_clock`
# and `manage.py stats_refresh` from cron instead).
worker: venv
	$(MANAGE) notifications_clock --every 60 & clock=$$!; \
	$(MANAGE) stats_refresh --every 300 & figures=$$!; \
	trap 'kill $$clock $$figures 2>/dev/null; wait $$clock $$figures 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) db_worker --no-reload

# Headless Chromium for the browser tests comes from Debian's packages.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: venv-dev chromium lint
	@# A check that writes nothing: the repository's demo key is enough, whatever DATABASE_URL says.
	TESSERA_DEMO=1 $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Rebuild the translation catalogues after changing UI strings (then translate the .po files).
messages: venv-dev
	cd src/tessera && ../../$(MANAGE) makemessages -l fr -l en --no-obsolete \
	  --ignore 'static/*' && ../../$(MANAGE) compilemessages

clean:
	rm -rf var .venv .mypy_cache .pytest_cache .ruff_cache
