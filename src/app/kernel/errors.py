"""Base classes of the errors the domain and application layers raise."""


class DomainError(Exception):
    """A business rule refused the operation; the message is safe to show a client."""


class InvalidValueError(DomainError, ValueError):
    """A value object rejected its input. `field` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(DomainError):
    """The thing asked for does not exist."""


class ConflictError(DomainError):
    """The operation clashes with the current state (duplicate, stale version)."""


class PermissionDeniedError(DomainError):
    """The caller is known but may not do this."""


class AuthenticationError(DomainError):
    """The request does not prove who sent it: no token, or a bad or expired one."""

    def __init__(self, message: str = "The access token is missing, invalid or expired.") -> None:
        super().__init__(message)


class UnavailableError(Exception):
    """A backing service (database, broker) cannot be reached; retrying later may work."""

    def __init__(self, message: str = "The database is unavailable; retry shortly.") -> None:
        super().__init__(message)
