"""Routes of sessions and passwords: log-in, refresh, log-out and password reset."""

from dataclasses import dataclass
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from app.infra.auth import TOKEN_URL
from app.infra.rate_limits import client_address
from app.infra.routes import errors
from app.kernel.errors import UnavailableError
from app.kernel.rate_limit import RateLimitedError
from app.modules.user.adapters.inbound.http.schemas import (
    PasswordResetConfirmIn,
    PasswordResetIn,
    RefreshIn,
    TokenOut,
)
from app.modules.user.application.confirm_password_reset import (
    ConfirmPasswordReset,
    ConfirmPasswordResetRequest,
)
from app.modules.user.application.log_in import LogIn, LogInRequest
from app.modules.user.application.log_out import LogOut
from app.modules.user.application.refresh_session import RefreshSession
from app.modules.user.application.request_password_reset import RequestPasswordReset
from app.modules.user.application.sessions import Session
from app.modules.user.domain.errors import (
    InvalidCredentialsError,
    InvalidRefreshTokenError,
    InvalidResetTokenError,
    StaleVersionError,
)
from app.modules.user.domain.values import Email

log = structlog.get_logger(__name__)
AUTH = "/api/v1/auth"
RESET = f"{AUTH}/password-reset"


@dataclass(frozen=True, slots=True)
class AuthUseCases:
    log_in: LogIn
    refresh: RefreshSession
    log_out: LogOut
    request_reset: RequestPasswordReset
    confirm_reset: ConfirmPasswordReset


def auth_router(uc: AuthUseCases, reset_limit: Any) -> APIRouter:
    """`reset_limit`: the rate limit dependency on reset requests (app.infra.rate_limits)."""
    router = APIRouter(tags=["auth"])

    @router.post(TOKEN_URL, description=uc.log_in.__doc__)
    @errors({InvalidCredentialsError: 401, RateLimitedError: 429})
    async def log_in(
        form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, response: Response
    ) -> TokenOut:
        attempt = LogInRequest(
            email=form.username, password=form.password, client=client_address(request)
        )
        session = await uc.log_in(attempt)
        response.headers["Cache-Control"] = "no-store"  # RFC 6749, section 5.1
        return _token_out(session)

    @router.post(f"{AUTH}/refresh", description=uc.refresh.__doc__)
    @errors({InvalidRefreshTokenError: 401})
    async def refresh(body: RefreshIn, response: Response) -> TokenOut:
        session = await uc.refresh(body.refresh_token)
        response.headers["Cache-Control"] = "no-store"
        return _token_out(session)

    @router.post(
        f"{AUTH}/logout", status_code=status.HTTP_204_NO_CONTENT, description=uc.log_out.__doc__
    )
    async def log_out(body: RefreshIn) -> None:
        await uc.log_out(body.refresh_token)

    @router.post(
        RESET,
        status_code=status.HTTP_202_ACCEPTED,
        response_class=Response,
        description=uc.request_reset.__doc__,
        dependencies=[reset_limit],
    )
    async def request_password_reset(body: PasswordResetIn, tasks: BackgroundTasks) -> Response:
        # A malformed address is refused now (422): that tells nothing about accounts.
        email = Email(body.email)
        tasks.add_task(_request_reset, uc.request_reset, email.value)
        return Response(status_code=status.HTTP_202_ACCEPTED)

    @router.post(
        f"{RESET}/confirm",
        status_code=status.HTTP_204_NO_CONTENT,
        description=uc.confirm_reset.__doc__,
    )
    @errors({InvalidResetTokenError: 400, StaleVersionError: 409})
    async def confirm_password_reset(body: PasswordResetConfirmIn) -> None:
        request = ConfirmPasswordResetRequest(token=body.token, new_password=body.new_password)
        await uc.confirm_reset(request)

    return router


def _token_out(session: Session) -> TokenOut:
    return TokenOut(
        access_token=session.access_token,
        expires_in=session.expires_in,
        refresh_token=session.refresh_token,
        refresh_expires_in=session.refresh_expires_in,
    )


async def _request_reset(request_reset: RequestPasswordReset, email: str) -> None:
    """Runs after the 202 is sent, so that no timing tells whether the account exists;
    the client cannot be told of a failure any more, so it is logged."""
    try:
        await request_reset(email)
    except UnavailableError as exc:
        log.warning("password_reset_request_lost", error=repr(exc.__cause__ or exc))
