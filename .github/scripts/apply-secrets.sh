#!/usr/bin/env bash
# Create or refresh one environment's Kubernetes Secrets from its GitHub secrets.
#
#   apply-secrets.sh APP_NAMESPACE
#
# Writes, in APP_NAMESPACE only (all the CD account of deploy/bootstrap may do):
#   app-secrets           DATABASE_URL, JWT_SECRET, SMTP_HOST, REDIS_URL (required),
#                         SENTRY_DSN, SMTP_USER, SMTP_PASSWORD
#   migration-secrets     DB_MIGRATION_URL (required): the migration Job's database user
#   alerting-secrets      ALERT_WEBHOOK_URL, ALERT_SLACK_WEBHOOK: each optional, and an
#                         unset one is removed, which switches its receiver off
#   registry-credentials  a pull secret for DOCKER_REGISTRY (default ghcr.io) from
#                         DOCKER_REGISTRY_USER and DOCKER_REGISTRY_PASSWORD, when set
# Reads KUBE_CONFIG (a base64 kubeconfig) and the values from the environment and prints
# none of them. `create --dry-run=client | apply` makes it idempotent. The namespace must
# exist: the bootstrap creates it (docs/deploy.md).
set -euo pipefail

namespace=${1:?usage: apply-secrets.sh APP_NAMESPACE}

if [[ -z "${KUBE_CONFIG:-}" ]]; then
  echo "::warning::KUBE_CONFIG is not set for this environment: Kubernetes secrets were not refreshed."
  exit 0
fi
required=(DATABASE_URL JWT_SECRET SMTP_HOST REDIS_URL DB_MIGRATION_URL)
if [[ -n "${DOCKER_REGISTRY_PASSWORD:-}" ]]; then required+=(DOCKER_REGISTRY_USER); fi
for name in "${required[@]}"; do
  if [[ -z "${!name:-}" ]]; then
    echo "::error::The GitHub secret for $name is not set in this environment."
    exit 1
  fi
done

# Values go through files in a private directory, not through command arguments,
# so they never appear in a process listing.
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
chmod 700 "$workdir"
umask 077

export KUBECONFIG="$workdir/kubeconfig"
base64 --decode <<<"$KUBE_CONFIG" >"$KUBECONFIG"
chmod 600 "$KUBECONFIG"
# The decoded kubeconfig is not a GitHub secret itself: mask what an error could print.
for derived in "$(kubectl config view --raw --minify -o jsonpath='{.users[0].user.token}')" \
  "$(kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.server}')"; do
  if [[ -n "$derived" ]]; then echo "::add-mask::$derived"; fi
done

# apply NAME TYPE FILE_ARG...: create or replace the Secret NAME with exactly these keys.
apply() {
  local name=$1 type=$2
  shift 2
  kubectl create secret generic "$name" --namespace "$namespace" --type "$type" "$@" \
    --dry-run=client -o yaml | kubectl apply -f -
}

# from_env KEY...: a --from-file argument for every KEY that has a value.
from_env() {
  local key
  for key in "$@"; do
    if [[ -n "${!key:-}" ]]; then
      printf '%s' "${!key}" >"$workdir/$key"
      printf -- '--from-file=%s=%s\n' "$key" "$workdir/$key"
    fi
  done
}

mapfile -t app < <(from_env DATABASE_URL JWT_SECRET SENTRY_DSN SMTP_HOST SMTP_USER SMTP_PASSWORD \
  REDIS_URL)
apply app-secrets Opaque "${app[@]}"
mapfile -t migration < <(from_env DB_MIGRATION_URL)
apply migration-secrets Opaque "${migration[@]}"
mapfile -t alerting < <(from_env ALERT_WEBHOOK_URL ALERT_SLACK_WEBHOOK)
apply alerting-secrets Opaque "${alerting[@]}"

if [[ -z "${DOCKER_REGISTRY_PASSWORD:-}" ]]; then
  echo "::notice::DOCKER_REGISTRY_PASSWORD is not set: pods pull the image anonymously, so it must be public."
  exit 0
fi
printf '%s' "${DOCKER_REGISTRY:-ghcr.io}" >"$workdir/registry"
printf '%s' "$DOCKER_REGISTRY_USER" >"$workdir/user"
printf '%s' "$DOCKER_REGISTRY_PASSWORD" >"$workdir/password"
printf '%s:%s' "$DOCKER_REGISTRY_USER" "$DOCKER_REGISTRY_PASSWORD" | base64 -w0 >"$workdir/auth"
jq -n --rawfile registry "$workdir/registry" --rawfile user "$workdir/user" \
  --rawfile password "$workdir/password" --rawfile auth "$workdir/auth" \
  '{auths: {($registry): {username: $user, password: $password, auth: $auth}}}' \
  >"$workdir/dockerconfig"
apply registry-credentials kubernetes.io/dockerconfigjson \
  "--from-file=.dockerconfigjson=$workdir/dockerconfig"
