"""Benchmark: an authenticated read of one user, through the hexagon vs the yardstick.

Starts PostgreSQL-backed servers one at a time (one uvicorn worker each, no access log),
loads each with wrk on GET of the caller's own user, and prints requests per second and
latency; then the cold start (launch to first 200) of each. It prints figures and asserts
nothing: compare them across commits.

    make bench            # or: .venv/bin/nox -s bench
Needs wrk (apt-get install wrk) and PostgreSQL at BENCH_POSTGRES_URL (default: local).
"""

import asyncio
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SECRET = secrets.token_urlsafe(48)
DURATION, CONNECTIONS, ROUNDS = os.environ.get("BENCH_DURATION", "10s"), 32, 2


def server(command: list[str], port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_up(url: str, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def request(url: str, data: bytes, content_type: str) -> dict[str, str]:
    req = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})  # noqa: S310
    with urllib.request.urlopen(req, timeout=10) as response:  # noqa: S310 (loopback)
        loaded: dict[str, str] = json.load(response)
    return loaded


def wrk(url: str, token: str) -> tuple[float, str, str]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "--latency",
            "-H",
            f"Authorization: Bearer {token}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"errors under load:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1)  # type: ignore[union-attr]
    return rate, p50, p99


async def sql(url: str, statement: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk (or brew install wrk)", file=sys.stderr)
        return 2
    name = f"hexa_bench_{secrets.token_hex(4)}"
    asyncio.run(sql(ADMIN_URL, f'CREATE DATABASE "{name}"'))
    database_url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    database_url += f"/{name}"
    env = {
        "DATABASE_URL": database_url,
        "JWT_SECRET": SECRET,
        "APP_ENV": "production",
        "LOG_LEVEL": "WARNING",
        "ACCESS_LOG": "false",
        "SENTRY_DSN": "",
    }
    python = sys.executable
    ours = ([python, "-m", "app", "serve"], 8301, "/health/live", "/api/v1/users/me")
    yardstick = (
        [
            python,
            "-m",
            "uvicorn",
            "bench.baseline:app",
            "--port",
            "8302",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        8302,
        "/health",
        "/me",
    )
    try:
        subprocess.run(
            [python, "-m", "app", "migrate"],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
        results: dict[str, list[tuple[float, str, str]]] = {"hexagon": [], "yardstick": []}
        cold: dict[str, list[float]] = {"hexagon": [], "yardstick": []}
        token = ""
        for _ in range(ROUNDS):
            for label, (command, port, health, path) in (
                ("hexagon", ours),
                ("yardstick", yardstick),
            ):
                proc = server(command, port, env)
                try:
                    cold[label].append(wait_until_up(f"http://127.0.0.1:{port}{health}"))
                    if not token:
                        body = {
                            "email": "bench@example.com",
                            "password": "x" * 16,
                            "full_name": "B",
                        }
                        request(
                            f"http://127.0.0.1:{port}/api/v1/users",
                            json.dumps(body).encode(),
                            "application/json",
                        )
                        token = request(
                            f"http://127.0.0.1:{port}/api/v1/auth/token",
                            b"username=bench%40example.com&password=" + b"x" * 16,
                            "application/x-www-form-urlencoded",
                        )["access_token"]
                    wrk(f"http://127.0.0.1:{port}{path}", token)  # warm-up: pools, caches
                    results[label].append(wrk(f"http://127.0.0.1:{port}{path}", token))
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
    finally:
        asyncio.run(sql(ADMIN_URL, f'DROP DATABASE "{name}" WITH (FORCE)'))
    print(
        f"GET own user, PostgreSQL, 1 uvicorn worker, wrk -c{CONNECTIONS} -d{DURATION}, "
        f"best of {ROUNDS} rounds"
    )
    print(f"{'':10} {'req/s':>8} {'p50':>8} {'p99':>8} {'cold start':>11}")
    for label, runs in results.items():
        rate, p50, p99 = max(runs)
        start = statistics.median(cold[label][1:] or cold[label])
        print(f"{label:10} {rate:8.0f} {p50:>8} {p99:>8} {start:10.2f}s")
    ratio = max(results["hexagon"])[0] / max(results["yardstick"])[0]
    print(f"hexagon / yardstick throughput: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
