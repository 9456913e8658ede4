"""The user module's MongoDB collections and their indexes; `migrate` creates them."""

from app.infra.modules import MongoCollection, MongoIndex

USERS = MongoCollection(
    "users",
    indexes=(
        # Emails are stored normalized (lower-cased), so this index is case-insensitive.
        MongoIndex("uq_users_email", keys=(("email", 1),), unique=True),
    ),
)

COLLECTIONS = (USERS,)
