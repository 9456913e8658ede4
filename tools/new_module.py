"""Generate a module: `make module NAME=catalog [ENTITY=product]`.

Renders tools/module_template into the project: the module's package (domain, ports,
application, adapters, module.py), its migration (the next sequential revision) and its
unit, contract and integration tests; formats them; refreshes the module map in
docs/architecture.md. Nothing else changes: app.main finds the module by itself.

A bad name is refused before anything is written; if a step fails, what was written is
removed again.
"""

import argparse
import builtins
import keyword
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "tools" / "module_template"
VERSIONS = ROOT / "infra" / "migrations" / "postgres" / "versions"
MODULE_FOLDERS = ["src/app/modules", "tests/unit", "tests/contract", "tests/integration"]
NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
RESERVED = {"serve", "migrate", "api", "app", "tests", "test", "infra", "kernel", "modules"}
MAX_IDENTIFIER = 63  # PostgreSQL truncates longer names, constraint names included


class GeneratorError(Exception):
    """The module cannot be generated; the message says why."""


class _Placeholders(Template):
    delimiter = "@@"


def check_names(module: str, entity: str, plural: str) -> None:
    for kind, value in [("module", module), ("entity", entity), ("plural", plural)]:
        if not NAME.match(value):
            raise GeneratorError(
                f"{kind} name {value!r} must be lower-case snake_case: a letter, then "
                "letters, digits and single underscores (like catalog or order_line)"
            )
        if keyword.iskeyword(value) or keyword.issoftkeyword(value) or value in dir(builtins):
            raise GeneratorError(f"{kind} name {value!r} is a Python keyword or built-in name")
    if module in RESERVED:
        raise GeneratorError(
            f"module name {module!r} is reserved (a command or package of the app)"
        )
    if entity == plural:
        raise GeneratorError(f"the plural of {entity!r} must differ from it: pass PLURAL=...")
    for folder in MODULE_FOLDERS:
        if (ROOT / folder / module).exists():
            raise GeneratorError(f"module {module!r} exists already: {folder}/{module}")
    constraint = f"uq_{module}_{plural}_owner_id_name"
    if len(constraint) > MAX_IDENTIFIER:
        raise GeneratorError(f"{module}_{plural} is too long for database identifiers; shorten it")


def camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def placeholders(module: str, entity: str, plural: str) -> dict[str, str]:
    words = entity.replace("_", " ")
    article = "an" if words[0] in "aeiou" else "a"
    revision, down_revision = next_revision()
    return {
        "module": module,
        "Module": camel(module),
        "module_url": module.replace("_", "-"),
        "entity": entity,
        "Entity": camel(entity),
        "entities": plural,
        "Entities": camel(plural),
        "ENTITIES": plural.upper(),
        "entity_words": words,
        "entities_words": plural.replace("_", " "),
        "Entities_words": plural.replace("_", " ").capitalize(),
        "a_entity": f"{article} {words}",
        "A_entity": f"{article.capitalize()} {words}",
        "a_entity_fn": f"{article}_{entity}",
        "entities_url": plural.replace("_", "-"),
        "table": f"{module}_{plural}",
        "revision": revision,
        "down_revision": down_revision or "",
        "down_revision_literal": repr(down_revision),
        "create_date": datetime.now(UTC).date().isoformat(),
    }


def next_revision() -> tuple[str, str | None]:
    """The next sequential revision id, and the current head it follows."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(VERSIONS.parent))
    heads = scripts.get_heads()
    if len(heads) > 1:
        raise GeneratorError(
            f"the migrations have several heads ({', '.join(heads)}): merge them first"
        )
    numbers = [int(r.revision) for r in scripts.walk_revisions() if r.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}", heads[0] if heads else None


def render(values: dict[str, str]) -> dict[Path, str]:
    """Every file of the template, at its place in the project, with its text."""
    files = {}
    for source in sorted(TEMPLATE.rglob("*.tmpl")):
        relative = source.relative_to(TEMPLATE).as_posix().removesuffix(".tmpl")
        target = ROOT / _Placeholders(relative).substitute(values)
        files[target] = _Placeholders(source.read_text()).substitute(values)
    return files


def write(files: dict[Path, str]) -> list[Path]:
    existing = [path for path in files if path.exists()]
    if existing:
        raise GeneratorError(f"{existing[0].relative_to(ROOT)} exists already; nothing was written")
    written = []
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    return written


def finish(written: list[Path]) -> None:
    """Format the new files and refresh the module map (docs/architecture.md)."""
    tools = Path(sys.executable).parent
    paths = [str(path) for path in written if path.suffix == ".py"]
    _run([str(tools / "ruff"), "check", "--fix", "--quiet", "--select", "I,F401", *paths])
    _run([str(tools / "ruff"), "format", "--quiet", *paths])
    _run([sys.executable, str(ROOT / "tools" / "module_map.py"), "--write"])


def _run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GeneratorError(f"{Path(command[0]).name} failed:\n{result.stdout}{result.stderr}")


def remove(written: list[Path], module: str) -> None:
    """Undo a generation that failed after writing: only what it created."""
    if not written:
        return
    for path in written:
        path.unlink(missing_ok=True)
    for folder in MODULE_FOLDERS:  # none of them existed before (check_names)
        shutil.rmtree(ROOT / folder / module, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make module", description=__doc__.split("\n")[0])
    parser.add_argument("name", help="the module, snake_case (catalog, order_line)")
    parser.add_argument("--entity", default="item", help="its sample entity (default: item)")
    parser.add_argument("--plural", help="the entity's plural (default: entity + s)")
    args = parser.parse_args(argv)
    plural = args.plural or f"{args.entity}s"
    written: list[Path] = []
    try:
        check_names(args.name, args.entity, plural)
        written = write(render(placeholders(args.name, args.entity, plural)))
        finish(written)
    except GeneratorError as exc:
        remove(written, args.name)
        print(f"make module: {exc}", file=sys.stderr)
        return 1
    except BaseException:
        remove(written, args.name)
        raise
    for path in written:
        print(f"  created {path.relative_to(ROOT)}")
    print(
        f"Module {args.name!r} is ready: {len(written)} files. Run `make test`; then "
        f"`make run` serves /api/v1/{args.name.replace('_', '-')}/... (see docs/modules.md)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
