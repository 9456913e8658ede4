"""Every check fails on a planted mistake: none of them is decoration.

The three mistakes the checks exist for are planted in a copy of deploy/ and rendered;
the others are planted in a copy of the rendered objects, which is faster.
"""

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.deploy.crd_checks import crd_problems
from tests.deploy.gitops_checks import argocd_problems, permission_problems
from tests.deploy.manifests import ROOT, Manifest, RenderError, of_kind, render
from tests.deploy.release_checks import hook_problems, image_problems
from tests.deploy.workload_checks import hardening_problems, serving_problems

Rendered = dict[str, list[Manifest]]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the repository's deploy/ folder, to break."""
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new))


def test_a_deployment_without_read_only_root_filesystem_fails_hardening(tree: Path) -> None:
    edit(tree / "deploy/base/deployment.yaml", "          readOnlyRootFilesystem: true\n", "")

    problems = hardening_problems(render(tree / "deploy/overlays/staging"))

    assert problems == [
        "Deployment/hexa-monolith container app: readOnlyRootFilesystem is not true"
    ]


def test_an_overlay_pointing_at_a_missing_base_fails_to_render(tree: Path) -> None:
    edit(tree / "deploy/overlays/production/kustomization.yaml", "- ../../base", "- ../../basis")

    with pytest.raises(RenderError) as error:
        render(tree / "deploy/overlays/production")

    assert "kubectl kustomize" in str(error.value)
    assert "deploy/overlays/production failed" in str(error.value)
    assert "deploy/basis" in str(error.value)


@pytest.mark.parametrize(
    ("file", "application"),
    [
        ("platform.yaml", "Application/hexa-monolith-platform"),
        ("applicationset.yaml", "Application/hexa-monolith-production"),
    ],
)
def test_an_application_without_automated_sync_is_reported(
    tree: Path, file: str, application: str
) -> None:
    path = tree / "deploy/argocd" / file
    manifest = yaml.safe_load(path.read_text())
    spec = (
        manifest["spec"]["template"]["spec"]
        if manifest["kind"] == "ApplicationSet"
        else manifest["spec"]
    )
    del spec["syncPolicy"]["automated"]
    path.write_text(yaml.safe_dump(manifest))

    problems = argocd_problems(render(tree / "deploy/argocd"), tree)

    assert f"{application}: no automated sync" in problems


def test_an_application_pointing_at_a_missing_folder_is_reported(tree: Path) -> None:
    shutil.rmtree(tree / "deploy/overlays/staging")

    problems = argocd_problems(render(tree / "deploy/argocd"), tree)

    assert problems == [
        "Application/hexa-monolith-staging: path deploy/overlays/staging is not a Kustomize folder"
    ]


def find(objects: list[Manifest], kind: str) -> Manifest:
    return of_kind(objects, kind)[0]


def named(objects: list[Manifest], name: str) -> Manifest:
    [obj] = [obj for obj in objects if obj["metadata"]["name"] == name]
    return obj


def container(objects: list[Manifest], kind: str) -> Manifest:
    container: Manifest = find(objects, kind)["spec"]["template"]["spec"]["containers"][0]
    return container


def production(check: Callable[[list[Manifest]], list[str]]) -> Callable[[Rendered], list[str]]:
    return lambda rendered: check(rendered["overlays/production"])


def platform(check: Callable[[list[Manifest]], list[str]]) -> Callable[[Rendered], list[str]]:
    return lambda rendered: check(rendered["platform"])


def images(rendered: Rendered) -> list[str]:
    return image_problems({o: rendered[f"overlays/{o}"] for o in ("staging", "production")})


def permissions(rendered: Rendered) -> list[str]:
    return permission_problems(find(rendered["argocd"], "AppProject"), rendered["platform"])


def argocd(rendered: Rendered) -> list[str]:
    return argocd_problems(rendered["argocd"], ROOT)


def set_image(rendered: Rendered, image: str) -> None:
    container(rendered["overlays/production"], "Deployment")["image"] = image


def production_job(rendered: Rendered) -> Manifest:
    return container(rendered["overlays/production"], "Job")


MISTAKES: list[tuple[str, Callable[[Rendered], object], Callable[[Rendered], list[str]], str]] = [
    (
        "root-user",
        lambda r: container(r["overlays/production"], "Deployment").update(
            securityContext={"runAsUser": 0}
        ),
        production(hardening_problems),
        "Deployment/hexa-monolith container app: runs as root (runAsUser 0)",
    ),
    (
        "no-memory-limit",
        lambda r: container(r["overlays/production"], "Job")["resources"].pop("limits"),
        production(hardening_problems),
        "Job/hexa-monolith-migrate container migrate: no memory limit",
    ),
    (
        "no-startup-probe",
        lambda r: container(r["overlays/production"], "Deployment").pop("startupProbe"),
        production(serving_problems),
        "Deployment/hexa-monolith container app: no startupProbe",
    ),
    (
        "fixed-replicas",
        lambda r: find(r["overlays/production"], "Deployment")["spec"].update(replicas=3),
        production(serving_problems),
        "Deployment/hexa-monolith: sets replicas, which the HPA owns",
    ),
    (
        "short-grace-period",
        lambda r: find(r["overlays/production"], "Deployment")["spec"]["template"]["spec"].update(
            terminationGracePeriodSeconds=20
        ),
        production(serving_problems),
        "Deployment/hexa-monolith container app: terminationGracePeriodSeconds 20 leaves no time",
    ),
    (
        "latest-tag",
        lambda r: set_image(r, "ghcr.io/your-org/hexa-monolith:latest"),
        images,
        "uses the latest tag",
    ),
    ("no-tag", lambda r: set_image(r, "ghcr.io/your-org/hexa-monolith"), images, "has no tag"),
    (
        "another-repository",
        lambda r: set_image(r, "ghcr.io/someone-else/hexa-monolith:0.1.0"),
        images,
        "the overlays use different image repositories",
    ),
    (
        "hook-serves",
        lambda r: production_job(r).update(args=["serve"]),
        production(hook_problems),
        "Job/hexa-monolith-migrate: does not run `python -m app migrate`",
    ),
    (
        "hook-env-drifts",
        lambda r: production_job(r)["env"][0].update(value="dev"),
        production(hook_problems),
        "Job/hexa-monolith-migrate: APP_ENV='dev' but the app has 'production'",
    ),
    (
        "hook-uses-the-app-service-account",
        lambda r: find(r["overlays/production"], "Job")["spec"]["template"]["spec"].update(
            serviceAccountName="hexa-monolith"
        ),
        production(hook_problems),
        "Job/hexa-monolith-migrate: uses ServiceAccount hexa-monolith",
    ),
    (
        "rule-without-expr",
        lambda r: find(r["platform"], "PrometheusRule")["spec"]["groups"][0]["rules"][0].pop(
            "expr"
        ),
        platform(crd_problems),
        "PrometheusRule/hexa-monolith: rule 'HexaMonolithHighErrorRate' has no alert/record",
    ),
    (
        "route-to-nowhere",
        lambda r: named(r["overlays/production"], "hexa-monolith-webhook")["spec"]["route"].update(
            receiver="pager"
        ),
        production(crd_problems),
        "AlertmanagerConfig/hexa-monolith-webhook: route to undefined receiver 'pager'",
    ),
    (
        "slack-url-in-git",
        lambda r: named(r["overlays/production"], "hexa-monolith-slack")["spec"]["receivers"][0][
            "slackConfigs"
        ][0].update(apiURL="https://hooks.slack.com/services/T0/B0/X"),
        production(crd_problems),
        "AlertmanagerConfig/hexa-monolith-slack: receiver 'slack': a URL is not a secret key",
    ),
    (
        "monitor-without-selector",
        lambda r: find(r["platform"], "ServiceMonitor")["spec"].pop("selector"),
        platform(crd_problems),
        "ServiceMonitor/hexa-monolith: no selector",
    ),
    (
        "kind-not-allowed",
        lambda r: find(r["argocd"], "AppProject")["spec"]["namespaceResourceWhitelist"].remove(
            {"group": "apps", "kind": "DaemonSet"}
        ),
        permissions,
        "DaemonSet/fluent-bit: kind not allowed by the AppProject",
    ),
    (
        "namespace-not-restricted",
        lambda r: find(r["argocd"], "ApplicationSet")["spec"]["template"]["spec"]["syncPolicy"][
            "managedNamespaceMetadata"
        ]["labels"].update({"pod-security.kubernetes.io/enforce": "baseline"}),
        argocd,
        "Application/hexa-monolith-staging: namespace not labelled pod-security",
    ),
    (
        "selfheal-off",
        lambda r: find(r["argocd"], "Application")["spec"]["syncPolicy"]["automated"].update(
            selfHeal=False
        ),
        argocd,
        "Application/hexa-monolith-platform: automated sync without selfHeal",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "check", "expected"),
    [pytest.param(mutate, check, expected, id=name) for name, mutate, check, expected in MISTAKES],
)
def test_a_planted_mistake_is_reported(
    rendered: Rendered,
    mutate: Callable[[Rendered], object],
    check: Callable[[Rendered], list[str]],
    expected: str,
) -> None:
    broken = copy.deepcopy(rendered)
    assert check(broken) == []

    mutate(broken)

    assert any(expected in problem for problem in check(broken)), check(broken)
