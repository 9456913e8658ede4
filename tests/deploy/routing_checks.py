"""Checks on alert routing: each environment routes its own alerts with its own URLs, and
an unset URL switches off one receiver only. Each returns a list of problems.
"""

from tests.deploy.manifests import Manifest, name_of, of_kind

ALERTING_SECRET = "alerting-secrets"
URL_KEYS = {"ALERT_WEBHOOK_URL", "ALERT_SLACK_WEBHOOK"}  # each one optional
APP_MATCHER = {"name": "app", "value": "hexa-monolith", "matchType": "="}


def secret_keys(config: Manifest) -> list[tuple[str, str]]:
    """(Secret, key) of every URL an AlertmanagerConfig reads."""
    refs = []
    for receiver in config["spec"].get("receivers", []):
        refs += [c["urlSecret"] for c in receiver.get("webhookConfigs", []) if "urlSecret" in c]
        refs += [c["apiURL"] for c in receiver.get("slackConfigs", []) if "apiURL" in c]
    return [(ref["name"], ref["key"]) for ref in refs]


def routing_problems(objects: list[Manifest], namespace: str) -> list[str]:
    """The environment's AlertmanagerConfigs live in its namespace (the operator's default
    `OnNamespace` strategy then matches its alerts), match the app's alerts, and read one
    optional URL each from the environment's own alerting Secret."""
    problems = []
    keys = []
    for config in of_kind(objects, "AlertmanagerConfig"):
        where = name_of(config)
        if config["metadata"].get("namespace") != namespace:
            problems.append(f"{where}: in {config['metadata'].get('namespace')}, not {namespace}")
        if APP_MATCHER not in config["spec"]["route"].get("matchers", []):
            problems.append(f"{where}: its route does not match app=hexa-monolith")
        refs = secret_keys(config)
        if len(refs) != 1:
            problems.append(f"{where}: reads {len(refs)} URLs; one missing would disable all")
        problems += [
            f"{where}: reads {secret}/{key}, not one of {ALERTING_SECRET}/{sorted(URL_KEYS)}"
            for secret, key in refs
            if secret != ALERTING_SECRET or key not in URL_KEYS
        ]
        keys += [key for _, key in refs]
    if sorted(keys) != sorted(URL_KEYS):
        problems.append(f"{namespace}: receivers read {sorted(keys)}, not {sorted(URL_KEYS)}")
    return problems
