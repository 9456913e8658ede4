"""`make bench-abuse`: how the service holds up under abuse, as the container runs it
(`python -m app serve`, one uvicorn worker, production settings, on SQLite). Each
attack runs on a freshly started server, while a prober sends GET /health/live in a
loop: a 100 MiB body (announced, then chunked), ten 50 MiB request heads, 300 clients
that send half a head and wait; then the app on PostgreSQL with the network to the
database cut. It prints figures and asserts nothing. See docs/performance.md.

    .venv/bin/python -m bench.abuse [--only body|headers|slow|database] [--body-mb 100]
"""

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit

from bench import attacks, blackhole, report, runs, stores
from bench.attacks import MB, Address
from bench.runs import SECRET
from bench.servers import Target, production, running
from bench.watch import MIB, Memory, Prober, memory_kib, percentile

SCENARIOS = ("body", "headers", "slow", "database")
Attack = Callable[[Address], tuple[str, str]]  # -> what the attacker got: in full, in short


@dataclass(frozen=True, slots=True)
class Row:
    scenario: str
    before_kib: int
    peak_kib: int
    hwm_kib: int
    prober: Prober
    got: str


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.abuse", description=__doc__)
    parser.add_argument("--only", action="append", choices=SCENARIOS, help="repeatable")
    parser.add_argument("--body-mb", type=float, default=100, help="MiB of each body")
    parser.add_argument("--header-mb", type=float, default=50, help="MiB of each head")
    parser.add_argument("--header-connections", type=int, default=10)
    parser.add_argument("--slow-clients", type=int, default=300)
    parser.add_argument(
        "--min-seconds", type=float, default=5, help="repeat each attack until this long "
        "has passed, so that the prober measures under attack, not after it",
    )  # fmt: skip
    parser.add_argument(
        "--slow-checks", default="5,15,30,35", help="seconds at which to count the closed "
        "connections of the slow clients, comma-separated; the last ends the wait",
    )  # fmt: skip
    args = parser.parse_args(argv)

    def benchmark() -> int:
        with tempfile.TemporaryDirectory(prefix="bench-abuse-") as folder:
            return run(args, Path(folder), args.only or list(SCENARIOS))

    return runs.guarded(benchmark)


def run(args: argparse.Namespace, folder: Path, chosen: list[str]) -> int:
    print(f"hexa-monolith `make bench-abuse`, {report.machine()}")
    print(
        "app: python -m app serve (one uvicorn worker), APP_ENV=production, LOG_JSON=true, "
        "SQLite; a fresh server per attack, beside it a prober: GET /health/live in a loop, "
        "one at a time on a keep-alive connection, 5 s timeout (a failure)",
        flush=True,
    )
    target = production("app, SQLite", f"sqlite+aiosqlite:///{folder / 'abuse.db'}", SECRET)
    stores.migrate(target.database_url, folder, target.env)
    body, checks = int(args.body_mb * MB), [float(s) for s in args.slow_checks.split(",")]
    rows = []
    if "body" in chosen:
        rows.append(
            _attack(target, folder, args.min_seconds, "body, Content-Length", *_announced(body))
        )
        rows.append(_attack(target, folder, args.min_seconds, "body, chunked", *_chunked(body)))
    if "headers" in chosen:
        heads = _heads(args.header_connections, int(args.header_mb * MB))
        rows.append(_attack(target, folder, args.min_seconds, "headers", *heads))
    if "slow" in chosen:
        rows.append(
            _attack(
                target, folder, args.min_seconds, "slow clients", *_slow(args.slow_clients, checks)
            )
        )
    database = _database(folder) if "database" in chosen else []
    print()
    for line in _table(rows) + database:
        print(line)
    return 0


def _attack(
    target: Target, folder: Path, minimum: float, name: str, what: str, attack: Attack
) -> Row:
    print(f"\n{name}: {what}", flush=True)
    with running(target, folder) as server:
        address = (urlsplit(server.url).hostname or "", urlsplit(server.url).port or 0)
        before = memory_kib(server.pid)
        with Memory(server.pid) as memory, Prober(*address) as prober:
            started, rounds = time.monotonic(), 0
            while not rounds or time.monotonic() - started < minimum:
                got, short = attack(address)
                rounds += 1
            took = time.monotonic() - started
        hwm = memory_kib(server.pid, "VmHWM")
    row = Row(name, before, memory.peak_kib, hwm, prober, short)
    print(f"  attacker: {got} (the last of {rounds} in {took:.1f} s)")
    print(
        f"  server memory: {before / MIB:.0f} MiB before, {row.peak_kib / MIB:.0f} MiB peak "
        f"(VmRSS every 20 ms), VmHWM {hwm / MIB:.0f} MiB"
    )
    print(f"  prober: {prober.requests} requests, {_latencies(prober)}", flush=True)
    return row


def _announced(size: int) -> tuple[str, Attack]:
    def attack(address: Address) -> tuple[str, str]:
        head = [attacks.post_head(f"Content-Length: {size}")]
        return _upload(attacks.send(address, chain(head, attacks.json_body(size))), size)

    return f"POST /api/v1/users announcing {size} bytes, sent in 64 KiB chunks", attack


def _chunked(size: int) -> tuple[str, Attack]:
    def attack(address: Address) -> tuple[str, str]:
        head = [attacks.post_head("Transfer-Encoding: chunked")]
        chunks = attacks.chunked(attacks.json_body(size))
        return _upload(attacks.send(address, chain(head, chunks)), size)

    return f"POST /api/v1/users, {size} bytes in chunks of 64 KiB, no length announced", attack


def _upload(outcome: attacks.Outcome, size: int) -> tuple[str, str]:
    sent = f"{outcome.sent / MB:.1f} MiB of the {size / MB:.1f} MiB body sent (head included)"
    return (
        f"{outcome.answer} after {outcome.seconds:.2f} s; {sent}",
        f"{outcome.answer} after {outcome.seconds:.1f} s",
    )


def _heads(connections: int, size: int) -> tuple[str, Attack]:
    def attack(address: Address) -> tuple[str, str]:
        outcomes = attacks.flood(address, connections, size)
        sent = sum(o.sent for o in outcomes) / MB
        summary = attacks.summary(outcomes)
        return f"{summary}; {sent:.1f} MiB sent in all", summary

    what = f"{connections} connections at once, each a request line then {size} bytes"
    return f"{what} of header lines (X-Pad-N: 1000 x's)", attack


def _slow(clients: int, checks: list[float]) -> tuple[str, Attack]:
    def attack(address: Address) -> tuple[str, str]:
        counts = attacks.hold_open(address, clients, checks)
        closed = ", ".join(f"{n} after {s:g} s" for s, n in zip(checks, counts, strict=True))
        return f"closed by the server: {closed}", "closed " + "/".join(map(str, counts))

    at = "/".join(f"{s:g}" for s in checks)
    return f"{clients} connections send half a request head, then wait ({at} s)", attack


def _database(folder: Path) -> list[str]:
    timeout = blackhole.DEFAULT_TIMEOUT
    print(
        f"\ndatabase: the app on PostgreSQL through a proxy that forwards nothing once cut; "
        f"DB_TIMEOUT_SECONDS={timeout:g} (the default)",
        flush=True,
    )
    lines = [f"database cut (DB_TIMEOUT_SECONDS={timeout:g}, the default):"]
    for line in blackhole.run(SECRET, folder):
        print(line, flush=True)
        lines.append(line)
    return lines


def _latencies(prober: Prober) -> str:
    ms = prober.latencies_ms
    high = max(ms, default=math.nan)
    return (
        f"p50 {percentile(ms, 0.5):.1f} ms, p99 {percentile(ms, 0.99):.1f} ms, "
        f"max {high:.1f} ms, {prober.failures} failures"
    )


def _table(rows: list[Row]) -> list[str]:
    heading = "scenario                RSS MiB   peak  VmHWM  probes  p50 ms   p99 ms   max ms"
    lines = [f"{heading}  failed  attacker got"] if rows else []
    for row in rows:
        ms = row.prober.latencies_ms
        numbers = [percentile(ms, 0.5), percentile(ms, 0.99), max(ms, default=math.nan)]
        lines.append(
            f"{row.scenario:<22}{row.before_kib / MIB:>9.0f}{row.peak_kib / MIB:>7.0f}"
            f"{row.hwm_kib / MIB:>7.0f}{row.prober.requests:>8}"
            + "".join(f"{n:>9.1f}" for n in numbers)
            + f"{row.prober.failures:>8}  {row.got}"
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
