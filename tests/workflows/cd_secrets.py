"""What apply-secrets.sh requires, and whether each workflow step that runs it passes it.

The check returns a list of problems, empty when all is well.
"""

import re
from pathlib import Path

from tests.workflows import checks

SCRIPT = Path(__file__).parents[2] / ".github" / "scripts" / "apply-secrets.sh"


def required_by_script(text: str) -> list[str]:
    """The names of the script's `required=(...)` array: it fails when one is empty."""
    [names] = re.findall(r"^required=\(([^)]*)\)$", text, re.MULTILINE)
    return str(names).split()


def unpassed_secrets(workflow: checks.Workflow, names: list[str]) -> list[str]:
    """Every step running apply-secrets.sh passes each of `names` from a GitHub secret."""
    problems = []
    for job_id, job in checks.jobs(workflow).items():
        for step in checks.steps(job):
            if "apply-secrets.sh" not in str(step.get("run", "")):
                continue
            env = step.get("env") or {}
            problems += [
                f"{job_id}: {name} is not passed from a secret"
                for name in names
                if not re.fullmatch(r"\$\{\{ secrets\.\w+ \}\}", str(env.get(name, "")))
            ]
    return problems
