"""Checks on the app's workloads that no schema validator makes.

Each returns a list of problems, one sentence each, empty when all is well; the tests run
them on the real tree (expecting []) and on broken copies (expecting the named problem).
"""

from typing import Any

from tests.deploy.manifests import Manifest, name_of, of_kind

WORKLOADS = ("Deployment", "Job", "DaemonSet", "StatefulSet")
PROBES = {"readinessProbe": "/health/ready", "livenessProbe": "/health/live"}
DRAIN_SECONDS = 20  # uvicorn's graceful shutdown after SIGTERM
WRITABLE = "/tmp"  # noqa: S108 - a mount path in the manifests, never opened here


def pod_spec(workload: Manifest) -> dict[str, Any]:
    spec: dict[str, Any] = workload["spec"]["template"]["spec"]
    return spec


def hardening_problems(objects: list[Manifest]) -> list[str]:
    """What keeps a workload's pods from being hardened and Pod Security "restricted"."""
    problems: list[str] = []
    for workload in of_kind(objects, *WORKLOADS):
        pod = pod_spec(workload)
        where = name_of(workload)
        pod_security = pod.get("securityContext", {})
        if pod.get("automountServiceAccountToken") is not False:
            problems.append(f"{where}: the service account token is mounted")
        for flag in ("hostNetwork", "hostPID", "hostIPC"):
            if pod.get(flag):
                problems.append(f"{where}: {flag} is on")
        problems += [
            f"{where}: volume {volume['name']} is a hostPath"
            for volume in pod.get("volumes", [])
            if "hostPath" in volume
        ]
        for container in pod.get("initContainers", []) + pod["containers"]:
            problems += _container_problems(
                f"{where} container {container['name']}",
                container,
                pod_security,
                pod.get("volumes", []),
            )
    return problems


def _container_problems(
    where: str, container: dict[str, Any], pod_security: dict[str, Any], volumes: list[Any]
) -> list[str]:
    security = {**pod_security, **container.get("securityContext", {})}
    problems = []
    if security.get("runAsNonRoot") is not True:
        problems.append(f"{where}: runAsNonRoot is not true")
    if security.get("runAsUser") == 0:
        problems.append(f"{where}: runs as root (runAsUser 0)")
    if security.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        problems.append(f"{where}: seccompProfile is not RuntimeDefault")
    if security.get("allowPrivilegeEscalation") is not False:
        problems.append(f"{where}: allowPrivilegeEscalation is not false")
    if security.get("privileged"):
        problems.append(f"{where}: is privileged")
    if security.get("readOnlyRootFilesystem") is not True:
        problems.append(f"{where}: readOnlyRootFilesystem is not true")
    if security.get("capabilities", {}).get("drop") != ["ALL"]:
        problems.append(f"{where}: capabilities are not all dropped")
    if security.get("capabilities", {}).get("add"):
        problems.append(f"{where}: adds capabilities")
    resources = container.get("resources", {})
    for kind, key in (("requests", "cpu"), ("requests", "memory"), ("limits", "memory")):
        if key not in resources.get(kind, {}):
            problems.append(f"{where}: no {key} {kind[:-1]}")
    empty_dirs = {volume["name"] for volume in volumes if "emptyDir" in volume}
    if not any(
        mount["mountPath"] == WRITABLE and mount["name"] in empty_dirs
        for mount in container.get("volumeMounts", [])
    ):
        problems.append(f"{where}: /tmp is not a writable emptyDir")
    return problems


def serving_problems(objects: list[Manifest]) -> list[str]:
    """What keeps the app's Deployments from starting, serving and stopping cleanly."""
    problems: list[str] = []
    for deployment in of_kind(objects, "Deployment"):
        pod = pod_spec(deployment)
        where = name_of(deployment)
        if "replicas" in deployment["spec"]:
            problems.append(f"{where}: sets replicas, which the HPA owns")
        spread = pod.get("topologySpreadConstraints", [])
        if not any(c.get("topologyKey") == "kubernetes.io/hostname" for c in spread):
            problems.append(f"{where}: pods are not spread across nodes")
        grace = pod.get("terminationGracePeriodSeconds", 30)
        for container in pod["containers"]:
            here = f"{where} container {container['name']}"
            for probe, path in PROBES.items():
                if container.get(probe, {}).get("httpGet", {}).get("path") != path:
                    problems.append(f"{here}: no {probe} on {path}")
            if "startupProbe" not in container:
                problems.append(f"{here}: no startupProbe")
            pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("exec", {})
            pause = int(pre_stop["command"][-1]) if pre_stop.get("command") else 0
            if pause == 0:
                problems.append(f"{here}: no preStop pause before SIGTERM")
            if grace <= pause + DRAIN_SECONDS:
                problems.append(
                    f"{here}: terminationGracePeriodSeconds {grace} leaves no time for "
                    f"a {pause} s preStop pause and a {DRAIN_SECONDS} s drain"
                )
    return problems
