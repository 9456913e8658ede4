import httpx

from tests.integration.conftest import register


async def test_metrics_count_requests_by_route_template_not_raw_path(
    client: httpx.AsyncClient,
) -> None:
    await register(client)
    await client.get("/api/v1/users/0190b8c2-0000-7000-8000-000000000000")
    await client.get("/no/such/path")

    response = await client.get("/metrics")

    text = response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert 'http_requests_total{method="POST",route="/api/v1/users",status="201"} 1.0' in text
    assert 'route="/api/v1/users/{user_id}",status="401"} 1.0' in text
    assert 'route="unmatched",status="404"} 1.0' in text
    assert "0190b8c2" not in text
    assert 'http_request_duration_seconds_count{method="POST",route="/api/v1/users"} 1.0' in text
