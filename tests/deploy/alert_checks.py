"""Checks on the alert rules, and the runner of their unit tests (`promtool test rules`).

The checks return a list of problems, empty when all is well.
"""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.deploy.manifests import Manifest, of_kind

ALERT_TESTS = Path(__file__).parent / "alerts"
RULES_FILE = "rules.yaml"  # what every test file names in `rule_files`
API_ROUTES = 'route=~"/api/.+"'  # every API route template starts with /api/
HTTP_SELECTOR = re.compile(r"http_request\w*\{[^}]*\}")
ABSENT_NAMESPACE = re.compile(r'absent\(up\{[^}]*namespace="([^"]+)"[^}]*\}\)')
NAMESPACE_IN_TEXT = "{{ $labels.namespace }}"


def alert_rules(objects: list[Manifest]) -> list[dict[str, Any]]:
    return [
        rule
        for rule_set in of_kind(objects, "PrometheusRule")
        for group in rule_set["spec"]["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]


def rules_file(objects: list[Manifest]) -> str:
    """The PrometheusRule groups as a Prometheus rules file, which promtool reads."""
    groups = [g for r in of_kind(objects, "PrometheusRule") for g in r["spec"]["groups"]]
    return yaml.safe_dump({"groups": groups}, sort_keys=False)


def alert_problems(objects: list[Manifest]) -> list[str]:
    """Alerts count API requests only, watch every monitored environment, and name it."""
    monitored = {
        namespace
        for monitor in of_kind(objects, "ServiceMonitor")
        for namespace in monitor["spec"]["namespaceSelector"]["matchNames"]
    }
    problems = []
    for rule in alert_rules(objects):
        alert, expr = rule["alert"], rule["expr"]
        problems += [
            f"{alert}: {selector} counts more than API routes ({API_ROUTES})"
            for selector in HTTP_SELECTOR.findall(expr)
            if API_ROUTES not in selector
        ]
        if "up{" in expr and set(ABSENT_NAMESPACE.findall(expr)) != monitored:
            problems.append(
                f"{alert}: absent() must cover each monitored namespace, one by one: "
                f"{sorted(monitored)} (has {sorted(set(ABSENT_NAMESPACE.findall(expr)))})"
            )
        if NAMESPACE_IN_TEXT not in rule.get("annotations", {}).get("summary", ""):
            problems.append(f"{alert}: its summary does not name the namespace")
        if rule.get("labels", {}).get("app") != "hexa-monolith":
            problems.append(f"{alert}: no label app=hexa-monolith, which routing matches")
    return problems


def load_alert_tests() -> dict[str, dict[str, Any]]:
    return {path.name: yaml.safe_load(path.read_text()) for path in ALERT_TESTS.glob("*.yaml")}


def alert_test_problems(alerts: list[str], tests: dict[str, dict[str, Any]]) -> list[str]:
    """Each alert has one test file, showing it fire and showing it stay quiet."""
    problems = []
    for alert in alerts:
        files = [
            name
            for name, test_file in tests.items()
            if {c["alertname"] for t in test_file["tests"] for c in t["alert_rule_test"]} == {alert}
        ]
        if len(files) != 1:
            problems.append(f"{alert}: {len(files)} test files test it alone, not 1")
            continue
        cases = [c for t in tests[files[0]]["tests"] for c in t["alert_rule_test"]]
        if not any(c["exp_alerts"] for c in cases):
            problems.append(f"{alert}: no test shows it firing")
        if not any(not c["exp_alerts"] for c in cases):
            problems.append(f"{alert}: no test shows it staying quiet")
    problems += [
        f"{name}: reads {test_file.get('rule_files')}, not [{RULES_FILE!r}]"
        for name, test_file in tests.items()
        if test_file.get("rule_files") != [RULES_FILE]
    ]
    return problems


def promtool_test(rules: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """`promtool check rules --lint=all`, then `promtool test rules` on every file of
    ALERT_TESTS, against `rules`; the first that fails is returned."""
    promtool = shutil.which("promtool")
    if promtool is None:
        raise FileNotFoundError("promtool")
    (workdir / RULES_FILE).write_text(rules)
    tests = []
    for path in sorted(ALERT_TESTS.glob("*.yaml")):
        shutil.copy(path, workdir / path.name)
        tests.append(path.name)
    for args in (
        ["check", "rules", "--lint=all", "--lint-fatal", RULES_FILE],
        ["test", "rules", *tests],
    ):
        result = subprocess.run(
            [promtool, *args], cwd=workdir, capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            break
    return result
