import httpx
from fastapi import FastAPI

from app.infra.problems import install_problem_handlers, problems_from
from app.kernel.errors import ConflictError


async def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("database password is hunter2")

    @app.get("/mapped")
    async def mapped() -> None:
        with problems_from({ConflictError: 409}):
            raise ConflictError("Already there.")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        boom_response = await client.get("/boom")
        mapped_response = await client.get("/mapped")

    assert boom_response.status_code == 500
    assert boom_response.headers["content-type"] == "application/problem+json"
    assert "hunter2" not in boom_response.text
    assert mapped_response.json() == {
        "type": "about:blank",
        "title": "Conflict",
        "status": 409,
        "detail": "Already there.",
    }
