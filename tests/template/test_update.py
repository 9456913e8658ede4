"""`copier update`: a project made from one commit of the template, changed by its team,
takes in a later commit of the template; its answers stay, and so do its own changes.

The task renames every render, the two that copier compares included, so the update
carries only what the template changed, in the project's names.
"""

from pathlib import Path

import pytest
import yaml

from tests.template.copying import commit_all, copier, git, project_files

# What the template's next commit changes, and what the project changed before.
TEMPLATE_CHANGE = "\nImages are published as `ghcr.io/your-org/hexa-monolith:<sha>`.\n"
TEMPLATE_DEFAULT = ("LOG_LEVEL=INFO\n", "LOG_LEVEL=WARNING\n")
PROJECT_CHANGE = ("PORT=8000\n", "PORT=9000\n")


@pytest.fixture(scope="module")
def updated(
    template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """A project made with the defaults (and an owner), changed, committed, then updated
    to a new commit of the template; with its answers from before the update."""
    history = tmp_path_factory.mktemp("history") / "template"
    git(template, "clone", "--quiet", str(template), str(history))
    project = tmp_path_factory.mktemp("projects") / "shop-api"
    owner = "--data=github_owner=acme"
    made = copier(history, "copy", "--trust", "--defaults", owner, str(history), str(project))
    assert made.returncode == 0, made.stderr
    commit_all(project, "Start from the template")
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    replace(project / ".env.example", *PROJECT_CHANGE)
    commit_all(project, "Serve on port 9000")

    replace(history / ".env.example", *TEMPLATE_DEFAULT)
    docs = history / "docs/deploy.md"
    docs.write_text(docs.read_text() + TEMPLATE_CHANGE)
    commit_all(history, "Log warnings only, say where images are")

    result = copier(project, "update", "--trust", "--defaults")
    assert result.returncode == 0, result.stderr
    return project, answers


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_the_defaults_name_the_project_after_its_folder(
    updated: tuple[Path, dict[str, str]],
) -> None:
    _, answers = updated

    assert answers["project_name"] == "shop-api"
    assert answers["image_name"] == "shop-api"
    assert answers["default_database"] == "mongodb"


def test_the_update_brings_the_template_change_in_the_projects_names(
    updated: tuple[Path, dict[str, str]],
) -> None:
    project, _ = updated

    docs = (project / "docs/deploy.md").read_text()
    assert docs.endswith("\nImages are published as `ghcr.io/acme/shop-api:<sha>`.\n")


def test_the_update_merges_the_template_change_with_the_projects_own(
    updated: tuple[Path, dict[str, str]],
) -> None:
    project, _ = updated

    settings = (project / ".env.example").read_text()
    assert "\nLOG_LEVEL=WARNING\n" in settings
    assert "\nPORT=9000\n" in settings


def test_the_update_changes_only_what_the_template_changed(
    updated: tuple[Path, dict[str, str]],
) -> None:
    project, _ = updated

    changed = sorted(line[3:] for line in git(project, "status", "--porcelain").splitlines())
    assert changed == [".copier-answers.yml", ".env.example", "docs/deploy.md"]
    assert not [name for name in project_files(project) if name.endswith(".rej")]
    assert "<<<<<<<" not in (project / ".env.example").read_text()


def test_the_update_keeps_the_answers_and_records_the_new_commit(
    updated: tuple[Path, dict[str, str]],
) -> None:
    project, before = updated

    after = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert {k: v for k, v in after.items() if k != "_commit"} == {
        k: v for k, v in before.items() if k != "_commit"
    }
    assert after["_commit"] != before["_commit"]


def test_an_update_refuses_a_project_with_uncommitted_changes(
    updated: tuple[Path, dict[str, str]],
) -> None:
    project, _ = updated

    result = copier(project, "update", "--trust", "--defaults")

    assert result.returncode != 0
    assert "Destination repository is dirty" in result.stderr
