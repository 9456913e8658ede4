"""What `make bench-abuse` watches while an attack runs: the server's resident memory,
and how a well-behaved client fares beside the attacker (the prober)."""

import http.client
import math
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Self

MIB = 1024  # /proc gives kB
PROBE = "/health/live"
PROBE_TIMEOUT = 5.0  # seconds; a probe that takes longer counts as a failure


def memory_kib(pid: int, field: str = "VmRSS") -> int:
    """`field` of /proc/<pid>/status (VmRSS: resident now; VmHWM: the peak), 0 once the
    process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (NaN of nothing)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


class _Loop:
    """Runs `step` in a thread of its own from `with` to the end of the block."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self.step()
            if self._stop.is_set():  # after a step: a loop steps at least once
                return

    def step(self) -> None:
        raise NotImplementedError


class Memory(_Loop):
    """The peak of the server's VmRSS, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__()
        self.pid = pid
        self.peak_kib = 0

    def step(self) -> None:
        self.peak_kib = max(self.peak_kib, memory_kib(self.pid))
        self._stop.wait(0.02)


class Prober(_Loop):
    """GET /health/live in a loop, one at a time on a keep-alive connection (a new one
    after a failure): the latency of each answer, and the failures."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__()
        self.host, self.port = host, port
        self.latencies_ms: list[float] = []
        self.failures = 0
        self._connection: http.client.HTTPConnection | None = None

    def step(self) -> None:
        start = time.perf_counter()
        try:
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=PROBE_TIMEOUT
                )
            self._connection.request("GET", PROBE)
            with self._connection.getresponse() as response:
                response.read()
                if response.status != 200:
                    raise http.client.HTTPException(f"answered {response.status}")
            self.latencies_ms.append((time.perf_counter() - start) * 1000)
        except (OSError, http.client.HTTPException):
            self.failures += 1
            if self._connection is not None:
                self._connection.close()
            self._connection = None
            self._stop.wait(0.1)  # a server that is down refuses at once: do not spin

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        super().__exit__(kind, exc, tb)
        if self._connection is not None:
            self._connection.close()

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.failures
