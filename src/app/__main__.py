"""Command line: `python -m app serve | migrate | users promote EMAIL`."""

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from pydantic import ValidationError

from app.infra.config import Settings
from app.kernel.errors import UnavailableError
from app.modules.user.adapters.inbound import cli as user_cli

if TYPE_CHECKING:
    from app.main import Persistence


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the HTTP API (uvicorn)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (dev)")
    commands.add_parser("migrate", help="apply database migrations (idempotent)")
    user_cli.add_user_commands(commands)
    return parser


def _serve(settings: Settings, reload: bool) -> int:
    import uvicorn

    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        reload=reload,
        log_config=None,
        access_log=settings.access_log,
        proxy_headers=True,
        timeout_graceful_shutdown=20,
    )
    return 0


async def _migrate(persistence: "Persistence") -> tuple[int, str]:
    await persistence.migrate()
    return 0, "Database is at the latest migration."


async def _promote(persistence: "Persistence", email: str) -> tuple[int, str]:
    from app.main import promote_user

    return await user_cli.promote(promote_user(persistence.users), email)


async def _with_database(
    settings: Settings, command: Callable[["Persistence"], Awaitable[tuple[int, str]]]
) -> int:
    from app.main import open_persistence

    persistence = open_persistence(settings)
    try:
        code, message = await command(persistence)
    except UnavailableError as exc:
        code, message = 1, f"Cannot reach the database: {exc.__cause__ or exc}"
    finally:
        await persistence.close()
    print(message, file=sys.stderr if code else sys.stdout)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"Invalid settings:\n{exc}", file=sys.stderr)
        return 2
    if args.command == "serve":
        return _serve(settings, args.reload)
    if args.command == "migrate":
        return asyncio.run(_with_database(settings, _migrate))
    return asyncio.run(_with_database(settings, partial(_promote, email=args.email)))


if __name__ == "__main__":
    sys.exit(main())
