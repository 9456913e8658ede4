"""One access line per request, as ACCESS_LOG says, however the server is started."""

import json
import sys
from pathlib import Path

import httpx
import pytest

from app.main import create_app
from tests.backends import TEST_SECRET, make_settings
from tests.integration.conftest import serving
from tests.processes import SERVE, server_process


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


@pytest.mark.parametrize(
    ("server", "access_log"), [("serve", "false"), ("uvicorn", "false"), ("uvicorn", "true")]
)
def test_the_setting_holds_under_both_ways_of_starting_the_server(
    server: str, access_log: str, tmp_path: Path
) -> None:
    command = {
        "serve": SERVE,
        "uvicorn": (
            *(sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app"),
            *("--port", "{port}"),
        ),
    }[server]
    env = {
        "DATABASE_URL": "memory://",
        "JWT_SECRET": TEST_SECRET,
        "ACCESS_LOG": access_log,
        "LOG_JSON": "true",
    }
    output = tmp_path / "out.log"
    with server_process(env, output, command) as base:
        assert httpx.get(f"{base}/health/ready", timeout=1).status_code == 200

    logged = output.read_text()
    assert logged.count('"path": "/health/ready"') == (1 if access_log == "true" else 0), logged
    assert "GET /health/ready HTTP/1.1" not in logged  # never uvicorn's own line
