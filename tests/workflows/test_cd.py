"""CD: SHA-tagged images, GitOps tag bumps, promotion behind reviewers, secrets per environment."""

from tests.workflows import checks

CD = checks.load("cd.yml")
JOBS = checks.jobs(CD)


def run_scripts(job_id: str) -> str:
    return "\n".join(str(step.get("run", "")) for step in checks.steps(JOBS[job_id]))


def step_named(job_id: str, name: str) -> dict[str, object]:
    (step,) = [step for step in checks.steps(JOBS[job_id]) if step.get("name") == name]
    return step


def test_cd_pushes_only_commit_sha_tags() -> None:
    assert checks.mutable_image_tags(CD) == []


def test_the_image_carries_sbom_and_provenance() -> None:
    (build,) = [
        s for s in checks.steps(JOBS["publish"]) if checks.uses(s, "docker/build-push-action")
    ]
    assert build["with"]["sbom"] is True
    assert build["with"]["provenance"] == "mode=max"
    assert JOBS["publish"]["permissions"]["id-token"] == "write"


def test_the_image_owner_is_lower_cased_through_env() -> None:
    step = step_named("publish", "Name the image")
    assert step["env"] == {"OWNER": "${{ github.repository_owner }}"}
    assert "${OWNER,,}" in str(step["run"])


def test_tag_bumps_do_not_start_another_build() -> None:
    assert checks.triggers(CD)["push"]["paths-ignore"] == ["deploy/overlays/**"]
    assert "[skip ci]" in run_scripts("staging")
    assert "[skip ci]" in run_scripts("production")


def test_staging_follows_main_by_setting_the_new_image_in_its_overlay() -> None:
    bump = step_named("staging", "Point staging at the new image")
    assert bump["working-directory"] == "deploy/overlays/staging"
    assert bump["run"] == 'kustomize edit set image "hexa-monolith=$IMAGE"'
    assert JOBS["staging"]["needs"] == "publish"
    assert JOBS["staging"]["permissions"] == {"contents": "write"}


def test_production_is_promoted_by_hand_behind_its_environment() -> None:
    job = JOBS["production"]
    assert job["environment"] == "production"
    assert "inputs.confirm == 'promote'" in job["if"]
    assert checks.triggers(CD)["workflow_dispatch"]["inputs"]["confirm"]["required"] is True


def test_production_copies_the_tag_staging_runs() -> None:
    read = step_named("production", "Read the image staging runs")
    assert "deploy/overlays/staging/kustomization.yaml" in str(read["run"])
    bump = step_named("production", "Point production at the staging image")
    assert bump["working-directory"] == "deploy/overlays/production"
    assert "kustomize edit set image" in str(bump["run"])


def test_each_environment_refreshes_its_secrets_from_its_own_database_url() -> None:
    expected = {
        "staging": ("DATABASE_URL_STAGING", "hexa-monolith-staging"),
        "production": ("DATABASE_URL_PROD", "hexa-monolith-production"),
    }
    for job_id, (database_secret, namespace) in expected.items():
        step = step_named(job_id, "Refresh Kubernetes secrets")
        env = step["env"]
        assert isinstance(env, dict)
        assert env["DATABASE_URL"] == f"${{{{ secrets.{database_secret} }}}}"
        for name in ["KUBE_CONFIG", "JWT_SECRET", "SENTRY_DSN", "ALERT_WEBHOOK_URL"]:
            assert env[name] == f"${{{{ secrets.{name} }}}}"
        assert step["run"] == f".github/scripts/apply-secrets.sh {namespace}"
        assert JOBS[job_id]["environment"] == job_id


def test_deployments_queue_instead_of_cancelling_each_other() -> None:
    assert CD["concurrency"]["cancel-in-progress"] is False


def test_the_cleanup_keeps_recent_images_and_every_deployed_tag() -> None:
    cleanup = checks.load("ghcr-cleanup.yml")
    job = checks.jobs(cleanup)["cleanup"]
    assert job["permissions"]["packages"] == "write"
    assert "schedule" in checks.triggers(cleanup)
    (action,) = [s for s in checks.steps(job) if "ghcr-cleanup-action" in str(s.get("uses"))]
    assert action["with"]["keep-n-tagged"] == "${{ env.KEEP_RECENT }}"
    assert action["with"]["exclude-tags"] == "${{ steps.deployed.outputs.tags }}"
    assert "deploy/overlays/*/kustomization.yaml" in str(checks.steps(job)[1]["run"])
