"""Checks that production changes only through the reviewed promotion, and that removing
an environment from Argo CD never removes what runs there.

Each returns a list of problems, empty when all is well.
"""

from tests.deploy.gitops_checks import applications
from tests.deploy.manifests import Manifest, name_of, of_kind

STAGED = "main"  # staging follows every merge
PROMOTED = "production"  # moved only by .github/workflows/promote.yml, after review
STAGING_NAMESPACE = "hexa-monolith-staging"
FINALIZER = "resources-finalizer.argocd.argoproj.io"


def revision_problems(objects: list[Manifest]) -> list[str]:
    """Only staging follows `main`; production and the platform that watches it follow
    the branch that only the gated promotion moves."""
    problems = []
    for app in applications(objects):
        source = app["spec"].get("source", {})
        staging = app["spec"].get("destination", {}).get("namespace") == STAGING_NAMESPACE
        wanted = STAGED if staging else PROMOTED
        if source.get("targetRevision") != wanted:
            problems.append(
                f"{name_of(app)}: follows {source.get('targetRevision')!r}, not {wanted!r}"
            )
    return problems


def deletion_problems(objects: list[Manifest]) -> list[str]:
    """Deleting an ApplicationSet, or one of its environments, leaves the workloads."""
    problems = []
    for appset in of_kind(objects, "ApplicationSet"):
        where = name_of(appset)
        policy = appset["spec"].get("syncPolicy", {})
        if policy.get("preserveResourcesOnDeletion") is not True:
            problems.append(f"{where}: spec.syncPolicy.preserveResourcesOnDeletion is not true")
        if FINALIZER in appset["spec"]["template"]["metadata"].get("finalizers", []):
            problems.append(f"{where}: its Applications carry {FINALIZER}")
    return problems
