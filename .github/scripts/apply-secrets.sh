#!/usr/bin/env bash
# Create or refresh one environment's Kubernetes secrets from its GitHub secrets.
#
#   apply-secrets.sh APP_NAMESPACE
#
# Reads KUBE_CONFIG (a base64 kubeconfig), DATABASE_URL, JWT_SECRET, SENTRY_DSN,
# ALERT_WEBHOOK_URL and ALERT_SLACK_WEBHOOK from the environment and prints none of them.
# `create --dry-run=client | apply` makes it idempotent: the secret is created or updated.
set -euo pipefail

app_namespace=${1:?usage: apply-secrets.sh APP_NAMESPACE}

if [[ -z "${KUBE_CONFIG:-}" ]]; then
  echo "::warning::KUBE_CONFIG is not set for this environment: Kubernetes secrets were not refreshed."
  exit 0
fi
for required in DATABASE_URL JWT_SECRET; do
  if [[ -z "${!required:-}" ]]; then
    echo "::error::The GitHub secret for $required is not set in this environment."
    exit 1
  fi
done

# Values go through files in a private directory, not through kubectl's arguments,
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

# apply_secret NAME NAMESPACE KEY...: one secret holding every KEY that has a value.
apply_secret() {
  local name=$1 namespace=$2 key sources=()
  shift 2
  for key in "$@"; do
    if [[ -n "${!key:-}" ]]; then
      printf '%s' "${!key}" >"$workdir/$key"
      sources+=("--from-file=$key=$workdir/$key")
    fi
  done
  if ((${#sources[@]} == 0)); then
    echo "::notice::No value for $name in $namespace; left unchanged."
    return
  fi
  kubectl create secret generic "$name" --namespace "$namespace" "${sources[@]}" \
    --dry-run=client -o yaml | kubectl apply -f -
}

# The secrets may come before Argo CD's first sync, which would create the namespace:
# create it here (idempotently), with the same Pod Security label Argo CD sets.
kubectl create namespace "$app_namespace" --dry-run=client -o yaml | kubectl apply -f -
kubectl label namespace "$app_namespace" --overwrite pod-security.kubernetes.io/enforce=restricted

apply_secret app-secrets "$app_namespace" DATABASE_URL JWT_SECRET SENTRY_DSN
apply_secret alerting-secrets monitoring ALERT_WEBHOOK_URL ALERT_SLACK_WEBHOOK
