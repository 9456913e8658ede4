"""What the service shows, and to whom: docs off outside dev, metrics on their own port,
security headers on every answer, CORS for configured origins only."""

import re

import httpx
import pytest

from app.infra.docs import INTEGRITY
from tests.backends import TEST_SECRET
from tests.integration.conftest import PASSWORD, AppClient, assert_problem, bearer
from tests.processes import free_port

PRODUCTION = {"app_env": "production", "jwt_secret": TEST_SECRET, "smtp_host": "mail.invalid"}
DOCS = ["/docs", "/redoc", "/openapi.json"]
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize(
    ("settings", "status"),
    [({}, 200), (PRODUCTION, 404), ({**PRODUCTION, "docs_enabled": True}, 200)],
    ids=["dev", "production", "production-with-docs-enabled"],
)
async def test_the_interactive_docs_are_off_outside_dev_unless_enabled(
    app_client: AppClient, settings: dict[str, object], status: int
) -> None:
    async with app_client(**settings) as client:
        answers = [(await client.get(path)).status_code for path in DOCS]

    assert answers == [status] * 3


async def test_with_a_metrics_port_metrics_are_served_there_only(app_client: AppClient) -> None:
    port = free_port()
    async with app_client(metrics_port=port) as client:
        await client.get("/health/live")
        on_app_port = await client.get("/metrics")
        async with httpx.AsyncClient() as prometheus:
            scraped = await prometheus.get(f"http://127.0.0.1:{port}/metrics")

    assert_problem(on_app_port, 404)
    assert scraped.status_code == 200
    assert 'http_requests_total{method="GET",route="/health/live",status="200"} 1.0' in scraped.text
    async with httpx.AsyncClient() as prometheus:
        with pytest.raises(httpx.TransportError):  # the listener stops with the app
            await prometheus.get(f"http://127.0.0.1:{port}/metrics", timeout=1)


async def test_every_answer_carries_the_security_headers(app_client: AppClient) -> None:
    async with app_client(**PRODUCTION) as client:
        answers = [
            await client.get("/health/live"),
            await client.get("/no/such/page"),
            await client.get("/api/v1/users/me"),
            await client.post("/api/v1/users", json={}),
            await client.request("TRACE", "/api/v1/users"),
        ]

    assert [a.status_code for a in answers] == [200, 404, 401, 422, 405]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert (
            answer.headers["content-security-policy"]
            == "default-src 'none'; frame-ancestors 'none'"
        )
        assert answer.headers["strict-transport-security"].startswith("max-age=")
        assert answer.headers["referrer-policy"] == "no-referrer"


async def test_hsts_is_for_production_and_the_docs_may_load_their_assets(
    app_client: AppClient,
) -> None:
    async with app_client(app_env="dev") as client:
        docs = await client.get("/docs")
        health = await client.get("/health/live")

    assert "strict-transport-security" not in health.headers
    assert docs.headers["content-security-policy"] == "frame-ancestors 'none'"


async def test_answers_to_authenticated_requests_are_never_stored(app_client: AppClient) -> None:
    async with app_client() as client:
        body = {"email": "ada@example.com", "password": PASSWORD, "full_name": "Ada"}
        await client.post("/api/v1/users", json=body)
        form = {"username": "ada@example.com", "password": PASSWORD}
        token = (await client.post("/api/v1/auth/token", data=form)).json()["access_token"]
        me = await client.get("/api/v1/users/me", headers=bearer(token))
        anonymous = await client.get("/health/live")

    assert me.status_code == 200
    assert me.headers["cache-control"] == "no-store"
    assert "cache-control" not in anonymous.headers


PREFLIGHT = {
    "Access-Control-Request-Method": "PATCH",
    "Access-Control-Request-Headers": "authorization, content-type, if-match",
}


async def test_without_cors_origins_no_browser_origin_is_allowed(app_client: AppClient) -> None:
    origin = {"Origin": "https://app.example.com"}
    async with app_client() as client:
        preflight = await client.options("/api/v1/users/me", headers={**origin, **PREFLIGHT})
        simple = await client.get("/health/live", headers=origin)

    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in simple.headers


async def test_cors_allows_the_configured_origins_only(app_client: AppClient) -> None:
    async with app_client(cors_origins="https://app.example.com") as client:
        allowed = await client.options(
            "/api/v1/users/me", headers={"Origin": "https://app.example.com", **PREFLIGHT}
        )
        refused = await client.options(
            "/api/v1/users/me", headers={"Origin": "https://evil.example.com", **PREFLIGHT}
        )
        read = await client.get("/health/live", headers={"Origin": "https://app.example.com"})

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "if-match" in allowed.headers["access-control-allow-headers"].lower()
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    assert read.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "etag" in read.headers["access-control-expose-headers"].lower()


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_load_only_pinned_assets_each_with_its_integrity_hash(
    app_client: AppClient, page: str
) -> None:
    async with app_client() as client:
        html = (await client.get(page)).text

    remote = re.findall(r'(?:src|href)="(https?://[^"]+)"([^>]*)>', html)
    assert remote
    for url, attributes in remote:
        assert url in INTEGRITY, url  # an exact version, no "@5"
        assert f'integrity="{INTEGRITY[url]}"' in attributes
        assert 'crossorigin="anonymous"' in attributes
    assert "fonts.googleapis.com" not in html
