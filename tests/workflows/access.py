"""What the Kubernetes API would be asked for by a run of apply-secrets.sh, and whether
the CD account's Role (deploy/bootstrap/cd-account) allows it.

A request is (verb, resource, name); "" names no object, as for `create`.
"""

from pathlib import Path
from typing import Any

import yaml

ACCOUNT = Path(__file__).parents[2] / "deploy" / "bootstrap" / "cd-account" / "account.yaml"

Request = tuple[str, str, str]


def cd_role_rules() -> list[dict[str, Any]]:
    [role] = [doc for doc in yaml.safe_load_all(ACCOUNT.read_text()) if doc["kind"] == "Role"]
    rules: list[dict[str, Any]] = role["rules"]
    return rules


def requests_of(calls: list[str], applied: list[dict[str, Any]]) -> list[Request]:
    """The API requests behind recorded kubectl calls: `config` and a client-side
    `create --dry-run` reach no server; `apply` reads each object, then patches it or
    creates it; any other call is taken as a request for its resource."""
    requests: list[Request] = []
    for call in calls:
        words = call.split()
        if words[0] == "config" or (words[0] == "create" and "--dry-run=client" in words):
            continue
        if words[:2] != ["apply", "-f"]:
            requests.append((words[0], words[1], words[2] if len(words) > 2 else ""))
    for obj in applied:
        resource, name = f"{obj['kind'].lower()}s", obj["metadata"]["name"]
        requests += [("get", resource, name), ("patch", resource, name), ("create", resource, "")]
    return requests


def denied_requests(requests: list[Request], rules: list[dict[str, Any]]) -> list[Request]:
    def allowed(verb: str, resource: str, name: str) -> bool:
        return any(
            verb in rule["verbs"]
            and resource in rule["resources"]
            and ("resourceNames" not in rule or name in rule["resourceNames"])
            for rule in rules
        )

    return [request for request in requests if not allowed(*request)]
