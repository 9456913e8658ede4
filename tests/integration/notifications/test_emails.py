"""Emails end to end: the HTTP API, the outbox, the relay and a real SMTP server."""

import re
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from app.infra.persistence import Database
from app.main import create_app
from tests.backends import Backend
from tests.integration.conftest import PASSWORD, assert_problem, register, serving
from tests.smtp_server import MailServer, arrived, text_of

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
async def client(
    mail_server: MailServer, http_backend: Backend, database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    settings = http_backend.settings(
        smtp_host=mail_server.host,
        smtp_port=mail_server.port,
        smtp_tls=False,
        events_poll_seconds=0.05,
        password_reset_url="https://app.example.com/reset-password",
    )
    async with serving(create_app(settings, database=database)) as client:
        yield client


async def log_in(client: httpx.AsyncClient, password: str) -> int:
    form = {"username": "ada@example.com", "password": password}
    return (await client.post("/api/v1/auth/token", data=form)).status_code


async def test_a_new_user_gets_a_welcome_email(
    client: httpx.AsyncClient, mail_server: MailServer
) -> None:
    await register(client, "ada@example.com", "Ada <Lovelace>")

    [welcome] = await arrived(mail_server, 1)

    assert (welcome["To"], welcome["Subject"]) == (
        "ada@example.com",
        "Welcome to hexa-monolith, Ada <Lovelace>",
    )
    assert "log in with ada@example.com" in text_of(welcome)
    html = welcome.get_body(preferencelist=("html",))
    assert html is not None
    assert "Ada &lt;Lovelace&gt;" in html.get_content()  # names are escaped in HTML


async def test_a_forgotten_password_is_reset_with_the_emailed_link_once(
    client: httpx.AsyncClient, mail_server: MailServer
) -> None:
    await register(client, "ada@example.com")
    await arrived(mail_server, 1)
    form = {"username": "ada@example.com", "password": PASSWORD}
    stolen = (await client.post("/api/v1/auth/token", data=form)).json()["refresh_token"]

    asked = await client.post("/api/v1/auth/password-reset", json={"email": "ADA@example.com"})
    unknown = await client.post("/api/v1/auth/password-reset", json={"email": "no@example.com"})
    reset = (await arrived(mail_server, 2))[1]
    [link] = re.findall(r"https://app\.example\.com/reset-password\?\S+", text_of(reset))
    [token] = parse_qs(urlsplit(link).query)["token"]
    body = {"token": token, "new_password": NEW_PASSWORD}
    confirmed = await client.post("/api/v1/auth/password-reset/confirm", json=body)
    again = await client.post("/api/v1/auth/password-reset/confirm", json=body)

    assert (
        (asked.status_code, asked.content) == (unknown.status_code, unknown.content) == (202, b"")
    )
    assert reset["Subject"] == "Reset your hexa-monolith password"
    assert confirmed.status_code == 204
    assert_problem(again, 400)
    assert (await log_in(client, NEW_PASSWORD), await log_in(client, PASSWORD)) == (200, 401)
    refreshed = await client.post("/api/v1/auth/refresh", json={"refresh_token": stolen})
    assert_problem(refreshed, 401)  # the reset ended the sessions begun before it
    notice = (await arrived(mail_server, 3))[2]
    assert notice["Subject"] == "Your hexa-monolith password was changed"
    assert len(await arrived(mail_server, 4, within=0.5)) == 3  # nothing for no@example.com


@pytest.mark.parametrize("token", ["forged", "x" * 43])
async def test_a_forged_reset_token_is_a_400_and_changes_nothing(
    client: httpx.AsyncClient, token: str
) -> None:
    await register(client, "ada@example.com")

    body = {"token": token, "new_password": NEW_PASSWORD}
    response = await client.post("/api/v1/auth/password-reset/confirm", json=body)

    assert "invalid, used or expired" in str(assert_problem(response, 400)["detail"])
    assert await log_in(client, PASSWORD) == 200
