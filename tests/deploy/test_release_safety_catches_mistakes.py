"""Each release-safety check fails on a planted mistake: in a copy of deploy/ (rendered
again) where the mistake is in a file, in a copy of the rendered objects otherwise."""

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.deploy.access_checks import cd_access_problems, namespace_problems
from tests.deploy.manifests import ROOT, Manifest, of_kind, render
from tests.deploy.promotion_checks import deletion_problems, revision_problems
from tests.deploy.release_checks import hook_problems, image_problems
from tests.deploy.secret_checks import app_credential_problems, pull_secret_problems
from tests.deploy.test_access import needed

Rendered = dict[str, list[Manifest]]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    return tmp_path / "deploy"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new))


def test_production_following_main_is_reported(tree: Path) -> None:
    edit(tree / "argocd/applicationset.yaml", "revision: production", "revision: main")

    assert revision_problems(render(tree / "argocd")) == [
        "Application/hexa-monolith-production: follows 'main', not 'production'"
    ]


def test_the_platform_following_main_is_reported(tree: Path) -> None:
    edit(tree / "argocd/platform.yaml", "targetRevision: production", "targetRevision: main")

    assert revision_problems(render(tree / "argocd")) == [
        "Application/hexa-monolith-platform: follows 'main', not 'production'"
    ]


def test_an_application_set_that_deletes_workloads_with_it_is_reported(tree: Path) -> None:
    edit(tree / "argocd/applicationset.yaml", "preserveResourcesOnDeletion: true", "{}")
    edit(
        tree / "argocd/applicationset.yaml",
        "      name: hexa-monolith-{{.env}}\n",
        "      name: hexa-monolith-{{.env}}\n"
        "      finalizers:\n      - resources-finalizer.argocd.argoproj.io\n",
    )

    assert deletion_problems(render(tree / "argocd")) == [
        "ApplicationSet/hexa-monolith: spec.syncPolicy.preserveResourcesOnDeletion is not true",
        "ApplicationSet/hexa-monolith: its Applications carry "
        "resources-finalizer.argocd.argoproj.io",
    ]


def overlays(tree: Path) -> Rendered:
    return {env: render(tree / f"overlays/{env}") for env in ("staging", "production")}


def test_an_image_pinned_by_tag_only_is_reported(tree: Path) -> None:
    production = tree / "overlays/production/kustomization.yaml"
    edit(production, f"  digest: sha256:{'0' * 64}\n", "")

    problems = image_problems(overlays(tree))

    assert "production: Deployment/hexa-monolith container app: image " in problems[0]
    assert problems[0].endswith("is not pinned by digest")
    assert problems[-1].startswith("the overlays name different images")


def test_production_naming_another_image_than_staging_on_main_is_reported(tree: Path) -> None:
    edit(tree / "overlays/production/kustomization.yaml", "newTag: 0.1.0", "newTag: 0.0.9")

    assert [p[:43] for p in image_problems(overlays(tree))] == [
        "the overlays name different images: ghcr.io"
    ]


def test_pods_that_cannot_pull_a_private_image_are_reported(tree: Path) -> None:
    edit(tree / "base/serviceaccount.yaml", "imagePullSecrets:\n- name: registry-credentials\n", "")
    edit(
        tree / "base/migrate-job.yaml",
        "      imagePullSecrets:\n"
        "      - name: registry-credentials  # optional: see serviceaccount.yaml\n",
        "",
    )

    assert pull_secret_problems(render(tree / "overlays/staging")) == [
        "Deployment/hexa-monolith: its pods do not pull with registry-credentials",
        "Job/hexa-monolith-migrate: its pods do not pull with registry-credentials",
    ]


def test_a_migration_with_the_apps_credentials_is_reported(tree: Path) -> None:
    edit(tree / "base/migrate-job.yaml", "name: migration-secrets", "name: app-secrets")
    edit(tree / "base/migrate-job.yaml", "key: DB_MIGRATION_URL", "key: DATABASE_URL")

    assert hook_problems(render(tree / "overlays/production")) == [
        "Job/hexa-monolith-migrate: DATABASE_URL comes from ('app-secrets', 'DATABASE_URL'), "
        "not from migration-secrets/DB_MIGRATION_URL (a user allowed to change the schema)"
    ]


def test_an_app_reading_the_migration_credentials_is_reported(tree: Path) -> None:
    edit(
        tree / "base/deployment.yaml",
        "        envFrom:\n",
        "        envFrom:\n        - secretRef:\n            name: migration-secrets\n",
    )

    assert app_credential_problems(render(tree / "overlays/staging")) == [
        "Deployment/hexa-monolith: reads migration-secrets"
    ]


def test_a_namespace_the_bootstrap_does_not_create_is_reported(tree: Path) -> None:
    edit(tree / "bootstrap/kustomization.yaml", "- production\n", "")

    problems = namespace_problems(render(tree / "bootstrap"), render(tree / "argocd"))

    assert problems == ["hexa-monolith-production: not created by the bootstrap"]


def grant(rendered: Rendered, rule: Manifest) -> None:
    of_kind(rendered["bootstrap"], "Role")[0]["rules"].append(rule)


ACCESS_MISTAKES: list[tuple[str, Callable[[Rendered], object], str]] = [
    (
        "namespaces",
        lambda r: grant(r, {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["create"]}),
        "Role/hexa-monolith-cd in hexa-monolith-production: grants ['namespaces'] in ['']",
    ),
    (
        "every-secret",
        lambda r: grant(r, {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}),
        "Role/hexa-monolith-cd in hexa-monolith-production: grants ['get'] on every Secret",
    ),
    (
        "delete",
        lambda r: of_kind(r["bootstrap"], "Role")[0]["rules"][1]["verbs"].append("delete"),
        "Role/hexa-monolith-cd in hexa-monolith-production: grants ['delete'] on Secrets",
    ),
    (
        "cluster-wide",
        lambda r: r["bootstrap"].append(
            {"kind": "ClusterRoleBinding", "metadata": {"name": "hexa-monolith-cd"}}
        ),
        "ClusterRoleBinding/hexa-monolith-cd: CD needs no cluster-wide right",
    ),
    (
        "a-secret-it-cannot-write",
        lambda r: of_kind(r["bootstrap"], "Role")[1]["rules"][1]["resourceNames"].remove(
            "migration-secrets"
        ),
        "hexa-monolith-staging: CD may change ['alerting-secrets', 'app-secrets', "
        "'registry-credentials'], the environment reads ['alerting-secrets', 'app-secrets', "
        "'migration-secrets', 'registry-credentials']",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [pytest.param(m, e, id=name) for name, m, e in ACCESS_MISTAKES]
)
def test_cd_rights_beyond_or_short_of_its_secrets_are_reported(
    rendered: Rendered, mutate: Callable[[Rendered], object], expected: str
) -> None:
    broken = copy.deepcopy(rendered)

    mutate(broken)

    assert cd_access_problems(broken["bootstrap"], needed(broken)) == [expected]
