#!/usr/bin/env bash
# Commit changed overlays and push them to main, retrying when main moved meanwhile.
#
#   push-overlay.sh MESSAGE OVERLAY_DIR...
#
# The checkout keeps no credentials (nothing later in the job can reuse them); the push
# authenticates with GITHUB_TOKEN from the environment, used only here.
set -euo pipefail

message=${1:?usage: push-overlay.sh MESSAGE OVERLAY_DIR...}
shift
(($# > 0)) || { echo "usage: push-overlay.sh MESSAGE OVERLAY_DIR..." >&2; exit 2; }
: "${GITHUB_TOKEN:?}" "${GITHUB_REPOSITORY:?}" "${GITHUB_SERVER_URL:?}"

git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"

for overlay in "$@"; do git add "$overlay/kustomization.yaml"; done
if git diff --cached --quiet; then
  echo "The overlays already name this image; nothing to push."
  exit 0
fi
git commit --quiet --message "$message"

remote="https://x-access-token:${GITHUB_TOKEN}@${GITHUB_SERVER_URL#https://}/${GITHUB_REPOSITORY}.git"
for attempt in 1 2 3; do
  if git pull --quiet --rebase "$remote" main && git push --quiet "$remote" HEAD:main; then
    exit 0
  fi
  sleep $((attempt * 5))
done
echo "::error::Could not push to main after 3 attempts."
exit 1
