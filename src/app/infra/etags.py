"""Optimistic concurrency over HTTP: a versioned resource's ETag, and If-Match.

A route that changes such a resource takes `version: ExpectedVersion`: the version the
client read. Without If-Match the answer is 428, so no client overwrites a change it
has not seen; a version the store no longer holds is the route's 412.
"""

from typing import Annotated

from fastapi import Depends, Request

from app.infra.problems import ProblemError
from app.infra.routes import answers, requires_header


def etag(version: int) -> str:
    return f'"{version}"'


@answers(428)
@requires_header("If-Match", "The ETag of the version you read (428 without it).")
async def expected_version(request: Request) -> int:
    """The version If-Match names; -1 (matches nothing) when it names none of ours."""
    if_match = request.headers.get("if-match")
    if if_match is None or if_match.strip() in {"", "*"}:
        raise ProblemError(428, "Send If-Match with the ETag you read, so no update is lost.")
    tag = if_match.strip()
    digits = tag[1:-1] if len(tag) > 2 and tag[0] == tag[-1] == '"' else ""
    return int(digits) if digits.isdigit() and len(digits) < 10 else -1


ExpectedVersion = Annotated[int, Depends(expected_version)]
