"""The bootstrap creates the app namespaces and an account per environment that may write
the Secrets CD owns there, and nothing else."""

from tests.deploy.access_checks import cd_access_problems, namespace_problems, secrets_referenced
from tests.deploy.manifests import OVERLAYS, Manifest, of_kind

Rendered = dict[str, list[Manifest]]


def needed(rendered: Rendered) -> dict[str, set[str]]:
    return {f"hexa-monolith-{o}": secrets_referenced(rendered[f"overlays/{o}"]) for o in OVERLAYS}


def test_each_environment_reads_the_four_secrets_cd_writes(rendered: Rendered) -> None:
    assert needed(rendered) == {
        f"hexa-monolith-{overlay}": {
            "app-secrets",
            "migration-secrets",
            "alerting-secrets",
            "registry-credentials",
        }
        for overlay in OVERLAYS
    }


def test_cd_may_write_exactly_those_secrets_in_each_namespace_and_nothing_else(
    rendered: Rendered,
) -> None:
    assert cd_access_problems(rendered["bootstrap"], needed(rendered)) == []


def test_each_environment_has_its_own_account(rendered: Rendered) -> None:
    accounts = {
        (sa["metadata"]["namespace"], sa["metadata"]["name"])
        for sa in of_kind(rendered["bootstrap"], "ServiceAccount")
    }

    assert accounts == {(f"hexa-monolith-{o}", "hexa-monolith-cd") for o in OVERLAYS}


def test_the_bootstrap_creates_the_namespaces_as_argo_cd_labels_them(rendered: Rendered) -> None:
    assert namespace_problems(rendered["bootstrap"], rendered["argocd"]) == []
