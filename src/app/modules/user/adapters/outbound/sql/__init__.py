"""SQL adapter of the UserRepository port: SQLAlchemy 2 Core, async (asyncpg, aiosqlite)."""
