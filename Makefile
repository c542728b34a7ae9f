# Lindra: `make run` sets everything up and serves the app; `make test` runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?=
PYTEST_ARGS ?= -n 2
export PYTHON

# Lindra's catalogues: bokmål, nynorsk and English; the compiled .mo beside each is build output.
LANGUAGES := nb nn en
CATALOGUES := $(foreach language,$(LANGUAGES),lindra/locale/$(language)/LC_MESSAGES/django)
COMPILE_MESSAGES = $(PY) manage.py compilemessages $(foreach language,$(1),--locale $(language)) --ignore node_modules --verbosity 0

.PHONY: run test check demo chromium clean bench bench-load bench-mail messages translations mutation

run: $(VENV)/.installed node_modules/.installed translations
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py load_demo_data --if-empty
	@scripts/run

test: $(VENV)/.installed-dev node_modules/.installed chromium translations
	$(VENV)/bin/pytest $(PYTEST_ARGS)

check: $(VENV)/.installed-dev node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

demo: $(VENV)/.installed node_modules/.installed
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo_data --reset

$(VENV)/bin/python:
	@python=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)
	@$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/python
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Lindra needs Node.js and npm to fetch its front-end assets (apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The compiled catalogues, each rebuilt when its .po changes. GNU gettext is installed when
# missing and we may.
translations: $(addsuffix .mo,$(CATALOGUES))

lindra/locale/%/LC_MESSAGES/django.mo: lindra/locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	@scripts/ensure-gettext
	$(call COMPILE_MESSAGES,$*)

# After changing messages in the code: brings the three catalogues up to date, then compiles them.
messages: $(VENV)/.installed
	@scripts/ensure-gettext
	$(PY) manage.py makemessages --verbosity 0
	$(call COMPILE_MESSAGES,$(LANGUAGES))

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
chromium:
	@scripts/ensure-chromium

clean:
	rm -rf $(VENV) node_modules db.sqlite3* staticfiles $(addsuffix .mo,$(CATALOGUES)) mutants

# Benchmarks on national-scale data (SCALE=10 for ten times as much); see bench/run.py.
SCALE ?= 1
bench: $(VENV)/.installed node_modules/.installed
	SCALE=$(SCALE) $(PY) bench/run.py

# The load test: USERS people at once for MINUTES minutes against gunicorn, on the same data;
# fails when a request fails or the 99th percentile is a second or more. See bench/load.py.
MINUTES ?= 10
USERS ?= 30
bench-load: $(VENV)/.installed node_modules/.installed translations
	SCALE=$(SCALE) $(PY) bench/load.py --minutes $(MINUTES) --users $(USERS)

# The outbox at scale: MAILS e-mails sent by WORKERS workers at once to a local SMTP server, on
# the PostgreSQL of DATABASE_URL (default: lindra_bench_mail on 127.0.0.1); see bench/mail.py.
MAILS ?= 10000
WORKERS ?= 3
bench-mail: $(VENV)/.installed-dev
	MAILS=$(MAILS) WORKERS=$(WORKERS) $(PY) bench/mail.py

# Mutation testing (slow; not part of `make test`): mutmut changes the code of every access helper
# and rule, the mail delivery and the choice of who receives invitations and minutes, one small
# change at a time, and runs the tests that reach it; a change no test notices is a gap. Results
# are kept in mutants/ (a second run tries only what changed); `mutmut results` lists survivors,
# `mutmut show NAME` shows one. At low priority, one process: MUTATION_CHILDREN=2 for two.
MUTATION_CHILDREN ?= 1
MUTANTS ?= 'lindra.*.access.*' 'lindra.*_access.*' 'lindra.*.rules.*' 'lindra.mail.delivery.*' \
	'lindra.meetings.invitations.x_call_list__*' 'lindra.meetings.invitations.x_copy_recipients__*' \
	'lindra.meetings.invitations.x__nearest_leaders__*' 'lindra.meetings.minutes.x_recipients__*'
mutation: $(VENV)/.installed-dev node_modules/.installed translations
	@mkdir -p mutants && ln -sfn ../node_modules mutants/node_modules
	nice -n 10 $(VENV)/bin/mutmut run --max-children $(MUTATION_CHILDREN) $(MUTANTS)
	@$(VENV)/bin/mutmut results
