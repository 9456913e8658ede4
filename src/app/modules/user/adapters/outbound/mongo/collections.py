"""The user module's MongoDB collections and their indexes; `migrate` creates them."""

from app.infra.modules import MongoCollection, MongoIndex

USERS = MongoCollection(
    "users",
    indexes=(
        # Emails are stored normalized (lower-cased), so this index is case-insensitive.
        MongoIndex("uq_users_email", keys=(("email", 1),), unique=True),
    ),
)

# Pending password resets: `_id` is the SHA-256 of the token, at most one per user.
PASSWORD_RESET_TOKENS = MongoCollection(
    "password_reset_tokens",
    indexes=(MongoIndex("uq_password_reset_tokens_user_id", keys=(("user_id", 1),), unique=True),),
)

COLLECTIONS = (USERS, PASSWORD_RESET_TOKENS)
