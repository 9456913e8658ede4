"""Checks on the GitHub workflows that no linter makes.

Each check returns a list of problems, one sentence each and empty when all is well, so the
same function runs on the real files and, in the tests, on broken copies of them.
"""

import re
from pathlib import Path
from typing import Any

import yaml

WORKFLOWS = Path(__file__).parents[2] / ".github" / "workflows"

Workflow = dict[str, Any]
Job = dict[str, Any]

PINNED = re.compile(r"[^@\s]+@[0-9a-f]{40}")
PINNED_LINE = re.compile(r"uses:\s*(?P<ref>[^@\s]+@[0-9a-f]{40})(?P<rest>.*)$")
MATRIX_VALUE = re.compile(r"\$\{\{\s*matrix\.(?P<key>[\w-]+)\s*\}\}")


def load(name: str) -> Workflow:
    """The workflow file `name`, parsed."""
    workflow: Workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return workflow


def triggers(workflow: Workflow) -> dict[str, Any]:
    """The `on:` mapping (YAML 1.1 reads the bare key `on` as the boolean True)."""
    keys: Any = workflow  # one key may be True, not a str
    on: dict[str, Any] = keys.get("on", keys.get(True)) or {}
    return on


def jobs(workflow: Workflow) -> dict[str, Job]:
    found: dict[str, Job] = workflow.get("jobs") or {}
    return found


def steps(job: Job) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = job.get("steps") or []
    return found


def uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).startswith(f"{action}@")


def unpinned_actions(workflow: Workflow) -> list[str]:
    """Every action and reusable workflow is pinned to a full commit SHA."""
    problems = []
    for job_id, job in jobs(workflow).items():
        refs = [job["uses"]] if "uses" in job else [step.get("uses") for step in steps(job)]
        for ref in refs:
            local = str(ref).startswith(("./", "$/"))  # this repository, at this commit
            if ref and not local and not PINNED.fullmatch(str(ref)):
                problems.append(f"{job_id}: {ref} is not pinned to a full commit SHA")
    return problems


def pins_without_version(text: str) -> list[str]:
    """Every pinned SHA is followed by the version it stands for, as `# vX.Y.Z`."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        pinned = PINNED_LINE.search(line)
        if pinned and not re.match(r"\s+# v\d", pinned["rest"]):
            problems.append(f"line {number}: {pinned['ref']} has no `# vX.Y.Z` comment")
    return problems


def top_level_permissions(workflow: Workflow) -> list[str]:
    """The workflow grants nothing by default; jobs ask for what they need."""
    if workflow.get("permissions") != {}:
        return [f"top-level permissions are {workflow.get('permissions')!r}, not {{}}"]
    return []


def jobs_without_permissions(workflow: Workflow) -> list[str]:
    return [
        f"{job_id}: declares no permissions"
        for job_id, job in jobs(workflow).items()
        if "permissions" not in job
    ]


def checkouts_keeping_credentials(workflow: Workflow) -> list[str]:
    """No checkout leaves the token in .git/config for later steps to find."""
    return [
        f"{job_id}: actions/checkout without persist-credentials: false"
        for job_id, job in jobs(workflow).items()
        for step in steps(job)
        if uses(step, "actions/checkout")
        and (step.get("with") or {}).get("persist-credentials") is not False
    ]


def jobs_without_timeout(workflow: Workflow) -> list[str]:
    return [
        f"{job_id}: no timeout-minutes"
        for job_id, job in jobs(workflow).items()
        if "uses" not in job and "timeout-minutes" not in job
    ]


def expressions_in_scripts(workflow: Workflow) -> list[str]:
    """`run:` scripts take values through `env:`, never through `${{ }}` templating."""
    return [
        f"{job_id}: a run script interpolates {'${{ }}'}; pass the value through env"
        for job_id, job in jobs(workflow).items()
        for step in steps(job)
        if "${{" in str(step.get("run", ""))
    ]


def nox_commands(job: Job) -> list[str]:
    """The nox command lines a job runs, one per matrix value where a command uses one."""
    matrix = (job.get("strategy") or {}).get("matrix") or {}
    commands = []
    for step in steps(job):
        for line in str(step.get("run", "")).splitlines():
            found = re.search(r"\bnox (.+)$", line)
            if not found:
                continue
            command = ["nox " + found[1].replace('"', "")]
            for name, value in (step.get("env") or {}).items():
                from_matrix = MATRIX_VALUE.fullmatch(str(value))
                if from_matrix and f"${name}" in command[0]:
                    values = matrix[from_matrix["key"]]
                    command = [command[0].replace(f"${name}", str(v)) for v in values]
            commands += command
    return commands


def missing_nox_commands(workflow: Workflow, expected: dict[str, list[str]]) -> list[str]:
    """Each job exists and runs exactly the nox commands a developer runs locally."""
    problems = []
    for job_id, commands in expected.items():
        if job_id not in jobs(workflow):
            problems.append(f"{job_id}: no such job")
        elif nox_commands(jobs(workflow)[job_id]) != commands:
            found = nox_commands(jobs(workflow)[job_id])
            problems.append(f"{job_id}: runs {found}, expected {commands}")
    return problems


def check_names(workflow: Workflow) -> list[str]:
    """The names GitHub gives the checks of a workflow, matrix values filled in."""
    names = []
    for job_id, job in jobs(workflow).items():
        name = str(job.get("name", job_id))
        key = MATRIX_VALUE.search(name)
        if key:
            values = job["strategy"]["matrix"][key["key"]]
            names += [MATRIX_VALUE.sub(str(value), name) for value in values]
        else:
            names.append(name)
    return names


def services_without_health_check(job_id: str, job: Job, services: list[str]) -> list[str]:
    """The job starts each of `services` and waits until its health check passes."""
    problems = []
    for service in services:
        container = (job.get("services") or {}).get(service)
        if container is None:
            problems.append(f"{job_id}: no {service} service")
        elif "--health-cmd" not in str(container.get("options", "")):
            problems.append(f"{job_id}: the {service} service has no health check")
    return problems


def mutable_image_tags(workflow: Workflow) -> list[str]:
    """Every pushed image tag is the SHA of the commit built, so a tag names one build."""
    problems = []
    for job_id, job in jobs(workflow).items():
        for step in steps(job):
            build = step.get("with") or {}
            if not uses(step, "docker/build-push-action") or build.get("push") is not True:
                continue
            tags = str(build.get("tags", "")).replace(",", "\n").splitlines()
            for tag in filter(None, map(str.strip, tags)):
                if not tag.endswith(":${{ inputs.commit }}"):
                    problems.append(f"{job_id}: pushes {tag}, not a :<commit sha> tag")
    return problems


def needs(job: Job) -> set[str]:
    found = job.get("needs", [])
    return {found} if isinstance(found, str) else set(found)


def delivery_problems(workflow: Workflow, delivery: list[str]) -> list[str]:
    """Delivery jobs run only on a push to main, after every other job of the workflow
    (the checks) passed on that commit: directly or through another delivery job."""
    all_jobs = jobs(workflow)
    gates = set(all_jobs) - set(delivery)
    problems = []
    for job_id in delivery:
        job = all_jobs.get(job_id)
        if job is None:
            problems.append(f"{job_id}: no such job")
            continue
        waits_for = needs(job)
        for upstream in waits_for & set(delivery):
            waits_for |= needs(all_jobs[upstream])
        problems += [f"{job_id}: does not wait for {gate}" for gate in sorted(gates - waits_for)]
        if job.get("if") and "always()" in str(job["if"]):
            problems.append(f"{job_id}: runs whatever its needs concluded (always())")
    first = [
        all_jobs[j] for j in delivery if j in all_jobs and not needs(all_jobs[j]) & set(delivery)
    ]
    for job in first:
        if str(job.get("if")) != "github.event_name == 'push' && github.ref == 'refs/heads/main'":
            problems.append(f"delivery starts on {job.get('if')!r}, not only on a push to main")
    return problems
