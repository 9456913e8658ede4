"""What browsers are told about every response: security headers, and CORS.

- `X-Content-Type-Options: nosniff` and a Content Security Policy that lets nothing load
  and no page frame the response (`default-src 'none'; frame-ancestors 'none'`); the
  interactive docs, which load Swagger UI, get only `frame-ancestors 'none'`.
- `Strict-Transport-Security` in production, where TLS ends at the ingress.
- `Cache-Control: no-store` on the answer to any request carrying credentials, unless
  the route chose its own caching: nothing personal stays in a shared cache.
- CORS only for the origins in CORS_ORIGINS (none by default: browsers on other origins
  cannot read the answers). Bearer tokens, not cookies, so no credentials mode.
"""

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.infra.config import Environment, Settings, comma_list

_API_POLICY = b"default-src 'none'; frame-ancestors 'none'"
_DOCS_POLICY = b"frame-ancestors 'none'"
_HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")
_DOCS_PATHS = ("/docs", "/redoc")


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        policy = _DOCS_POLICY if path.startswith(_DOCS_PATHS) else _API_POLICY
        credentials = any(name == b"authorization" for name, _ in scope["headers"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[tuple[bytes, bytes]] = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"content-security-policy", policy))
                headers.append((b"referrer-policy", b"no-referrer"))
                if self.hsts:
                    headers.append(_HSTS)
                if credentials and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_browser_policy(app: FastAPI, settings: Settings) -> None:
    """CORS for the configured origins, then the security headers around everything."""
    origins = comma_list(settings.cors_origins)
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match"],
            expose_headers=["ETag", "Location", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(SecurityHeaders, hsts=settings.app_env is Environment.PRODUCTION)
