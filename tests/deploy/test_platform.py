"""The platform folder ships logs to Loki, scrapes the app and holds its alert rules."""

from tests.deploy.crd_checks import crd_problems
from tests.deploy.gitops_checks import PRIVILEGED_NAMESPACES
from tests.deploy.manifests import OVERLAYS, Manifest, name_of, of_kind
from tests.deploy.workload_checks import WORKLOADS, hardening_problems, pod_spec


def one(objects: list[Manifest], kind: str) -> Manifest:
    [obj] = of_kind(objects, kind)
    return obj


def test_prometheus_operator_objects_carry_the_fields_their_crds_require(
    rendered: dict[str, list[Manifest]],
) -> None:
    kinds = {obj["kind"] for obj in rendered["platform"]}

    assert {"ServiceMonitor", "PrometheusRule"} <= kinds
    assert crd_problems(rendered["platform"]) == []


def test_the_service_monitor_scrapes_the_metrics_port_of_both_environments(
    rendered: dict[str, list[Manifest]],
) -> None:
    monitor = one(rendered["platform"], "ServiceMonitor")["spec"]

    assert monitor["namespaceSelector"]["matchNames"] == [
        f"hexa-monolith-{env}" for env in OVERLAYS
    ]
    assert [(e["port"], e["path"]) for e in monitor["endpoints"]] == [("metrics", "/metrics")]
    for overlay in OVERLAYS:
        service = one(rendered[f"overlays/{overlay}"], "Service")
        assert monitor["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
        assert "metrics" in {port["name"] for port in service["spec"]["ports"]}


def test_the_rules_alert_on_errors_latency_restarts_and_downtime(
    rendered: dict[str, list[Manifest]],
) -> None:
    rules = [
        rule
        for group in one(rendered["platform"], "PrometheusRule")["spec"]["groups"]
        for rule in group["rules"]
    ]
    expressions = " ".join(rule["expr"] for rule in rules)

    for metric in [
        'http_requests_total{job="hexa-monolith", route=~"/api/.+", status=~"5.."}',
        "http_request_duration_seconds_bucket",
        "kube_pod_container_status_restarts_total",
        'up{job="hexa-monolith"}',
    ]:
        assert metric in expressions
    assert {rule["labels"]["app"] for rule in rules} == {"hexa-monolith"}


def test_fluent_bit_ships_every_container_log_to_loki_by_default(
    rendered: dict[str, list[Manifest]],
) -> None:
    daemon_set = one(rendered["platform"], "DaemonSet")
    [container] = pod_spec(daemon_set)["containers"]
    env = {var["name"]: var["value"] for var in container["env"]}
    config = one(rendered["platform"], "ConfigMap")["data"]["fluent-bit.conf"]

    assert env == {"LOKI_HOST": "loki", "LOKI_PORT": "3100"}
    assert "Path              /var/log/containers/*.log" in config
    assert "Name         loki" in config
    assert "Host         ${LOKI_HOST}" in config
    assert "Port         ${LOKI_PORT}" in config


def test_only_fluent_bit_runs_outside_the_restricted_profile(
    rendered: dict[str, list[Manifest]],
) -> None:
    workloads = [obj for objects in rendered.values() for obj in of_kind(objects, *WORKLOADS)]
    privileged = [
        obj for obj in workloads if obj["metadata"].get("namespace") in PRIVILEGED_NAMESPACES
    ]
    # Fluent Bit is exempt (see PRIVILEGED_NAMESPACES): it must read the nodes' log files.
    restricted = [obj for obj in workloads if obj not in privileged]

    assert [name_of(obj) for obj in privileged] == ["DaemonSet/fluent-bit"]
    assert hardening_problems(restricted) == []


def test_fluent_bit_departs_from_restricted_only_where_reading_node_logs_needs_it(
    rendered: dict[str, list[Manifest]],
) -> None:
    daemon_set = one(rendered["platform"], "DaemonSet")
    [container] = pod_spec(daemon_set)["containers"]
    mounts = {mount["name"]: mount for mount in container["volumeMounts"]}

    assert hardening_problems([daemon_set]) == [
        "DaemonSet/fluent-bit: the service account token is mounted",  # pod metadata lookups
        "DaemonSet/fluent-bit: volume varlog is a hostPath",  # the logs it ships
        "DaemonSet/fluent-bit: volume state is a hostPath",  # read offsets across restarts
        # The kubelet writes the log files as root, mode 0640.
        "DaemonSet/fluent-bit container fluent-bit: runAsNonRoot is not true",
        "DaemonSet/fluent-bit container fluent-bit: runs as root (runAsUser 0)",
        # It writes nothing but its offsets, to the state volume.
        "DaemonSet/fluent-bit container fluent-bit: /tmp is not a writable emptyDir",
    ]
    assert mounts["varlog"]["readOnly"] is True
    assert mounts["config"]["readOnly"] is True
