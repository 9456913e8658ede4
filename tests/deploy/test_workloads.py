"""The app's overlays render hardened, pinned, production-ready workloads."""

from pathlib import Path

import pytest
import yaml

from tests.deploy.manifests import OVERLAYS, ROOT, Manifest, of_kind
from tests.deploy.release_checks import hook_problems, image_problems, split_image
from tests.deploy.secret_checks import app_credential_problems, pull_secret_problems
from tests.deploy.workload_checks import hardening_problems, serving_problems

DEPLOY = ROOT / "deploy"
SECRET_KEYS = {
    "DATABASE_URL",
    "JWT_SECRET",
    "SENTRY_DSN",
    "SMTP_HOST",
    "SMTP_USER",
    "SMTP_PASSWORD",
    "REDIS_URL",
}


def kustomizations() -> list[Path]:
    return sorted(DEPLOY.rglob("kustomization.yaml"))


def one(objects: list[Manifest], kind: str) -> Manifest:
    [obj] = of_kind(objects, kind)
    return obj


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_workload_is_hardened_for_pod_security_restricted(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    objects = rendered[f"overlays/{overlay}"]

    assert {obj["kind"] for obj in objects} >= {"Deployment", "Job"}
    assert hardening_problems(objects) == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_app_starts_serves_and_stops_gracefully(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    assert serving_problems(rendered[f"overlays/{overlay}"]) == []


def test_every_image_is_pinned_by_digest_with_a_tag_and_the_same_in_both_overlays(
    rendered: dict[str, list[Manifest]],
) -> None:
    overlays = {overlay: rendered[f"overlays/{overlay}"] for overlay in OVERLAYS}

    assert image_problems(overlays) == []


def test_the_image_is_set_only_in_each_overlays_images(
    rendered: dict[str, list[Manifest]],
) -> None:
    base = [
        doc
        for path in (DEPLOY / "base").glob("*.yaml")
        for doc in yaml.safe_load_all(path.read_text())
    ]
    base_images = {
        c["image"]
        for obj in of_kind(base, "Deployment", "Job")
        for c in obj["spec"]["template"]["spec"]["containers"]
    }
    assert base_images == {"hexa-monolith"}
    for overlay in OVERLAYS:
        kustomization = yaml.safe_load(
            (DEPLOY / "overlays" / overlay / "kustomization.yaml").read_text()
        )
        [image] = kustomization["images"]
        assert image["name"] == "hexa-monolith"
        deployment = one(rendered[f"overlays/{overlay}"], "Deployment")
        rendered_image = deployment["spec"]["template"]["spec"]["containers"][0]["image"]
        assert split_image(rendered_image) == (
            image["newName"],
            str(image["newTag"]),
            image["digest"],
        )


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_migration_runs_before_the_sync_as_a_hook(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    assert hook_problems(rendered[f"overlays/{overlay}"]) == []


def test_production_runs_more_pods_with_a_stricter_disruption_budget(
    rendered: dict[str, list[Manifest]],
) -> None:
    staging, production = (rendered[f"overlays/{overlay}"] for overlay in OVERLAYS)
    staging_hpa, production_hpa = (
        one(staging, "HorizontalPodAutoscaler"),
        one(production, "HorizontalPodAutoscaler"),
    )

    assert production_hpa["apiVersion"] == "autoscaling/v2"
    assert production_hpa["spec"]["minReplicas"] >= 3 > staging_hpa["spec"]["minReplicas"]
    assert production_hpa["spec"]["maxReplicas"] > staging_hpa["spec"]["maxReplicas"]
    assert one(production, "PodDisruptionBudget")["spec"]["minAvailable"] == 2
    assert "maxUnavailable" not in one(production, "PodDisruptionBudget")["spec"]


def test_secrets_come_from_the_cluster_not_from_git(
    rendered: dict[str, list[Manifest]],
) -> None:
    templates = {
        doc["metadata"]["name"]: set(doc["stringData"])
        for doc in yaml.safe_load_all((DEPLOY / "base" / "secrets.example.yaml").read_text())
    }
    deployment = one(rendered["overlays/production"], "Deployment")
    refs = {
        var["valueFrom"]["secretKeyRef"]["key"]: var["valueFrom"]["secretKeyRef"]
        for var in deployment["spec"]["template"]["spec"]["containers"][0]["env"]
        if "secretKeyRef" in var.get("valueFrom", {})
    }
    secrets = [obj for objects in rendered.values() for obj in of_kind(objects, "Secret")]

    # The only Secrets in Git are account tokens (the bootstrap's), which the cluster fills.
    assert all(s["type"] == "kubernetes.io/service-account-token" for s in secrets)
    assert not [s for s in secrets if "data" in s or "stringData" in s]
    assert templates["app-secrets"] == SECRET_KEYS == set(refs)
    assert templates["migration-secrets"] == {"DB_MIGRATION_URL"}
    assert templates["alerting-secrets"] == {"ALERT_WEBHOOK_URL", "ALERT_SLACK_WEBHOOK"}
    assert templates["registry-credentials"] == {".dockerconfigjson"}
    assert {ref["name"] for ref in refs.values()} == {"app-secrets"}
    optional = [key for key, ref in refs.items() if ref.get("optional")]
    assert optional == ["SENTRY_DSN", "SMTP_USER", "SMTP_PASSWORD"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_pulls_with_the_registry_secret(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    assert pull_secret_problems(rendered[f"overlays/{overlay}"]) == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_the_migration_sees_the_migration_credentials(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    objects = rendered[f"overlays/{overlay}"]

    assert hook_problems(objects) == []  # it connects with DB_MIGRATION_URL
    assert app_credential_problems(objects) == []


@pytest.mark.parametrize(
    "path", kustomizations(), ids=lambda path: str(path.parent.relative_to(DEPLOY))
)
def test_kustomizations_use_patches_not_the_deprecated_fields(path: Path) -> None:
    kustomization = yaml.safe_load(path.read_text())

    assert not {"patchesStrategicMerge", "patchesJson6902", "commonLabels", "bases", "vars"} & set(
        kustomization
    )
