"""When the template changes under an edit of tools/template/edits/, making a project
stops and says which file and which edit, rather than making a project that is wrong."""

import shutil
import sys
from pathlib import Path

from tests.template.copying import run


def test_an_edit_that_no_longer_finds_its_text_stops_the_copy_and_says_where(
    template: Path, tmp_path: Path
) -> None:
    tree = tmp_path / "copy"
    shutil.copytree(template, tree, ignore=shutil.ignore_patterns(".git"))
    compose = tree / "docker-compose.yml"
    compose.write_text(compose.read_text().replace("mongodb://mongo:27017/", "mongodb://db:27017/"))
    names = ["--project-name=shop-api", "--image-name=shop-api", "--github-owner=acme"]

    result = run(
        tree,
        sys.executable,
        "tools/template/rename.py",
        *names,
        "--database=postgresql",
        f"--template={tree}",
    )

    assert result.returncode != 0
    assert "postgresql.toml: docker-compose.yml has no" in result.stderr
    assert "the template changed, so tools/template must change with it" in result.stderr
