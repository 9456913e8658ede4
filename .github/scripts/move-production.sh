#!/usr/bin/env bash
# Move the `production` branch, which Argo CD syncs production from, to COMMIT.
#
#   move-production.sh COMMIT EXPECTED
#
# EXPECTED is the branch's commit when the promotion was planned (empty: it must not
# exist yet); if it moved since, nothing is pushed. Moving back (a rollback) is allowed.
# The push authenticates with PROMOTION_DEPLOY_KEY, a deploy key stored only in the
# production environment's secrets and the only actor the branch's ruleset lets push:
# no other job, workflow or person can move production (docs/ci-cd.md).
set -euo pipefail

commit=${1:?usage: move-production.sh COMMIT EXPECTED}
expected=${2-}
if [[ -z "${PROMOTION_DEPLOY_KEY:-}" ]]; then
  echo "::error::The production environment has no PROMOTION_DEPLOY_KEY secret (docs/ci-cd.md)."
  exit 1
fi
: "${GITHUB_REPOSITORY:?}" "${GITHUB_SERVER_URL:?}"
remote=${PROMOTION_REMOTE:-git@${GITHUB_SERVER_URL#https://}:${GITHUB_REPOSITORY}.git}

keys=$(mktemp -d)
trap 'rm -rf "$keys"' EXIT
chmod 700 "$keys"
printf '%s\n' "$PROMOTION_DEPLOY_KEY" >"$keys/deploy_key"
chmod 600 "$keys/deploy_key"
# github.com's published host key; set PROMOTION_KNOWN_HOSTS for GitHub Enterprise Server.
github_host_key="github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
printf '%s\n' "${PROMOTION_KNOWN_HOSTS:-$github_host_key}" >"$keys/known_hosts"
GIT_SSH_COMMAND="ssh -i $keys/deploy_key -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes"
export GIT_SSH_COMMAND="$GIT_SSH_COMMAND -o UserKnownHostsFile=$keys/known_hosts"

git push --quiet --force-with-lease="refs/heads/production:$expected" "$remote" \
  "$commit:refs/heads/production"
echo "production now follows $commit; Argo CD syncs it on its next poll."
