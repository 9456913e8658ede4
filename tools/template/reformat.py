"""Lay out files that renaming changed so that the project's linters pass again.

    reformat.py FILE...       (in the project; rename.py runs it on what it changed)

The template's lines are laid out for its own names: a longer name pushes some past the
line limits, a shorter one lets the formatter join lines it had split. So the Python
files are formatted again with the ruff the project's uv.lock pins; a line still too
long (a long string, which no formatter splits) gets `# noqa: E501`, and a Kubernetes
manifest with lines past yamllint's limit turns that rule off for itself.
"""

import argparse
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tokenize
import tomllib
from pathlib import Path

NOQA = "  # noqa: E501"
YAML_DIRECTIVE = (
    "# Lines made longer by this project's names:\n# yamllint disable rule:line-length\n"
)


def locked_ruff(project: Path) -> str:
    lock = tomllib.loads((project / "uv.lock").read_text(encoding="utf-8"))
    return next(str(p["version"]) for p in lock["package"] if p["name"] == "ruff")


def ruff_command(version: str) -> list[str]:
    """The pinned ruff: installed beside copier, else through uv or pipx."""
    try:
        if importlib.metadata.version("ruff") == version:
            return [sys.executable, "-m", "ruff"]
    except importlib.metadata.PackageNotFoundError:
        pass
    if uv := shutil.which("uv"):
        return [uv, "tool", "run", f"ruff@{version}"]
    if pipx := shutil.which("pipx"):
        return [pipx, "run", f"ruff=={version}"]
    raise SystemExit(
        f"Formatting the new project needs ruff {version}: run copier with uv "
        f"(uvx copier ...), or with ruff beside it (uvx --with ruff=={version} copier ...)."
    )


def lines_in_long_strings(path: Path) -> set[int]:
    """Lines inside a multi-line string, where a comment would change the string."""
    with path.open(encoding="utf-8") as source:
        return {
            row
            for token in tokenize.generate_tokens(source.readline)
            if token.type == tokenize.STRING
            for row in range(token.start[0], token.end[0])
        }


def mark_long_lines(ruff: list[str], project: Path, files: list[str]) -> None:
    found = subprocess.run(
        [*ruff, "check", "--select=E501", "--output-format=json", "--exit-zero", *files],
        cwd=project, capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows: dict[Path, set[int]] = {}
    for problem in json.loads(found.stdout):
        rows.setdefault(Path(problem["filename"]), set()).add(problem["location"]["row"])
    for path, long_rows in rows.items():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for row in sorted(long_rows - lines_in_long_strings(path)):
            line = lines[row - 1].rstrip("\n")
            if "# noqa: " in line:
                lines[row - 1] = line.replace("# noqa: ", "# noqa: E501, ", 1) + "\n"
            else:
                lines[row - 1] = line + NOQA + "\n"
        path.write_text("".join(lines), encoding="utf-8")


def yaml_limit(project: Path) -> int | None:
    config = project / ".yamllint.yaml"
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    found = re.search(r"line-length:\s*\n\s*max:\s*(\d+)", text)
    return int(found[1]) if found else None


def allow_long_yaml_lines(project: Path, files: list[str]) -> None:
    if (limit := yaml_limit(project)) is None:
        return
    for name in files:
        path = project / name
        if name.startswith("deploy/") and name.endswith(".yaml"):
            text = path.read_text(encoding="utf-8")
            if any(len(line) > limit for line in text.splitlines()):
                path.write_text(YAML_DIRECTIVE + text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    files = parser.parse_args(argv).files
    project = Path.cwd()
    if python := [name for name in files if name.endswith(".py")]:
        ruff = ruff_command(locked_ruff(project))
        subprocess.run([*ruff, "format", "--quiet", *python], cwd=project, check=True)
        mark_long_lines(ruff, project, python)
    allow_long_yaml_lines(project, files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
