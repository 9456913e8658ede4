"""Each CD job hands apply-secrets.sh every secret the script requires."""

import copy
from typing import Any

import pytest

from tests.workflows import checks
from tests.workflows.cd_secrets import SCRIPT, required_by_script, unpassed_secrets

REQUIRED = required_by_script(SCRIPT.read_text())
CD = {"ci.yml": "staging", "promote.yml": "production"}  # workflow: the job that deploys


def secrets_step(workflow: checks.Workflow, job_id: str) -> dict[str, Any]:
    [step] = [
        step
        for step in checks.steps(checks.jobs(workflow)[job_id])
        if "apply-secrets.sh" in str(step.get("run"))
    ]
    return step


def test_the_script_requires_the_app_database_mail_redis_and_migration_secrets() -> None:
    assert REQUIRED == ["DATABASE_URL", "JWT_SECRET", "SMTP_HOST", "REDIS_URL", "DB_MIGRATION_URL"]


@pytest.mark.parametrize("name", CD)
def test_every_required_secret_reaches_the_script(name: str) -> None:
    workflow = checks.load(name)

    assert unpassed_secrets(workflow, REQUIRED) == []
    assert secrets_step(workflow, CD[name])["env"]["REDIS_URL"] == "${{ secrets.REDIS_URL }}"


@pytest.mark.parametrize("name", CD)
def test_a_required_secret_left_out_of_the_step_is_named(name: str) -> None:
    workflow = copy.deepcopy(checks.load(name))
    del secrets_step(workflow, CD[name])["env"]["REDIS_URL"]

    assert unpassed_secrets(workflow, REQUIRED) == [
        f"{CD[name]}: REDIS_URL is not passed from a secret"
    ]
