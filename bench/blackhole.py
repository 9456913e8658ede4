"""The database scenario of `make bench-abuse`: the app on PostgreSQL through a TCP
proxy (tests/tcp_proxy.py, the one the tests cut) that stops forwarding: a network
partition that nothing reports, where only the app's DB_TIMEOUT_SECONDS ends a wait."""

import json
import secrets
import statistics
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy.engine import make_url
from tests.tcp_proxy import proxy_to

from app.infra.config import Settings
from bench import stores
from bench.servers import production, running

TOKEN = "/api/v1/auth/token"  # noqa: S105  # a path
READY = "/health/ready"
REQUESTS = 10
RECOVERY = 120.0  # seconds to wait for /health/ready to be 200 again
DEFAULT_TIMEOUT: float = Settings.model_fields["db_timeout_seconds"].default


@dataclass(frozen=True, slots=True)
class Answer:
    status: int  # 0: no answer within the client's timeout
    retry_after: str | None
    ms: float


def run(secret: str, folder: Path) -> Iterator[str]:
    """Register a user, cut the proxy, time log-ins and readiness checks; restore it and
    time the return of readiness. Yields the lines to print, as they are measured."""
    with stores.postgres_database() as direct, proxy_to(*_host_port(direct)) as proxy:
        url = make_url(direct).set(host="127.0.0.1", port=proxy.port)
        target = production("app, PostgreSQL via proxy", url.render_as_string(False), secret)
        stores.migrate(direct, folder, target.env)
        with running(target, folder) as server:
            form = _register(server.url)
            log_in, ready = _call(server.url + TOKEN, form), _call(server.url + READY)
            yield f"  before the cut: log-in {_one(log_in)}, readiness {_one(ready)}"
            proxy.cut = True
            log_ins = [_call(server.url + TOKEN, form) for _ in range(REQUESTS)]
            yield f"  cut, {REQUESTS} log-ins (POST {TOKEN}): {_many(log_ins)}"
            checks = [_call(server.url + READY) for _ in range(REQUESTS)]
            yield f"  cut, {REQUESTS} readiness checks (GET {READY}): {_many(checks)}"
            proxy.cut = False
            yield f"  restored: {READY} {_recovery(server.url + READY)}"


def _register(base: str) -> bytes:
    """One user, registered over HTTP; its log-in form."""
    email, password = f"abuse-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(18)
    body = {"email": email, "password": password, "full_name": "Abuse Bench"}
    request = urllib.request.Request(  # noqa: S310 (loopback)
        base + "/api/v1/users",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30):  # noqa: S310  # 201, or it raises
        return urlencode({"username": email, "password": password}).encode()


def _call(url: str, form: bytes | None = None, timeout: float = 30) -> Answer:
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if form else {}
    request = urllib.request.Request(url, data=form, headers=headers)  # noqa: S310
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            status, retry_after = response.status, response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        status, retry_after = error.code, error.headers.get("Retry-After")
    except OSError:
        status, retry_after = 0, None
    return Answer(status, retry_after, (time.perf_counter() - start) * 1000)


def _recovery(url: str) -> str:
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < RECOVERY:
        if _call(url, timeout=10).status == 200:
            return f"200 again after {time.perf_counter() - start:.2f} s"
        time.sleep(0.1)
    return f"still not 200 after {elapsed:.0f} s"


def _one(answer: Answer) -> str:
    return f"{answer.status} in {answer.ms:.0f} ms"


def _many(answers: list[Answer]) -> str:
    statuses = Counter(str(a.status or "no answer") for a in answers).most_common()
    retry = Counter(a.retry_after or "none" for a in answers).most_common()
    ms = [a.ms for a in answers]
    return (
        f"{_times(statuses)}; Retry-After {_times(retry)}; "
        f"p50 {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms"
    )


def _times(counts: list[tuple[str, int]]) -> str:
    return ", ".join(f"{n} x {value}" for value, n in counts)


def _host_port(url: str) -> tuple[str, int]:
    parsed = make_url(url)
    return parsed.host or "127.0.0.1", parsed.port or 5432
