"""Every workflow is locked down the same way: what zizmor and the schemas do not check."""

import pytest

from tests.workflows import checks

FILES = sorted(path.name for path in checks.WORKFLOWS.glob("*.yml"))


def test_the_workflows_are_there() -> None:
    assert FILES == ["ci.yml", "ghcr-cleanup.yml", "promote.yml", "publish.yml", "rebuild.yml"]


@pytest.mark.parametrize("name", FILES)
def test_every_action_is_pinned_to_a_commit_sha_with_its_version(name: str) -> None:
    text = (checks.WORKFLOWS / name).read_text(encoding="utf-8")
    assert checks.unpinned_actions(checks.load(name)) == []
    assert checks.pins_without_version(text) == []


@pytest.mark.parametrize("name", FILES)
def test_permissions_are_granted_per_job_and_none_at_the_top(name: str) -> None:
    workflow = checks.load(name)
    assert checks.top_level_permissions(workflow) == []
    assert checks.jobs_without_permissions(workflow) == []


@pytest.mark.parametrize("name", FILES)
def test_no_checkout_keeps_its_credentials(name: str) -> None:
    assert checks.checkouts_keeping_credentials(checks.load(name)) == []


@pytest.mark.parametrize("name", FILES)
def test_every_job_has_a_timeout(name: str) -> None:
    assert checks.jobs_without_timeout(checks.load(name)) == []


@pytest.mark.parametrize("name", FILES)
def test_run_scripts_take_values_through_env(name: str) -> None:
    assert checks.expressions_in_scripts(checks.load(name)) == []
