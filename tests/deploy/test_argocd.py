"""Argo CD syncs each overlay and the platform automatically, fenced by one AppProject;
production moves only with a reviewed promotion, and outlives its Application."""

import pytest

from tests.deploy.crd_checks import crd_problems
from tests.deploy.gitops_checks import applications, argocd_problems, permission_problems
from tests.deploy.manifests import ROOT, Manifest, of_kind
from tests.deploy.promotion_checks import deletion_problems, revision_problems


def test_every_application_syncs_an_existing_folder_automatically(
    rendered: dict[str, list[Manifest]],
) -> None:
    assert argocd_problems(rendered["argocd"], ROOT) == []


def test_there_is_one_application_per_overlay_and_one_for_the_platform(
    rendered: dict[str, list[Manifest]],
) -> None:
    synced = {
        app["spec"]["source"]["path"]: app["spec"]["destination"]["namespace"]
        for app in applications(rendered["argocd"])
    }

    assert synced == {
        "deploy/overlays/staging": "hexa-monolith-staging",
        "deploy/overlays/production": "hexa-monolith-production",
        "deploy/platform": "logging",
    }


@pytest.mark.parametrize("folder", ["overlays/staging", "overlays/production", "platform"])
def test_the_project_allows_every_object_that_is_synced(
    rendered: dict[str, list[Manifest]], folder: str
) -> None:
    [project] = of_kind(rendered["argocd"], "AppProject")

    assert permission_problems(project, rendered[folder]) == []


def test_the_project_trusts_only_this_repository(rendered: dict[str, list[Manifest]]) -> None:
    [project] = of_kind(rendered["argocd"], "AppProject")

    assert project["spec"]["sourceRepos"] == ["https://github.com/your-org/hexa-monolith.git"]
    assert "*" not in {d["namespace"] for d in project["spec"]["destinations"]}


def test_argo_cd_objects_carry_the_fields_their_crds_require(
    rendered: dict[str, list[Manifest]],
) -> None:
    assert {obj["kind"] for obj in rendered["argocd"]} == {
        "AppProject",
        "ApplicationSet",
        "Application",
    }
    assert crd_problems(rendered["argocd"]) == []


def test_only_staging_follows_main_and_production_follows_the_promoted_branch(
    rendered: dict[str, list[Manifest]],
) -> None:
    revisions = {
        app["metadata"]["name"]: app["spec"]["source"]["targetRevision"]
        for app in applications(rendered["argocd"])
    }

    assert revision_problems(rendered["argocd"]) == []
    assert revisions == {
        "hexa-monolith-staging": "main",
        "hexa-monolith-production": "production",
        "hexa-monolith-platform": "production",
    }


def test_removing_the_application_set_or_an_environment_leaves_the_workloads(
    rendered: dict[str, list[Manifest]],
) -> None:
    assert deletion_problems(rendered["argocd"]) == []


def test_the_bootstrap_applies_the_argo_cd_folder(rendered: dict[str, list[Manifest]]) -> None:
    assert all(obj in rendered["bootstrap"] for obj in rendered["argocd"])
