"""Opaque tokens (refresh, password reset): random values that only their hash identifies."""

import hashlib
import secrets


def new_opaque_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_of(token: str) -> str:
    """What the store keeps: the SHA-256 of the token. A random 256-bit value needs no slow,
    salted hash: nobody can guess it from its hash, or find another with the same."""
    return hashlib.sha256(token.encode()).hexdigest()
