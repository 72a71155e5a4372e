# Pasar Desa: `make run` serves the demo, `make test` runs every test.
# Both install what they need and are safe to run again.

PORT ?= 8000
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
VENV := $(CURDIR)/.venv
MANAGE := $(VENV)/bin/python manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run prod-local test bench pageweight theme-screenshots lint format env system-test-deps messages

run: env
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) seed_demo
	$(MANAGE) collectstatic --noinput -v0
	@echo ""
	@echo "Pasar Desa is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Regional portal:   http://localhost:$(PORT)/"
	@echo "  Ibun Store:        http://ibun.localhost:$(PORT)/"
	@echo "  Toko Pangalengan:  http://pangalengan.localhost:$(PORT)/"
	@echo "  CMS (Wagtail):     http://localhost:$(PORT)/cms/"
	@echo "  Shop dashboard:    http://ibun.localhost:$(PORT)/dashboard/"
	@echo "  Producer portal:   http://ibun.localhost:$(PORT)/jual/"
	@echo "  Logins: operator / pasardesa-operator (CMS, dashboard)"
	@echo "          fasilitator or 081200000999 / pasardesa-fasilitator (portal)"
	@echo "          produsen or 081200000101 / pasardesa-produsen (portal)"
	@echo "          mitra / pasardesa-mitra (programme reports: /program/laporan/)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The production stack on loopback (no Docker): a throwaway PostgreSQL and
# Redis, moto's S3 server, the demo data, two gunicorns and an RQ worker
# (tests/production/stack.py). Prints the URLs; Ctrl-C stops everything.
prod-local: env system-test-deps
	$(VENV)/bin/python -m tests.production.stack

# Browser journeys run in their own session: they use a live server and a
# flushed, re-seeded database, which a long session of other tests upsets.
# So do the PostgreSQL tests: their whole session's database is PostgreSQL,
# on a throwaway server they start themselves (tests/servers.py), and the
# production tests, which start the production stack. The main session runs
# on two cores (pytest-xdist), each with its own test database; the
# PostgreSQL and production sessions, mostly waiting on their servers, run
# side by side (the PostgreSQL one's output follows when both are done).
test: env system-test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -n 2 --ignore=tests/browser --ignore=tests/postgres --ignore=tests/production
	@$(VENV)/bin/pytest tests/postgres > var/pytest-postgres.log 2>&1 & postgres=$$!; \
	  $(VENV)/bin/pytest tests/production; production=$$?; \
	  wait $$postgres; postgres=$$?; \
	  echo "--- pytest tests/postgres"; cat var/pytest-postgres.log; \
	  [ $$production = 0 ] && [ $$postgres = 0 ]
	$(VENV)/bin/pytest tests/browser

# Benchmarks print figures and write them to bench/results.md; they are
# not tests (see bench/README.md). The load benchmark drives wrk.
bench: env system-test-deps
	@command -v wrk >/dev/null || { $(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
	$(VENV)/bin/python bench/photo_pipeline.py --worst-case
	$(VENV)/bin/python bench/stats_counting.py
	$(VENV)/bin/python -m bench.scale
	$(VENV)/bin/python -m bench.load

# Bytes each shopper page costs a phone on first load; run it while
# `make run` serves (PORT=8001 make pageweight for another port).
pageweight: env system-test-deps
	$(VENV)/bin/python bench/pageweight.py --base http://ibun.localhost:$(PORT)

# The customizer's theme screenshots, taken from the running demo.
theme-screenshots: env system-test-deps
	$(MANAGE) theme_screenshots --port $(PORT)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Python packages, exactly as locked in uv.lock.
env: $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@mkdir -p var/static

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv $(CURDIR)/.tools || { $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && $(PYTHON) -m venv $(CURDIR)/.tools; }
	$(CURDIR)/.tools/bin/pip install --quiet uv

# The browser tests drive Debian's chromium; the PostgreSQL tests run
# Debian's postgresql binaries (not on PATH: /usr/lib/postgresql/*/bin).
# Install each only when missing.
system-test-deps:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; }
	@command -v redis-server >/dev/null || { $(SUDO) apt-get update && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server; }

# Re-extract and compile translations (needs GNU gettext; the compiled .mo
# files are committed so nobody else needs it).
messages:
	$(MANAGE) makemessages -l id -l en --ignore=.venv --ignore=.tools --ignore=var
	$(MANAGE) compilemessages --ignore=.venv --ignore=.tools
