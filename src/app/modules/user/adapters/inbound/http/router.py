"""Routes of the user API. Each declares, beside itself, which errors become which status
(`@errors`); OpenAPI documents them, with what the platform itself can answer."""

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

import structlog
from fastapi import APIRouter, BackgroundTasks, Depends, Query, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from app.infra.auth import TOKEN_URL, Authentication
from app.infra.etags import ExpectedVersion, etag
from app.infra.routes import errors
from app.kernel.auth import Caller
from app.kernel.errors import UnavailableError
from app.modules.user.adapters.inbound.http.schemas import (
    PasswordResetConfirmIn,
    PasswordResetIn,
    RefreshIn,
    RegisterUserIn,
    TokenOut,
    UpdateUserIn,
    UserOut,
    UserPageOut,
)
from app.modules.user.application.confirm_password_reset import (
    ConfirmPasswordReset,
    ConfirmPasswordResetRequest,
)
from app.modules.user.application.delete_user import DeleteUser
from app.modules.user.application.get_user import GetUser
from app.modules.user.application.list_users import MAX_PAGE_SIZE, ListUsers
from app.modules.user.application.log_in import LogIn, LogInRequest
from app.modules.user.application.log_out import LogOut
from app.modules.user.application.refresh_session import RefreshSession
from app.modules.user.application.register_user import RegisterUser, RegisterUserRequest
from app.modules.user.application.request_password_reset import RequestPasswordReset
from app.modules.user.application.sessions import Session
from app.modules.user.application.update_user import UpdateUser, UpdateUserRequest
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    InvalidCredentialsError,
    InvalidRefreshTokenError,
    InvalidResetTokenError,
    NotAllowedError,
    StaleVersionError,
    UserNotFoundError,
    WrongCurrentPasswordError,
)

log = structlog.get_logger(__name__)
USERS = "/api/v1/users"
AUTH = "/api/v1/auth"
RESET = f"{AUTH}/password-reset"


@dataclass(frozen=True, slots=True)
class UserUseCases:
    register: RegisterUser
    log_in: LogIn
    get: GetUser
    list: ListUsers
    update: UpdateUser
    delete: DeleteUser
    request_reset: RequestPasswordReset
    confirm_reset: ConfirmPasswordReset
    refresh: RefreshSession
    log_out: LogOut


def user_router(uc: UserUseCases, auth: Authentication) -> APIRouter:
    router = APIRouter(tags=["users"])
    CurrentCaller = Annotated[Caller, auth.required]  # noqa: N806

    @router.post(USERS, status_code=status.HTTP_201_CREATED, description=uc.register.__doc__)
    @errors({EmailAlreadyTakenError: 409})
    async def register(body: RegisterUserIn, response: Response) -> UserOut:
        user = await uc.register(RegisterUserRequest(**body.model_dump()))
        response.headers["Location"] = f"{USERS}/{user.id}"
        response.headers["ETag"] = etag(user.version)
        return UserOut.of(user)

    @router.post(TOKEN_URL, tags=["auth"], description=uc.log_in.__doc__)
    @errors({InvalidCredentialsError: 401})
    async def log_in(
        form: Annotated[OAuth2PasswordRequestForm, Depends()], response: Response
    ) -> TokenOut:
        session = await uc.log_in(LogInRequest(email=form.username, password=form.password))
        response.headers["Cache-Control"] = "no-store"  # RFC 6749, section 5.1
        return _token_out(session)

    @router.post(f"{AUTH}/refresh", tags=["auth"], description=uc.refresh.__doc__)
    @errors({InvalidRefreshTokenError: 401})
    async def refresh(body: RefreshIn, response: Response) -> TokenOut:
        session = await uc.refresh(body.refresh_token)
        response.headers["Cache-Control"] = "no-store"
        return _token_out(session)

    @router.post(
        f"{AUTH}/logout",
        tags=["auth"],
        status_code=status.HTTP_204_NO_CONTENT,
        description=uc.log_out.__doc__,
    )
    async def log_out(body: RefreshIn) -> None:
        await uc.log_out(body.refresh_token)

    @router.get(f"{USERS}/me", description="Read the caller's own account.")
    @errors({UserNotFoundError: 401})  # a token outliving its account
    async def read_me(caller: CurrentCaller, response: Response) -> UserOut:
        user = await uc.get(caller, caller.user_id)
        response.headers["ETag"] = etag(user.version)
        return UserOut.of(user)

    @router.get(f"{USERS}/{{user_id}}", description=uc.get.__doc__)
    @errors({NotAllowedError: 403, UserNotFoundError: 404})
    async def read_user(user_id: UUID, caller: CurrentCaller, response: Response) -> UserOut:
        user = await uc.get(caller, user_id)
        response.headers["ETag"] = etag(user.version)
        return UserOut.of(user)

    @router.get(USERS, description=uc.list.__doc__)
    @errors({NotAllowedError: 403})
    async def list_users(
        caller: CurrentCaller,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
        after: UUID | None = None,
    ) -> UserPageOut:
        page = await uc.list(caller, limit=limit, after=after)
        return UserPageOut(items=[UserOut.of(u) for u in page.items], next_after=page.next_after)

    @router.patch(f"{USERS}/{{user_id}}", description=uc.update.__doc__)
    @errors(
        {
            NotAllowedError: 403,
            WrongCurrentPasswordError: 403,
            UserNotFoundError: 404,
            StaleVersionError: 412,
        }
    )
    async def update_user(
        user_id: UUID,
        body: UpdateUserIn,
        caller: CurrentCaller,
        version: ExpectedVersion,
        response: Response,
    ) -> UserOut:
        request = UpdateUserRequest(
            user_id=user_id,
            expected_version=version,
            full_name=body.full_name,
            password=body.password,
            current_password=body.current_password,
        )
        user = await uc.update(caller, request)
        response.headers["ETag"] = etag(user.version)
        return UserOut.of(user)

    @router.delete(
        f"{USERS}/{{user_id}}",
        status_code=status.HTTP_204_NO_CONTENT,
        description=uc.delete.__doc__,
    )
    @errors({NotAllowedError: 403, UserNotFoundError: 404})
    async def delete_user(user_id: UUID, caller: CurrentCaller) -> None:
        await uc.delete(caller, user_id)

    @router.post(
        RESET,
        tags=["auth"],
        status_code=status.HTTP_202_ACCEPTED,
        response_class=Response,
        description=uc.request_reset.__doc__,
    )
    async def request_password_reset(body: PasswordResetIn, tasks: BackgroundTasks) -> Response:
        tasks.add_task(_request_reset, uc.request_reset, body.email)
        return Response(status_code=status.HTTP_202_ACCEPTED)

    @router.post(
        f"{RESET}/confirm",
        tags=["auth"],
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
