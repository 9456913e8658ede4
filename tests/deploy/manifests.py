"""Render the Kustomize folders under deploy/ the way Argo CD does: `kubectl kustomize`."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ("staging", "production")
# Every folder Argo CD syncs or an operator applies.
FOLDERS = ("overlays/staging", "overlays/production", "platform", "argocd", "bootstrap")

Manifest = dict[str, Any]

# kubectl prints a lone `=` unquoted (an AlertmanagerConfig `matchType`). YAML 1.1 reads it
# as the obsolete `value` tag: PyYAML then fails on the document, and some validators skip
# the whole file without a word. Quoting it changes nothing for a YAML 1.2 reader.
_BARE_EQUALS = re.compile(r"^(\s*(?:- )?[\w.-]+: )=$", re.MULTILINE)


def quote_bare_equals(text: str) -> str:
    return _BARE_EQUALS.sub(r'\1"="', text)


class RenderError(Exception):
    """A folder does not build; the message carries Kustomize's own error."""


def render_text(folder: Path) -> str:
    """The folder's objects as YAML that every YAML 1.1 and 1.2 reader parses alike."""
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
    return quote_bare_equals(result.stdout)


def parse(text: str) -> list[Manifest]:
    """The objects of a rendered folder, read with PyYAML's plain safe loader."""
    return [doc for doc in yaml.safe_load_all(text) if doc]


def render(folder: Path) -> list[Manifest]:
    return parse(render_text(folder))


def name_of(obj: Manifest) -> str:
    """`Kind/name`, as problems name an object."""
    return f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"


def of_kind(objects: list[Manifest], *kinds: str) -> list[Manifest]:
    return [obj for obj in objects if obj.get("kind") in kinds]
