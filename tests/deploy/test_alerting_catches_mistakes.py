"""The alert and routing checks, and the rule unit tests, fail on planted mistakes: among
them each of the ways the rules once failed to fire."""

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.alert_checks import (
    alert_problems,
    alert_rules,
    alert_test_problems,
    load_alert_tests,
    promtool_test,
    rules_file,
)
from tests.deploy.crd_checks import crd_problems
from tests.deploy.manifests import Manifest, of_kind
from tests.deploy.routing_checks import routing_problems
from tests.deploy.test_alerting import needs_promtool

Rendered = dict[str, list[Manifest]]
ALL_TRAFFIC = 'http_requests_total{job="hexa-monolith"}'
ONE_ABSENT = 'sum by (namespace) (up{job="hexa-monolith"}) == 0 or absent(up{job="hexa-monolith"})'


def rule(objects: list[Manifest], alert: str) -> dict[str, Any]:
    [found] = [r for r in alert_rules(objects) if r["alert"] == alert]
    return found


def with_rule(rendered: Rendered, alert: str, **changes: str) -> list[Manifest]:
    platform = copy.deepcopy(rendered["platform"])
    rule(platform, alert).update(changes)
    return platform


def all_traffic(rendered: Rendered) -> list[Manifest]:
    expr = rule(rendered["platform"], "HexaMonolithHighErrorRate")["expr"]
    api = 'http_requests_total{job="hexa-monolith", route=~"/api/.+"}'
    return with_rule(rendered, "HexaMonolithHighErrorRate", expr=expr.replace(api, ALL_TRAFFIC))


def test_an_error_rate_over_all_traffic_is_reported(rendered: Rendered) -> None:
    assert alert_problems(all_traffic(rendered)) == [
        f'HexaMonolithHighErrorRate: {ALL_TRAFFIC} counts more than API routes (route=~"/api/.+")'
    ]


def test_a_single_absent_for_every_environment_is_reported(rendered: Rendered) -> None:
    platform = with_rule(rendered, "HexaMonolithDown", expr=ONE_ABSENT)

    assert alert_problems(platform) == [
        "HexaMonolithDown: absent() must cover each monitored namespace, one by one: "
        "['hexa-monolith-production', 'hexa-monolith-staging'] (has [])"
    ]


def test_a_summary_without_the_namespace_is_reported(rendered: Rendered) -> None:
    platform = with_rule(rendered, "HexaMonolithRestarting")
    rule(platform, "HexaMonolithRestarting")["annotations"]["summary"] = (
        "{{ $labels.pod }} restarts"
    )

    assert alert_problems(platform) == [
        "HexaMonolithRestarting: its summary does not name the namespace"
    ]


@pytest.mark.parametrize(
    ("alert", "broken"),
    [("HexaMonolithHighErrorRate", all_traffic), ("HexaMonolithDown", None)],
)
def test_the_unit_tests_fail_on_the_rules_that_never_fired(
    rendered: Rendered, tmp_path: Path, alert: str, broken: Any
) -> None:
    needs_promtool()
    platform = broken(rendered) if broken else with_rule(rendered, alert, expr=ONE_ABSENT)

    result = promtool_test(rules_file(platform), tmp_path)

    assert result.returncode != 0
    assert f"alertname: {alert}" in result.stdout + result.stderr


def test_an_alert_test_that_never_shows_it_quiet_is_reported() -> None:
    tests = copy.deepcopy(load_alert_tests())
    for case in tests["down.test.yaml"]["tests"]:
        case["alert_rule_test"] = [c for c in case["alert_rule_test"] if c["exp_alerts"]]

    assert alert_test_problems(["HexaMonolithDown"], tests) == [
        "HexaMonolithDown: no test shows it staying quiet"
    ]


def configs(rendered: Rendered) -> list[Manifest]:
    return of_kind(copy.deepcopy(rendered["overlays/staging"]), "AlertmanagerConfig")


def test_routing_from_another_namespace_is_reported(rendered: Rendered) -> None:
    objects = configs(rendered)
    objects[0]["metadata"]["namespace"] = "monitoring"

    assert routing_problems(objects, "hexa-monolith-staging") == [
        "AlertmanagerConfig/hexa-monolith-slack: in monitoring, not hexa-monolith-staging"
    ]


def test_one_config_reading_both_urls_is_reported(rendered: Rendered) -> None:
    slack, webhook = configs(rendered)
    webhook["spec"]["receivers"] += slack["spec"]["receivers"]

    assert routing_problems([webhook], "hexa-monolith-staging") == [
        "AlertmanagerConfig/hexa-monolith-webhook: reads 2 URLs; one missing would disable all"
    ]


def test_a_misspelt_or_invalid_crd_field_is_reported(rendered: Rendered) -> None:
    argocd = copy.deepcopy(rendered["argocd"])
    [appset] = of_kind(argocd, "ApplicationSet")
    appset["spec"]["syncPolicy"] = {"preserveResourceOnDeletion": True}
    slack, _ = configs(rendered)
    slack["spec"]["route"]["matchers"][0]["matchType"] = "=="

    assert crd_problems([*argocd, slack]) == [
        "ApplicationSet/hexa-monolith: spec.syncPolicy.preserveResourceOnDeletion: no such field",
        "AlertmanagerConfig/hexa-monolith-slack: spec.route.matchers[0].matchType: "
        "'==' is not one of ['!=', '!~', '=', '=~']",
    ]
