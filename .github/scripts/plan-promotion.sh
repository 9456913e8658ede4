#!/usr/bin/env bash
# Check that a commit can be promoted to production, and show what it would change.
#
#   plan-promotion.sh COMMIT
#
# Runs in a full clone (origin/main, and origin/production once it exists). COMMIT must
# be a commit of main whose two overlays name one image, pinned by digest: the image
# staging ran. Writes `commit`, `current` (production's commit, empty before the first
# promotion) and `image` to GITHUB_OUTPUT, and to GITHUB_STEP_SUMMARY what production
# would change: the reviewers of the production environment read it before approving.
set -euo pipefail

commit=$(git rev-parse --verify --quiet "${1:?usage: plan-promotion.sh COMMIT}^{commit}") || {
  echo "::error::'$1' is not a commit of this repository."
  exit 1
}
if ! git merge-base --is-ancestor "$commit" origin/main; then
  echo "::error::$commit is not on main: only commits of main are promoted."
  exit 1
fi
current=$(git rev-parse --verify --quiet "origin/production^{commit}" || true)

# The images the two overlays render at that commit.
tree=$(mktemp -d)
trap 'git worktree remove --force "$tree"' EXIT
git worktree add --quiet --detach "$tree" "$commit"
images() { kubectl kustomize "$tree/deploy/overlays/$1" | sed -n 's/^ *image: //p' | sort -u; }
staging=$(images staging)
production=$(images production)
if [[ "$production" != "$staging" || ! "$staging" =~ ^[^[:space:]]+@sha256:[0-9a-f]{64}$ ]]; then
  echo "::error::At $commit production names '${production//$'\n'/, }' and staging" \
    "'${staging//$'\n'/, }': promote a commit where both name the same digest-pinned image."
  exit 1
fi

{
  echo "commit=$commit"
  echo "current=$current"
  echo "image=$staging"
} >>"${GITHUB_OUTPUT:-/dev/null}"

{
  echo "## Promote ${commit:0:12} to production"
  echo
  echo "Image: \`$staging\`"
  echo
  if [[ -z "$current" ]]; then
    echo "First promotion: the \`production\` branch is created at this commit."
  elif [[ "$current" == "$commit" ]]; then
    echo "Production already runs this commit: approving changes nothing."
  elif git merge-base --is-ancestor "$current" "$commit"; then
    echo "Commits since production's ${current:0:12}:"
    echo '```'
    git log --oneline --no-decorate "$current..$commit" | head -n 50
    echo '```'
  else
    echo "**Rollback**: production's ${current:0:12} is newer. Migrations are not undone."
  fi
  if [[ -n "$current" && "$current" != "$commit" ]]; then
    echo
    echo "What production runs would change:"
    echo '```diff'
    git diff "$current" "$commit" -- deploy/base deploy/components deploy/overlays/production \
      deploy/platform
    echo '```'
  fi
} >>"${GITHUB_STEP_SUMMARY:-/dev/stdout}"
