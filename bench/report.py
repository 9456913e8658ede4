"""What `make bench` prints: the machine, the settings, then a line per target."""

import json
import os
import platform
import statistics
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.load import Load

Answer = tuple[bytes, str | None]  # body and ETag of GET /api/v1/users/me
FIELDS = {"id", "email", "full_name", "role", "created_at", "updated_at"}


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    models = [
        line.split(":", 1)[1].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    cpu = f"{os.cpu_count()} CPUs" + (f" ({models[0]})" if models else "")
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    system = f"{platform.system()} {platform.release()} {platform.machine()}"
    return f"{when}, {system}, {cpu}, Python {platform.python_version()}"


def reads(results: Mapping[str, Sequence[Load]], reference: str) -> list[str]:
    """One line per target: req/s median and spread over the rounds, the median p50 and
    p99, and the median rate as a fraction of the reference's."""
    ceiling = statistics.median(load.rate for load in results[reference])
    width = max(map(len, results)) + 2
    lines = [
        f"{'target':<{width}}{'req/s':>7}{'min-max':>15}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'vs reference':>14}"
    ]
    for name, loads in results.items():
        rate = statistics.median(load.rate for load in loads)
        spread = f"{min(x.rate for x in loads):.0f}-{max(x.rate for x in loads):.0f}"
        p50 = statistics.median(load.p50_ms for load in loads)
        p99 = statistics.median(load.p99_ms for load in loads)
        errors = sum(load.errors for load in loads)
        note = f"  ({errors} socket errors)" if errors else ""
        lines.append(
            f"{name:<{width}}{rate:7.0f}{spread:>15}{p50:9.1f}{p99:9.1f}"
            f"{rate / ceiling:14.2f}{note}"
        )
    return lines


def cold_starts(seconds: Mapping[str, Sequence[float]], yardstick: str) -> list[str]:
    """Each target's median launch time, and its ratio to the yardstick's."""
    base = statistics.median(seconds[yardstick])
    return [
        f"  {name}: {statistics.median(runs):.2f} s median "
        f"({min(runs):.2f}-{max(runs):.2f} s over {len(runs)} launches), "
        f"{statistics.median(runs) / base:.2f}x the yardstick"
        for name, runs in seconds.items()
    ]


def answers(answered: Mapping[str, Answer], reference: str, same_data: set[str]) -> str:
    """Whether each target answered like the reference: the same fields and an ETag,
    and on the reference's database the same bytes."""
    expected = answered[reference]
    wrong = []
    for name, (body, tag) in answered.items():
        if set(json.loads(body)) != FIELDS or tag is None:
            wrong.append(f"{name} sends {sorted(json.loads(body))}, ETag {tag}")
        elif name in same_data and (body, tag) != expected:
            wrong.append(f"{name} sends {body!r} {tag}, the reference {expected!r}")
    if wrong:
        return "answers DIFFER from the reference's: " + "; ".join(wrong)
    return "answers: every target sends the same fields and ETag (same bytes on PostgreSQL)"
