"""Property tests of the whole HTTP API, generated from its own OpenAPI document.

Schemathesis sends valid and invalid requests to every operation, authenticated as a
registered user, and runs every check it has on each answer: never a 5xx, a documented
status, a body and content type the document allows, valid data accepted and invalid
data refused, `Allow` on 405s. Here the store is memory://, so only the API layers are
under test; the database adapters have their own contract suite.

Some checks learn a status they do not list by default, for what a schema cannot say: a
well-formed PATCH whose If-Match names a version already replaced is refused with 412
(RFC 9110), a request without the required If-Match gets 428 (RFC 6585) rather than a
generic 4xx, and a well-formed reset token that was never issued gets 400.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from starlette.testclient import TestClient

from app.main import create_app
from tests.backends import make_settings

PASSWORD = "correct horse battery staple"


# The HTTP layers only; rate limits high enough that generated requests reach the routes
# (their 429s are tested in test_rate_limits).
GENEROUS = "100000/minute"
APP = create_app(
    make_settings(
        "memory://",
        events_relay=False,
        rate_limit_login_per_account=GENEROUS,
        rate_limit_login_per_client=GENEROUS,
        rate_limit_register_per_client=GENEROUS,
        rate_limit_password_reset_per_client=GENEROUS,
    )
)
CHECKS = {
    "positive_data_acceptance": {
        "expected-statuses": ["2xx", "401", "403", "404", "409", "412", "429"]
    },
    "missing_required_header": {"expected-statuses": ["400", "401", "403", "422", "428"]},
}
# A reset token that was never issued (or is used up) is refused with 400, like OAuth's
# invalid_grant: a well-formed request for a grant that does not exist.
RESET_CONFIRM = {
    "include-path": "/api/v1/auth/password-reset/confirm",
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "429"]}},
}
CONFIG = SchemathesisConfig.from_dict({"checks": CHECKS, "operations": [RESET_CONFIRM]})
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


@pytest.fixture(scope="module")
def token() -> Iterator[str]:
    """A registered user's token, so protected operations get past authentication."""
    with TestClient(APP) as client:
        body = {"email": "prop@example.com", "password": PASSWORD, "full_name": "Prop"}
        assert client.post("/api/v1/users", json=body).status_code == 201
        form = {"username": "prop@example.com", "password": PASSWORD}
        yield str(client.post("/api/v1/auth/token", data=form).json()["access_token"])


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented_and_never_with_a_5xx(
    case: schemathesis.Case[Any], token: str
) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
