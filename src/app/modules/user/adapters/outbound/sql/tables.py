"""The user module's tables. Alembic migrations create them; see infra/migrations."""

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, UniqueConstraint, Uuid

from app.infra.database import new_metadata

metadata = new_metadata()

users = Table(
    "users",
    metadata,
    Column("id", Uuid(), primary_key=True),
    Column("email", String(254), nullable=False),
    Column("full_name", String(100), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # Emails are stored normalized (lower-cased), so this index is case-insensitive.
    UniqueConstraint("email", name="uq_users_email"),
)

# Pending password resets: the SHA-256 of each token, at most one per user.
password_reset_tokens = Table(
    "password_reset_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Uuid(), nullable=False, unique=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# Refresh tokens: the SHA-256 of each, its session (family) and whether it was used.
refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Uuid(), nullable=False),
    Column("family_id", Uuid(), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Index(None, "user_id"),
    Index(None, "family_id"),
)
