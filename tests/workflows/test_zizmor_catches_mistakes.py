"""zizmor, run by `nox -s workflows`, fails on a broken copy of ci.yml: it is not decoration."""

import subprocess
import sys
from pathlib import Path

from tests.workflows import checks

ZIZMOR = Path(sys.executable).with_name("zizmor")


def zizmor(workflow_text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    (tmp_path / "ci.yml").write_text(workflow_text, encoding="utf-8")
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", str(tmp_path / "ci.yml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_zizmor_passes_the_real_ci_workflow(tmp_path: Path) -> None:
    result = zizmor((checks.WORKFLOWS / "ci.yml").read_text(encoding="utf-8"), tmp_path)
    assert result.returncode == 0, result.stdout


def test_zizmor_names_a_checkout_that_keeps_its_credentials(tmp_path: Path) -> None:
    text = (checks.WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    broken = text.replace("\n        with:\n          persist-credentials: false", "", 1)
    result = zizmor(broken, tmp_path)
    assert result.returncode != 0
    assert "artipacked" in result.stdout


def test_zizmor_names_an_attacker_controlled_value_in_a_script(tmp_path: Path) -> None:
    text = (checks.WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    broken = text.replace(
        "      - run: .venv/bin/nox -s lint",
        "      - run: echo '${{ github.event.pull_request.title }}'\n"
        "      - run: .venv/bin/nox -s lint",
    )
    result = zizmor(broken, tmp_path)
    assert result.returncode != 0
    assert "template-injection" in result.stdout
