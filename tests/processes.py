"""The service as an operator runs it: `python -m app serve` in a process of its own."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

SERVE = (sys.executable, "-m", "app", "serve")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server_process(
    env: Mapping[str, str], log: Path, command: Sequence[str] = SERVE
) -> Iterator[str]:
    """Start the server with `env` (added to this environment; PORT is chosen here), wait
    until it is live, and yield its base URL; its output goes to `log`. Stopped on exit
    with SIGTERM, as Kubernetes does."""
    port = env.get("PORT") or str(free_port())
    full_env = {**os.environ, **env, "PORT": port}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [arg.replace("{port}", port) for arg in command],
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=log.parent,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {log.read_text()}")
            try:
                httpx.get(f"{base}/health/live", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the server did not start: {log.read_text()}")
        yield base
    finally:
        process.terminate()
        process.wait(20)
