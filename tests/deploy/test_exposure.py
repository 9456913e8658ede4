"""The API is open to the ingress controller, the metrics to Prometheus, each on its own
port; the app gets the settings that go with them, and Redis for its rate limits."""

import pytest

from tests.deploy.alert_checks import alert_rules
from tests.deploy.exposure_checks import (
    network_problems,
    scrape_problems,
    service_problems,
    settings_problems,
)
from tests.deploy.manifests import OVERLAYS, Manifest, of_kind

Rendered = dict[str, list[Manifest]]


def one(objects: list[Manifest], kind: str) -> Manifest:
    [obj] = of_kind(objects, kind)
    return obj


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_app_reads_redis_from_its_secret_and_the_rest_from_its_config(
    rendered: Rendered, overlay: str
) -> None:
    objects = rendered[f"overlays/{overlay}"]
    config = one(objects, "ConfigMap")["data"]

    assert settings_problems(objects) == []
    assert config["METRICS_PORT"] == "9100"
    assert config["TRUSTED_PROXIES"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_service_exposes_the_api_and_the_metrics_on_their_own_ports(
    rendered: Rendered, overlay: str
) -> None:
    objects = rendered[f"overlays/{overlay}"]
    ports = one(objects, "Service")["spec"]["ports"]

    assert service_problems(objects) == []
    assert [port["name"] for port in ports] == ["http", "metrics"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_http_is_open_to_the_ingress_only_metrics_to_monitoring_only_and_redis_is_reachable(
    rendered: Rendered, overlay: str
) -> None:
    assert network_problems(rendered[f"overlays/{overlay}"]) == []


def test_prometheus_scrapes_the_metrics_port(rendered: Rendered) -> None:
    assert scrape_problems(rendered["platform"]) == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_scrape_job_keeps_the_name_the_alert_rules_select(
    rendered: Rendered, overlay: str
) -> None:
    monitor = one(rendered["platform"], "ServiceMonitor")["spec"]
    service = one(rendered[f"overlays/{overlay}"], "Service")["metadata"]
    # The Prometheus Operator names the job after the Service, or its `jobLabel` label.
    job = service["labels"][monitor["jobLabel"]] if "jobLabel" in monitor else service["name"]
    scraped = [rule for rule in alert_rules(rendered["platform"]) if "job=" in rule["expr"]]

    assert len(scraped) == 3
    assert all(f'job="{job}"' in rule["expr"] for rule in scraped)
