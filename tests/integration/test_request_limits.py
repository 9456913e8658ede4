"""What one client may send: bodies, heads and URLs are bounded, and slow clients are cut
off, each with a problem document and a closed connection. Against the app served by
uvicorn with the project's HTTP protocol (app.infra.server), in a thread of this process,
over raw sockets that send exactly what an attacker would; `python -m app serve`, as the
container runs it, is checked to use that protocol. The body limit also holds in-process
without a server at all. Memory and latency under attack: `make bench-abuse`.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from app.infra.server import HeadLimits, LimitedHttpToolsProtocol
from app.main import create_app
from tests.backends import TEST_SECRET, Backend
from tests.integration.conftest import PASSWORD, AppClient, assert_problem
from tests.processes import free_port, server_process

BODY_LIMITS = {"max_body_bytes": 4096, "body_timeout_seconds": 1}
HEAD_LIMITS = HeadLimits(max_head_bytes=4096, max_url_bytes=1024, timeout_seconds=1)
SIGN_UP = {"email": "ada@example.com", "password": PASSWORD, "full_name": "Ada Lovelace"}


@pytest.fixture
def server(sqlite: Backend) -> Iterator[tuple[str, int]]:
    """The app on SQLite, served by uvicorn with the bounded protocol in a thread."""
    app = create_app(sqlite.settings(events_relay=False, **BODY_LIMITS), database=sqlite.open())
    LimitedHttpToolsProtocol.limits = HEAD_LIMITS
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, http=LimitedHttpToolsProtocol, log_config=None
    )
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)  # no signal handlers there
    thread.start()
    try:
        for _ in range(100):
            if served.started:
                break
            time.sleep(0.05)
        yield "127.0.0.1", port
    finally:
        served.should_exit = True
        thread.join(10)
        LimitedHttpToolsProtocol.limits = None


def exchange(address: tuple[str, int], parts: Iterable[bytes], pause: float = 0) -> bytes:
    """Send the parts (stopping when the server closes), then read until it closes."""
    with socket.create_connection(address, timeout=5) as connection:
        try:
            for part in parts:
                connection.sendall(part)
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    return received


def problem_in(response: bytes, status: int) -> dict[str, object]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0].startswith(f"HTTP/1.1 {status} "), response[:300]
    headers = {name.lower(): value for name, _, value in (h.partition(": ") for h in lines[1:])}
    assert headers["content-type"] == "application/problem+json"
    assert headers["connection"] == "close"
    problem: dict[str, object] = json.loads(body)
    assert problem["status"] == status
    return problem


def head(method: str, path: str, *headers: str) -> bytes:
    return "\r\n".join([f"{method} {path} HTTP/1.1", "Host: test", *headers, "", ""]).encode()


def test_a_body_within_the_limit_is_served(server: tuple[str, int]) -> None:
    response = httpx.post(f"http://{server[0]}:{server[1]}/api/v1/users", json=SIGN_UP)

    assert response.status_code == 201


def test_a_body_announced_over_the_limit_is_refused_before_it_is_sent(
    server: tuple[str, int],
) -> None:
    announced = head(
        "POST", "/api/v1/users", "Content-Type: application/json", "Content-Length: 104857600"
    )

    problem = problem_in(exchange(server, [announced]), 413)

    assert "4096 bytes" in str(problem["detail"])


def test_a_chunked_body_is_refused_once_it_passes_the_limit(server: tuple[str, int]) -> None:
    chunked = head(
        "POST", "/api/v1/users", "Content-Type: application/json", "Transfer-Encoding: chunked"
    )
    chunk = b"400\r\n" + b" " * 1024 + b"\r\n"  # 1 KiB each; the body never ends

    problem_in(exchange(server, [chunked, *[chunk] * 8]), 413)


def test_headers_over_the_limit_get_431(server: tuple[str, int]) -> None:
    padding = [f"X-Pad-{n}: {'a' * 100}" for n in range(60)]  # 6 KB of headers

    problem_in(exchange(server, [head("GET", "/health/live", *padding)]), 431)


def test_one_endless_header_line_gets_431(server: tuple[str, int]) -> None:
    start = b"GET /health/live HTTP/1.1\r\nX-Pad: "

    problem_in(exchange(server, [start, *[b"a" * 1024] * 10]), 431)


def test_a_url_over_the_limit_gets_414(server: tuple[str, int]) -> None:
    problem_in(exchange(server, [head("GET", "/health/live?q=" + "a" * 2000)]), 414)


def test_a_head_that_stops_half_way_is_cut_off_with_408(server: tuple[str, int]) -> None:
    started = time.monotonic()

    response = exchange(server, [b"GET /health/live HTTP/1.1\r\nHost: test\r\n"])

    problem_in(response, 408)
    assert 0.9 < time.monotonic() - started < 4


def test_a_connection_that_sends_nothing_is_closed(server: tuple[str, int]) -> None:
    started = time.monotonic()

    assert exchange(server, []) == b""
    assert time.monotonic() - started < 4


def test_a_body_that_stops_half_way_is_cut_off_with_408(server: tuple[str, int]) -> None:
    announced = head(
        "POST", "/api/v1/users", "Content-Type: application/json", "Content-Length: 100"
    )
    started = time.monotonic()

    response = exchange(server, [announced, b'{"email": '])

    problem_in(response, 408)
    assert 0.9 < time.monotonic() - started < 4


def test_what_is_not_http_gets_a_400_problem(server: tuple[str, int]) -> None:
    problem = problem_in(
        exchange(server, [b"GET /health/live HTTP/1.1\r\nContent-Length: x\r\n\r\n"]), 400
    )

    assert problem["title"] == "Bad Request"


def test_python_m_app_serve_runs_the_bounded_protocol(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
        "JWT_SECRET": TEST_SECRET,
        "EVENTS_RELAY": "false",
        "LOG_LEVEL": "WARNING",
        "MAX_HEAD_BYTES": "2048",
    }
    migrate = [sys.executable, "-m", "app", "migrate"]
    subprocess.run(migrate, env={**os.environ, **env}, check=True, capture_output=True)
    with server_process(env, tmp_path / "server.log") as base:
        address = ("127.0.0.1", int(base.rpartition(":")[2]))
        padding = [f"X-Pad-{n}: {'a' * 100}" for n in range(30)]  # 3 KB of headers

        problem = problem_in(exchange(address, [head("GET", "/health/live", *padding)]), 431)

    assert "2048 bytes" in str(problem["detail"])


def test_the_server_keeps_serving_after_refusing(server: tuple[str, int]) -> None:
    exchange(server, [head("GET", "/health/live?q=" + "a" * 2000)])

    assert httpx.get(f"http://{server[0]}:{server[1]}/health/live").status_code == 200


# In-process: the body limit is the app's, whatever server runs it.


async def test_the_app_refuses_an_announced_body_over_the_limit(app_client: AppClient) -> None:
    async with app_client(max_body_bytes=2048) as client:
        response = await client.post("/api/v1/users", content=b"{}" + b" " * 4096)

    assert_problem(response, 413)
    assert response.headers["connection"] == "close"


async def test_the_app_refuses_a_streamed_body_as_it_passes_the_limit(
    app_client: AppClient,
) -> None:
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        while sent < 1_000_000:
            sent += 1024
            yield b" " * 1024

    async with app_client(max_body_bytes=2048) as client:
        response = await client.post(
            "/api/v1/users", content=endless(), headers={"Content-Type": "application/json"}
        )

    assert_problem(response, 413)
    assert sent < 10_000  # it stopped reading


async def test_a_response_to_an_unread_body_closes_the_connection(app_client: AppClient) -> None:
    async with app_client() as client:
        response = await client.request("GET", "/health/live", content=b"x" * 100)

    assert response.status_code == 200
    assert response.headers["connection"] == "close"
