"""The benchmark's reading of wrk and its report: fast, offline (no wrk, no server)."""

import json

import pytest
from bench.load import Load, read
from bench.report import Answer, answers, reads

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:41234/api/v1/users/me
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    13.07ms    2.01ms  41.35ms   90.12%
    Req/Sec     2.46k   120.33     2.61k    85.00%
  Latency Distribution
     50%  812.00us
     75%   13.40ms
     90%   14.62ms
     99%    1.20s
  24523 requests in 10.01s, 7.81MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
Requests/sec:   2449.95
Transfer/sec:    799.02KB
"""
BODY = {"id": "1", "email": "a@b.c", "full_name": "A", "role": "user"}
BODY |= {"created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}


def test_wrk_output_is_read_in_milliseconds_whatever_its_units() -> None:
    assert read(WRK_OUTPUT) == Load(rate=2449.95, p50_ms=0.812, p99_ms=1200.0, errors=5)


def test_a_run_with_error_answers_is_refused() -> None:
    with pytest.raises(RuntimeError, match="Non-2xx"):
        read(WRK_OUTPUT + "  Non-2xx or 3xx responses: 7\n")


def test_each_target_is_reported_as_a_fraction_of_the_reference() -> None:
    results = {
        "reference": [Load(1000, 10, 20, 0), Load(900, 11, 21, 0), Load(1100, 9, 19, 0)],
        "app": [Load(800, 12, 30, 0), Load(700, 13, 31, 0), Load(850, 12, 29, 4)],
    }
    header, reference, app = reads(results, "reference")
    assert header.split()[:2] == ["target", "req/s"]
    assert reference.split() == ["reference", "1000", "900-1100", "10.0", "20.0", "1.00"]
    assert app.split() == [
        "app",
        "800",
        "700-850",
        "12.0",
        "30.0",
        "0.80",
        "(4",
        "socket",
        "errors)",
    ]


def test_an_answer_unlike_the_reference_is_named() -> None:
    same = json.dumps(BODY).encode()
    other = json.dumps(BODY | {"id": "2"}).encode()
    given: dict[str, Answer] = {"reference": (same, '"1"'), "app": (same, '"1"')}
    given["sqlite"] = (other, '"1"')
    assert answers(given, "reference", {"reference", "app"}).startswith("answers: every")
    given["app"] = (other, '"1"')
    assert "app sends" in answers(given, "reference", {"reference", "app"})
    given["app"] = (same, None)
    assert "ETag None" in answers(given, "reference", {"reference", "app"})
