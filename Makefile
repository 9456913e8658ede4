# One-command set-up: `make run` serves the API, `make test` runs every gate.
# Needs only python3 (3.8+) on PATH; uv is installed into .tools/ if it is missing, and
# uv finds (or, where allowed, downloads) a Python 3.12+ for the project.

SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
TOOLS := $(CURDIR)/.tools
export PATH := $(PATH):$(TOOLS)/bin
UV := $(or $(shell command -v uv 2>/dev/null),$(TOOLS)/bin/uv)

# pyenv's shims answer only for versions PYENV_VERSION lists: list every installed 3.x.
ifneq ($(shell command -v pyenv 2>/dev/null),)
  ifeq ($(origin PYENV_VERSION),undefined)
    export PYENV_VERSION := $(shell pyenv versions --bare --skip-aliases 2>/dev/null | grep -E '^3\.[0-9]+\.[0-9]+$$' | sort -rV | paste -sd: -)
  endif
endif

.PHONY: help install run migrate test test-servers fmt bench bench-abuse up down clean module docs

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(TOOLS)/bin/uv:
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked
	@touch $@

install: .venv/.synced ## create .venv from uv.lock

# The MongoDB wire-protocol server the tests run against: a test tool in a venv of its own.
MONGO_SERVER := $(TOOLS)/mongo-server
$(MONGO_SERVER)/.installed: tools/mongo-server.txt | $(UV)
	$(UV) venv --quiet --allow-existing --python '>=3.12,<3.14' $(MONGO_SERVER)
	$(UV) pip install --quiet --python $(MONGO_SERVER)/bin/python --require-hashes \
	  --requirement tools/mongo-server.txt
	@touch $@

migrate: install ## apply database migrations to DATABASE_URL (default: SQLite in ./var/)
	.venv/bin/python -m app migrate

run: migrate ## migrate, then serve on http://127.0.0.1:8000 (PORT overrides)
	.venv/bin/python -m app serve

test-servers: $(MONGO_SERVER)/.installed ## install the MongoDB server the tests start

test: install test-servers ## run every quality gate (nox -l lists them)
	.venv/bin/nox -s lint tests architecture generator template docker deploy workflows

module: install ## generate a module: make module NAME=catalog [ENTITY=product] [PLURAL=products]
	@test -n "$(NAME)" || { echo "Name the module: make module NAME=catalog"; exit 2; }
	.venv/bin/python tools/new_module.py "$(NAME)" $(if $(ENTITY),--entity "$(ENTITY)") \
	  $(if $(PLURAL),--plural "$(PLURAL)")

docs: install ## regenerate the module map in docs/architecture.md
	.venv/bin/python tools/module_map.py --write

fmt: install ## format code and apply safe lint fixes
	.venv/bin/nox -s fmt

bench: install test-servers ## measure the authenticated read vs a hand-tuned endpoint (wrk, PostgreSQL)
	.venv/bin/nox -s bench

bench-abuse: install ## measure memory and latency under huge or slow requests and a cut database (PostgreSQL)
	.venv/bin/nox -s bench_abuse

up: ## build the image and start the app with MongoDB (docker compose; needs .env)
	@test -f .env || { echo "Create .env first: cp .env.example .env"; exit 1; }
	docker compose up --build

down: ## stop the compose stack (data stays in the mongo-data volume)
	docker compose down

clean: ## remove environments, caches and the local database
	rm -rf .venv .nox .tools .mypy_cache .ruff_cache .pytest_cache .coverage* var
