# Two commands do everything on a fresh machine with Python >= 3.11:
#   make test   installs Quill with its dev tools and runs the whole test suite
#   make run    installs Quill, migrates the embedded SQLite database and serves on 127.0.0.1:8000
#               (elsewhere: make run HOST=0.0.0.0 PORT=9000)
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.8
VENV := .venv
# Where `make run` listens. Plain assignments, so only the make command line changes them: a HOST
# or PORT exported by the shell or a platform is not picked up by surprise.
HOST = 127.0.0.1
PORT = 8000
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install test run check lint types imports format clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --python $(PYTHON)

test: install
	$(VENV)/bin/pytest

run: $(UV)
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON)
	$(VENV)/bin/quill serve --migrate --host $(HOST) --port $(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: install
	$(VENV)/bin/mypy

imports: install
	$(VENV)/bin/lint-imports

check: lint types imports test

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
