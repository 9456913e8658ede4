"""Command line: `python -m app serve | migrate | events <command> | <module> <command>`."""

import argparse
import asyncio
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from app.infra.config import Settings
from app.infra.events import cli as events_cli
from app.infra.modules import Command, CommandResult, Module, ModuleError
from app.infra.platform import Platform
from app.kernel.errors import UnavailableError
from app.main import discover_modules, mongo_collections, open_database, wire_modules


def _parser(modules: Sequence[Module]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve the HTTP API (uvicorn)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (dev)")
    commands.add_parser("migrate", help="apply every module's migrations (idempotent)")
    groups: list[tuple[str, str, tuple[Command, ...]]] = [
        ("events", "integration events: failed deliveries, the relay", events_cli.COMMANDS)
    ]
    groups += [(m.name, m.description, m.commands) for m in modules if m.commands]
    for name, description, group_commands in groups:
        group = commands.add_parser(name, help=description)
        actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
        for command in group_commands:
            action = actions.add_parser(command.name, help=command.help)
            for argument in command.arguments:
                action.add_argument(argument.name, help=argument.help)
            action.set_defaults(run=command)
    return parser


def _serve(settings: Settings, reload: bool) -> int:
    import uvicorn

    from app.infra.server import HeadLimits, LimitedHttpToolsProtocol
    from app.main import create_app

    LimitedHttpToolsProtocol.limits = HeadLimits.of(settings)
    # Built here rather than by uvicorn, so that a module that cannot run on this
    # database stops the start with its message (see main), not a traceback.
    target = "app.main:create_app" if reload else create_app(settings)
    uvicorn.run(
        target,
        factory=reload,
        host=settings.host,
        port=settings.port,
        reload=reload,
        http=LimitedHttpToolsProtocol,  # request heads bounded (app.infra.server)
        log_config=None,
        access_log=False,  # the app writes its own (app.infra.access_log, ACCESS_LOG)
        proxy_headers=False,  # the app reads X-Forwarded-For from TRUSTED_PROXIES only
        timeout_graceful_shutdown=20,
    )
    return 0


async def _run(
    settings: Settings, modules: Sequence[Module], command: Command | None, args: dict[str, str]
) -> CommandResult:
    platform = Platform(settings, open_database(settings))
    try:
        wire_modules(platform, modules)
        if command is None:
            await platform.database.migrate(mongo_collections(modules))
            return 0, "Every module's schema is up to date."
        return await command.run(platform, args)
    except UnavailableError as exc:
        cause = str(exc.__cause__ or "").split("\n")[0]
        return 1, f"Cannot use the database: {exc}" + (f" ({cause})" if cause else "")
    finally:
        await platform.database.close()


def main(argv: list[str] | None = None) -> int:
    try:
        modules = discover_modules()
    except ModuleError as exc:
        print(f"Cannot load the modules: {exc}", file=sys.stderr)
        return 2
    args = vars(_parser(modules).parse_args(argv))
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Invalid settings:\n{exc}", file=sys.stderr)
        return 2
    try:
        if args["command"] == "serve":
            return _serve(settings, args["reload"])
        command = args.pop("run", None)
        code, message = asyncio.run(_run(settings, modules, command, args))
    except ModuleError as exc:
        print(f"Cannot start: {exc}", file=sys.stderr)
        return 2
    print(message, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
