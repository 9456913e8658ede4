"""Where alerts go, asked of amtool, with the Alertmanager configuration the Prometheus
Operator generates under its default matcher strategy (alertmanager_model.py)."""

import copy
import os
import shutil
from pathlib import Path

import pytest

from tests.deploy.alertmanager_model import Secrets, amtool, generate, receivers_of
from tests.deploy.manifests import OVERLAYS, Manifest, of_kind

Rendered = dict[str, list[Manifest]]
URLS = {
    "ALERT_WEBHOOK_URL": "https://hooks.example/x",
    "ALERT_SLACK_WEBHOOK": "https://hooks.slack.com/x",
}


@pytest.fixture(autouse=True)
def needs_amtool() -> None:
    """amtool is optional on a laptop; CI installs it, so there it must run."""
    if shutil.which("amtool") is None:
        if os.environ.get("CI") == "true":  # GitHub Actions and .ci/run set it
            pytest.fail("amtool is missing: the deploy job must install it")
        pytest.skip("amtool not installed (Debian/Ubuntu: apt-get install prometheus-alertmanager)")


def configs(rendered: Rendered) -> list[Manifest]:
    return [c for o in OVERLAYS for c in of_kind(rendered[f"overlays/{o}"], "AlertmanagerConfig")]


def secrets(**keys: str) -> Secrets:
    return {(f"hexa-monolith-{o}", "alerting-secrets"): dict(keys) for o in OVERLAYS}


def alert(namespace: str) -> dict[str, str]:
    return {"alertname": "HexaMonolithDown", "app": "hexa-monolith", "namespace": namespace}


def test_the_generated_configuration_is_valid(rendered: Rendered, tmp_path: Path) -> None:
    config = generate(configs(rendered), secrets(**URLS))

    result = amtool(config, tmp_path, "check-config", "{file}")

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_environments_alerts_reach_its_own_two_receivers(
    rendered: Rendered, tmp_path: Path, overlay: str
) -> None:
    config = generate(configs(rendered), secrets(**URLS))
    namespace = f"hexa-monolith-{overlay}"

    assert receivers_of(config, tmp_path, **alert(namespace)) == [
        f"{namespace}/hexa-monolith-slack/slack",
        f"{namespace}/hexa-monolith-webhook/webhook",
    ]


def test_an_unset_slack_url_switches_off_slack_only(rendered: Rendered, tmp_path: Path) -> None:
    config = generate(configs(rendered), secrets(ALERT_WEBHOOK_URL=URLS["ALERT_WEBHOOK_URL"]))

    assert receivers_of(config, tmp_path, **alert("hexa-monolith-production")) == [
        "hexa-monolith-production/hexa-monolith-webhook/webhook"
    ]


def test_routes_kept_in_the_monitoring_namespace_would_match_nothing(
    rendered: Rendered, tmp_path: Path
) -> None:
    moved = copy.deepcopy(configs(rendered)[:2])
    for config in moved:
        config["metadata"]["namespace"] = "monitoring"
    generated = generate(moved, {("monitoring", "alerting-secrets"): URLS})

    assert receivers_of(generated, tmp_path, **alert("hexa-monolith-production")) == ["null"]
