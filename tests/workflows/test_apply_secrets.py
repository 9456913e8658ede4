"""The CD secrets script, run against a fake kubectl that records what it is given."""

import base64
import os
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / ".github" / "scripts" / "apply-secrets.sh"
SECRETS = {
    "DATABASE_URL": "mongodb://app:s3cr3t-db@mongo-0,mongo-1/app?replicaSet=rs0",
    "JWT_SECRET": "jwt-" + "k" * 40,
    "SENTRY_DSN": "https://key@sentry.example/1",
    "ALERT_WEBHOOK_URL": "https://hooks.example/alert-token",
    "ALERT_SLACK_WEBHOOK": "",
}
TOKEN = "cluster-bearer-token"

# Logs its arguments and the mode of KUBECONFIG; `config view` answers the token,
# `create` prints what it would create, `apply` saves what it is piped.
FAKE_KUBECTL = """#!/usr/bin/env bash
echo "$* mode=$(stat -c %a "$KUBECONFIG")" >>"$CALLS"
case "$1" in
  config) case "$*" in *token*) printf '%s' "$FAKE_TOKEN" ;; esac ;;
  create)
    echo "name: $4 namespace: $6"
    for arg in "$@"; do
      case "$arg" in
        --from-file=*) spec=${arg#--from-file=}; echo "${spec%%=*}: $(cat "${spec#*=}")" ;;
      esac
    done ;;
  apply) cat >>"$APPLIED" ;;
esac
"""


def apply_secrets(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    kubectl = bin_dir / "kubectl"
    kubectl.write_text(FAKE_KUBECTL)
    kubectl.chmod(0o755)
    return subprocess.run(
        [str(SCRIPT), "hexa-monolith-staging"],
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


@pytest.fixture
def configured() -> dict[str, str]:
    kubeconfig = base64.b64encode(b"apiVersion: v1\nkind: Config\n").decode()
    return {"KUBE_CONFIG": kubeconfig, **SECRETS}


def test_it_applies_app_and_alerting_secrets_with_the_values_set(
    tmp_path: Path, configured: dict[str, str]
) -> None:
    result = apply_secrets(tmp_path, **configured)
    assert result.returncode == 0, result.stderr
    applied = (tmp_path / "applied").read_text()
    assert "name: app-secrets namespace: hexa-monolith-staging" in applied
    assert f"DATABASE_URL: {SECRETS['DATABASE_URL']}" in applied
    assert "name: alerting-secrets namespace: monitoring" in applied
    assert "ALERT_SLACK_WEBHOOK" not in applied  # unset values are left out


def test_it_is_idempotent_by_piping_a_client_side_dry_run_into_apply(
    tmp_path: Path, configured: dict[str, str]
) -> None:
    apply_secrets(tmp_path, **configured)
    calls = (tmp_path / "calls").read_text().splitlines()
    creates = [call for call in calls if call.startswith("create secret generic")]
    assert len(creates) == 2
    assert all("--dry-run=client -o yaml" in call for call in creates)
    namespaces = [call for call in calls if call.startswith("create namespace")]
    assert len(namespaces) == 1
    assert namespaces[0].startswith("create namespace hexa-monolith-staging --dry-run=client")
    assert sum(call.startswith("apply -f -") for call in calls) == 3  # namespace, 2 secrets


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


def test_a_missing_jwt_secret_fails_and_says_which(
    tmp_path: Path, configured: dict[str, str]
) -> None:
    result = apply_secrets(tmp_path, **{**configured, "JWT_SECRET": ""})
    assert result.returncode == 1
    assert "::error::The GitHub secret for JWT_SECRET is not set" in result.stdout
