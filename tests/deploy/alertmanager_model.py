"""The Alertmanager configuration the Prometheus Operator generates from AlertmanagerConfigs
(the parts the manifests use), so that amtool can show where an alert goes.

As the operator documents it: each AlertmanagerConfig becomes a first-level route with
`continue: true`; under its default matcher strategy, `OnNamespace`, that route also
matches `namespace="<the AlertmanagerConfig's namespace>"`; receivers are renamed
`<namespace>/<name>/<receiver>`; and an AlertmanagerConfig that reads a missing Secret
key is rejected whole. `secrets` holds the Secrets: {(namespace, name): {key: value}}.
"""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.deploy.manifests import Manifest

Secrets = dict[tuple[str, str], dict[str, str]]


def generate(configs: list[Manifest], secrets: Secrets, strategy: str = "OnNamespace") -> str:
    routes, receivers = [], [{"name": "null"}]
    for config in configs:
        namespace, name = config["metadata"]["namespace"], config["metadata"]["name"]
        prefix = f"{namespace}/{name}/"
        try:
            rendered = [
                _receiver(r, namespace, prefix, secrets) for r in config["spec"]["receivers"]
            ]
        except KeyError:
            continue  # rejected: the operator logs why and leaves the others in place
        route = config["spec"]["route"]
        matchers = [
            f'{m["name"]}{m.get("matchType", "=")}"{m["value"]}"' for m in route["matchers"]
        ]
        if strategy == "OnNamespace":
            matchers.append(f'namespace="{namespace}"')
        routes.append(
            {"receiver": prefix + route["receiver"], "matchers": matchers, "continue": True}
        )
        receivers += rendered
    config = {"route": {"receiver": "null", "routes": routes}, "receivers": receivers}
    return yaml.safe_dump(config, sort_keys=False)


def _receiver(receiver: Manifest, namespace: str, prefix: str, secrets: Secrets) -> Any:
    def value(ref: dict[str, str]) -> str:
        return secrets[(namespace, ref["name"])][ref["key"]]

    out: dict[str, Any] = {"name": prefix + receiver["name"]}
    for hook in receiver.get("webhookConfigs", []):
        out.setdefault("webhook_configs", []).append({"url": value(hook["urlSecret"])})
    for slack in receiver.get("slackConfigs", []):
        out.setdefault("slack_configs", []).append({"api_url": value(slack["apiURL"])})
    return out


def amtool(config: str, workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`amtool ARGS`, where `{file}` in an argument stands for `config` written to a file
    (amtool must be installed)."""
    path = workdir / "alertmanager.yaml"
    path.write_text(config)
    return subprocess.run(
        [str(shutil.which("amtool")), *(arg.format(file=path) for arg in args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def receivers_of(config: str, workdir: Path, **labels: str) -> list[str]:
    """The receivers an alert with `labels` goes to, in routing order."""
    labelset = [f"{name}={value}" for name, value in labels.items()]
    result = amtool(config, workdir, "config", "routes", "test", "--config.file={file}", *labelset)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split(",")
