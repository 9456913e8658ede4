"""Which files .github/CODEOWNERS gives an owner, following GitHub's rules for the
patterns it uses: the last matching line wins; a leading `/` anchors at the root; a
trailing `/` matches everything under a directory; `*` globs within a path segment;
a line with no owner leaves its files unowned."""

import fnmatch
from pathlib import Path

ROOT = Path(__file__).parents[2]
CODEOWNERS = ROOT / ".github" / "CODEOWNERS"

Rule = tuple[str, list[str]]


def parse(text: str) -> list[Rule]:
    rules = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            rules.append((words[0], words[1:]))
    return rules


def matches(pattern: str, path: str) -> bool:
    anchored, directory = pattern.startswith("/"), pattern.endswith("/")
    pattern = pattern.strip("/")
    parts = path.split("/")
    starts = [0] if anchored or "/" in pattern else range(len(parts))
    size = pattern.count("/") + 1
    for start in starts:
        head = "/".join(parts[start : start + size])
        rest = parts[start + size :]
        if fnmatch.fnmatchcase(head, pattern) and (rest or not directory):
            return True
    return False


def owners(path: str, rules: list[Rule]) -> list[str]:
    found: list[str] = []
    for pattern, owned_by in rules:
        if matches(pattern, path):
            found = owned_by
    return found


def unowned(folders: list[str], rules: list[Rule]) -> list[str]:
    """Files under `folders` (relative to the repository) that no owner must review."""
    files = [
        path.relative_to(ROOT).as_posix()
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    return [path for path in files if not owners(path, rules)]
