"""Checks that Argo CD and Prometheus Operator objects carry what their CRDs require, and
only fields their CRDs define (crd_fields.py).

The offline schema validator skips these kinds; a typo here would only show on the cluster.
"""

from typing import Any

from tests.deploy.crd_fields import SPECS, field_problems
from tests.deploy.manifests import Manifest, name_of

API_VERSIONS = {
    "AppProject": "argoproj.io/v1alpha1",
    "Application": "argoproj.io/v1alpha1",
    "ApplicationSet": "argoproj.io/v1alpha1",
    "ServiceMonitor": "monitoring.coreos.com/v1",
    "PrometheusRule": "monitoring.coreos.com/v1",
    "AlertmanagerConfig": "monitoring.coreos.com/v1alpha1",
}


def crd_problems(objects: list[Manifest]) -> list[str]:
    """Argo CD and Prometheus Operator objects carry the fields their CRDs require."""
    problems = []
    for obj in objects:
        if obj.get("kind") not in API_VERSIONS:
            continue
        where = name_of(obj)
        if obj.get("apiVersion") != API_VERSIONS[obj["kind"]]:
            problems.append(f"{where}: apiVersion is not {API_VERSIONS[obj['kind']]}")
        if not obj.get("metadata", {}).get("name") or not obj["metadata"].get("namespace"):
            problems.append(f"{where}: no metadata.name or metadata.namespace")
        spec = obj.get("spec", {})
        problems += [f"{where}: {problem}" for problem in SPEC_CHECKS[obj["kind"]](spec)]
        problems += [f"{where}: {p}" for p in field_problems(spec, SPECS[obj["kind"]], "spec")]
    return problems


def _project(spec: dict[str, Any]) -> list[str]:
    ok = spec.get("sourceRepos") and spec.get("destinations")
    return [] if ok else ["no sourceRepos or destinations"]


def _application(spec: dict[str, Any]) -> list[str]:
    missing = [key for key in ("project", "source", "destination") if key not in spec]
    return [f"no spec.{key}" for key in missing]


def _application_set(spec: dict[str, Any]) -> list[str]:
    problems = [] if spec.get("generators") else ["no generators"]
    template = spec.get("template", {})
    if not template.get("metadata", {}).get("name"):
        problems.append("no template.metadata.name")
    return problems + _application(template.get("spec", {}))


def _service_monitor(spec: dict[str, Any]) -> list[str]:
    problems = [] if spec.get("selector") else ["no selector"]
    endpoints = spec.get("endpoints") or [{}]
    return problems + [
        "an endpoint has no port" for e in endpoints if "port" not in e and "targetPort" not in e
    ]


def _prometheus_rule(spec: dict[str, Any]) -> list[str]:
    problems = [] if spec.get("groups") else ["no groups"]
    for group in spec.get("groups", []):
        if not group.get("name") or not group.get("rules"):
            problems.append("a group has no name or no rules")
        for rule in group.get("rules", []):
            label = rule.get("alert") or rule.get("record")
            if not label or not rule.get("expr"):
                problems.append(f"rule {label!r} has no alert/record name or no expr")
            elif "alert" in rule and "severity" not in rule.get("labels", {}):
                problems.append(f"alert {label} has no severity label")
    return problems


def _alertmanager_config(spec: dict[str, Any]) -> list[str]:
    receivers = {r.get("name"): r for r in spec.get("receivers", [])}
    route = spec.get("route", {})
    used = [route.get("receiver")] + [r.get("receiver") for r in route.get("routes", [])]
    problems = [f"route to undefined receiver {name!r}" for name in used if name not in receivers]
    for name, receiver in receivers.items():
        refs = [c.get("urlSecret") for c in receiver.get("webhookConfigs", [])]
        refs += [c.get("apiURL") for c in receiver.get("slackConfigs", [])]
        if not refs:
            problems.append(f"receiver {name!r} sends nowhere")
        problems += [
            f"receiver {name!r}: a URL is not a secret key reference"
            for ref in refs
            if not (isinstance(ref, dict) and ref.get("name") and ref.get("key"))
        ]
    return problems


SPEC_CHECKS = {
    "AppProject": _project,
    "Application": _application,
    "ApplicationSet": _application_set,
    "ServiceMonitor": _service_monitor,
    "PrometheusRule": _prometheus_rule,
    "AlertmanagerConfig": _alertmanager_config,
}
