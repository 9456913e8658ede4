"""Checks on what a release changes: the image and the migration hook.

Each returns a list of problems, empty when all is well.
"""

import re
from typing import Any

from tests.deploy.manifests import Manifest, name_of, of_kind
from tests.deploy.workload_checks import WORKLOADS, pod_spec

MIGRATE_ARGS = ["migrate"]  # after the image's entrypoint, `python -m app`
# (Secret, key) the migration connects with: never the app's own, less privileged, user.
MIGRATION_CREDENTIALS = ("migration-secrets", "DB_MIGRATION_URL")


def images(objects: list[Manifest]) -> list[tuple[str, str]]:
    """(where, image) of every container of every workload."""
    return [
        (f"{name_of(workload)} container {container['name']}", container["image"])
        for workload in of_kind(objects, *WORKLOADS)
        for container in pod_spec(workload)["containers"]
    ]


IMAGE = re.compile(r"(?P<repository>[^@]+?)(?::(?P<tag>[\w][\w.-]*))?(?:@(?P<digest>.+))?")
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


def split_image(image: str) -> tuple[str, str, str]:
    """(repository, tag, digest); tag and digest are "" when absent."""
    found = IMAGE.fullmatch(image)
    if found is None or "/" in (found["tag"] or ""):  # a registry port is not a tag
        return image, "", ""
    return found["repository"], found["tag"] or "", found["digest"] or ""


def image_problems(overlays: dict[str, list[Manifest]]) -> list[str]:
    """Every image is pinned by digest, keeps a tag for humans, and comes from one
    repository; on `main` every environment names the same image (the next release)."""
    problems = []
    repositories: dict[str, set[str]] = {}
    named: dict[str, set[str]] = {}
    for overlay, objects in overlays.items():
        for where, image in images(objects):
            repository, tag, digest = split_image(image)
            repositories.setdefault(repository, set()).add(overlay)
            named.setdefault(image, set()).add(overlay)
            if not DIGEST.fullmatch(digest):
                problems.append(f"{overlay}: {where}: image {image} is not pinned by digest")
            if not tag:
                problems.append(f"{overlay}: {where}: image {image} has no tag")
            elif tag == "latest":
                problems.append(f"{overlay}: {where}: image {image} uses the latest tag")
    if len(repositories) > 1:
        found = ", ".join(
            f"{repo} ({', '.join(sorted(envs))})" for repo, envs in repositories.items()
        )
        problems.append(f"the overlays use different image repositories: {found}")
    if len(named) > 1:
        problems.append(f"the overlays name different images: {', '.join(sorted(named))}")
    return problems


def hook_problems(objects: list[Manifest]) -> list[str]:
    """A PreSync Job migrates the database, using only what exists before the sync."""
    hooks = [
        job
        for job in of_kind(objects, "Job")
        if job["metadata"].get("annotations", {}).get("argocd.argoproj.io/hook") == "PreSync"
    ]
    if not hooks:
        return ["no Job runs as an Argo CD PreSync hook"]
    config = {
        key: value
        for config_map in of_kind(objects, "ConfigMap")
        for key, value in config_map.get("data", {}).items()
    }
    problems = []
    for job in hooks:
        where = name_of(job)
        pod = pod_spec(job)
        if pod.get("serviceAccountName", "default") != "default":
            problems.append(
                f"{where}: uses ServiceAccount {pod['serviceAccountName']}, "
                "which the sync creates only after the hook"
            )
        for container in pod["containers"]:
            if container.get("command") or container.get("args") != MIGRATE_ARGS:
                problems.append(f"{where}: does not run `python -m app migrate`")
            if any("configMapRef" in source for source in container.get("envFrom", [])):
                problems.append(f"{where}: reads a ConfigMap the sync creates after the hook")
            database = _secret_ref(container, "DATABASE_URL")
            if database != MIGRATION_CREDENTIALS:
                problems.append(
                    f"{where}: DATABASE_URL comes from {database}, not from "
                    f"{'/'.join(MIGRATION_CREDENTIALS)} (a user allowed to change the schema)"
                )
            for var in container.get("env", []):
                if "configMapKeyRef" in var.get("valueFrom", {}):
                    problems.append(f"{where}: reads a ConfigMap the sync creates after the hook")
                if var["name"] in config and var.get("value") != config[var["name"]]:
                    problems.append(
                        f"{where}: {var['name']}={var.get('value')!r} but the "
                        f"app has {config[var['name']]!r}"
                    )
    return problems


def _secret_ref(container: dict[str, Any], variable: str) -> tuple[str, str] | None:
    for var in container.get("env", []):
        ref = var.get("valueFrom", {}).get("secretKeyRef")
        if var["name"] == variable and ref:
            return ref["name"], ref["key"]
    return None
