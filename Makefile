# Guichet — the two commands: `make run` runs it, `make test` tests it.
# Needs only Python 3.11 and make; everything else comes from the package registries.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.synced

.PHONY: run test lint typecheck bench demo install clean chromium bytecode crosscheck chaos catalogues messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==0.13.9"

# Installs exactly what uv.lock pins (runtime and test dependencies), with
# bytecode compiled: where PYTHONDONTWRITEBYTECODE is set (as on CI machines)
# every process would otherwise compile every module it imports from source.
$(STAMP): pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --compile-bytecode --python $(BIN)/python
	touch $(STAMP)

# Guichet's own modules too: the workflow sandbox re-imports the workflow
# modules for every workflow run (each new case, resume and replay).
# compileall writes only what changed since its last run.
SOURCES := activities agents bench guichet procedures runtime schemas tests tools web workflows starter.py worker.py
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q $(SOURCES) >/dev/null

# The gettext catalogues (issue 24): each language's .po is compiled to the .mo
# Guichet reads, at build time, whenever the .po is newer.
LOCALES := $(wildcard guichet/i18n/locale/*/LC_MESSAGES/guichet.po)
CATALOGUES := $(LOCALES:.po=.mo)
%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --statistics -D guichet -i $< -o $@

catalogues: $(CATALOGUES)

# Extract the message keys the code and templates use (pybabel extract, babel.cfg)
# and add the new ones, empty, to the three catalogues; nothing is removed
# (keys built at run time, such as "outcome_" + outcome, are not extracted).
# tests/unit/test_i18n_catalog.py fails until each new key is written in every language.
MESSAGE_KEYWORDS := -k translate -k gettext -k ngettext:1 -k t -k has_text -k _ -k texts_for
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $(MESSAGE_KEYWORDS) --no-default-keywords \
		--sort-by-file --omit-header -o guichet/i18n/locale/guichet.pot \
		activities agents guichet procedures web
	$(BIN)/python -m tools.i18n guichet/i18n/locale/guichet.pot

install: $(STAMP) bytecode catalogues

run: $(STAMP) bytecode catalogues
	$(BIN)/python starter.py up

demo: $(STAMP) catalogues
	$(BIN)/python starter.py demo

# The browser tests drive Debian's chromium (Playwright never downloads one).
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

# Native tracebacks: pytest's own renderer parses test sources with ast, and
# CPython 3.11.7 can raise "AST constructor recursion depth mismatch" there
# late in a long session, which aborts the whole run instead of reporting one
# failure.
test: $(STAMP) bytecode catalogues chromium
	$(BIN)/python -m pytest -p no:cacheprovider --durations=25 --tb=native $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

# The chaos run (issue 23): a scratch instance on loopback, its worker, server
# and web killed mid-traffic, its database locked, double decisions, a missing
# key; prints one table. Bounded (timeout), stops what it starts by process
# id, not part of `make test`.
chaos: $(STAMP) bytecode catalogues
	timeout 1200 $(BIN)/python -m tests.chaos

bench: $(STAMP) bytecode catalogues
	$(BIN)/python -m bench $(BENCH_ARGS)

# The RSA against OpenFisca-France (issue 20), not part of `make test`:
# OpenFisca-France is AGPL and heavy, so it lives in its own virtual
# environment, pinned (a version bump is its own change), never in Guichet's.
# Regenerates the committed reference table, then compares Guichet with it.
OPENFISCA_FRANCE := 176.1.8
CROSSCHECK_VENV := .crosscheck-venv
$(CROSSCHECK_VENV)/.installed-$(OPENFISCA_FRANCE):
	$(PYTHON) -m venv $(CROSSCHECK_VENV)
	$(CROSSCHECK_VENV)/bin/python -m pip install --quiet "openfisca-france==$(OPENFISCA_FRANCE)"
	touch $@

crosscheck: $(STAMP) $(CROSSCHECK_VENV)/.installed-$(OPENFISCA_FRANCE)
	$(CROSSCHECK_VENV)/bin/python tests/crosscheck/openfisca_rsa.py
	$(BIN)/python -m pytest -p no:cacheprovider -s --tb=native tests/unit/test_rsa_crosscheck.py
	git diff --stat -- tests/crosscheck/openfisca_rsa_reference.json

clean:
	rm -rf $(VENV) $(CROSSCHECK_VENV) data .pytest_cache .mypy_cache .ruff_cache
