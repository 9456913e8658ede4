"""set-image.sh writes one digest-pinned image into overlays and checks the render."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / ".github" / "scripts" / "set-image.sh"
IMAGE = f"ghcr.io/acme/hexa-monolith:{'a' * 40}@sha256:{'b' * 64}"

# `edit set image` as kustomize 5.2+ does it (name, tag and digest); `build` by kubectl.
FAKE_KUSTOMIZE = r"""#!/usr/bin/env bash
case "$1" in
  edit) ref=${4#hexa-monolith=} name=${ref%%:*} rest=${ref#*:}
        sed -i "s|^  newName: .*|  newName: $name|; s|^  newTag: .*|  newTag: ${rest%%@*}|;
                s|^  digest: .*|  digest: ${rest#*@}|" kustomization.yaml ;;
  build) kubectl kustomize "$2" ;;
esac
"""
# Before kustomize 5.2 `name:tag@digest` set newName to `name:tag` and left newTag alone
# (kustomize issue 4713).
MISREADING_KUSTOMIZE = FAKE_KUSTOMIZE.replace("${ref%%:*}", "${ref%%@*}").replace(
    "s|^  newTag: .*|  newTag: ${rest%%@*}|;", ""
)


@pytest.fixture
def deploy(tmp_path: Path) -> Path:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is needed to render the overlays")
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    return tmp_path / "deploy"


def set_image(deploy: Path, kustomize: str, image: str) -> subprocess.CompletedProcess[str]:
    bin_dir = deploy.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "kustomize").write_text(kustomize)
    (bin_dir / "kustomize").chmod(0o755)
    overlays = [str(deploy / "overlays" / env) for env in ("staging", "production")]
    return subprocess.run(
        [str(SCRIPT), image, *overlays],
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_both_overlays_name_the_image_by_tag_and_digest(deploy: Path) -> None:
    result = set_image(deploy, FAKE_KUSTOMIZE, IMAGE)

    assert result.returncode == 0, result.stdout + result.stderr
    for env in ("staging", "production"):
        text = (deploy / "overlays" / env / "kustomization.yaml").read_text()
        assert f"  newTag: {'a' * 40}\n  digest: sha256:{'b' * 64}\n" in text


def test_a_kustomize_that_misreads_tag_and_digest_fails_the_bump(deploy: Path) -> None:
    result = set_image(deploy, MISREADING_KUSTOMIZE, IMAGE)

    assert result.returncode == 1
    assert f"renders image 'ghcr.io/acme/hexa-monolith:{'a' * 40}:0.1.0@sha256:" in result.stdout


@pytest.mark.parametrize(
    "image",
    [
        f"ghcr.io/acme/hexa-monolith:{'a' * 40}",  # no digest
        f"ghcr.io/acme/hexa-monolith:latest@sha256:{'b' * 64}",  # not a commit
    ],
)
def test_an_image_not_pinned_to_a_commit_and_digest_is_refused(deploy: Path, image: str) -> None:
    result = set_image(deploy, FAKE_KUSTOMIZE, image)

    assert result.returncode == 1
    assert "is not <registry>/<owner>/hexa-monolith:<commit sha>@sha256:<digest>" in result.stdout
