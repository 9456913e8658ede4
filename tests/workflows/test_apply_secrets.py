"""The CD secrets script, run against a fake kubectl that records what it is given."""

import base64
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.workflows.access import cd_role_rules, denied_requests, requests_of

SCRIPT = Path(__file__).parents[2] / ".github" / "scripts" / "apply-secrets.sh"
SECRETS = {
    "DATABASE_URL": "mongodb://app:s3cr3t-db@mongo-0,mongo-1/app?replicaSet=rs0",
    "DB_MIGRATION_URL": "mongodb://migrator:s3cr3t-ddl@mongo-0,mongo-1/app?authSource=admin",
    "JWT_SECRET": "jwt-" + "k" * 40,
    "SENTRY_DSN": "https://key@sentry.example/1",
    "SMTP_HOST": "smtp.example.com",
    "SMTP_USER": "",
    "SMTP_PASSWORD": "smtp-s3cr3t",
    "REDIS_URL": "rediss://:s3cr3t-redis@redis.example.net:6380/0",
    "ALERT_WEBHOOK_URL": "https://hooks.example/alert-token",
    "ALERT_SLACK_WEBHOOK": "",
    "DOCKER_REGISTRY_USER": "deploy-bot",
    "DOCKER_REGISTRY_PASSWORD": "ghp_read-only-token",
}
TOKEN = "cluster-bearer-token"

# Logs its arguments and the mode of KUBECONFIG; `config view` answers the token,
# `create` prints the Secret it would create (as JSON), `apply` saves what it is piped.
FAKE_KUBECTL = r"""#!/usr/bin/env bash
echo "$* mode=$(stat -c %a "$KUBECONFIG")" >>"$CALLS"
case "$1" in
  config) case "$*" in *token*) printf '%s' "$FAKE_TOKEN" ;; esac ;;
  create)
    name=$4 namespace= type= data='{}'
    shift 4
    while (($#)); do
      case "$1" in
        --namespace) namespace=$2; shift ;;
        --type) type=$2; shift ;;
        --from-file=*) spec=${1#--from-file=} key=${spec%%=*} file=${spec#*=}
          data=$(jq -c --arg k "$key" --rawfile v "$file" '. + {($k): $v}' <<<"$data") ;;
      esac
      shift
    done
    jq -cn --arg n "$name" --arg ns "$namespace" --arg t "$type" --argjson d "$data" \
      '{kind: "Secret", metadata: {name: $n, namespace: $ns}, type: $t, data: $d}' ;;
  apply) cat >>"$APPLIED" ;;
esac
"""


def apply_secrets(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_script(SCRIPT, tmp_path, env)


def run_script(
    script: Path, tmp_path: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    kubectl = bin_dir / "kubectl"
    kubectl.write_text(FAKE_KUBECTL)
    kubectl.chmod(0o755)
    return subprocess.run(
        [str(script), "hexa-monolith-staging"],
        env={
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "CALLS": str(tmp_path / "calls"),
            "APPLIED": str(tmp_path / "applied"),
            "FAKE_TOKEN": TOKEN,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def applied(tmp_path: Path) -> dict[str, dict[str, Any]]:
    secrets = map(json.loads, (tmp_path / "applied").read_text().splitlines())
    return {secret["metadata"]["name"]: secret for secret in secrets}


@pytest.fixture
def configured() -> dict[str, str]:
    kubeconfig = base64.b64encode(b"apiVersion: v1\nkind: Config\n").decode()
    return {"KUBE_CONFIG": kubeconfig, **SECRETS}


def test_it_writes_the_four_secrets_of_the_namespace_with_the_values_set(
    tmp_path: Path, configured: dict[str, str]
) -> None:
    result = apply_secrets(tmp_path, **configured)

    assert result.returncode == 0, result.stderr
    secrets = applied(tmp_path)
    assert {name: s["metadata"]["namespace"] for name, s in secrets.items()} == {
        "app-secrets": "hexa-monolith-staging",
        "migration-secrets": "hexa-monolith-staging",
        "alerting-secrets": "hexa-monolith-staging",
        "registry-credentials": "hexa-monolith-staging",
    }
    assert secrets["app-secrets"]["data"] == {
        key: SECRETS[key]
        for key in (
            "DATABASE_URL",
            "JWT_SECRET",
            "SENTRY_DSN",
            "SMTP_HOST",
            "SMTP_PASSWORD",
            "REDIS_URL",
        )
    }
    assert secrets["migration-secrets"]["data"] == {"DB_MIGRATION_URL": SECRETS["DB_MIGRATION_URL"]}
    # An unset URL is left out, which switches its receiver off.
    assert secrets["alerting-secrets"]["data"] == {
        "ALERT_WEBHOOK_URL": SECRETS["ALERT_WEBHOOK_URL"]
    }


def test_the_pull_secret_logs_in_to_ghcr_with_the_read_token(
    tmp_path: Path, configured: dict[str, str]
) -> None:
    apply_secrets(tmp_path, **configured)

    pull = applied(tmp_path)["registry-credentials"]
    assert pull["type"] == "kubernetes.io/dockerconfigjson"
    config = json.loads(pull["data"][".dockerconfigjson"])
    user, password = SECRETS["DOCKER_REGISTRY_USER"], SECRETS["DOCKER_REGISTRY_PASSWORD"]
    assert config == {
        "auths": {
            "ghcr.io": {
                "username": user,
                "password": password,
                "auth": base64.b64encode(f"{user}:{password}".encode()).decode(),
            }
        }
    }


def test_without_a_registry_password_it_writes_no_pull_secret_and_says_so(
    tmp_path: Path, configured: dict[str, str]
) -> None:
    result = apply_secrets(tmp_path, **{**configured, "DOCKER_REGISTRY_PASSWORD": ""})

    assert result.returncode == 0, result.stderr
    assert "registry-credentials" not in applied(tmp_path)
    assert "pull the image anonymously, so it must be public" in result.stdout


def test_it_needs_no_right_beyond_the_role_the_bootstrap_grants(
    tmp_path: Path, configured: dict[str, str]
) -> None:
    apply_secrets(tmp_path, **configured)
    calls = (tmp_path / "calls").read_text().splitlines()

    requests = requests_of(calls, list(applied(tmp_path).values()))

    assert ("create", "secrets", "") in requests
    assert denied_requests(requests, cd_role_rules()) == []


def test_a_script_that_labels_its_namespace_needs_rights_the_account_lacks(
    tmp_path: Path, configured: dict[str, str]
) -> None:
    script = tmp_path / "apply-secrets.sh"
    text = SCRIPT.read_text()
    label = 'kubectl label namespace "$namespace" pod-security.kubernetes.io/enforce=restricted\n'
    script.write_text(text.replace("mapfile -t app <", label + "mapfile -t app <", 1))
    script.chmod(0o755)
    run_script(script, tmp_path, configured)
    calls = (tmp_path / "calls").read_text().splitlines()

    denied = denied_requests(requests_of(calls, list(applied(tmp_path).values())), cd_role_rules())

    assert denied == [("label", "namespace", "hexa-monolith-staging")]


def test_values_never_reach_arguments_or_logs_and_the_kubeconfig_is_private(
    tmp_path: Path, configured: dict[str, str]
) -> None:
    result = apply_secrets(tmp_path, **configured)
    calls = (tmp_path / "calls").read_text()
    for value in filter(None, SECRETS.values()):
        assert value not in calls
        assert value not in result.stdout + result.stderr
    assert all(line.endswith("mode=600") for line in calls.splitlines())
    assert f"::add-mask::{TOKEN}" in result.stdout


def test_without_a_kubeconfig_it_warns_and_changes_nothing(tmp_path: Path) -> None:
    result = apply_secrets(tmp_path, **SECRETS)
    assert result.returncode == 0
    assert "::warning::KUBE_CONFIG is not set" in result.stdout
    assert not (tmp_path / "calls").exists()


@pytest.mark.parametrize(
    "missing",
    ["JWT_SECRET", "SMTP_HOST", "REDIS_URL", "DB_MIGRATION_URL", "DOCKER_REGISTRY_USER"],
)
def test_a_missing_required_secret_fails_and_says_which(
    tmp_path: Path, configured: dict[str, str], missing: str
) -> None:
    result = apply_secrets(tmp_path, **{**configured, missing: ""})
    assert result.returncode == 1
    assert f"::error::The GitHub secret for {missing} is not set" in result.stdout
    assert not (tmp_path / "applied").exists()
