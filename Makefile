# Common tasks. `make run` and `make test` work from a fresh clone: they install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
# Links printed and mailed by `make run` point at the address it serves on (a wildcard host is reached
# on this machine as 127.0.0.1); MATCHMAKER_BASE_URL, when set, wins (e.g. behind a proxy).
LINK_HOST = $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))

.PHONY: install run test test-fast test-sqlite test-postgres lint bench screenshots services check-docker clean

# Re-installs only when pyproject.toml changed, so a second `make` is fast and harmless.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, pinned: this machine's local CPU build (an unpinned torch pulls GBs of CUDA packages).
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

instance/secret_key:
	mkdir -p instance
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(48))" > $@

# The app with the demo event on the embedded default (SQLite under instance/).
run: install instance/secret_key
	export MATCHMAKER_SECRET_KEY="$$(cat instance/secret_key)"; \
	export MATCHMAKER_BASE_URL="$${MATCHMAKER_BASE_URL:-http://$(LINK_HOST):$(PORT)}"; \
	$(BIN)/matchmaker db upgrade && \
	$(BIN)/matchmaker demo load && \
	exec $(BIN)/matchmaker serve --host $(HOST) --port $(PORT)

# Browser tests drive Debian's chromium (Playwright's own browser download can't work here).
/usr/bin/chromium:
	command -v apt-get >/dev/null && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
	  || { echo "error: install the chromium package for the browser tests" >&2; exit 1; }

# PostgreSQL and Redis are local services on this machine; start them if they are down.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 \
	  --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log

test: install /usr/bin/chromium services test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest

# The suite on SQLite without the tests marked `slow` (a real embedding model, a large solve, a real
# server or install): for the edit-test loop; `make test` still runs everything.
test-fast: install
	$(BIN)/pytest -m "not slow"

# Everything that touches the database again, on PostgreSQL.
test-postgres: install
	MATCHMAKER_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest tests/integration tests/e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict matchmaker

# The load benchmark drives gunicorn with wrk (Debian package) on loopback.
bench: install services
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m benchmarks

# PNGs of the main pages, for anyone to look at (drives chromium on a scratch database).
screenshots: install /usr/bin/chromium
	$(BIN)/python scripts/screenshots_attendee.py --out screenshots/attendee
	$(BIN)/python scripts/screenshots_organiser.py --out screenshots/organiser

# The Dockerfile's steps without a Docker daemon (scripts/check_dockerfile.py): a fresh clone of HEAD, a
# clean venv, the image's installs as written, then its command answering /healthz and /. Minutes; needs
# root. Where the PyTorch index can't be reached: DOCKER_BUILD_ARGS="--build-arg TORCH_INDEX_URL=..."
check-docker:
	$(PYTHON) scripts/check_dockerfile.py $(DOCKER_BUILD_ARGS)

clean:
	rm -rf $(VENV) instance/matchmaker.sqlite3*
