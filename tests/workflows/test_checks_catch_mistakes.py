"""Each check fails on a broken copy of a real workflow, naming what is wrong."""

import copy

from tests.workflows import checks
from tests.workflows.test_ci import DELIVERY, NOX_COMMANDS

CI = checks.load("ci.yml")
PUBLISH = checks.load("publish.yml")


def broken_ci() -> checks.Workflow:
    workflow: checks.Workflow = copy.deepcopy(CI)
    return workflow


def test_an_action_pinned_to_a_tag_is_named() -> None:
    workflow = broken_ci()
    workflow["jobs"]["lint"]["steps"][1]["uses"] = "astral-sh/setup-uv@v6"
    assert checks.unpinned_actions(workflow) == [
        "lint: astral-sh/setup-uv@v6 is not pinned to a full commit SHA"
    ]


def test_a_pin_without_its_version_comment_is_named() -> None:
    text = "      - uses: actions/checkout@" + "a" * 40 + "\n"
    assert checks.pins_without_version(text) == [
        f"line 1: actions/checkout@{'a' * 40} has no `# vX.Y.Z` comment"
    ]


def test_a_checkout_keeping_credentials_is_named() -> None:
    workflow = broken_ci()
    del workflow["jobs"]["integration"]["steps"][0]["with"]
    assert checks.checkouts_keeping_credentials(workflow) == [
        "integration: actions/checkout without persist-credentials: false"
    ]


def test_a_job_without_timeout_is_named() -> None:
    workflow = broken_ci()
    del workflow["jobs"]["image"]["timeout-minutes"]
    assert checks.jobs_without_timeout(workflow) == ["image: no timeout-minutes"]


def test_broad_default_permissions_are_reported() -> None:
    workflow = broken_ci()
    workflow["permissions"] = "write-all"
    assert checks.top_level_permissions(workflow) == [
        "top-level permissions are 'write-all', not {}"
    ]


def test_a_missing_gate_is_named() -> None:
    workflow = broken_ci()
    del workflow["jobs"]["architecture"]
    assert checks.missing_nox_commands(workflow, NOX_COMMANDS) == ["architecture: no such job"]


def test_a_job_running_another_session_is_named() -> None:
    workflow = broken_ci()
    workflow["jobs"]["deploy"]["steps"][-1]["run"] = ".venv/bin/nox -s lint"
    assert checks.missing_nox_commands(workflow, NOX_COMMANDS) == [
        "deploy: runs ['nox -s lint'], expected ['nox -s deploy']"
    ]


def test_a_service_without_health_check_is_named() -> None:
    workflow = broken_ci()
    job = workflow["jobs"]["integration"]
    del job["services"]["postgres"]["options"]
    assert checks.services_without_health_check("integration", job, ["postgres"]) == [
        "integration: the postgres service has no health check"
    ]


def test_a_script_interpolating_an_expression_is_named() -> None:
    workflow = broken_ci()
    workflow["jobs"]["lint"]["steps"][-1]["run"] = "echo ${{ github.head_ref }}"
    assert checks.expressions_in_scripts(workflow) == [
        "lint: a run script interpolates ${{ }}; pass the value through env"
    ]


def test_a_latest_tag_is_named() -> None:
    workflow: checks.Workflow = copy.deepcopy(PUBLISH)
    (build,) = [s for s in workflow["jobs"]["publish"]["steps"] if s.get("id") == "build"]
    build["with"]["tags"] += "\nghcr.io/acme/hexa-monolith:latest"
    assert checks.mutable_image_tags(workflow) == [
        "publish: pushes ghcr.io/acme/hexa-monolith:latest, not a :<commit sha> tag"
    ]


def test_delivery_that_does_not_wait_for_a_check_is_named() -> None:
    workflow = broken_ci()
    workflow["jobs"]["publish"]["needs"].remove("integration")
    assert checks.delivery_problems(workflow, DELIVERY) == [
        "publish: does not wait for integration",
        "staging: does not wait for integration",
    ]


def test_delivery_in_a_workflow_of_its_own_is_named() -> None:
    workflow = broken_ci()
    workflow["jobs"] = {job: workflow["jobs"][job] for job in DELIVERY}
    workflow["jobs"]["publish"].pop("needs")
    workflow["jobs"]["lint"] = CI["jobs"]["lint"]  # CI, beside it, on the same push
    assert checks.delivery_problems(workflow, DELIVERY) == [
        "publish: does not wait for lint",
        "staging: does not wait for lint",
    ]


def test_delivery_on_pull_requests_or_despite_failures_is_named() -> None:
    workflow = broken_ci()
    workflow["jobs"]["publish"]["if"] = "always()"
    assert checks.delivery_problems(workflow, DELIVERY) == [
        "publish: runs whatever its needs concluded (always())",
        "delivery starts on 'always()', not only on a push to main",
    ]
