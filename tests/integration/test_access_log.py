"""One access line per request, as ACCESS_LOG says, however the server is started."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from app.main import create_app
from tests.backends import TEST_SECRET, make_settings
from tests.integration.conftest import serving


async def test_each_request_is_one_json_line_without_its_query_string(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = create_app(make_settings("memory://", access_log=True, log_json=True))
    async with serving(app) as client:
        capsys.readouterr()
        await client.get("/health/live?token=secret-in-a-query")
        await client.get("/no/such/page")

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(e["method"], e["path"], e["status"]) for e in lines] == [
        ("GET", "/health/live", 200),
        ("GET", "/no/such/page", 404),
    ]
    assert all(e["event"] == "request" and e["duration_ms"] >= 0 for e in lines)
    assert "secret-in-a-query" not in str(lines)


async def test_access_log_false_writes_no_access_line(capsys: pytest.CaptureFixture[str]) -> None:
    app = create_app(make_settings("memory://", access_log=False))
    async with serving(app) as client:
        await client.get("/health/live")

    assert "/health/live" not in capsys.readouterr().out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("server", "access_log"), [("serve", "false"), ("uvicorn", "false"), ("uvicorn", "true")]
)
def test_the_setting_holds_under_both_ways_of_starting_the_server(
    server: str, access_log: str, tmp_path: Path
) -> None:
    port = free_port()
    command = {
        "serve": [sys.executable, "-m", "app", "serve"],
        "uvicorn": [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "app.main:create_app",
            "--port",
            str(port),
        ],
    }[server]
    env = {
        **os.environ,
        "DATABASE_URL": "memory://",
        "JWT_SECRET": TEST_SECRET,
        "PORT": str(port),
        "ACCESS_LOG": access_log,
        "LOG_JSON": "true",
    }
    output = tmp_path / "out.log"
    with output.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path
        )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=1)
    finally:
        process.terminate()
        process.wait(20)

    logged = output.read_text()
    assert logged.count('"path": "/health/ready"') == (1 if access_log == "true" else 0), logged
    assert "GET /health/ready HTTP/1.1" not in logged  # never uvicorn's own line
