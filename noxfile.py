"""Quality gates. `nox -l` lists them; `make test` runs the default ones."""

import glob
import os

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"  # `uv sync` makes a reused venv match uv.lock exactly
nox.options.sessions = ["lint", "tests", "architecture", "docker", "workflows"]
nox.options.error_on_missing_interpreters = True

PYTHONS = ["3.12", "3.13"]
# Suites that read files only: skip the app fixtures of tests/conftest.py (and their imports).
STANDALONE = ["-p", "no:cacheprovider", "--noconftest"]


def sync(session: nox.Session, *groups: str) -> None:
    """Install the project and the given dependency groups at the versions in uv.lock."""
    env = {"UV_PROJECT_ENVIRONMENT": session.virtualenv.location}
    if isinstance(session.python, str):
        env["UV_PYTHON"] = session.python
    group_args = [f"--group={group}" for group in groups]
    session.run_install(
        "uv", "sync", "--locked", "--no-default-groups", *group_args, env=env, silent=True
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Check style (ruff), formatting (ruff format) and types (mypy --strict)."""
    sync(session, "lint")
    session.run("ruff", "check", *(session.posargs or ["."]))
    session.run("ruff", "format", "--check", *(session.posargs or ["."]))
    session.run("mypy", *session.posargs)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run unit, contract and integration tests with a branch-coverage floor."""
    sync(session, "test")
    session.run(
        "pytest",
        "--cov",
        "--cov-report=term",
        *(session.posargs or ["tests/unit", "tests/contract", "tests/integration"]),
        env={"COVERAGE_FILE": f".coverage.{session.python}"},
    )


@nox.session
def architecture(session: nox.Session) -> None:
    """Enforce the import-linter contracts and prove each one catches a violation."""
    sync(session, "architecture")
    session.run("lint-imports")
    session.run("pytest", *STANDALONE, *(session.posargs or ["tests/architecture"]))


@nox.session(python=False)
def fmt(session: nox.Session) -> None:
    """Format the code and apply safe lint fixes in place (uses the project venv)."""
    venv_bin = os.path.join(".venv", "bin")
    session.run(os.path.join(venv_bin, "ruff"), "format", ".")
    session.run(os.path.join(venv_bin, "ruff"), "check", "--fix", ".")


@nox.session
def docker(session: nox.Session) -> None:
    """Lint the Dockerfile (hadolint) and check the image and compose invariants."""
    sync(session, "docker")
    session.run("hadolint", "--failure-threshold", "warning", "Dockerfile")
    session.run("pytest", *STANDALONE, *(session.posargs or ["tests/container"]))


@nox.session
def workflows(session: nox.Session) -> None:
    """Audit the GitHub workflows (zizmor, JSON schemas) and test what they promise."""
    sync(session, "workflows")
    files = sorted(glob.glob(".github/workflows/*.yml"))
    session.run("zizmor", "--offline", ".github/workflows/")
    for schema in ["vendor.github-workflows", "custom.github-workflows-require-timeout"]:
        session.run("check-jsonschema", "--builtin-schema", schema, *files)
    session.run("pytest", *STANDALONE, *(session.posargs or ["tests/workflows"]))
