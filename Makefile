# HRFlow's commands. The README's two: `make run` and `make test`.
SHELL := /bin/bash
# uv from PATH, else the one pip installed for python3 (`python3 -m uv` finds its binary).
UV ?= $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PY = $(UV) run --frozen python
PORT ?= 8000
# Debian packages the browser tests and exports need (Chromium, Thai fonts, pdftotext, msgfmt).
# npm installs axe-core and Lighthouse for the browser tests (package.json); Debian's when there is none.
NODE_PACKAGES := $(if $(shell command -v npm 2>/dev/null),,nodejs npm)
SYSTEM_PACKAGES := chromium fonts-thai-tlwg fonts-tlwg-laksaman poppler-utils gettext $(NODE_PACKAGES)
# LibreOffice Writer opens every DOCX in the tests (soffice --convert-to pdf). Without its
# recommends: 49 packages, 84 MB to download, about a minute to install on Debian 12 — with them
# 250 packages and 239 MB, too much for CI's time budget.
SLIM_PACKAGES := libreoffice-writer-nogui

.PHONY: run test chaos lint format setup uv system-deps node-deps migrate worker messages bench bench-plot clean

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
	  python3 -m pip install --quiet uv || python3 -m pip install --quiet --user uv

setup: uv
	$(UV) sync --frozen

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	slim=""; for p in $(SLIM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || slim="$$slim $$p"; done; \
	if [ -n "$$missing$$slim" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && export DEBIAN_FRONTEND=noninteractive && \
	    { [ -z "$$missing" ] || apt-get install -y -qq $$missing >/dev/null; } && \
	    { [ -z "$$slim" ] || apt-get install -y -qq --no-install-recommends $$slim >/dev/null; }; \
	  else echo "Missing Debian packages:$$missing$$slim (install them with apt-get)"; fi; \
	fi

# Local development commands run with DEBUG on unless told otherwise: with DEBUG off HRFlow
# refuses to start without its own SECRET_KEY (hrflow/settings.py).
run migrate worker messages: export DEBUG := $(or $(DEBUG),1)

migrate: setup
	$(PY) manage.py migrate --noinput

# SQLite and the filesystem broker under var/ unless DATABASE_URL / CELERY_BROKER_URL say otherwise;
# a real Celery worker (with beat) runs beside the web server and stops with it. Emails are
# written to var/mail/ (one file per batch) unless EMAIL_HOST or EMAIL_BACKEND is set.
RUN_EMAIL_BACKEND := $(if $(EMAIL_HOST),,django.core.mail.backends.filebased.EmailBackend)
run: export EMAIL_BACKEND := $(or $(EMAIL_BACKEND),$(RUN_EMAIL_BACKEND),django.core.mail.backends.smtp.EmailBackend)
# Links in emails and the public pages' addresses point at the port the server really uses.
run: export HRFLOW_SITE_URL := $(or $(HRFLOW_SITE_URL),http://127.0.0.1:$(PORT))
# The worker's start-up noise goes to var/worker.log; the banner is printed once the server
# answers, so it is the last thing on the screen.
run: migrate
	$(PY) manage.py seed_demo
	@trap 'kill 0' EXIT INT TERM; \
	DEBUG=1 $(UV) run --frozen celery -A hrflow worker --beat --loglevel=INFO --concurrency=2 \
	  --schedule=var/celerybeat-schedule >>var/worker.log 2>&1 & \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT) & \
	until (exec 3<>/dev/tcp/127.0.0.1/$(PORT)) 2>/dev/null; do sleep 0.2; done; \
	echo; echo "HRFlow: http://127.0.0.1:$(PORT)/  (logins: clerk, executive, employee, auditor, admin; password hrflow-demo; emails in var/mail/, worker log in var/worker.log)"; \
	wait

worker: setup
	$(UV) run --frozen celery -A hrflow worker --beat --loglevel=INFO --schedule=var/celerybeat-schedule

# The browser tests' axe-core and Lighthouse, exactly as package-lock.json pins them (node_modules/).
node-deps:
	@if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/lighthouse/cli/index.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund --loglevel=error; fi

test: setup system-deps node-deps
	$(UV) run --frozen pytest $(PYTEST_ARGS)

# The fault-injection suite in full (tests/reliability/): every fault three times at the issue's
# sizes, on the PostgreSQL and Redis that CI uses (private throw-away servers for the faults),
# with the Hypothesis walks of every kind's workflow and of the evaluation case
# (tests/reliability/test_evaluation_walk.py, long under HRFLOW_CHAOS_FULL), then the table of
# fault, runs, lost, duplicated, worst recovery time. `make test` runs a short version of the
# same tests (one run each, smaller sizes).
CHAOS_RUNS ?= 3
chaos: export DATABASE_URL := $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/hrflow)
chaos: export CELERY_BROKER_URL := $(or $(CELERY_BROKER_URL),redis://127.0.0.1:6379/15)
chaos: export HRFLOW_REQUIRE_SERVICES := 1
chaos: setup
	@rm -f $${HRFLOW_VAR_DIR:-var}/chaos/results.jsonl; status=0; \
	HRFLOW_CHAOS_RUNS=$(CHAOS_RUNS) HRFLOW_CHAOS_FULL=1 $(UV) run --frozen pytest tests/reliability \
	  -m chaos -q $(PYTEST_ARGS) || status=$$?; \
	$(PY) -m tests.reliability.report --min-runs $(CHAOS_RUNS) || status=1; exit $$status

# The benchmark (bench/README.md): every target measured against this machine's own limits in the
# same run, one line each with its ratio and PASS/FAIL, written to bench/results/latest.json.
# It DROPS and re-creates its own database (HRFLOW_BENCH_DATABASE_URL) and empties its own Redis
# database index (HRFLOW_BENCH_BROKER_URL); it never touches DATABASE_URL / CELERY_BROKER_URL.
bench: export HRFLOW_BENCH_DATABASE_URL := $(or $(HRFLOW_BENCH_DATABASE_URL),postgres://postgres@127.0.0.1:5432/hrflow_bench)
bench: export HRFLOW_BENCH_BROKER_URL := $(or $(HRFLOW_BENCH_BROKER_URL),redis://127.0.0.1:6379/14)
bench: setup
	$(PY) -m bench $(BENCH_ARGS)

# Each line's ratio over the commits in bench/results/history.jsonl (one line per `make bench`),
# drawn to bench/results/history.png, so a regression is seen, not read.
bench-plot: setup
	$(PY) -m bench.history

lint: setup
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports

format: setup
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

messages: setup
	$(PY) manage.py makemessages -l th --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=staticfiles --ignore=bench --ignore=node_modules
	$(PY) manage.py compilemessages -l th --ignore=.venv

clean:
	rm -rf var staticfiles .pytest_cache
