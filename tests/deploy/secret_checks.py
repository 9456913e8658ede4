"""Checks on the credentials the app's pods use: to pull the image and to reach the
database. Each returns a list of problems, empty when all is well.
"""

from tests.deploy.manifests import Manifest, name_of, of_kind
from tests.deploy.release_checks import MIGRATION_CREDENTIALS
from tests.deploy.workload_checks import pod_spec

PULL_SECRET = "registry-credentials"  # written by CD from the DOCKER_REGISTRY* secrets


def pull_secret_problems(objects: list[Manifest]) -> list[str]:
    """Every pod can pull a private image: through its ServiceAccount's pull secrets or
    its own (a PreSync hook runs as `default`, which the manifests do not own)."""
    accounts = {sa["metadata"]["name"]: sa for sa in of_kind(objects, "ServiceAccount")}
    problems = []
    for workload in of_kind(objects, "Deployment", "Job"):
        pod = pod_spec(workload)
        account = accounts.get(pod.get("serviceAccountName", "default"), {})
        names = {s["name"] for s in pod.get("imagePullSecrets", [])}
        names |= {s["name"] for s in account.get("imagePullSecrets", [])}
        if PULL_SECRET not in names:
            problems.append(f"{name_of(workload)}: its pods do not pull with {PULL_SECRET}")
    return problems


def app_credential_problems(objects: list[Manifest]) -> list[str]:
    """The app's own pods never see the migration credentials."""
    migration_secret = MIGRATION_CREDENTIALS[0]
    return [
        f"{name_of(deployment)}: reads {migration_secret}"
        for deployment in of_kind(objects, "Deployment")
        for container in pod_spec(deployment)["containers"]
        for var in container.get("env", []) + container.get("envFrom", [])
        if migration_secret
        in (
            var.get("valueFrom", {}).get("secretKeyRef", {}).get("name"),
            var.get("secretRef", {}).get("name"),
        )
    ]
