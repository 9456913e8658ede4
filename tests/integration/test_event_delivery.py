"""Delivery of integration events when things go wrong: a relay killed mid-delivery, a
mail server that refuses everything. Real processes, a real SMTP server, every database."""

import asyncio
import os
import subprocess
import sys
import time

import pytest

from app.__main__ import main
from app.infra.events.relay import Relay
from app.infra.platform import Platform
from app.main import create_app, discover_modules, open_database, wire_modules
from tests.backends import TEST_SECRET, Backend
from tests.integration.conftest import register, serving
from tests.smtp_server import MailServer, arrived


def environment(backend: Backend, mail: MailServer, **extra: str) -> dict[str, str]:
    """The environment of `python -m app` for this database and mail server."""
    return {
        "APP_ENV": "dev",
        "DATABASE_URL": backend.url,
        "JWT_SECRET": TEST_SECRET,
        "SMTP_HOST": mail.host,
        "SMTP_PORT": str(mail.port),
        "SMTP_TLS": "false",
        "EVENTS_POLL_SECONDS": "0.05",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def registered(backend: Backend) -> None:
    """Register ada: the account and its UserRegistered event are committed; no relay runs."""

    async def run() -> None:
        app = create_app(backend.settings(events_relay=False), database=backend.open())
        async with serving(app) as client:
            assert (await register(client)).status_code == 201

    asyncio.run(run())


def relay_process(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "events", "relay"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until(condition: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not callable_true(condition):
        time.sleep(0.05)


def callable_true(condition: object) -> bool:
    return bool(condition() if callable(condition) else condition)


@pytest.mark.parametrize("http_backend", ["sqlite", "postgres"], indirect=True)
def test_an_email_whose_relay_was_killed_mid_send_arrives_once_after_a_restart(
    http_backend: Backend, mail_server: MailServer
) -> None:
    registered(http_backend)
    env = environment(http_backend, mail_server, EVENTS_LEASE_SECONDS="2")
    mail_server.mode = "stall"  # the relay is sending when it dies

    first = relay_process(env)
    try:
        assert mail_server.stalled.wait(30), "the relay never tried to send"
    finally:
        first.kill()
        first.wait()
    mail_server.mode = "accept"
    second = relay_process(env)
    try:
        wait_until(lambda: mail_server.messages, 20)
        time.sleep(2.5)  # past the dead relay's lease: a second copy would come now
    finally:
        second.terminate()
        stopped = second.wait(20)

    assert [m["Subject"] for m in mail_server.messages] == [
        "Welcome to hexa-monolith, Ada Lovelace"
    ]
    assert stopped == 0  # SIGTERM ends the relay cleanly


def test_a_refused_email_is_retried_then_parked_then_delivered_when_replayed(
    http_backend: Backend,
    mail_server: MailServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    registered(http_backend)
    env = environment(
        http_backend, mail_server, EVENTS_MAX_ATTEMPTS="3", EVENTS_RETRY_SECONDS="0.05"
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    mail_server.mode = "refuse"

    async def relay_for(seconds: float) -> None:
        settings = http_backend.settings(
            **{k.lower(): v for k, v in env.items() if k.startswith("EVENTS_")}
        )
        platform = Platform(settings, open_database(settings))
        wire_modules(platform, discover_modules())
        relay = Relay(platform.events, platform.clock, settings)
        for _ in range(int(seconds / 0.05)):
            await relay.run_once()
            await asyncio.sleep(0.05)
        await platform.database.close()

    asyncio.run(relay_for(1.5))
    capsys.readouterr()  # the relay's log lines
    assert main(["events", "list-failed"]) == 0
    listed = capsys.readouterr().out
    assert "notifications.welcome" in listed
    assert "attempts=3" in listed
    assert "451" in listed  # what the server answered
    assert mail_server.messages == []

    mail_server.mode = "accept"
    assert main(["events", "replay", listed.split()[0]]) == 0
    asyncio.run(relay_for(0.5))
    capsys.readouterr()
    assert main(["events", "list-failed"]) == 0

    assert capsys.readouterr().out.strip().endswith("No failed deliveries.")
    assert len(mail_server.messages) == 1
    assert main(["events", "replay", "not-an-id"]) == 1


async def test_the_app_relays_events_by_itself_within_moments(
    http_backend: Backend, mail_server: MailServer
) -> None:
    env = environment(http_backend, mail_server)
    settings = http_backend.settings(
        **{k.lower(): v for k, v in env.items() if k.startswith(("SMTP_", "EVENTS_"))}
    )
    async with serving(create_app(settings, database=http_backend.open())) as client:
        assert (await register(client)).status_code == 201
        delivered = await arrived(mail_server, 1, within=2)

    assert len(delivered) == 1
