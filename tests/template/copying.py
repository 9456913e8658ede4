"""Running copier, git and a project's checks, as a team starting a project would.

Every command runs with this interpreter: copier's tasks run with it as well, and find
ruff beside it. Git runs without the machine's settings (signing, hooks).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What running checks in a project leaves there, and git's own files.
NOT_THE_PROJECTS = {".git", "__pycache__", ".ruff_cache", ".pytest_cache", ".mypy_cache"}
ANSWERS = {
    "project_name": "payments-service",  # longer than the template's name: lines grow
    "image_name": "payments-api",  # not the project name: each lands where it belongs
    "github_owner": "Acme-Corp",  # upper case: image references need it lower-cased
    "default_database": "postgresql",
}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Template Tests",
    "GIT_AUTHOR_EMAIL": "template-tests@example.com",
    "GIT_COMMITTER_NAME": "Template Tests",
    "GIT_COMMITTER_EMAIL": "template-tests@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,  # no signing or hooks from the machine's settings
    "GIT_CONFIG_NOSYSTEM": "1",
}


def run(cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **GIT_ENV, "PYTHONPATH": str(cwd / "src")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def git(cwd: Path, *args: str) -> str:
    result = run(cwd, shutil.which("git") or "git", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def copier(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(cwd, sys.executable, "-m", "copier", *args)


def data(answers: dict[str, str]) -> list[str]:
    return [f"--data={question}={answer}" for question, answer in answers.items()]


def commit_all(tree: Path, message: str) -> None:
    if not (tree / ".git").exists():
        git(tree, "init", "--quiet", "--initial-branch=main")
    git(tree, "add", "--all")
    git(tree, "commit", "--quiet", "--message", message)


def project_files(tree: Path) -> dict[str, str]:
    """Every file of a project (all are text), by its path."""
    return {
        str(path.relative_to(tree)): path.read_text(encoding="utf-8")
        for path in sorted(tree.rglob("*"))
        if path.is_file() and not NOT_THE_PROJECTS & set(path.relative_to(tree).parts)
    }
