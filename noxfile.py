"""Quality gates. `nox -l` lists them; `make test` runs the default ones."""

import glob
import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"  # `uv sync` makes a reused venv match uv.lock exactly
nox.options.sessions = [
    "lint",
    "tests",
    "architecture",
    "generator",
    "template",
    "docker",
    "deploy",
    "workflows",
]
nox.options.error_on_missing_interpreters = True

PYTHONS = ["3.12", "3.13"]


def pytest_files_only(session: nox.Session, suite: str) -> None:
    """Run a suite that reads files only, without the app fixtures of tests/conftest.py
    (and the imports they need): conftest files are collected from `suite` down."""
    session.run(
        "pytest", "-p", "no:cacheprovider", f"--confcutdir={suite}", *(session.posargs or [suite])
    )


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
    # The coverage floor holds for the whole run; a chosen subset reports coverage only.
    targets = session.posargs or [
        "tests/unit",
        "tests/contract",
        "tests/integration",
        "tests/bench",
    ]
    # The whole run in 4 processes (pytest-xdist): most tests wait on servers, sockets and
    # timers, so 4 keep 2 cores busy. Each process has its own databases (tests/conftest.py).
    whole = ["-n", "4"] if not session.posargs else ["--cov-fail-under=0"]
    session.run(
        "pytest",
        "--cov",
        "--cov-report=term",
        *whole,
        *targets,
        env={"COVERAGE_FILE": f".coverage.{session.python}"},
    )


@nox.session
def architecture(session: nox.Session) -> None:
    """Enforce the import-linter contracts and prove each one catches a violation."""
    sync(session, "architecture")
    session.run("lint-imports")
    session.run("python", "tools/module_map.py", "--check")
    pytest_files_only(session, "tests/architecture")


@nox.session
def generator(session: nox.Session) -> None:
    """Generate a module in a copy of the project and run every gate on it."""
    sync(session, "lint", "architecture")
    session.run(
        "pytest", "-p", "no:cacheprovider", "--no-cov", *(session.posargs or ["tests/generator"])
    )


@nox.session
def template(session: nox.Session) -> None:
    """Make projects from the template with copier, update one, and run their checks."""
    sync(session, "template")
    pytest_files_only(session, "tests/template")


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
    pytest_files_only(session, "tests/container")


@nox.session
def workflows(session: nox.Session) -> None:
    """Audit the GitHub workflows (zizmor, JSON schemas) and test what they promise."""
    sync(session, "workflows")
    files = sorted(glob.glob(".github/workflows/*.yml"))
    session.run("zizmor", "--offline", ".github/workflows/")
    for schema in ["vendor.github-workflows", "custom.github-workflows-require-timeout"]:
        session.run("check-jsonschema", "--builtin-schema", schema, *files)
    scripts = sorted(glob.glob(".github/scripts/*.sh"))
    if shutil.which("shellcheck"):
        session.run("shellcheck", *scripts, external=True)
    elif os.environ.get("CI") == "true":
        session.error("shellcheck is needed in CI (GitHub's runner image ships it)")
    else:
        session.log("shellcheck not found: the CD scripts are not linted")
    pytest_files_only(session, "tests/workflows")


# Custom resources (Argo CD, Prometheus Operator) are validated against their CRDs'
# published schemas, from the community catalog. kubeconform downloads them, so it runs in
# GitHub CI; offline, tests/deploy checks the fields the manifests use.
CRD_SCHEMAS = (
    "https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/"
    "{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"
)


@nox.session
def deploy(session: nox.Session) -> None:
    """Render deploy/ with kubectl kustomize, validate it, lint it and test its policies."""
    sync(session, "deploy")
    if shutil.which("kubectl") is None:
        session.error("kubectl (with Kustomize) is needed: https://kubernetes.io/docs/tasks/tools/")
    rendered = Path(session.create_tmp()) / "rendered"
    shutil.rmtree(rendered, ignore_errors=True)
    # Every folder Argo CD syncs or an operator applies, quote-fixed so that no validator
    # can skip a document it fails to parse (tests/deploy/render.py).
    session.run("python", "-m", "tests.deploy.render", str(rendered), silent=True)
    files = sorted(map(str, rendered.glob("*.yaml")))
    # Core kinds: kubernetes-validate has no CRD schemas and only warns on those.
    session.run("kubernetes-validate", "--strict", "--quiet", *files)
    if shutil.which("kubeconform"):
        # No -ignore-missing-schemas: a kind without a schema fails instead of passing.
        session.run(
            "kubeconform", "-strict", "-summary", "-schema-location", "default",
            "-schema-location", CRD_SCHEMAS, *files, external=True,
        )  # fmt: skip
    elif os.environ.get("GITHUB_ACTIONS") == "true":
        session.error("kubeconform is needed in GitHub Actions (the deploy job installs it)")
    else:
        session.log("kubeconform not found: custom resources are checked by tests/deploy only")
    session.run("yamllint", "--strict", "--config-file", ".yamllint.yaml", "deploy")
    # Includes the alert rule unit tests (promtool test rules) where promtool is installed.
    pytest_files_only(session, "tests/deploy")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark an authenticated read through every layer against a hand-tuned endpoint."""
    sync(session)
    session.run("python", "-m", "bench", *session.posargs)


@nox.session
def bench_abuse(session: nox.Session) -> None:
    """Measure how the served app holds up under oversized, slow and partitioned requests."""
    sync(session)
    session.run("python", "-m", "bench.abuse", *session.posargs)
