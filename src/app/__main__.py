"""Command line: `python -m app serve | migrate | users promote EMAIL`."""

import argparse
import asyncio
import sys

from pydantic import ValidationError

from app.infra.config import Settings
from app.modules.user.adapters.inbound import cli as user_cli


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
        proxy_headers=True,
        timeout_graceful_shutdown=20,
    )
    return 0


def _migrate(settings: Settings) -> int:
    if settings.async_database_url.startswith("memory://"):
        print("memory:// keeps no schema; nothing to migrate.")
        return 0
    from app.infra.migrate import upgrade

    upgrade(settings)
    print("Database is at the latest migration.")
    return 0


async def _promote(settings: Settings, email: str) -> int:
    from app.main import open_persistence, promote_user

    persistence = open_persistence(settings)
    try:
        code, message = await user_cli.promote(promote_user(persistence.users), email)
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
        return _migrate(settings)
    return asyncio.run(_promote(settings, args.email))


if __name__ == "__main__":
    sys.exit(main())
