"""Load with wrk, and read what it measured."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_LOGIN_SCRIPT = """\
wrk.method = "POST"
wrk.body = os.getenv("BENCH_LOGIN_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


@dataclass(frozen=True, slots=True)
class Load:
    """One wrk run: requests per second, latency percentiles, socket errors."""

    rate: float
    p50_ms: float
    p99_ms: float
    errors: int


def wrk(
    url: str,
    *,
    connections: int,
    duration: str,
    header: str | None = None,
    script: Path | None = None,
    timeout: str = "2s",
    env: dict[str, str] | None = None,
) -> Load:
    """Run wrk with one thread (the other core serves); fail on any non-2xx answer."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}", f"--timeout={timeout}"]
    command += ["--latency", *(["-H", header] if header else [])]
    command += [*(["-s", str(script)] if script else []), url]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}:\n{done.stdout}{done.stderr}")
    return read(done.stdout)


def read(out: str) -> Load:
    """What a wrk run with --latency printed; any non-2xx answer makes it an error."""
    if "Non-2xx" in out:
        raise RuntimeError(f"the target answered errors under load:\n{out}")
    socket_errors = re.search(r"Socket errors: (.*)", out)
    errors = sum(map(int, re.findall(r"\d+", socket_errors[1]))) if socket_errors else 0
    return Load(_number(r"Requests/sec:\s+([\d.]+)", out), _ms("50", out), _ms("99", out), errors)


def login_script(folder: Path) -> Path:
    """A wrk script that posts the log-in form in BENCH_LOGIN_BODY."""
    script = folder / "login.lua"
    script.write_text(_LOGIN_SCRIPT)
    return script


def _number(pattern: str, out: str) -> float:
    found = re.search(pattern, out)
    if found is None:
        raise RuntimeError(f"cannot read {pattern!r} in wrk's output:\n{out}")
    return float(found[1])


def _ms(percentile: str, out: str) -> float:
    found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\b", out, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no {percentile}th percentile in wrk's output:\n{out}")
    return float(found[1]) * _UNITS[found[2]]
