# Two commands do everything on a fresh machine with Python >= 3.11:
#   make test   installs Quill with its dev tools and runs the whole test suite
#   make run    installs Quill, migrates the embedded SQLite database and serves on 127.0.0.1:8000
#               (elsewhere: make run HOST=0.0.0.0 PORT=9000)
# Operations checks (CI runs all but audit): make security ops-check container-check; make audit
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

.PHONY: install test run check lint types imports format clean openapi \
	security dockerfile compose alerts ops-check container-check audit

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

check: lint types imports security test

security: install
	$(VENV)/bin/bandit -q -c pyproject.toml -r domain application adapters entrypoints

dockerfile: install
	$(VENV)/bin/hadolint Dockerfile
	@grep -qx 'ARG UV_VERSION=$(UV_VERSION)' Dockerfile || \
		{ echo "Dockerfile: ARG UV_VERSION differs from the Makefile's $(UV_VERSION)" >&2; exit 1; }

compose: install
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec compose.yml

# promtool comes with Debian's prometheus package (installed when missing; needs root).
alerts:
	ci/apt-need.sh promtool:prometheus
	promtool check rules ops/alerts.yml
	promtool test rules ops/alerts.test.yml

ops-check: dockerfile compose alerts

# Builds the image on a debootstrapped Debian, runs it, checks /readyz and the non-root user.
container-check:
	ci/container-check.sh

# The locked dependencies (every group) against the advisory databases. Their hosts are out of
# reach from Quill's CI machines, so CI does not run this; run it where they can be reached.
audit: install
	@requirements=$$(mktemp); trap 'rm -f "$$requirements"' EXIT; \
	$(UV) export --frozen --all-groups --no-emit-project --format requirements-txt --quiet \
		--output-file "$$requirements" && \
	$(VENV)/bin/pip-audit --strict --disable-pip --requirement "$$requirements"

# Rewrites the committed OpenAPI documents from the code (tests fail when they drift).
openapi: install
	$(VENV)/bin/quill openapi --surface v1 > openapi/v1.json
	$(VENV)/bin/quill openapi --surface realworld > openapi/realworld.json

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
