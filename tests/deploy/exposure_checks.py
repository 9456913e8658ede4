"""Checks on what the app exposes, to whom, and the settings that go with it.

Each returns a list of problems, empty when all is well.
"""

from typing import Any

from tests.deploy.manifests import Manifest, name_of, of_kind
from tests.deploy.workload_checks import PROBES, pod_spec

# Who may reach each container port (deploy/base/networkpolicy.yaml names them).
ADMITTED = {"http": {"ingress-nginx"}, "metrics": {"monitoring"}}
REDIS_PORTS = (6379, 6380)  # plain, and TLS as managed Redis services serve it
FROM_SECRET = {"REDIS_URL": "app-secrets"}  # required: no `optional`
FROM_CONFIG = ("METRICS_PORT", "TRUSTED_PROXIES")
ANYONE = "any source"
NAMESPACE_NAME = "kubernetes.io/metadata.name"  # set by Kubernetes on every namespace


def container_ports(deployment: Manifest) -> dict[str, int]:
    [app] = pod_spec(deployment)["containers"]
    return {port["name"]: port["containerPort"] for port in app.get("ports", [])}


def settings_problems(objects: list[Manifest]) -> list[str]:
    """The app reads REDIS_URL from its Secret, METRICS_PORT and TRUSTED_PROXIES from its
    ConfigMap, and serves metrics on the port the Deployment names `metrics`."""
    config_maps = {c["metadata"]["name"]: c.get("data", {}) for c in of_kind(objects, "ConfigMap")}
    problems = []
    for deployment in of_kind(objects, "Deployment"):
        where = name_of(deployment)
        [app] = pod_spec(deployment)["containers"]
        refs = {
            var["name"]: var["valueFrom"]["secretKeyRef"]
            for var in app.get("env", [])
            if "secretKeyRef" in var.get("valueFrom", {})
        }
        for name, secret in FROM_SECRET.items():
            ref = refs.get(name, {})
            if (ref.get("name"), ref.get("key")) != (secret, name) or ref.get("optional"):
                problems.append(f"{where}: {name} is not required from {secret}")
        config: dict[str, str] = {}
        for source in app.get("envFrom", []):
            config |= config_maps.get(source.get("configMapRef", {}).get("name"), {})
        problems += [
            f"{where}: {name} is not set by its ConfigMap"
            for name in FROM_CONFIG
            if not config.get(name)
        ]
        metrics = container_ports(deployment).get("metrics")
        if config.get("METRICS_PORT") and config["METRICS_PORT"] != str(metrics):
            problems.append(
                f"{where}: METRICS_PORT is {config['METRICS_PORT']}, its metrics port {metrics}"
            )
        problems += [
            f"{where}: {probe} is not on the http port"
            for probe in (*PROBES, "startupProbe")
            if app.get(probe, {}).get("httpGet", {}).get("port") != "http"
        ]
    return problems


def service_problems(objects: list[Manifest]) -> list[str]:
    """The Service exposes the pods' `http` and `metrics` ports under the same names."""
    return [
        f"{name_of(service)}: no port {name} targeting the pods' {name} port"
        for service in of_kind(objects, "Service")
        for name in ADMITTED
        if {"name": name, "targetPort": name}
        not in [{k: p.get(k) for k in ("name", "targetPort")} for p in service["spec"]["ports"]]
    ]


def scrape_problems(platform: list[Manifest]) -> list[str]:
    """Prometheus scrapes /metrics on the `metrics` port, never the API's."""
    return [
        f"{name_of(monitor)}: scrapes port {endpoint.get('port')}, not metrics"
        for monitor in of_kind(platform, "ServiceMonitor")
        for endpoint in monitor["spec"]["endpoints"]
        if endpoint.get("port") != "metrics"
    ]


def sources(policy: Manifest, port: str, number: int) -> set[str]:
    """Who the policy's ingress rules let reach a container port (by name or number)."""
    found = set()
    for rule in policy["spec"].get("ingress", []):
        ports = [p.get("port") for p in rule.get("ports", [])]
        if ports and port not in ports and number not in ports:
            continue
        found |= {_source(peer) for peer in rule.get("from", [])} or {ANYONE}
    return found


def _source(peer: dict[str, Any]) -> str:
    """A peer, named by its namespace: a podSelector beside it only narrows it further."""
    if "ipBlock" in peer:
        return f"ipBlock {peer['ipBlock'].get('cidr')}"
    if "namespaceSelector" not in peer:
        return "the app's own namespace"
    selector = peer["namespaceSelector"] or {}
    labels = selector.get("matchLabels", {})
    if not selector:
        return ANYONE
    if list(selector) == ["matchLabels"] and list(labels) == [NAMESPACE_NAME]:
        return str(labels[NAMESPACE_NAME])
    return f"namespaces matching {selector}"


def _allows(rule: dict[str, Any], number: int) -> bool:
    ports = rule.get("ports", [])
    return not ports or any(p.get("port") == number for p in ports)


def network_problems(objects: list[Manifest]) -> list[str]:
    """A policy fences the app's pods: each port is open to its own namespace only, and
    the pods may reach Redis."""
    [deployment] = of_kind(objects, "Deployment")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    policies = [
        policy
        for policy in of_kind(objects, "NetworkPolicy")
        if policy["spec"]["podSelector"].get("matchLabels", {}).items() <= pod_labels.items()
    ]
    problems = [] if policies else [f"{name_of(deployment)}: no NetworkPolicy selects its pods"]
    for policy in policies:
        where = name_of(policy)
        if {"Ingress", "Egress"} - set(policy["spec"].get("policyTypes", [])):
            problems.append(f"{where}: does not fence both ingress and egress")
        for port, number in container_ports(deployment).items():
            reach, expected = sources(policy, port, number), ADMITTED.get(port, set())
            if reach != expected:
                problems.append(
                    f"{where}: port {port} is reachable from {sorted(reach) or 'nobody'}, "
                    f"expected {sorted(expected) or 'nobody'}"
                )
        egress = policy["spec"].get("egress", [])
        problems += [
            f"{where}: no egress to Redis on {number}"
            for number in REDIS_PORTS
            if not any(_allows(rule, number) for rule in egress)
        ]
    return problems
