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

# Refresh tokens: `_id` is the SHA-256 of the token.
REFRESH_TOKENS = MongoCollection(
    "refresh_tokens",
    indexes=(
        MongoIndex("ix_refresh_tokens_user_id", keys=(("user_id", 1),)),
        MongoIndex("ix_refresh_tokens_family_id", keys=(("family_id", 1),)),
    ),
)

COLLECTIONS = (USERS, PASSWORD_RESET_TOKENS, REFRESH_TOKENS)
