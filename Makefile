# Guichet — the two commands: `make run` runs it, `make test` tests it.
# Needs only Python 3.11 and make; everything else comes from the package registries.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.synced

.PHONY: run test lint typecheck bench demo install clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==0.13.9"

# Installs exactly what uv.lock pins (runtime and test dependencies).
$(STAMP): pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --python $(BIN)/python
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python starter.py up

demo: $(STAMP)
	$(BIN)/python starter.py demo

# The browser tests drive Debian's chromium (Playwright never downloads one).
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

test: $(STAMP) chromium
	$(BIN)/python -m pytest -p no:cacheprovider --durations=25 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
