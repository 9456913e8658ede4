"""The runs: cold starts, interleaved rounds of reads, log-in throughput."""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import sysconfig
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlencode

from bench import stores
from bench.load import Load, login_script, wrk
from bench.report import Answer
from bench.servers import Target, log_file, running
from bench.stores import PASSWORD, email

SECRET = secrets.token_urlsafe(48)
ME = "/api/v1/users/me"
TOKEN = "/api/v1/auth/token"  # noqa: S105  # a path
WARM_UP = "2s"  # fills the connection pool and the statement caches
LOGIN_CONNECTIONS = 4  # twice PASSWORD_HASH_CONCURRENCY: the hashing slots stay busy


def compile_bytecode(root: Path) -> None:
    """Compile every module the servers import, as an image built with bytecode has."""
    folders = [sysconfig.get_paths()["purelib"], str(root / "src"), str(root / "bench")]
    # Some packages ship files that do not compile (templates, test data): no matter.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j0", *folders], check=False,
                   capture_output=True)  # fmt: skip


def runtime_python(root: Path, folder: Path) -> str:
    """The Python of an environment with what the image ships: the project and its
    runtime dependencies from uv.lock, no test or lint tools (some of those, like rich,
    change what the app's own imports load), bytecode compiled."""
    venv = folder / "runtime"
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)}
    subprocess.run([uv, "sync", "--locked", "--no-dev", "--quiet"], cwd=root, env=env, check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "compileall", "-q", "-j0", str(venv), str(root / "bench")],
                   check=False, capture_output=True)  # fmt: skip
    return python


def cold_starts(
    targets: list[Target], folder: Path, launches: int, python: str
) -> dict[str, list[float]]:
    """Seconds from launch to the first 200 of each target, launched in turn with
    `python` (the shipped environment's)."""
    seconds: dict[str, list[float]] = defaultdict(list)
    shipped = [
        replace(t, command=tuple(python if part == sys.executable else part for part in t.command))
        for t in targets
    ]
    for _ in range(launches):
        for target in shipped:
            with running(target, folder) as server:
                seconds[target.name].append(server.started_in)
    return seconds


def access_log_line(folder: Path, target: Target) -> str:
    """A line of the target's access log, to show that it was written, and how."""
    with log_file(folder, target).open() as log:
        return next((line.strip() for line in log if ME in line), "none found")


class Session:
    """Loads the targets on the caller's own user, one token per database."""

    def __init__(self, folder: Path, connections: int, duration: str, user: int) -> None:
        self.folder = folder
        self.connections = connections
        self.duration = duration
        self.form = urlencode({"username": email(user), "password": PASSWORD})
        self.tokens: dict[str, str] = {}
        self.answers: dict[str, Answer] = {}

    def rounds(self, targets: list[Target], count: int) -> dict[str, list[Load]]:
        results: dict[str, list[Load]] = {target.name: [] for target in targets}
        for number in range(1, count + 1):
            for target in targets:
                print(f"round {number}/{count}: {target.name}", flush=True)
                results[target.name].append(self.read(target))
        return results

    def read(self, target: Target) -> Load:
        """Start the target, warm it up, then load it for the measured run."""
        with running(target, self.folder) as server:
            if target.logs_in and target.database_url not in self.tokens:
                self.tokens[target.database_url] = self._token(server.url)
            bearer = f"Authorization: Bearer {self.tokens[target.database_url]}"
            self.answers.setdefault(target.name, _get(server.url + ME, bearer))
            wrk(server.url + ME, connections=self.connections, duration=WARM_UP, header=bearer)
            return wrk(
                server.url + ME, connections=self.connections, duration=self.duration,
                header=bearer,
            )  # fmt: skip

    def log_in(self, target: Target) -> Load:
        """Log-in throughput: Argon2id verification (in threads) dominates it."""
        script = login_script(self.folder)
        env = os.environ | {"BENCH_LOGIN_BODY": self.form}
        with running(target, self.folder) as server:
            self._token(server.url)  # warm-up
            return wrk(
                server.url + TOKEN, connections=LOGIN_CONNECTIONS, duration=self.duration,
                script=script, timeout="10s", env=env,
            )  # fmt: skip

    def _token(self, url: str) -> str:
        request = urllib.request.Request(  # noqa: S310 (loopback)
            url + TOKEN,
            data=self.form.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            token: str = json.load(response)["access_token"]
            return token


def _get(url: str, bearer: str) -> Answer:
    name, _, value = bearer.partition(": ")
    request = urllib.request.Request(url, headers={name: value})  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        body: bytes = response.read()
        return body, response.headers.get("ETag")


def guarded(benchmark: Callable[[], int]) -> int:
    """Run a benchmark to its end or its interruption: Ctrl-C and SIGTERM end it through
    the `finally`s that stop every server and drop every database, even when this
    process was started with SIGINT ignored; a store that cannot be had is one line."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        return benchmark()
    except stores.MissingError as exc:
        print(f"Cannot benchmark: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted; every server is stopped.", file=sys.stderr)
        return 130


def _exit_on_sigterm(signum: int, _frame: object) -> NoReturn:
    sys.exit(128 + signum)
