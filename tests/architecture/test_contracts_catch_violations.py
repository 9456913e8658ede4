"""Each import-linter contract fails on a planted violation: none of them is decoration.

The source tree is copied to a temporary directory, one bad import is added, and
`lint-imports` must fail and name the contract that caught it.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULE_SHAPE = [
    "api",
    "domain",
    "ports",
    "application",
    "adapters",
    "adapters/inbound",
    "adapters/outbound",
]
HEXAGON = "Inside a module: wiring > adapters > application > ports > domain > api"
CORE = "Domain, ports, application, api and kernel import no framework or driver"
THROUGH_API = "Modules use each other only through their published api"
ACYCLIC = "Modules do not depend on each other in a cycle"


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), ".importlinter", "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree / "src")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    return tmp_path


def plant(tree: Path, module: str, code: str) -> None:
    path = tree / "src" / (module.replace(".", "/") + ".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code + "\n")


def new_module(tree: Path, name: str) -> None:
    """Add a module with the standard shape, as a team would when the app grows."""
    for package in ["", *MODULE_SHAPE]:
        init = tree / "src/app/modules" / name / package / "__init__.py"
        init.parent.mkdir(parents=True, exist_ok=True)
        init.touch()
    (tree / "src/app/modules" / name / "module.py").touch()


def test_the_real_tree_keeps_every_contract(tree: Path) -> None:
    result = lint_imports(tree)

    assert result.returncode == 0, result.stdout
    assert "Contracts: 6 kept, 0 broken." in result.stdout


VIOLATIONS = [
    pytest.param(
        "app.modules.user.domain.bad",
        "import fastapi",
        CORE,
        id="domain-imports-fastapi",
    ),
    pytest.param(
        "app.modules.user.domain.bad",
        "import sqlalchemy",
        CORE,
        id="domain-imports-sqlalchemy",
    ),
    pytest.param(
        "app.modules.user.domain.bad",
        "from bson import ObjectId",
        CORE,
        id="domain-imports-bson",
    ),
    pytest.param(
        "app.modules.user.application.bad",
        "from app.modules.user.adapters.outbound import memory",
        HEXAGON,
        id="application-imports-an-adapter",
    ),
    pytest.param(
        "app.modules.user.domain.bad",
        "from app.modules.user.ports import repository",
        HEXAGON,
        id="domain-imports-a-port",
    ),
    pytest.param(
        "app.modules.user.adapters.inbound.bad",
        "from app.modules.user.adapters.outbound import memory",
        "Driving and driven adapters never import each other",
        id="inbound-imports-outbound",
    ),
    pytest.param(
        "app.kernel.bad",
        "from app.infra import config",
        CORE,
        id="kernel-imports-infra",
    ),
    pytest.param(
        "app.infra.bad",
        "import app.main",
        "Around modules: entry points > composition root > modules > infra > kernel",
        id="infra-imports-the-composition-root",
    ),
    pytest.param(
        "app.modules.user.api.bad",
        "import pydantic",
        CORE,
        id="api-imports-pydantic",
    ),
    pytest.param(
        "app.modules.user.api.bad",
        "from app.modules.user.domain import user",
        HEXAGON,
        id="api-imports-its-domain",
    ),
    pytest.param(
        "app.modules.user.adapters.inbound.bad",
        "from app.modules.user import module",
        HEXAGON,
        id="adapter-imports-the-wiring",
    ),
    pytest.param(
        "app.modules.user.helpers",
        "",
        HEXAGON,
        id="a-package-outside-the-module-shape",
    ),
]


@pytest.mark.parametrize(("module", "code", "contract"), VIOLATIONS)
def test_a_planted_violation_fails_its_contract(
    tree: Path, module: str, code: str, contract: str
) -> None:
    plant(tree, module, code)

    result = lint_imports(tree)

    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout, result.stdout


INTERNALS = [
    "app.modules.user.domain.user",
    "app.modules.user.ports.repository",
    "app.modules.user.application.get_user",
    "app.modules.user.adapters.outbound.memory",
    "app.modules.user.module",
]


@pytest.mark.parametrize("internal", INTERNALS)
@pytest.mark.parametrize("importer", ["application.invoice", "adapters.outbound.owners", "module"])
def test_a_module_importing_anything_but_another_modules_api_fails(
    tree: Path, internal: str, importer: str
) -> None:
    new_module(tree, "billing")
    plant(tree, f"app.modules.billing.{importer}", f"import {internal}")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert f"{THROUGH_API} BROKEN" in result.stdout, result.stdout


@pytest.mark.parametrize("importer", ["application.invoice", "adapters.outbound.owners", "module"])
def test_a_module_importing_another_modules_api_keeps_every_contract(
    tree: Path, importer: str
) -> None:
    new_module(tree, "billing")
    plant(tree, f"app.modules.billing.{importer}", "from app.modules.user.api import UserDirectory")

    result = lint_imports(tree)

    assert result.returncode == 0, result.stdout
    assert f"{THROUGH_API} KEPT" in result.stdout


def test_two_modules_using_each_others_api_fail_as_a_cycle(tree: Path) -> None:
    new_module(tree, "billing")
    plant(tree, "app.modules.billing.api.invoices", "")
    plant(tree, "app.modules.billing.application.invoice", "import app.modules.user.api")
    plant(tree, "app.modules.user.application.billing_ask", "import app.modules.billing.api")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert f"{ACYCLIC} BROKEN" in result.stdout, result.stdout


@pytest.mark.parametrize(
    ("module", "code", "contract"),
    [
        (
            "app.modules.billing.domain.invoice",
            "import sqlalchemy",
            CORE,
        ),
        (
            "app.modules.billing.domain.invoice",
            "from app.modules.billing.application import pay",
            HEXAGON,
        ),
    ],
    ids=["framework-in-new-domain", "new-domain-imports-its-application"],
)
def test_a_new_module_is_covered_without_editing_the_contracts(
    tree: Path, module: str, code: str, contract: str
) -> None:
    new_module(tree, "billing")
    plant(tree, "app.modules.billing.application.pay", "")
    plant(tree, module, code)

    result = lint_imports(tree)

    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout, result.stdout
