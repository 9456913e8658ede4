"""Apply the Alembic migrations to DATABASE_URL (`python -m app migrate`)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from app.infra.config import Settings

# Source checkout and container image both keep migrations beside src/ at the project root.
MIGRATIONS = Path(__file__).resolve().parents[3] / "infra" / "migrations" / "postgres"


def alembic_config(settings: Settings) -> Config:
    if not MIGRATIONS.is_dir():
        raise RuntimeError(f"Alembic migrations not found at {MIGRATIONS}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = settings.async_database_url
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    if settings.sqlite_path is not None:
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings), revision)
