"""Delivery: one image per commit, pinned by digest in both overlays; a past commit can be
rebuilt by hand; the clean-up keeps every image an overlay deploys."""

from typing import Any

from tests.workflows import checks

CI = checks.jobs(checks.load("ci.yml"))
PUBLISH = checks.load("publish.yml")
REBUILD = checks.load("rebuild.yml")
OVERLAYS = "deploy/overlays/staging deploy/overlays/production"


def step_named(job: checks.Job, name: str) -> dict[str, Any]:
    (step,) = [step for step in checks.steps(job) if step.get("name") == name]
    return step


def publish_job() -> checks.Job:
    return checks.jobs(PUBLISH)["publish"]


def test_images_are_tagged_with_the_commit_built_only() -> None:
    assert checks.mutable_image_tags(PUBLISH) == []
    (checkout,) = [s for s in checks.steps(publish_job()) if checks.uses(s, "actions/checkout")]
    assert checkout["with"]["ref"] == "${{ inputs.commit }}"


def test_an_existing_tag_is_returned_never_pushed_again() -> None:
    lookup = step_named(publish_job(), "Look for the image of this commit")
    build = step_named(publish_job(), "Build and push")
    assert "docker buildx imagetools inspect" in str(lookup["run"])
    assert build["if"] == "steps.existing.outputs.digest == ''"
    digest = "${{ steps.existing.outputs.digest || steps.build.outputs.digest }}"
    assert publish_job()["outputs"]["image"].endswith(f":${{{{ inputs.commit }}}}@{digest}")


def test_the_image_carries_sbom_and_provenance() -> None:
    build = step_named(publish_job(), "Build and push")
    assert build["with"]["sbom"] is True
    assert build["with"]["provenance"] == "mode=max"
    assert publish_job()["permissions"]["id-token"] == "write"


def test_the_image_owner_is_lower_cased_through_env() -> None:
    step = step_named(publish_job(), "Name the image")
    assert step["env"] == {"OWNER": "${{ github.repository_owner }}"}
    assert "${OWNER,,}" in str(step["run"])


def test_staging_and_the_next_release_get_the_digest_pinned_image_in_one_commit() -> None:
    for job in (CI["staging"], checks.jobs(REBUILD)["staging"]):
        bump = [s for s in checks.steps(job) if "set-image.sh" in str(s.get("run"))]
        push = [s for s in checks.steps(job) if "push-overlay.sh" in str(s.get("run"))]
        assert [s["run"] for s in bump] == [f'.github/scripts/set-image.sh "$IMAGE" {OVERLAYS}']
        assert bump[0]["env"] == {"IMAGE": "${{ needs.publish.outputs.image }}"}
        assert str(push[0]["run"]).endswith(f'[skip ci]" {OVERLAYS}')
        assert job["environment"] == "staging"
        assert job["permissions"] == {"contents": "write"}
        assert job["concurrency"] == {"group": "deploy-staging", "cancel-in-progress": False}


def test_staging_refreshes_its_secrets_from_its_own_environment() -> None:
    step = step_named(CI["staging"], "Refresh Kubernetes secrets")
    env = step["env"]
    assert isinstance(env, dict)
    assert env["DATABASE_URL"] == "${{ secrets.DATABASE_URL_STAGING }}"
    for name in ["KUBE_CONFIG", "DB_MIGRATION_URL", "JWT_SECRET", "DOCKER_REGISTRY_PASSWORD"]:
        assert env[name] == f"${{{{ secrets.{name} }}}}"
    assert step["run"] == ".github/scripts/apply-secrets.sh hexa-monolith-staging"


def test_a_past_commit_of_main_can_be_rebuilt_by_hand() -> None:
    on = checks.triggers(REBUILD)
    assert list(on) == ["workflow_dispatch"]
    assert on["workflow_dispatch"]["inputs"]["commit"]["required"] is True
    jobs = checks.jobs(REBUILD)
    assert jobs["check"]["if"] == "github.ref == 'refs/heads/main'"
    find = step_named(jobs["check"], "Find the commit on main")
    assert "git merge-base --is-ancestor" in str(find["run"])
    assert jobs["publish"]["uses"] == "$/.github/workflows/publish.yml"
    assert jobs["publish"]["with"] == {"commit": "${{ needs.check.outputs.commit }}"}


def test_the_cleanup_keeps_recent_images_and_every_deployed_tag() -> None:
    cleanup = checks.load("ghcr-cleanup.yml")
    job = checks.jobs(cleanup)["cleanup"]
    assert job["permissions"]["packages"] == "write"
    assert "schedule" in checks.triggers(cleanup)
    (action,) = [s for s in checks.steps(job) if "ghcr-cleanup-action" in str(s.get("uses"))]
    assert action["with"]["keep-n-tagged"] == "${{ env.KEEP_RECENT }}"
    assert action["with"]["exclude-tags"] == "${{ steps.deployed.outputs.tags }}"
    listing = str(step_named(job, "List the tags the overlays deploy")["run"])
    assert "deploy/overlays/*/kustomization.yaml" in listing
    assert "origin/production:deploy/overlays/production/kustomization.yaml" in listing
