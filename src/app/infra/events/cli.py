"""`python -m app events ...`: what operators do with the outbox."""

import asyncio
import signal
from collections.abc import Mapping
from uuid import UUID

from app.infra.events.relay import Relay
from app.infra.modules import Argument, Command, CommandResult
from app.infra.platform import Platform


async def list_failed(platform: Platform, _: Mapping[str, str]) -> CommandResult:
    rows = await platform.events.outbox.parked()
    lines = [
        f"{row.id}  {row.subscriber}  {row.type} v{row.version}  key={row.key}  "
        f"attempts={row.attempts}  parked={row.parked_at:%Y-%m-%d %H:%M:%S}  {row.last_error}"
        for row in rows
        if row.parked_at is not None
    ]
    return 0, "\n".join(lines) or "No failed deliveries."


async def replay(platform: Platform, args: Mapping[str, str]) -> CommandResult:
    try:
        row_id = UUID(args["id"])
    except ValueError:
        return 1, f"{args['id']!r} is not a delivery id; `events list-failed` lists them."
    if await platform.events.outbox.replay(row_id, now=platform.clock.now()):
        return 0, f"Delivery {row_id} will be retried now, with its attempts reset."
    return 1, f"No failed delivery has the id {row_id}; `events list-failed` lists them."


async def relay(platform: Platform, _: Mapping[str, str]) -> CommandResult:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await Relay(platform.events, platform.clock, platform.settings).run(stop)
    return 0, "Relay stopped."


COMMANDS = (
    Command("list-failed", "list the deliveries that failed every attempt", run=list_failed),
    Command(
        "replay",
        "retry a failed delivery now",
        run=replay,
        arguments=(Argument("id", "the delivery id `list-failed` shows"),),
    ),
    Command("relay", "deliver events until stopped (besides the app's own relays)", run=relay),
)
