"""Checks on what a release changes: the image and the migration hook.

Each returns a list of problems, empty when all is well.
"""

from tests.deploy.manifests import Manifest, name_of, of_kind
from tests.deploy.workload_checks import WORKLOADS, pod_spec

MIGRATE_ARGS = ["migrate"]  # after the image's entrypoint, `python -m app`


def images(objects: list[Manifest]) -> list[tuple[str, str]]:
    """(where, image) of every container of every workload."""
    return [
        (f"{name_of(workload)} container {container['name']}", container["image"])
        for workload in of_kind(objects, *WORKLOADS)
        for container in pod_spec(workload)["containers"]
    ]


def split_image(image: str) -> tuple[str, str]:
    """(repository, tag); the tag is "" when absent. A digest counts as a tag."""
    if "@" in image:
        repository, _, digest = image.partition("@")
        return repository, digest
    repository, _, tag = image.rpartition(":")
    if not repository or "/" in tag:  # no colon, or the colon was a registry port
        return image, ""
    return repository, tag


def image_problems(overlays: dict[str, list[Manifest]]) -> list[str]:
    """Every image pinned to a tag other than `latest`, from one repository everywhere."""
    problems = []
    repositories: dict[str, set[str]] = {}
    for overlay, objects in overlays.items():
        for where, image in images(objects):
            repository, tag = split_image(image)
            repositories.setdefault(repository, set()).add(overlay)
            if not tag:
                problems.append(f"{overlay}: {where}: image {image} has no tag")
            elif tag == "latest":
                problems.append(f"{overlay}: {where}: image {image} uses the latest tag")
    if len(repositories) > 1:
        found = ", ".join(
            f"{repo} ({', '.join(sorted(envs))})" for repo, envs in repositories.items()
        )
        problems.append(f"the overlays use different image repositories: {found}")
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
            for var in container.get("env", []):
                if "configMapKeyRef" in var.get("valueFrom", {}):
                    problems.append(f"{where}: reads a ConfigMap the sync creates after the hook")
                if var["name"] in config and var.get("value") != config[var["name"]]:
                    problems.append(
                        f"{where}: {var['name']}={var.get('value')!r} but the "
                        f"app has {config[var['name']]!r}"
                    )
    return problems
