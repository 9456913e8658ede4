"""Give a project copied from the template its own names; copier's task runs it.

    rename.py --project-name=shop-api --image-name=shop-api --github-owner=acme
              --database=postgresql --template=TEMPLATE_DIR       (in the new project)

First the edits of tools/template/edits/, then the names, in the files the template
holds; reformat.py then lays out the files that changed. The template's name appears as
`hexa-monolith`, `hexa_monolith` (databases) and `HexaMonolith` (alerts); where it means
the container image, it becomes the image name. Its GitHub owner is `your-org`. Words
that only start alike, such as `hexagon`, stay. An edit that finds nothing to change
stops the copy: the template changed under it, and `nox -s template` says where.
"""

import argparse
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

EDITS = Path(__file__).parent / "edits"
# Never the project's own state, whatever a local template folder holds.
SKIP = {".git", ".venv", ".tools", ".nox", "var", "__pycache__", ".mypy_cache", ".ruff_cache"}
# It tells how projects are made from the template, by the template's name.
KEEP_NAMES = {"docs/new-project.md"}

# Where `hexa-monolith` names the container image: (what comes before it)hexa-monolith.
IMAGE_CONTEXTS = [
    r"(ghcr\.io/[^/\s\"'`]+/)hexa-monolith(?![\w-])",  # ghcr.io/<owner>/hexa-monolith
    r"(<owner>/)hexa-monolith(?=:)",  # <registry>/<owner>/hexa-monolith:<sha>
    r"(\)\+/)hexa-monolith(?=:)",  # the image pattern of set-image.sh
    r"(image: )hexa-monolith(?![\w-])",  # Deployment, Job and compose `image:`
    r"(tags: )hexa-monolith(?=:)",  # the image CI builds without pushing
    r"()hexa-monolith(?==)",  # kustomize edit set image hexa-monolith=<image>
    r"(PACKAGE: )hexa-monolith(?![\w-])",  # the GHCR package the clean-up prunes
    r"(\.name == \")hexa-monolith(?=\")",  # the overlay image entry the clean-up reads
    r"(- name: )hexa-monolith(?=\n\s+newName:)",  # an overlay's `images:` entry
    r"(base_images == \{\")hexa-monolith(?=\")",  # tests/deploy: the same entries
    r"(image\[\"name\"\] == \")hexa-monolith(?=\")",
    r"()hexa-monolith(?= → Package settings)",  # the package's page on GitHub
]


@dataclass(frozen=True, slots=True)
class Names:
    """What a new project is called: the answers to the template's questions."""

    project: str  # kebab-case, e.g. shop-api
    image: str  # ghcr.io/<owner>/<image>
    owner: str  # a GitHub user or organization, in any case

    @property
    def snake(self) -> str:
        return self.project.replace("-", "_")

    @property
    def pascal(self) -> str:
        return "".join(part.capitalize() for part in self.project.split("-"))


def rename(text: str, names: Names) -> str:
    """`text` with the template's names replaced by the project's."""
    for context in IMAGE_CONTEXTS:
        text = re.sub(context, lambda match: match[1] + names.image, text)
    text = text.replace("ghcr.io/your-org/", f"ghcr.io/{names.owner.lower()}/")
    text = text.replace("your-org", names.owner)
    text = text.replace("hexa-monolith", names.project)
    text = text.replace("hexa_monolith", names.snake)
    text = text.replace("HexaMonolith", names.pascal)
    # Throwaway databases of the tests and the benchmark: hexa_test_<hex>, hexa_bench_<hex>.
    return re.sub(r"\bhexa(?=_test|_bench_|\?)", names.snake, text)


class TemplateChangedError(Exception):
    """An edit no longer finds the text it changes."""


def edit(text: str, change: dict[str, str]) -> str:
    """Apply one edit of tools/template/edits/: `old` -> `new`, or `drop` a block: a line,
    the decorators above it, and every line below it that is blank or indented deeper."""
    if "drop" in change:
        return drop_block(text, change["drop"])
    if change["old"] not in text:
        raise TemplateChangedError(f"no {change['old']!r}")
    return text.replace(change["old"], change["new"])


def drop_block(text: str, first_line: str) -> str:
    lines = text.splitlines(keepends=True)
    if first_line not in lines:
        raise TemplateChangedError(f"no line {first_line!r}")
    start = end = lines.index(first_line)
    depth = len(first_line) - len(first_line.lstrip())
    while start > 0 and lines[start - 1].startswith(" " * depth + "@"):
        start -= 1
    end += 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > depth
    ):
        end += 1
    return "".join(lines[:start] + lines[end:])


def apply_edits(project: Path, edit_file: Path) -> set[str]:
    """Apply the edits of one file of tools/template/edits/; return the files changed."""
    changes = tomllib.loads(edit_file.read_text(encoding="utf-8"))["edit"]
    for change in changes:
        path = project / change["path"]
        try:
            path.write_text(edit(path.read_text(encoding="utf-8"), change), encoding="utf-8")
        except TemplateChangedError as error:
            raise SystemExit(
                f"{edit_file.name}: {change['path']} has {error}: the template changed, "
                "so tools/template must change with it"
            ) from None
    return {change["path"] for change in changes}


def template_files(template: Path) -> list[str]:
    """The files of the template, relative to it."""
    return sorted(
        str(path.relative_to(template))
        for path in template.rglob("*")
        if path.is_file() and not SKIP & set(path.relative_to(template).parts)
    )


def rename_files(project: Path, files: list[str], names: Names) -> set[str]:
    """Rename in every file of `files` the project has; return the files changed."""
    changed = set()
    for name in files:
        path = project / name
        if name in KEEP_NAMES or not path.is_file() or path.is_symlink():
            continue  # not copied (copier.yml's _exclude), or not the template's to rename
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # not text
        if (renamed := rename(text, names)) != text:
            path.write_text(renamed, encoding="utf-8")
            changed.add(name)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project-name", required=True)
    parser.add_argument("--image-name", required=True)
    parser.add_argument("--github-owner", required=True)
    parser.add_argument("--database", choices=["mongodb", "postgresql"], required=True)
    parser.add_argument("--template", type=Path, required=True)
    args = parser.parse_args(argv)
    project = Path.cwd()
    changed = apply_edits(project, EDITS / "every-project.toml")
    if args.database == "postgresql":
        changed |= apply_edits(project, EDITS / "postgresql.toml")
    names = Names(project=args.project_name, image=args.image_name, owner=args.github_owner)
    changed |= rename_files(project, template_files(args.template), names)
    reformat = [sys.executable, str(Path(__file__).with_name("reformat.py")), *sorted(changed)]
    return subprocess.run(reformat, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
