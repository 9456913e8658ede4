"""Alerts fire per environment on API traffic, and each environment routes its own."""

import os
import shutil
from pathlib import Path

import pytest

from tests.deploy.alert_checks import (
    alert_problems,
    alert_rules,
    alert_test_problems,
    load_alert_tests,
    promtool_test,
    rules_file,
)
from tests.deploy.manifests import OVERLAYS, Manifest
from tests.deploy.routing_checks import routing_problems

Rendered = dict[str, list[Manifest]]


def needs_promtool() -> None:
    """promtool is optional on a laptop; CI installs it, so there it must run."""
    if shutil.which("promtool") is None:
        if os.environ.get("CI") == "true":  # GitHub Actions and .ci/run set it
            pytest.fail("promtool is missing: the deploy job must install it")
        pytest.skip("promtool not installed (Debian/Ubuntu: apt-get install prometheus)")


def test_alerts_count_api_routes_cover_every_environment_and_name_it(rendered: Rendered) -> None:
    assert alert_problems(rendered["platform"]) == []


def test_every_alert_has_a_unit_test_that_fires_it_and_one_that_keeps_it_quiet(
    rendered: Rendered,
) -> None:
    alerts = [rule["alert"] for rule in alert_rules(rendered["platform"])]

    assert len(alerts) == 4
    assert alert_test_problems(alerts, load_alert_tests()) == []


def test_the_rules_pass_promtool_lint_and_their_unit_tests(
    rendered: Rendered, tmp_path: Path
) -> None:
    needs_promtool()

    result = promtool_test(rules_file(rendered["platform"]), tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("SUCCESS") == len(load_alert_tests())


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_environment_routes_its_own_alerts_one_receiver_per_url(
    rendered: Rendered, overlay: str
) -> None:
    objects = rendered[f"overlays/{overlay}"]

    assert routing_problems(objects, f"hexa-monolith-{overlay}") == []
