# syntax=docker/dockerfile:1
# Multi-stage build: uv installs the locked runtime dependencies in a build stage; the
# runtime stage is a slim Python with the virtualenv, the source and the migrations only.

ARG PYTHON_IMAGE=python:3.12-slim-bookworm

FROM ghcr.io/astral-sh/uv:0.13.9 AS uv

FROM ${PYTHON_IMAGE} AS build
COPY --from=uv /uv /bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
# Dependencies first: this layer is reused until uv.lock changes.
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --locked --no-default-groups --no-install-project
COPY pyproject.toml uv.lock README.md ./
COPY src ./src
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-default-groups \
    && python -m compileall -q src

FROM ${PYTHON_IMAGE} AS runtime
# A fixed numeric UID/GID, so Kubernetes can verify runAsNonRoot without a user database.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin app
WORKDIR /app
# Owned by root and read-only to the app: the process can write nowhere but /tmp.
COPY --from=build /app/.venv ./.venv
COPY --from=build /app/src ./src
COPY infra/migrations ./infra/migrations
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    APP_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000
# The only writable path; mount a tmpfs/emptyDir here with a read-only root filesystem.
VOLUME ["/tmp"]
USER 10001:10001
EXPOSE 8000
# Exec form: python is PID 1 and receives SIGTERM, so uvicorn drains in-flight requests.
ENTRYPOINT ["python", "-m", "app"]
CMD ["serve"]
