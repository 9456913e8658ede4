"""Routes of the user API. Each declares, beside itself, which errors become which status;
the same table documents its responses in OpenAPI."""

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from app.infra.problems import ErrorMap, problems_from, responses
from app.modules.user.adapters.inbound.http.schemas import (
    RegisterUserIn,
    TokenOut,
    UpdateUserIn,
    UserOut,
    UserPageOut,
)
from app.modules.user.adapters.inbound.http.security import (
    TOKEN_URL,
    caller_dependency,
    etag,
    version_from_if_match,
)
from app.modules.user.application.delete_user import DeleteUser
from app.modules.user.application.get_user import GetUser
from app.modules.user.application.identify_caller import IdentifyCaller
from app.modules.user.application.list_users import MAX_PAGE_SIZE, ListUsers
from app.modules.user.application.log_in import LogIn, LogInRequest
from app.modules.user.application.register_user import RegisterUser, RegisterUserRequest
from app.modules.user.application.update_user import UpdateUser, UpdateUserRequest
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    InvalidCredentialsError,
    NotAllowedError,
    StaleVersionError,
    UserNotFoundError,
)
from app.modules.user.domain.user import Caller

USERS = "/api/v1/users"


@dataclass(frozen=True, slots=True)
class UserUseCases:
    register: RegisterUser
    log_in: LogIn
    identify: IdentifyCaller
    get: GetUser
    list: ListUsers
    update: UpdateUser
    delete: DeleteUser


REGISTER_ERRORS: ErrorMap = {EmailAlreadyTakenError: 409}
LOG_IN_ERRORS: ErrorMap = {InvalidCredentialsError: 401}
ME_ERRORS: ErrorMap = {UserNotFoundError: 401}  # a token outliving its account
GET_ERRORS: ErrorMap = {NotAllowedError: 403, UserNotFoundError: 404}
LIST_ERRORS: ErrorMap = {NotAllowedError: 403}
UPDATE_ERRORS: ErrorMap = {NotAllowedError: 403, UserNotFoundError: 404, StaleVersionError: 412}
DELETE_ERRORS: ErrorMap = {NotAllowedError: 403, UserNotFoundError: 404}


def user_router(uc: UserUseCases) -> APIRouter:
    router = APIRouter(tags=["users"], responses=responses(503))
    CurrentCaller = Annotated[Caller, Depends(caller_dependency(uc.identify))]  # noqa: N806

    @router.post(
        USERS,
        status_code=status.HTTP_201_CREATED,
        description=uc.register.__doc__,
        responses=responses(400, 409, 422),
    )
    async def register(body: RegisterUserIn, response: Response) -> UserOut:
        with problems_from(REGISTER_ERRORS):
            user = await uc.register(RegisterUserRequest(**body.model_dump()))
        response.headers["Location"] = f"{USERS}/{user.id}"
        response.headers["ETag"] = etag(user)
        return UserOut.of(user)

    @router.post(
        TOKEN_URL, tags=["auth"], description=uc.log_in.__doc__, responses=responses(400, 401, 422)
    )
    async def log_in(
        form: Annotated[OAuth2PasswordRequestForm, Depends()], response: Response
    ) -> TokenOut:
        with problems_from(LOG_IN_ERRORS):
            token = await uc.log_in(LogInRequest(email=form.username, password=form.password))
        response.headers["Cache-Control"] = "no-store"  # RFC 6749, section 5.1
        return TokenOut(access_token=token.token, expires_in=token.expires_in)

    @router.get(
        f"{USERS}/me", description="Read the caller's own account.", responses=responses(401)
    )
    async def read_me(caller: CurrentCaller, response: Response) -> UserOut:
        with problems_from(ME_ERRORS):
            user = await uc.get(caller, caller.user_id)
        response.headers["ETag"] = etag(user)
        return UserOut.of(user)

    @router.get(
        f"{USERS}/{{user_id}}", description=uc.get.__doc__, responses=responses(401, 403, 404, 422)
    )
    async def read_user(user_id: UUID, caller: CurrentCaller, response: Response) -> UserOut:
        with problems_from(GET_ERRORS):
            user = await uc.get(caller, user_id)
        response.headers["ETag"] = etag(user)
        return UserOut.of(user)

    @router.get(USERS, description=uc.list.__doc__, responses=responses(401, 403, 422))
    async def list_users(
        caller: CurrentCaller,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
        after: UUID | None = None,
    ) -> UserPageOut:
        with problems_from(LIST_ERRORS):
            page = await uc.list(caller, limit=limit, after=after)
        return UserPageOut(items=[UserOut.of(u) for u in page.items], next_after=page.next_after)

    @router.patch(
        f"{USERS}/{{user_id}}",
        description=uc.update.__doc__,
        responses=responses(400, 401, 403, 404, 412, 422, 428),
    )
    async def update_user(
        user_id: UUID,
        body: UpdateUserIn,
        caller: CurrentCaller,
        response: Response,
        if_match: Annotated[str | None, Header()] = None,
    ) -> UserOut:
        request = UpdateUserRequest(
            user_id=user_id,
            expected_version=version_from_if_match(if_match),
            full_name=body.full_name,
            password=body.password,
        )
        with problems_from(UPDATE_ERRORS):
            user = await uc.update(caller, request)
        response.headers["ETag"] = etag(user)
        return UserOut.of(user)

    @router.delete(
        f"{USERS}/{{user_id}}",
        status_code=status.HTTP_204_NO_CONTENT,
        description=uc.delete.__doc__,
        responses=responses(401, 403, 404, 422),
    )
    async def delete_user(user_id: UUID, caller: CurrentCaller) -> None:
        with problems_from(DELETE_ERRORS):
            await uc.delete(caller, user_id)

    return router
