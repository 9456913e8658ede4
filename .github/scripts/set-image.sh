#!/usr/bin/env bash
# Point overlays at one image, pinned by digest, its tag kept for humans.
#
#   set-image.sh IMAGE OVERLAY_DIR...     IMAGE: <registry>/<owner>/hexa-monolith:<sha>@<digest>
#
# `kustomize edit set image` writes newName, newTag and digest. Each overlay is rendered
# afterwards: a kustomize that misreads tag@digest fails here, not in the cluster.
set -euo pipefail

image=${1:?usage: set-image.sh IMAGE OVERLAY_DIR...}
shift
if [[ ! "$image" =~ ^[a-z0-9.-]+(/[a-z0-9._-]+)+/hexa-monolith:[0-9a-f]{40}@sha256:[0-9a-f]{64}$ ]]; then
  echo "::error::'$image' is not <registry>/<owner>/hexa-monolith:<commit sha>@sha256:<digest>."
  exit 1
fi

for overlay in "$@"; do
  (cd "$overlay" && kustomize edit set image "hexa-monolith=$image")
  rendered=$(kustomize build "$overlay" | sed -n 's/^ *- image: //p; s/^ *image: //p' | sort -u)
  if [[ "$rendered" != "$image" ]]; then
    echo "::error::$overlay renders image '${rendered//$'\n'/, }', not '$image'."
    exit 1
  fi
done
