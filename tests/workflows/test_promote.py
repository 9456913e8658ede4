"""Promotion: the only way to production, behind the production environment's reviewers."""

from tests.workflows import checks

PROMOTE = checks.load("promote.yml")
JOBS = checks.jobs(PROMOTE)


def run_of(job_id: str) -> str:
    return "\n".join(str(step.get("run", "")) for step in checks.steps(JOBS[job_id]))


def test_promotion_is_started_by_hand_on_main_and_planned_without_secrets() -> None:
    assert list(checks.triggers(PROMOTE)) == ["workflow_dispatch"]
    assert JOBS["plan"]["if"] == "github.ref == 'refs/heads/main'"
    assert "environment" not in JOBS["plan"]
    assert JOBS["plan"]["permissions"] == {"contents": "read"}
    assert '.github/scripts/plan-promotion.sh "$COMMIT"' in run_of("plan")


def test_only_the_reviewed_job_moves_production_and_only_to_the_planned_commit() -> None:
    job = JOBS["production"]
    assert job["needs"] == "plan"
    assert job["environment"] == "production"
    assert job["permissions"] == {"contents": "read"}  # it pushes with the deploy key
    (move,) = [s for s in checks.steps(job) if "move-production.sh" in str(s.get("run"))]
    assert move["env"] == {
        "COMMIT": "${{ needs.plan.outputs.commit }}",
        "CURRENT": "${{ needs.plan.outputs.current }}",
        "PROMOTION_DEPLOY_KEY": "${{ secrets.PROMOTION_DEPLOY_KEY }}",
    }


def test_no_other_workflow_can_move_production() -> None:
    for path in sorted(checks.WORKFLOWS.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if path.name != "promote.yml":
            assert "PROMOTION_DEPLOY_KEY" not in text, path.name
            assert "move-production.sh" not in text, path.name


def test_production_refreshes_its_secrets_from_its_own_environment() -> None:
    (step,) = [
        s for s in checks.steps(JOBS["production"]) if s.get("name") == "Refresh Kubernetes secrets"
    ]
    env = step["env"]
    assert env["DATABASE_URL"] == "${{ secrets.DATABASE_URL_PROD }}"
    assert env["DB_MIGRATION_URL"] == "${{ secrets.DB_MIGRATION_URL }}"
    assert step["run"] == ".github/scripts/apply-secrets.sh hexa-monolith-production"


def test_promotions_queue_instead_of_cancelling_each_other() -> None:
    assert PROMOTE["concurrency"] == {"group": "promote", "cancel-in-progress": False}
