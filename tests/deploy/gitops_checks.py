"""Checks on the Argo CD Applications: what they sync, how, and what their project allows.

Each returns a list of problems, empty when all is well.
"""

import re
from pathlib import Path
from typing import Any

from tests.deploy.manifests import Manifest, name_of, of_kind

ENFORCE = "pod-security.kubernetes.io/enforce"
# Namespaces exempt from the "restricted" Pod Security profile, with the reason.
PRIVILEGED_NAMESPACES = {
    "logging": "Fluent Bit reads the nodes' log files through hostPath volumes",
}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding"}


def expand(application_set: Manifest) -> list[Manifest]:
    """The Applications a list-generator ApplicationSet (Go templates) creates."""
    spec = application_set["spec"]
    elements = [
        e for gen in spec.get("generators", []) for e in gen.get("list", {}).get("elements", [])
    ]

    def fill(value: Any, element: dict[str, str]) -> Any:
        if isinstance(value, str):
            return re.sub(r"\{\{\s*\.(\w+)\s*\}\}", lambda m: element[m.group(1)], value)
        if isinstance(value, dict):
            return {key: fill(item, element) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item, element) for item in value]
        return value

    template = {
        "apiVersion": application_set["apiVersion"],
        "kind": "Application",
        **spec["template"],
    }
    return [fill(template, element) for element in elements]


def applications(objects: list[Manifest]) -> list[Manifest]:
    generated = [app for appset in of_kind(objects, "ApplicationSet") for app in expand(appset)]
    return of_kind(objects, "Application") + generated


def argocd_problems(objects: list[Manifest], root: Path) -> list[str]:
    """Every Application syncs an existing folder automatically, within its AppProject."""
    projects = {p["metadata"]["name"]: p["spec"] for p in of_kind(objects, "AppProject")}
    problems = []
    for app in applications(objects):
        where = name_of(app)
        spec = app["spec"]
        source, destination = spec.get("source", {}), spec.get("destination", {})
        project = projects.get(spec.get("project", ""))
        if project is None:
            problems.append(f"{where}: its project {spec.get('project')!r} is not defined")
            project = {}
        if source.get("repoURL") not in project.get("sourceRepos", []):
            problems.append(f"{where}: its project does not allow {source.get('repoURL')}")
        if destination not in project.get("destinations", []):
            problems.append(f"{where}: its project does not allow destination {destination}")
        if not (root / source.get("path", "<none>") / "kustomization.yaml").is_file():
            problems.append(f"{where}: path {source.get('path')} is not a Kustomize folder")
        problems += [
            f"{where}: {problem}" for problem in _sync_problems(spec.get("syncPolicy", {}))
        ]
        labels = spec.get("syncPolicy", {}).get("managedNamespaceMetadata", {}).get("labels", {})
        wanted = (
            "privileged" if destination.get("namespace") in PRIVILEGED_NAMESPACES else "restricted"
        )
        if labels.get(ENFORCE) != wanted:
            problems.append(f"{where}: namespace not labelled {ENFORCE}: {wanted}")
    return problems


def _sync_problems(policy: dict[str, Any]) -> list[str]:
    automated = policy.get("automated")
    problems = []
    if automated is None or automated.get("enabled") is False:
        problems.append("no automated sync")
    else:
        problems += [
            f"automated sync without {key}"
            for key in ("prune", "selfHeal")
            if automated.get(key) is not True
        ]
    if "CreateNamespace=true" not in policy.get("syncOptions", []):
        problems.append("no CreateNamespace=true")
    backoff = policy.get("retry", {}).get("backoff", {})
    if not {"duration", "factor", "maxDuration"} <= backoff.keys():
        problems.append("no retry with backoff (duration, factor, maxDuration)")
    return problems


def permission_problems(project: Manifest, objects: list[Manifest]) -> list[str]:
    """Every object is of a kind, and in a namespace, that the AppProject allows."""
    spec = project["spec"]
    namespaces = {d["namespace"] for d in spec["destinations"]}
    problems = []
    for obj in objects:
        group = obj["apiVersion"].rpartition("/")[0]
        scoped = obj["kind"] in CLUSTER_SCOPED
        allowed = spec.get(
            "clusterResourceWhitelist" if scoped else "namespaceResourceWhitelist", []
        )
        if {"group": group, "kind": obj["kind"]} not in allowed:
            problems.append(f"{name_of(obj)}: kind not allowed by the AppProject")
        if not scoped and obj["metadata"].get("namespace") not in namespaces:
            problems.append(
                f"{name_of(obj)}: namespace {obj['metadata'].get('namespace')} not a destination"
            )
    return problems
