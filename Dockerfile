# Quill's image: a builder that installs the locked dependencies with uv, and a runtime that holds
# only the interpreter, that virtual environment and a non-root user.
#
# The base is a build argument: any Debian-like image with Python 3.11+ as `python3`, the venv
# module and the CA store at /etc/ssl/certs (python:3.11-slim by default; CI builds on a
# debootstrapped Debian with Debian's own python3, see ci/container-check.sh). Builder and runtime
# use the same base, so the venv's interpreter path exists in both.
ARG BASE_IMAGE=python:3.11-slim

FROM ${BASE_IMAGE} AS builder
ARG UV_VERSION=0.13.8
# The base's system CA store, for pip and uv alike (uv otherwise trusts only its bundled roots).
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    UV_SYSTEM_CERTS=1 \
    UV_NO_CACHE=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/quill
RUN python3 -m venv /opt/uv \
    && /opt/uv/bin/pip install "uv==${UV_VERSION}"
WORKDIR /src
# Dependencies first: this layer is reused while only the source changes.
COPY pyproject.toml uv.lock ./
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-install-project --python python3
# README.md is the package's long description (pyproject's `readme`).
COPY README.md ./
COPY domain ./domain
COPY application ./application
COPY adapters ./adapters
COPY entrypoints ./entrypoints
# --no-editable: the venv holds Quill itself, so the runtime needs no source tree.
RUN /opt/uv/bin/uv sync --frozen --no-dev --no-editable --python python3

FROM ${BASE_IMAGE} AS runtime
ARG QUILL_UID=10001
# Logs go straight to stdout; the venv is first on PATH; the image runs as a production service.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/quill/bin:$PATH \
    QUILL_ENV=production
# No login shell and no home to write to; /app/var is the one writable place (the default SQLite
# database, and the development signing secret when QUILL_ENV is not production).
RUN groupadd --gid "${QUILL_UID}" quill \
    && useradd --no-log-init --uid "${QUILL_UID}" --gid quill --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin quill \
    && mkdir -p /app/var \
    && chown quill:quill /app/var
COPY --from=builder /opt/quill /opt/quill
WORKDIR /app
USER ${QUILL_UID}:${QUILL_UID}
EXPOSE 8000
# /healthz answers without I/O; slim images have no curl, so the interpreter asks (an error status
# or a refused connection raises, which exits 1). QUILL_HEALTHCHECK_PORT follows a --port override.
ENV QUILL_HEALTHCHECK_PORT=8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['QUILL_HEALTHCHECK_PORT'] + '/healthz', timeout=2)"]
ENTRYPOINT ["quill"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
