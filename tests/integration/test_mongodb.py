"""DATABASE_URL=mongodb://... selects the MongoDB adapter; an unreachable server gives a
clear message at startup, in readiness and in the CLI, never a traceback."""

import pytest
from pydantic import ValidationError

from app.__main__ import main
from app.infra.mongo import MongoDatabase
from app.main import create_app, open_database
from tests.backends import make_settings
from tests.integration.conftest import assert_problem, serving

NO_SERVER = "mongodb://127.0.0.1:1/hexa?directConnection=true"


def test_a_mongodb_url_selects_the_mongo_adapter_and_names_the_database() -> None:
    settings = make_settings("mongodb+srv://u:p@cluster.example.net/shop?retryWrites=true")

    assert settings.mongodb_database == "shop"
    assert isinstance(open_database(make_settings(NO_SERVER)), MongoDatabase)


def test_a_mongodb_url_without_a_database_name_is_refused() -> None:
    with pytest.raises(ValidationError, match="must name the database"):
        make_settings("mongodb://db:27017/?replicaSet=rs0")


async def test_without_a_server_the_app_starts_and_readiness_says_why() -> None:
    async with serving(create_app(make_settings(NO_SERVER, db_timeout_seconds=0.2))) as client:
        live = await client.get("/health/live")
        ready = await client.get("/health/ready")
        register = await client.post(
            "/api/v1/users",
            json={"email": "a@example.com", "password": "x" * 12, "full_name": "A"},
        )

    assert live.status_code == 200
    assert "database is unavailable" in str(assert_problem(ready, 503)["detail"])
    assert_problem(register, 503)


def test_migrate_without_a_server_exits_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", NO_SERVER)
    monkeypatch.setenv("DB_TIMEOUT_SECONDS", "0.2")

    assert main(["migrate"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Cannot use the database:")
    assert "127.0.0.1:1" in err
    assert "Traceback" not in err
