"""The servers under test: each on a free port of its own, its output in a log file,
stopped (and its workers with it) when the block it runs in ends, Ctrl-C included."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.infra.config import Settings

HEALTH = "/health/live"
APP = (sys.executable, "-m", "app", "serve")  # what the container runs: one uvicorn worker


@dataclass(frozen=True, slots=True)
class Target:
    """A server to load. "{port}" in its command or environment becomes its port."""

    name: str
    command: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    database_url: str = ""  # where its users live; the token of that database serves it
    logs_in: bool = False  # serves POST /api/v1/auth/token


def production(name: str, url: str, secret: str, command: tuple[str, ...] = APP) -> Target:
    """The app as the container runs it: APP_ENV=production (JSON logs, access log on at
    INFO: the defaults), a strong JWT_SECRET, an SMTP_HOST (required; nothing is emailed
    on a read). No other setting is given."""
    env = {
        "APP_ENV": "production",
        "LOG_JSON": "true",
        "JWT_SECRET": secret,
        "SMTP_HOST": "smtp.invalid",
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "PORT": "{port}",
    }
    return Target(name, command, env, url, logs_in=True)


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    pid: int
    started_in: float  # seconds from launch to the first 200 on HEALTH


def environment(extra: Mapping[str, str]) -> dict[str, str]:
    """This process's environment less every setting of the app, plus `extra`: a
    LOG_LEVEL or ACCESS_LOG exported in the caller's shell cannot tune what is measured."""
    settings = {name.upper() for name in Settings.model_fields}
    return {k: v for k, v in os.environ.items() if k not in settings} | dict(extra)


@contextmanager
def running(target: Target, folder: Path) -> Iterator[Server]:
    """Start the target in `folder` (no `.env` there), wait for its first 200, yield it."""
    port = str(_free_port())
    command = [part.replace("{port}", port) for part in target.command]
    env = environment({k: v.replace("{port}", port) for k, v in target.env.items()})
    log = log_file(folder, target)
    with log.open("ab") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=folder, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(process, url + HEALTH, log)
        yield Server(url, process.pid, time.perf_counter() - start)
    finally:
        _stop(process)


def log_file(folder: Path, target: Target) -> Path:
    """Where the target's output goes (appended to, launch after launch)."""
    return folder / f"{target.name.replace(',', '').replace(' ', '-')}.log"


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text()[-3000:]
            raise RuntimeError(f"the server exited ({process.returncode}): {url}; log:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.005)
    raise RuntimeError(f"{url} did not answer within 60 s; log: {log}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()  # uvicorn stops its workers, then itself
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
