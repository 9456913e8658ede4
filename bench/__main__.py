"""`make bench`: the authenticated read of one user through every layer of the app, on
PostgreSQL, SQLite and MongoDB, against the hand-tuned reference (bench/reference.py)
and the AsyncSession yardstick (bench/baseline.py); then log-in throughput and cold start.
See docs/performance.md for how to read it.

Each target runs alone on one uvicorn worker (the app on PostgreSQL also with two), in
interleaved rounds, so that noise on a shared machine falls on every target alike. It
prints figures and asserts nothing. Needs wrk and PostgreSQL (BENCH_POSTGRES_URL); the
MongoDB test server comes from `make test-servers`.

    .venv/bin/python -m bench [--rounds 3] [--duration 10s] [--connections 32]
"""

import argparse
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench import report, runs, stores
from bench.servers import APP, Target, production

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
UVICORN = (PYTHON, "-m", "uvicorn", "--app-dir", str(ROOT), "--host", "127.0.0.1")
TWO_WORKERS = (*UVICORN, "--port", "{port}", "--workers", "2", "--factory")


def targets(postgres: str, sqlite: str, mongo: str, secret: str) -> list[Target]:
    """Those that log in first: the others borrow the token of their database."""

    def app(name: str, url: str, command: tuple[str, ...] = APP) -> Target:
        return production(name, url, secret, command)

    plain = {"DATABASE_URL": postgres, "JWT_SECRET": secret}
    reference = (*UVICORN, "--port", "{port}", "--no-access-log", "bench.reference:app")
    baseline = (*UVICORN, "--port", "{port}", "bench.baseline:app")  # uvicorn's defaults
    return [
        app("app, PostgreSQL", postgres),
        Target("reference, raw asyncpg", reference, plain, postgres),
        Target("baseline, AsyncSession", baseline, plain, postgres),
        app("app, SQLite", sqlite),
        app("app, MongoDB", mongo),
        app("app, PostgreSQL, 2 workers", postgres, (*TWO_WORKERS, "app.main:create_app")),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", default="10s", help="of each measured wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--users", type=int, default=1000, help="seeded in each database")
    parser.add_argument("--cold-starts", type=int, default=5)
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk (or brew install wrk)", file=sys.stderr)
        return 2

    def benchmark() -> int:
        with ExitStack() as stack:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
            postgres = stack.enter_context(stores.postgres_database())
            mongo = stack.enter_context(stores.mongo_database(folder))
            sqlite = stores.sqlite_database(folder)
            return run(args, folder, targets(postgres, sqlite, mongo, runs.SECRET))

    return runs.guarded(benchmark)


def run(args: argparse.Namespace, folder: Path, chosen: list[Target]) -> int:
    print(f"Preparing: bytecode, {args.users} users in each database ...", flush=True)
    runs.compile_bytecode(ROOT)
    hashed = stores.password_hash()
    for url in dict.fromkeys(target.database_url for target in chosen):
        stores.migrate(url, folder)
        stores.seed(url, args.users, hashed)
    app, reference, baseline = chosen[0], chosen[1], chosen[2]
    shipped = runs.runtime_python(ROOT, folder)
    cold = runs.cold_starts([app, reference, baseline], folder, args.cold_starts, shipped)
    session = runs.Session(folder, args.connections, args.duration, user=args.users // 2)
    results = session.rounds(chosen, args.rounds)
    login = session.log_in(app)
    print()
    print(f"hexa-monolith `make bench`, {report.machine()}")
    print(
        f"GET /api/v1/users/me with a bearer token, wrk -t1 -c{args.connections} "
        f"-d{args.duration}, {args.rounds} interleaved rounds, {args.users} users per database"
    )
    print(
        "app: APP_ENV=production, LOG_JSON=true, access log on at INFO (the defaults), "
        "metrics on; reference: no access log, no metrics; baseline: uvicorn's defaults"
    )
    for line in report.reads(results, reference.name):
        print(line)
    same = {target.name for target in chosen if target.database_url == reference.database_url}
    print(report.answers(session.answers, reference.name, same))
    wall, cpu = stores.verify_seconds(hashed)
    print(
        f"log-in (POST /api/v1/auth/token), {app.name}, "
        f"wrk -t1 -c{runs.LOGIN_CONNECTIONS} -d{args.duration}: "
        f"{login.rate:.1f} req/s, p50 {login.p50_ms:.0f} ms, p99 {login.p99_ms:.0f} ms"
    )
    print(
        f"  password hashing dominates it: one Argon2id verify at the production cost takes "
        f"{wall * 1000:.0f} ms, {cpu * 1000:.0f} ms of CPU (its lanes run in threads); "
        f"{os.cpu_count()} CPUs verify at most {(os.cpu_count() or 1) / cpu:.1f} per second"
    )
    print(
        "cold start (launch to the first 200 on /health/live, bytecode compiled, "
        "the runtime dependencies only, as the image has them):"
    )
    for line in report.cold_starts(cold, baseline.name):
        print(line)
    print(f"access log line, e.g.: {runs.access_log_line(folder, app)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
