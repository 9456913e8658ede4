"""Routes of the user API. Each declares, beside itself, which errors become which status
(`@errors`); OpenAPI documents them, with what the platform itself can answer."""

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from app.infra.auth import Authentication
from app.infra.etags import ExpectedVersion, etag
from app.infra.routes import errors
from app.kernel.auth import Caller
from app.modules.user.adapters.inbound.http.schemas import (
    RegisterUserIn,
    UpdateUserIn,
    UserOut,
    UserPageOut,
)
from app.modules.user.application.delete_user import DeleteUser
from app.modules.user.application.get_user import GetUser
from app.modules.user.application.list_users import MAX_PAGE_SIZE, ListUsers
from app.modules.user.application.register_user import RegisterUser, RegisterUserRequest
from app.modules.user.application.update_user import UpdateUser, UpdateUserRequest
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    NotAllowedError,
    StaleVersionError,
    UserNotFoundError,
    WrongCurrentPasswordError,
)

USERS = "/api/v1/users"


@dataclass(frozen=True, slots=True)
class UserUseCases:
    register: RegisterUser
    get: GetUser
    list: ListUsers
    update: UpdateUser
    delete: DeleteUser


def user_router(uc: UserUseCases, auth: Authentication, register_limit: Any) -> APIRouter:
    """`register_limit`: the rate limit dependency on registrations (app.infra.rate_limits)."""
    router = APIRouter(tags=["users"])
    CurrentCaller = Annotated[Caller, auth.required]  # noqa: N806

    @router.post(
        USERS,
        status_code=status.HTTP_201_CREATED,
        description=uc.register.__doc__,
        dependencies=[register_limit],
    )
    @errors({EmailAlreadyTakenError: 409})
    async def register(body: RegisterUserIn, response: Response) -> UserOut:
        user = await uc.register(RegisterUserRequest(**body.model_dump()))
        response.headers["Location"] = f"{USERS}/{user.id}"
        response.headers["ETag"] = etag(user.version)
        return UserOut.of(user)

    @router.get(f"{USERS}/me", description="Read the caller's own account.")
    @errors({UserNotFoundError: 401})  # a token outliving its account
    async def read_me(caller: CurrentCaller, response: Response) -> UserOut:
        user = await uc.get(caller, caller.user_id)
        response.headers["ETag"] = etag(user.version)
        return UserOut.of(user)

    @router.get(f"{USERS}/{{user_id:uuid}}", description=uc.get.__doc__)
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

    @router.patch(f"{USERS}/{{user_id:uuid}}", description=uc.update.__doc__)
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
        f"{USERS}/{{user_id:uuid}}",
        status_code=status.HTTP_204_NO_CONTENT,
        description=uc.delete.__doc__,
    )
    @errors({NotAllowedError: 403, UserNotFoundError: 404})
    async def delete_user(user_id: UUID, caller: CurrentCaller) -> None:
        await uc.delete(caller, user_id)

    return router
