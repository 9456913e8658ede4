"""`make module NAME=catalog` in a copy of the project: the module it generates passes
every gate at once, and nothing outside it changes but one row of the module map.

The copy is the project as it is now (tracked and new files); every command runs with
this interpreter and `PYTHONPATH` pointing at the copy, as `make` would in the project.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CACHES = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".tools", "var"}
GENERATED = [
    "src/app/modules/catalog/",
    "tests/unit/catalog/",
    "tests/contract/catalog/",
    "tests/integration/catalog/",
    "infra/migrations/postgres/versions/0",
]
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov"]


def run(
    tree: Path, *command: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree / "src"), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def snapshot(tree: Path) -> dict[str, str]:
    """Every file of the tree with a digest of its content."""
    return {
        str(path.relative_to(tree)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(tree.rglob("*"))
        if path.is_file() and not CACHES & set(path.relative_to(tree).parts)
    }


def project_files() -> list[str]:
    listed = subprocess.run(
        [shutil.which("git") or "git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project, before any module is generated."""
    tree = tmp_path_factory.mktemp("project")
    for name in project_files():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    if (ROOT / ".mypy_cache").is_dir():  # a warm cache: checking the copy takes seconds
        shutil.copytree(ROOT / ".mypy_cache", tree / ".mypy_cache")
    (tree / ".tools").mkdir()
    if (ROOT / ".tools" / "mongo-server").is_dir():
        (tree / ".tools" / "mongo-server").symlink_to(ROOT / ".tools" / "mongo-server")
    return tree


@pytest.fixture(scope="module")
def generated(project: Path) -> tuple[Path, dict[str, str], subprocess.CompletedProcess[str]]:
    """The copy after `make module NAME=catalog`, with the tree as it was before."""
    before = snapshot(project)
    result = run(project, sys.executable, "tools/new_module.py", "catalog")
    return project, before, result


def before_lines(tree: Path) -> list[str]:
    """The module map as the project has it (the copy was taken from it)."""
    return (ROOT / "docs" / "architecture.md").read_text().splitlines()


def changes(before: dict[str, str], after: dict[str, str]) -> tuple[list[str], list[str]]:
    added = sorted(set(after) - set(before))
    changed = sorted(name for name in set(before) & set(after) if before[name] != after[name])
    return added, changed + sorted(set(before) - set(after))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("user", "exists already"),
        ("class", "keyword"),
        ("9lives", "snake_case"),
        ("Catalog", "snake_case"),
        ("order__line", "snake_case"),
        ("serve", "reserved"),
    ],
)
def test_a_bad_name_is_refused_with_its_reason_and_nothing_is_written(
    project: Path, name: str, reason: str
) -> None:
    before = snapshot(project)

    result = run(project, sys.executable, "tools/new_module.py", name)

    assert result.returncode == 1
    assert reason in result.stderr
    assert snapshot(project) == before


def test_the_generator_adds_the_module_its_tests_and_migration_and_one_map_row(
    generated: tuple[Path, dict[str, str], subprocess.CompletedProcess[str]],
) -> None:
    tree, before, result = generated

    added, changed = changes(before, snapshot(tree))

    assert result.returncode == 0, result.stderr
    assert added
    assert all(name.startswith(tuple(GENERATED)) for name in added), added
    [migration] = [name for name in added if name.startswith("infra/")]
    assert migration.endswith("_create_catalog_items.py")
    number = int(Path(migration).name[:4])
    assert f"{number - 1:04d}_" in " ".join(before)  # the next one after the head
    assert changed == ["docs/architecture.md"]
    old, new = before_lines(tree), (tree / changed[0]).read_text().splitlines()
    assert len(new) == len(old) + 1
    assert next(line for line in new if line not in old).startswith("| `catalog` |")


def test_the_generated_module_passes_lint_formatting_strict_types_and_the_contracts(
    generated: tuple[Path, dict[str, str], subprocess.CompletedProcess[str]],
) -> None:
    tree, _, _ = generated
    new = [name for name in GENERATED if (tree / name).exists()] + [
        str(path.relative_to(tree))
        for path in (tree / "infra/migrations/postgres/versions").glob("*_create_catalog_*.py")
    ]

    checks: list[Sequence[str]] = [
        [str(BIN / "ruff"), "check", "."],
        [str(BIN / "ruff"), "format", "--check", "."],
        [str(BIN / "mypy"), *new],
        [str(BIN / "lint-imports"), "--no-cache"],
        [sys.executable, "tools/module_map.py", "--check"],
    ]
    for check in checks:
        result = run(tree, *check)
        assert result.returncode == 0, f"{check}:\n{result.stdout}{result.stderr}"


def test_the_generated_tests_pass_on_every_database(
    generated: tuple[Path, dict[str, str], subprocess.CompletedProcess[str]],
) -> None:
    tree, _, _ = generated
    suites = ["tests/unit/catalog", "tests/contract/catalog", "tests/integration/catalog"]

    result = run(tree, *PYTEST, *suites, "tests/integration/test_migrations.py")

    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout
    assert "skipped" not in result.stdout


def test_the_api_fuzzing_covers_each_of_the_new_routes(
    generated: tuple[Path, dict[str, str], subprocess.CompletedProcess[str]],
) -> None:
    tree, _, _ = generated

    result = run(tree, *PYTEST, "tests/integration/test_api_properties.py", "-k", "catalog")

    assert result.returncode == 0, result.stdout[-3000:]
    assert "5 passed" in result.stdout  # create, list, read, rename, delete


def test_generating_the_same_module_again_fails_and_changes_nothing(
    generated: tuple[Path, dict[str, str], subprocess.CompletedProcess[str]],
) -> None:
    tree, _, _ = generated
    before = snapshot(tree)

    result = run(tree, sys.executable, "tools/new_module.py", "catalog")

    assert result.returncode == 1
    assert "exists already" in result.stderr
    assert snapshot(tree) == before


def test_a_module_without_a_mongodb_adapter_stops_a_mongodb_start_in_one_line(
    generated: tuple[Path, dict[str, str], subprocess.CompletedProcess[str]],
) -> None:
    tree, _, _ = generated
    wiring = tree / "src/app/modules/catalog/module.py"
    original = wiring.read_text()
    without_mongo = original.replace("        mongo=_mongo_items,\n", "")
    assert without_mongo != original  # the line the template writes
    wiring.write_text(without_mongo)
    try:
        result = run(
            tree,
            sys.executable,
            "-m",
            "app",
            "serve",
            env={"DATABASE_URL": "mongodb://127.0.0.1:1/shop", "APP_ENV": "dev"},
            timeout=60,  # it must stop at once; a server that starts would run on
        )
    finally:
        wiring.write_text(original)

    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "module 'catalog'" in result.stderr
    assert "MongoDB" in result.stderr
