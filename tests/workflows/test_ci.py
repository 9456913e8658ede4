"""CI: one required check per gate, each running the nox session a developer runs, and
delivery only after every check passed on the same commit."""

from pathlib import Path

from tests.workflows import checks

CI = checks.load("ci.yml")
DELIVERY = ["publish", "staging"]
JOBS = {job_id: job for job_id, job in checks.jobs(CI).items() if job_id not in DELIVERY}
README = Path(__file__).parents[2] / "docs" / "ci-cd.md"

NOX_COMMANDS = {
    "lint": ["nox -s lint"],
    "tests": ["nox -s tests-3.12", "nox -s tests-3.13"],
    "architecture": ["nox -s architecture"],
    "generator": ["nox -s generator"],
    "template": ["nox -s template"],
    "deploy": ["nox -s deploy"],
    "workflows": ["nox -s workflows"],
    "integration": ["nox -s tests-3.12 -- tests/contract tests/integration"],
    "image": ["nox -s docker"],
}
CHECK_NAMES = [
    "lint",
    "tests (3.12)",
    "tests (3.13)",
    "architecture",
    "generator",
    "template",
    "deploy",
    "workflows",
    "integration",
    "image",
]


def test_ci_runs_on_pull_requests_merge_queues_and_main() -> None:
    on = checks.triggers(CI)
    assert "pull_request" in on
    assert "merge_group" in on
    assert on["push"]["branches"] == ["main"]


def test_delivery_waits_for_every_check_on_the_same_commit_and_only_on_main() -> None:
    assert checks.delivery_problems(CI, DELIVERY) == []
    assert checks.jobs(CI)["publish"]["with"] == {"commit": "${{ github.sha }}"}


def test_each_job_runs_the_nox_session_a_developer_runs() -> None:
    assert checks.missing_nox_commands(CI, NOX_COMMANDS) == []


def test_check_names_are_the_ones_the_readme_tells_to_require() -> None:
    assert checks.check_names({"jobs": JOBS}) == CHECK_NAMES
    readme = README.read_text(encoding="utf-8").split("## Required checks", 1)[1]
    readme = " ".join(readme.split("\n## ", 1)[0].split())
    for name in CHECK_NAMES:
        assert f"`{name}`" in readme
    # A check that passed on an outdated branch says nothing about the merged commit.
    assert "up to date" in readme
    assert "merge queue" in readme


def test_the_deploy_check_runs_promtool_amtool_and_kubeconform() -> None:
    installs = " ".join(str(s.get("run", "")) for s in checks.steps(JOBS["deploy"]))
    assert "--no-install-recommends prometheus prometheus-alertmanager" in installs
    assert "go install github.com/yannh/kubeconform/cmd/kubeconform@v" in installs


def test_superseded_pull_request_runs_are_cancelled_but_main_runs_finish() -> None:
    assert CI["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_the_workflow_runs_with_ci_true_so_a_missing_database_fails() -> None:
    assert CI["env"]["CI"] == "true"


def test_tests_run_against_a_healthy_postgres() -> None:
    assert checks.services_without_health_check("tests", JOBS["tests"], ["postgres"]) == []
    assert JOBS["tests"]["env"]["TEST_POSTGRES_URL"].startswith("postgresql+asyncpg://")


def test_integration_runs_against_a_mongodb_replica_set_and_a_healthy_postgres() -> None:
    job = JOBS["integration"]
    assert checks.services_without_health_check("integration", job, ["postgres"]) == []
    assert job["services"]["postgres"]["image"] == "postgres:17"
    start = " ".join(str(s.get("run", "")) for s in checks.steps(job))
    # Transactions need a replica set: the official image, started as one, and primary.
    assert "mongo:8" in start
    assert "--replSet rs0" in start
    assert "rs.initiate(" in start
    assert "isWritablePrimary" in start
    assert job["env"]["TEST_MONGODB_URL"] == "mongodb://localhost:27017/hexa_test?replicaSet=rs0"
    assert job["env"]["TEST_POSTGRES_URL"].startswith("postgresql+asyncpg://")


def test_the_jobs_that_run_tests_install_the_mongodb_test_server() -> None:
    for job_id in ["tests", "generator"]:
        runs = [str(s.get("run", "")) for s in checks.steps(JOBS[job_id])]
        assert "make test-servers" in runs, job_id


def test_every_uv_job_caches_by_the_lock_file() -> None:
    for job_id, job in JOBS.items():
        setup = [s for s in checks.steps(job) if checks.uses(s, "astral-sh/setup-uv")]
        assert setup, job_id
        assert setup[0]["with"] == {"enable-cache": True, "cache-dependency-glob": "uv.lock"}


def test_the_image_is_built_with_the_actions_cache_and_never_pushed() -> None:
    (build,) = [
        s for s in checks.steps(JOBS["image"]) if checks.uses(s, "docker/build-push-action")
    ]
    assert build["with"]["push"] is False
    assert build["with"]["cache-from"] == "type=gha"


def test_ci_jobs_only_read_the_repository() -> None:
    for job_id, job in JOBS.items():
        assert job["permissions"] == {"contents": "read"}, job_id
