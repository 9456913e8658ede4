"""Each exposure check fails on a planted mistake, naming it."""

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.deploy.exposure_checks import (
    network_problems,
    scrape_problems,
    service_problems,
    settings_problems,
)
from tests.deploy.manifests import ROOT, Manifest, of_kind, render

Rendered = dict[str, list[Manifest]]
Check = Callable[[list[Manifest]], list[str]]


def find(objects: list[Manifest], kind: str) -> Manifest:
    [obj] = of_kind(objects, kind)
    return obj


def app(objects: list[Manifest]) -> Manifest:
    container: Manifest = find(objects, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    return container


def app_env(objects: list[Manifest]) -> dict[str, Manifest]:
    return {var["name"]: var for var in app(objects)["env"]}


def ingress(objects: list[Manifest]) -> list[Manifest]:
    rules: list[Manifest] = find(objects, "NetworkPolicy")["spec"]["ingress"]
    return rules


def from_namespace(name: str) -> Manifest:
    return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}


def without_redis_url(objects: list[Manifest]) -> None:
    app(objects)["env"] = [var for var in app(objects)["env"] if var["name"] != "REDIS_URL"]


def without_tls_redis(objects: list[Manifest]) -> None:
    for rule in find(objects, "NetworkPolicy")["spec"]["egress"]:
        rule["ports"] = [port for port in rule["ports"] if port["port"] != 6380]


def without_metrics_port(objects: list[Manifest]) -> None:
    service = find(objects, "Service")["spec"]
    service["ports"] = [port for port in service["ports"] if port["name"] != "metrics"]


POLICY = "NetworkPolicy/hexa-monolith"
DEPLOYMENT = "Deployment/hexa-monolith"
MISTAKES: list[tuple[str, Callable[[list[Manifest]], object], Check, str]] = [
    (
        "redis-url-missing",
        without_redis_url,
        settings_problems,
        f"{DEPLOYMENT}: REDIS_URL is not required from app-secrets",
    ),
    (
        "redis-url-optional",
        lambda o: app_env(o)["REDIS_URL"]["valueFrom"]["secretKeyRef"].update(optional=True),
        settings_problems,
        f"{DEPLOYMENT}: REDIS_URL is not required from app-secrets",
    ),
    (
        "trusting-nobody",
        lambda o: find(o, "ConfigMap")["data"].update(TRUSTED_PROXIES=""),
        settings_problems,
        f"{DEPLOYMENT}: TRUSTED_PROXIES is not set by its ConfigMap",
    ),
    (
        "metrics-on-the-http-port",
        lambda o: find(o, "ConfigMap")["data"].pop("METRICS_PORT"),
        settings_problems,
        f"{DEPLOYMENT}: METRICS_PORT is not set by its ConfigMap",
    ),
    (
        "probe-on-the-metrics-port",
        lambda o: app(o)["readinessProbe"]["httpGet"].update(port="metrics"),
        settings_problems,
        f"{DEPLOYMENT}: readinessProbe is not on the http port",
    ),
    (
        "service-without-metrics",
        without_metrics_port,
        service_problems,
        "Service/hexa-monolith: no port metrics targeting the pods' metrics port",
    ),
    (
        "metrics-open-to-the-ingress",
        lambda o: ingress(o)[1]["from"].append(from_namespace("ingress-nginx")),
        network_problems,
        f"{POLICY}: port metrics is reachable from ['ingress-nginx', 'monitoring'], expected",
    ),
    (
        "api-open-to-monitoring",
        lambda o: ingress(o)[0]["from"].append(from_namespace("monitoring")),
        network_problems,
        f"{POLICY}: port http is reachable from ['ingress-nginx', 'monitoring'], expected",
    ),
    (
        "ingress-rule-on-every-port",
        lambda o: ingress(o)[0].pop("ports"),
        network_problems,
        f"{POLICY}: port metrics is reachable from ['ingress-nginx', 'monitoring'], expected",
    ),
    (
        "metrics-open-to-anyone",
        lambda o: ingress(o)[1].pop("from"),
        network_problems,
        f"{POLICY}: port metrics is reachable from ['any source'], expected ['monitoring']",
    ),
    (
        "policy-selecting-other-pods",
        lambda o: find(o, "NetworkPolicy")["spec"]["podSelector"].update(
            matchLabels={"app.kubernetes.io/name": "other"}
        ),
        network_problems,
        f"{DEPLOYMENT}: no NetworkPolicy selects its pods",
    ),
    (
        "no-tls-redis",
        without_tls_redis,
        network_problems,
        f"{POLICY}: no egress to Redis on 6380",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "check", "expected"),
    [pytest.param(mutate, check, expected, id=name) for name, mutate, check, expected in MISTAKES],
)
def test_a_planted_mistake_is_reported(
    rendered: Rendered,
    mutate: Callable[[list[Manifest]], object],
    check: Check,
    expected: str,
) -> None:
    broken = copy.deepcopy(rendered["overlays/production"])
    assert check(broken) == []

    mutate(broken)

    assert any(problem.startswith(expected) for problem in check(broken)), check(broken)


def test_a_service_monitor_scraping_the_api_port_is_reported(rendered: Rendered) -> None:
    broken = copy.deepcopy(rendered["platform"])
    find(broken, "ServiceMonitor")["spec"]["endpoints"][0]["port"] = "http"

    assert scrape_problems(broken) == [
        "ServiceMonitor/hexa-monolith: scrapes port http, not metrics"
    ]


def test_an_overlay_moving_the_metrics_port_alone_is_reported(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    overlay = tmp_path / "deploy/overlays/staging"
    text = (overlay / "kustomization.yaml").read_text()
    (overlay / "kustomization.yaml").write_text(
        text.replace("  - LOG_LEVEL=DEBUG\n", "  - LOG_LEVEL=DEBUG\n  - METRICS_PORT=9200\n", 1)
    )

    problems = settings_problems(render(overlay))

    assert problems == [f"{DEPLOYMENT}: METRICS_PORT is 9200, its metrics port 9100"]
