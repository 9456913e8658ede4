"""Prometheus metrics: request count and latency per route template, served at /metrics:
on the app's own port by default, or only on METRICS_PORT when that is set, so that the
port the ingress reaches never shows them (the NetworkPolicy admits Prometheus alone to it).

Labels use the route template (`/api/v1/users/{user_id}`), never the raw path, so ids and
404 probes cannot blow up the number of series. One registry per app: run one uvicorn
worker per container and scale with replicas, so each scrape sees the whole process.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    start_http_server,
)
from prometheus_client.exposition import generate_latest
from starlette.types import ASGIApp, Scope

from app.infra.observed import ObservedRequests


class _MetricsMiddleware(ObservedRequests):
    def __init__(self, app: ASGIApp, requests: Counter, latency: Histogram) -> None:
        super().__init__(app)
        self.requests = requests
        self.latency = latency

    def observed(self, scope: Scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path_format", "unmatched")
        method = scope["method"]
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)


def install_metrics(app: FastAPI, *, on_app_port: bool) -> CollectorRegistry:
    """Count every request; serve /metrics on the app's port if `on_app_port`, else see
    `metrics_listener`. Returns the registry."""
    registry = CollectorRegistry()
    requests = Counter(
        "http_requests_total",
        "HTTP requests answered, by method, route template and status.",
        ["method", "route", "status"],
        registry=registry,
    )
    latency = Histogram(
        "http_request_duration_seconds",
        "Time to answer an HTTP request, by method and route template.",
        ["method", "route"],
        registry=registry,
        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
    )
    app.add_middleware(_MetricsMiddleware, requests=requests, latency=latency)
    if on_app_port:

        @app.get("/metrics", include_in_schema=False)
        async def metrics() -> Response:
            return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return registry


@contextmanager
def metrics_listener(registry: CollectorRegistry, host: str, port: int) -> Iterator[None]:
    """Serve `registry` at http://host:port/metrics (prometheus_client's server, in a
    thread of its own) until the block ends."""
    server, thread = start_http_server(port, addr=host, registry=registry)
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
