"""Write every folder of deploy/ rendered, for the validators of `nox -s deploy`.

    python -m tests.deploy.render OUTPUT_DIR

Each file is quote-fixed (manifests.quote_bare_equals) and must parse with PyYAML's plain
safe loader into as many objects as kubectl printed, so no validator reading it can skip a
document, or the whole file, without failing.
"""

import sys
from pathlib import Path

from tests.deploy.manifests import FOLDERS, ROOT, parse, render_text


def write_renders(output: Path) -> list[Path]:
    written = []
    for folder in FOLDERS:
        text = render_text(ROOT / "deploy" / folder)
        documents = text.count("\n---\n") + 1
        if len(parse(text)) != documents:
            raise SystemExit(f"deploy/{folder}: {documents} documents rendered, fewer parsed")
        path = output / f"deploy-{folder.replace('/', '-')}.yaml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    output = Path(sys.argv[1])
    output.mkdir(parents=True, exist_ok=True)
    for path in write_renders(output):
        print(path)  # noqa: T201 - the session lists what it validates
