"""Each deploy/ folder is rendered once per test session and shared by every test."""

import pytest

from tests.deploy.manifests import FOLDERS, ROOT, Manifest, render


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[Manifest]]:
    """The objects of every folder of deploy/, keyed by folder (e.g. `overlays/staging`)."""
    return {folder: render(ROOT / "deploy" / folder) for folder in FOLDERS}
