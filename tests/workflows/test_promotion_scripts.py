"""plan-promotion.sh and move-production.sh, run against a repository made here: a bare
`origin` and a clone, as the promotion jobs see them."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SCRIPTS = ROOT / ".github" / "scripts"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, **GIT_ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def git(clone: Path, *args: str) -> str:
    result = run("git", *args, cwd=clone)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def commit_change(clone: Path, path: str, old: str, new: str, branch: str = "main") -> str:
    file = clone / path
    file.write_text(file.read_text().replace(old, new, 1))
    git(clone, "commit", "-qam", f"change {path}")
    git(clone, "push", "-q", "origin", f"HEAD:{branch}")
    git(clone, "fetch", "-q", "origin")
    return git(clone, "rev-parse", "HEAD")


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is needed to render the overlays")
    run("git", "init", "-q", "--bare", "-b", "main", str(tmp_path / "origin.git"), cwd=tmp_path)
    work = tmp_path / "work"
    shutil.copytree(ROOT / "deploy", work / "deploy")
    git(work.parent, "init", "-q", "-b", "main", str(work))
    git(work, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(work, "add", ".")
    git(work, "commit", "-qm", "first")
    git(work, "push", "-q", "origin", "main")
    git(work, "fetch", "-q", "origin")
    return work


def plan(clone: Path, commit: str) -> tuple[subprocess.CompletedProcess[str], str, str]:
    output, summary = clone.parent / "output", clone.parent / "summary"
    output.write_text("")
    summary.write_text("")
    result = run(
        str(SCRIPTS / "plan-promotion.sh"),
        commit,
        cwd=clone,
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(summary),
    )
    return result, output.read_text(), summary.read_text()


def move(clone: Path, commit: str, expected: str, key: str = "dummy key") -> int:
    result = run(
        str(SCRIPTS / "move-production.sh"),
        commit,
        expected,
        cwd=clone,
        PROMOTION_DEPLOY_KEY=key,
        PROMOTION_REMOTE=str(clone.parent / "origin.git"),
        GITHUB_REPOSITORY="acme/hexa-monolith",
        GITHUB_SERVER_URL="https://github.com",
    )
    return result.returncode


def production(clone: Path) -> str:
    return git(clone, "ls-remote", "origin", "refs/heads/production").split("\t")[0]


def test_the_first_promotion_creates_production_at_a_commit_of_main(clone: Path) -> None:
    first = git(clone, "rev-parse", "HEAD")

    result, output, summary = plan(clone, first[:12])

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"commit={first}\ncurrent=\nimage=ghcr.io/your-org/hexa-monolith:0.1.0@sha256:" in output
    assert "First promotion" in summary
    assert move(clone, first, "") == 0
    assert production(clone) == first


def test_the_plan_shows_reviewers_every_change_to_what_production_runs(clone: Path) -> None:
    first = git(clone, "rev-parse", "HEAD")
    move(clone, first, "")
    git(clone, "fetch", "-q", "origin")
    second = commit_change(clone, "deploy/base/hpa.yaml", "maxReplicas: 3", "maxReplicas: 4")

    result, output, summary = plan(clone, second)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"current={first}" in output
    assert "change deploy/base/hpa.yaml" in summary
    assert "-  maxReplicas: 3\n+  maxReplicas: 4" in summary
    assert move(clone, second, first) == 0
    assert production(clone) == second


def test_production_moved_since_the_plan_is_not_overwritten(clone: Path) -> None:
    first = git(clone, "rev-parse", "HEAD")
    move(clone, first, "")
    second = commit_change(clone, "deploy/base/hpa.yaml", "maxReplicas: 3", "maxReplicas: 4")

    assert move(clone, second, "") != 0  # planned when production did not exist
    assert production(clone) == first


def test_a_rollback_to_an_older_commit_is_planned_as_one(clone: Path) -> None:
    first = git(clone, "rev-parse", "HEAD")
    second = commit_change(clone, "deploy/base/hpa.yaml", "maxReplicas: 3", "maxReplicas: 4")
    move(clone, second, "")
    git(clone, "fetch", "-q", "origin")

    result, _, summary = plan(clone, first)

    assert result.returncode == 0
    assert "**Rollback**" in summary
    assert move(clone, first, second) == 0
    assert production(clone) == first


def test_a_commit_off_main_is_refused(clone: Path) -> None:
    off_main = commit_change(
        clone, "deploy/base/hpa.yaml", "maxReplicas: 3", "maxReplicas: 9", branch="feature"
    )

    result, output, _ = plan(clone, off_main)

    assert result.returncode == 1
    assert "is not on main: only commits of main are promoted" in result.stdout
    assert output == ""


def test_overlays_naming_different_images_are_refused(clone: Path) -> None:
    commit = commit_change(
        clone, "deploy/overlays/production/kustomization.yaml", "newTag: 0.1.0", "newTag: 0.0.9"
    )

    result, output, _ = plan(clone, commit)

    assert result.returncode == 1
    assert "promote a commit where both name the same digest-pinned image" in result.stdout
    assert output == ""


def test_without_the_deploy_key_nothing_moves(clone: Path) -> None:
    first = git(clone, "rev-parse", "HEAD")

    assert move(clone, first, "", key="") == 1
    assert production(clone) == ""
