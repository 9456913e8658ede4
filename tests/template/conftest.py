"""The template as a git repository of its own, and a project made from it.

The repository holds the working tree as it is now (tracked and new files), so that
uncommitted changes are tested too: copier copies a commit, and `copier update` needs two.
"""

import shutil
from pathlib import Path

import pytest

from tests.template.copying import ANSWERS, ROOT, commit_all, copier, data, git


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template as it is now, committed in a repository of its own."""
    tree = tmp_path_factory.mktemp("template")
    listed = git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    for name in listed.split("\0"):
        if name and (ROOT / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tree / name)
    commit_all(tree, "The template")
    return tree


@pytest.fixture(scope="session")
def project(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made from the template with answers other than its defaults."""
    destination = tmp_path_factory.mktemp("projects") / "payments-service"
    answers = data(ANSWERS)
    result = copier(
        template, "copy", "--trust", "--defaults", *answers, str(template), str(destination)
    )
    assert result.returncode == 0, result.stderr
    return destination
