"""`copier copy` of the template with other answers: the project carries its own names
everywhere, keeps nothing of the template's machinery, and passes its own checks."""

import re
import sys
from pathlib import Path

import pytest
import yaml

from tests.template.copying import ANSWERS, ROOT, project_files, run

# The template's names, not words that merely start alike (hexagon, hexagonal).
OLD_NAMES = re.compile(r"hexa(?!gon)|your-org", flags=re.IGNORECASE)
# It explains how projects are made from the template, so it names the template.
NAMES_THE_TEMPLATE = {"docs/new-project.md", ".copier-answers.yml"}
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov"]


def test_no_name_of_the_template_is_left_in_the_new_project(project: Path) -> None:
    files = project_files(project)

    left = {
        name: sorted(set(OLD_NAMES.findall(text)))
        for name, text in files.items()
        if name not in NAMES_THE_TEMPLATE and OLD_NAMES.search(text)
    }
    assert left == {}
    assert not [name for name in files if OLD_NAMES.search(name)]


def test_words_that_only_start_like_the_name_are_left_alone(template: Path, project: Path) -> None:
    copied, original = project_files(project), project_files(template)

    def hexagons(files: dict[str, str]) -> int:
        in_both = [text for name, text in files.items() if name in copied and name in original]
        return sum(len(re.findall(r"hexagon", text, re.IGNORECASE)) for text in in_both)

    assert hexagons(copied) == hexagons(original) > 0
    assert "[importlinter:contract:hexagon]" in copied[".importlinter"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # The project name: the distribution, the API, Kubernetes, Argo CD, compose, docs.
        ("pyproject.toml", 'name = "payments-service"'),
        ("src/app/infra/config.py", 'app_name: str = "payments-service"'),
        ("deploy/overlays/staging/kustomization.yaml", "namespace: payments-service-staging"),
        ("deploy/overlays/production/kustomization.yaml", "namespace: payments-service-production"),
        ("deploy/base/deployment.yaml", "  name: payments-service\n"),
        ("deploy/argocd/project.yaml", "https://github.com/Acme-Corp/payments-service.git"),
        ("docker-compose.yml", "name: payments-service\n"),
        ("README.md", "# payments-service\n"),
        # Its other spellings: alert names, database names.
        ("deploy/platform/monitoring/prometheusrule.yaml", "alert: PaymentsServiceDown"),
        ("docker-compose.yml", "POSTGRES_DB: payments_service"),
        ("tests/conftest.py", 'f"payments_service_test_'),
        # The image name, its owner lower-cased as registries want it.
        ("deploy/overlays/staging/kustomization.yaml", "- name: payments-api\n"),
        (
            "deploy/overlays/production/kustomization.yaml",
            "newName: ghcr.io/acme-corp/payments-api",
        ),
        ("deploy/base/deployment.yaml", "image: payments-api  #"),
        ("deploy/base/migrate-job.yaml", "image: payments-api\n"),
        (".github/workflows/publish.yml", "ghcr.io/${OWNER,,}/payments-api"),
        (".github/workflows/ci.yml", "tags: payments-api:ci"),
        (".github/workflows/ghcr-cleanup.yml", "PACKAGE: payments-api"),
        (".github/scripts/set-image.sh", 'set image "payments-api=$image"'),
        ("docker-compose.yml", "image: payments-api:local"),
        # The GitHub owner, as given.
        (".github/CODEOWNERS", "/deploy/    @Acme-Corp/platform"),
        ("docs/deploy.md", "name the GitHub owner `Acme-Corp`"),
    ],
)
def test_each_name_lands_where_it_belongs(project: Path, path: str, expected: str) -> None:
    assert expected in (project / path).read_text()


def test_the_answers_are_recorded_for_copier_update(project: Path) -> None:
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text())

    assert {key: value for key, value in recorded.items() if not key.startswith("_")} == ANSWERS
    assert recorded["_src_path"]
    assert recorded["_commit"]


def test_the_template_machinery_stays_behind(project: Path) -> None:
    files = project_files(project)

    assert "copier.yml" not in files
    assert not [name for name in files if name.startswith(("tools/template/", "tests/template/"))]
    assert not [name for name in files if name.endswith(".jinja")]
    # Nor does its check: it tests copier.yml, which the project does not have.
    for name in [".github/workflows/ci.yml", "noxfile.py", "tests/workflows/test_ci.py"]:
        assert "nox -s template" not in files[name], name
    assert "`template`" not in files["docs/ci-cd.md"]


def test_postgresql_runs_the_compose_stack_and_fills_the_example_secrets(project: Path) -> None:
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    secrets = (project / "deploy/base/secrets.example.yaml").read_text()

    assert set(compose["services"]) == {"postgres", "redis", "mailpit", "migrate", "app"}
    assert compose["services"]["postgres"]["image"].startswith("postgres:")
    assert compose["services"]["app"]["environment"]["DATABASE_URL"].startswith("postgresql+")
    assert set(compose["volumes"]) == {"postgres-data"}
    assert "DATABASE_URL: postgresql+asyncpg://" in secrets
    assert "DB_MIGRATION_URL: postgresql+asyncpg://" in secrets
    # `make run` keeps the embedded database.
    assert (
        "\nDATABASE_URL=sqlite+aiosqlite:///./var/app.db\n"
        in (project / ".env.example").read_text()
    )


def test_the_new_project_passes_its_linters_and_import_contracts(project: Path) -> None:
    checks = [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["yamllint", "--strict", "--config-file", ".yamllint.yaml", "deploy"],
        ["lint-imports"],
    ]
    for check in checks:
        result = run(project, str(Path(sys.executable).parent / check[0]), *check[1:])
        assert result.returncode == 0, f"{check}:\n{result.stdout}{result.stderr}"


def test_the_new_projects_tests_of_what_carries_its_names_pass(project: Path) -> None:
    # The suites that read the files the names are in; without the app's fixtures (and
    # their imports) from tests/conftest.py, nor plugins these suites do not use.
    suites = [
        "tests/container",
        "tests/workflows/test_ci.py",
        "tests/workflows/test_set_image.py",
        "tests/workflows/test_codeowners.py",
        "tests/deploy/test_workloads.py",
        "tests/deploy/test_argocd.py",
    ]
    plugins = ["-p", "no:hypothesispytest", "-p", "no:schemathesis"]

    result = run(project, *PYTEST, *plugins, "--confcutdir=tests/deploy", *suites)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "skipped" not in result.stdout


def test_the_template_itself_is_left_as_it_was() -> None:
    assert (ROOT / "pyproject.toml").read_text().count('name = "hexa-monolith"') == 1
