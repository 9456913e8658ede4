"""`make bench-abuse` at a tiny scale: every attack runs against a served app, and its
figures are printed. What the server answers is not judged here, only the harness."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--body-mb", "1", "--header-mb", "1", "--slow-clients", "5", "--slow-checks", "0.5,1"]
TINY += ["--min-seconds", "0"]  # one round of each
ONLY = ["--only", "body", "--only", "headers", "--only", "slow"]  # not PostgreSQL's: ~2 min
SCENARIOS = ["body, Content-Length", "body, chunked", "headers", "slow clients"]
ANSWER = r"(\d{3} [^,]*|closed|reset|stalled)"


def test_a_tiny_run_prints_memory_latency_and_outcome_of_every_attack() -> None:
    command = [sys.executable, "-m", "bench.abuse", *ONLY, *TINY]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("  server memory: ") == done.stdout.count("  prober: ") == 4
    table = done.stdout[done.stdout.index("\nscenario ") :].strip().splitlines()[1:]
    rows = {line[:22].strip(): line[22:].split(maxsplit=8) for line in table}
    assert list(rows) == SCENARIOS
    for *figures, _ in rows.values():
        before, peak, hwm, probes = (int(figure) for figure in figures[:4])
        p50, p99, most = (float(figure) for figure in figures[4:7])
        # The kernel's high-water mark bounds every sample; the prober got answers.
        assert 0 < before <= hwm
        assert 0 < peak <= hwm
        assert probes >= 1
        assert 0 < p50 <= p99 <= most
        assert int(figures[7]) <= probes
    for body in SCENARIOS[:2]:
        assert re.fullmatch(rf"{ANSWER} after [\d.]+ s", rows[body][-1])
    answers = re.findall(rf"(\d+) x {ANSWER} in [\d.-]+ s", rows["headers"][-1])
    assert sum(int(count) for count, _ in answers) == 10
    closed = re.fullmatch(r"closed (\d+)/(\d+)", rows["slow clients"][-1])
    assert closed is not None
    assert 0 <= int(closed[1]) <= int(closed[2]) <= 5
