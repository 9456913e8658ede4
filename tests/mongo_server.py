"""A real MongoDB wire-protocol server for the tests, started and stopped by them.

The server is secantusdb (WiredTiger storage, in memory here), installed by `make` into
.tools/mongo-server, a virtual environment of its own: it is a test tool, never a
dependency of the app (and its GPL licence never reaches what the app ships). It
announces a single-node replica set, so sessions and transactions work as on a real
replica set. The CI integration job runs the same tests on the official `mongo` image.
"""

import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER = Path(__file__).resolve().parents[1] / ".tools" / "mongo-server" / "bin" / "secantusd-py"
_LISTENING = re.compile(r"listening on ([\d.]+):(\d+)")


@contextmanager
def running_server(log: Path, port: int = 0, timeout: float = 30) -> Iterator[str]:
    """Start the server on `port` (0: a free one); yield its address (host:port); stop it
    by its PID. Its output goes to `log`, where the port is read from its "listening on"
    line."""
    command = [
        str(SERVER),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--storage-path",
        ":memory:",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield _address(process, log, time.monotonic() + timeout)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _address(process: subprocess.Popen[bytes], log: Path, deadline: float) -> str:
    while time.monotonic() < deadline:
        found = _LISTENING.search(log.read_text(errors="replace"))
        if found:
            return f"{found[1]}:{found[2]}"
        if process.poll() is not None:
            raise RuntimeError(f"the MongoDB test server exited: {log.read_text()[-2000:]}")
        time.sleep(0.02)
    raise RuntimeError(f"the MongoDB test server did not start: {log.read_text()[-2000:]}")
