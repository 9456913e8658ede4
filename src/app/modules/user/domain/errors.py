"""Errors of the user module. Messages are written for the API client."""

from app.kernel.errors import (
    AuthenticationError,
    ConflictError,
    DomainError,
    InvalidValueError,
    NotFoundError,
    PermissionDeniedError,
)


class InvalidEmailError(InvalidValueError):
    def __init__(self, message: str) -> None:
        super().__init__("email", message)


class WeakPasswordError(InvalidValueError):
    def __init__(self, message: str) -> None:
        super().__init__("password", message)


class InvalidFullNameError(InvalidValueError):
    def __init__(self, message: str) -> None:
        super().__init__("full_name", message)


class EmailAlreadyTakenError(ConflictError):
    def __init__(self) -> None:
        super().__init__("A user with this email already exists.")


class StaleVersionError(ConflictError):
    def __init__(self) -> None:
        super().__init__("The user was changed since you read it; read it again and retry.")


class UserNotFoundError(NotFoundError):
    def __init__(self) -> None:
        super().__init__("No such user.")


class InvalidCredentialsError(DomainError):
    def __init__(self) -> None:
        super().__init__("Incorrect email or password.")


class NotAllowedError(PermissionDeniedError):
    def __init__(self) -> None:
        super().__init__("You may not act on this user.")


class InvalidResetTokenError(DomainError):
    def __init__(self) -> None:
        super().__init__("This reset link is invalid, used or expired; ask for a new one.")


class InvalidRefreshTokenError(AuthenticationError):
    def __init__(self) -> None:
        super().__init__("The refresh token is invalid, expired or revoked; log in again.")


class CurrentPasswordRequiredError(InvalidValueError):
    def __init__(self) -> None:
        super().__init__("current_password", "Send your current password to change it.")


class WrongCurrentPasswordError(PermissionDeniedError):
    def __init__(self) -> None:
        super().__init__("The current password is not right.")
