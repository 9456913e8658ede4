"""What hadolint does not check in the Dockerfile and compose file, read from the files.

No Docker engine is needed: these tests parse the files and assert the properties the
deployment relies on (non-root, exec-form entrypoint, no secrets in the build context,
healthy-dependency ordering).
"""

import fnmatch
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


def runtime_stage() -> list[tuple[str, str]]:
    stages: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions():
        if keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((keyword, rest))
    return stages[-1]


def test_the_runtime_stage_runs_as_a_numeric_non_root_user() -> None:
    users = [rest for keyword, rest in runtime_stage() if keyword == "USER"]

    assert users, "the runtime stage sets no USER"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit()
    assert gid.isdigit()
    assert int(uid) > 0


def test_the_entrypoint_is_exec_form_so_signals_reach_the_server() -> None:
    entrypoints = [rest for keyword, rest in runtime_stage() if keyword == "ENTRYPOINT"]

    assert json.loads(entrypoints[-1]) == ["python", "-m", "app"]
    commands = [rest for keyword, rest in runtime_stage() if keyword == "CMD"]
    assert json.loads(commands[-1]) == ["serve"]


def test_the_build_installs_only_locked_runtime_dependencies() -> None:
    syncs = [rest for keyword, rest in instructions() if keyword == "RUN" and "uv sync" in rest]

    assert syncs
    assert all("--locked" in s and "--no-default-groups" in s for s in syncs)


def test_the_runtime_stage_is_a_slim_python_312() -> None:
    args = dict(
        rest.split("=", 1) for keyword, rest in instructions() if keyword == "ARG" and "=" in rest
    )

    assert args["PYTHON_IMAGE"].startswith("python:3.12-slim")
    assert runtime_stage()[0] == ("FROM", "${PYTHON_IMAGE} AS runtime")


def ignored(path: str) -> bool:
    """Whether .dockerignore keeps `path` out of the build context (last match wins)."""
    verdict = False
    for raw in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        if _matches(path, pattern):
            verdict = not negate
    return verdict


def _matches(path: str, pattern: str) -> bool:
    if pattern.startswith("**/"):
        return fnmatch.fnmatch(path.rsplit("/", 1)[-1], pattern[3:])
    return fnmatch.fnmatch(path, pattern) or path.startswith(pattern + "/")


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        ".git/config",
        ".venv/bin/python",
        "var/app.db",
        "tests/conftest.py",
        "src/app/__pycache__/main.cpython-312.pyc",
    ],
)
def test_secrets_and_local_state_stay_out_of_the_build_context(path: str) -> None:
    assert ignored(path)


@pytest.mark.parametrize(
    "path", ["src/app/main.py", "infra/migrations/postgres/env.py", "uv.lock", "pyproject.toml"]
)
def test_what_the_image_needs_is_in_the_build_context(path: str) -> None:
    assert not ignored(path)


def test_nothing_copies_an_env_file_into_the_image() -> None:
    copies = [rest for keyword, rest in instructions() if keyword in {"COPY", "ADD"}]

    assert copies
    assert not any(".env" in c for c in copies)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def test_compose_runs_mongodb_with_a_healthcheck_and_a_named_volume(
    compose: dict[str, Any],
) -> None:
    mongo = compose["services"]["mongo"]

    assert mongo["image"].startswith("mongo:")
    assert "ping" in " ".join(mongo["healthcheck"]["test"])
    # Transactions need a replica set: started as one, healthy only once it is primary.
    assert mongo["command"][:2] == ["--replSet", "rs0"]
    assert "rs.initiate(" in " ".join(mongo["healthcheck"]["test"])
    assert "isWritablePrimary" in " ".join(mongo["healthcheck"]["test"])
    volume = mongo["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def test_the_app_waits_for_a_healthy_database_and_finished_migrations(
    compose: dict[str, Any],
) -> None:
    app, migrate = compose["services"]["app"], compose["services"]["migrate"]

    assert app["depends_on"]["mongo"]["condition"] == "service_healthy"
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert migrate["depends_on"]["mongo"]["condition"] == "service_healthy"
    assert migrate["command"] == ["migrate"]
    assert "/health/ready" in " ".join(app["healthcheck"]["test"])


def test_the_app_sends_its_emails_to_the_mail_catcher(compose: dict[str, Any]) -> None:
    app, mailpit = compose["services"]["app"], compose["services"]["mailpit"]

    assert mailpit["image"].startswith("axllent/mailpit:")
    assert "127.0.0.1:8025:8025" in mailpit["ports"]
    assert (app["environment"]["SMTP_HOST"], app["environment"]["SMTP_PORT"]) == ("mailpit", "1025")
    assert app["depends_on"]["mailpit"]["condition"] == "service_healthy"


def test_the_app_counts_rate_limits_in_the_stacks_redis(compose: dict[str, Any]) -> None:
    app, redis = compose["services"]["app"], compose["services"]["redis"]

    assert redis["image"].startswith("redis:")
    assert "ping" in redis["healthcheck"]["test"]
    assert app["environment"]["REDIS_URL"].startswith("redis://redis:6379/")
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "ports" not in redis  # reachable from the stack only


def test_the_app_is_built_here_reads_env_and_runs_read_only(compose: dict[str, Any]) -> None:
    for name in ("app", "migrate"):
        service = compose["services"][name]
        assert service["build"] == "."
        assert service["env_file"] == ".env"
        assert service["environment"]["DATABASE_URL"].startswith("mongodb://mongo:27017/")
        assert service["environment"]["DATABASE_URL"].endswith("?replicaSet=rs0")
        assert service["read_only"] is True
        assert service["tmpfs"] == ["/tmp"]  # noqa: S108 (the container's only writable path)
        assert service["cap_drop"] == ["ALL"]
