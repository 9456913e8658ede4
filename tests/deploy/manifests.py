"""Render the Kustomize folders under deploy/ the way Argo CD does: `kubectl kustomize`."""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ("staging", "production")
# Every folder Argo CD syncs or an operator applies.
FOLDERS = ("overlays/staging", "overlays/production", "platform", "argocd")

Manifest = dict[str, Any]


class _Loader(yaml.SafeLoader):
    """Reads a lone `=` as a string. kubectl prints it unquoted (an AlertmanagerConfig
    `matchType`), and PyYAML would take it for YAML 1.1's obsolete `value` tag."""


def _as_string(loader: _Loader, node: yaml.Node) -> str:
    assert isinstance(node, yaml.ScalarNode)
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:value", _as_string)


class RenderError(Exception):
    """A folder does not build; the message carries Kustomize's own error."""


def render(folder: Path) -> list[Manifest]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise RenderError("kubectl (with Kustomize) is needed to render deploy/; install it")
    result = subprocess.run(
        [kubectl, "kustomize", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise RenderError(f"kubectl kustomize {folder} failed:\n{result.stderr.strip()}")
    documents = yaml.load_all(result.stdout, Loader=_Loader)  # _Loader is a SafeLoader
    return [doc for doc in documents if doc]


def name_of(obj: Manifest) -> str:
    """`Kind/name`, as problems name an object."""
    return f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"


def of_kind(objects: list[Manifest], *kinds: str) -> list[Manifest]:
    return [obj for obj in objects if obj.get("kind") in kinds]
