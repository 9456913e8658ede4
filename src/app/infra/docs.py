"""The interactive API documentation, /docs (Swagger UI) and /redoc, when DOCS_ENABLED.

Both pages load their scripts and styles from a CDN, at pinned versions and each with
its Subresource Integrity hash: a browser refuses a file that is not the one reviewed.
Nothing else leaves the page (no web fonts, no remote icon). To move to newer versions:
`npm pack swagger-ui-dist@X redoc@Y`, then for each file below
`openssl dgst -sha384 -binary FILE | openssl base64 -A`.
"""

from fastapi import APIRouter
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

SWAGGER_UI = "5.35.0"
REDOC = "2.5.4"
_CDN = "https://cdn.jsdelivr.net/npm"
SWAGGER_JS = f"{_CDN}/swagger-ui-dist@{SWAGGER_UI}/swagger-ui-bundle.js"
SWAGGER_CSS = f"{_CDN}/swagger-ui-dist@{SWAGGER_UI}/swagger-ui.css"
REDOC_JS = f"{_CDN}/redoc@{REDOC}/bundles/redoc.standalone.js"
INTEGRITY = {
    SWAGGER_JS: "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9",
    SWAGGER_CSS: "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I",
    REDOC_JS: "sha384-w447zOpYfw/1Tv/5AK9NfHTlQIqE3RVR6KY62jCyy9zNDgO64cMwGGP1Fj0zJVf5",
}
_NO_ICON = "data:,"
_OAUTH2_REDIRECT = "/docs/oauth2-redirect"


def with_integrity(page: HTMLResponse) -> HTMLResponse:
    """The page with an integrity hash on every pinned asset it references."""
    html = bytes(page.body).decode()
    for url, digest in INTEGRITY.items():
        for reference in (f'src="{url}"', f'href="{url}"'):
            html = html.replace(
                reference, f'{reference} integrity="{digest}" crossorigin="anonymous"'
            )
    return HTMLResponse(html)


def docs_router(openapi_url: str, title: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    async def swagger_ui() -> HTMLResponse:
        return with_integrity(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title=f"{title} - Swagger UI",
                swagger_js_url=SWAGGER_JS,
                swagger_css_url=SWAGGER_CSS,
                swagger_favicon_url=_NO_ICON,
                oauth2_redirect_url=_OAUTH2_REDIRECT,
            )
        )

    @router.get(_OAUTH2_REDIRECT)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @router.get("/redoc")
    async def redoc() -> HTMLResponse:
        return with_integrity(
            get_redoc_html(
                openapi_url=openapi_url,
                title=f"{title} - ReDoc",
                redoc_js_url=REDOC_JS,
                redoc_favicon_url=_NO_ICON,
                with_google_fonts=False,
            )
        )

    return router
