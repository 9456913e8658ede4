"""Sessions over HTTP: refresh rotation, reuse detection, log-out, and password changes
that end every session."""

import httpx

from tests.integration.conftest import (
    PASSWORD,
    Promote,
    assert_problem,
    bearer,
    register,
    token_for,
)

NEW_PASSWORD = "a brand new passphrase"


async def logged_in(client: httpx.AsyncClient, email: str = "ada@example.com") -> dict[str, str]:
    form = {"username": email, "password": PASSWORD}
    response = await client.post("/api/v1/auth/token", data=form)
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


async def refreshed(client: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token})


async def test_a_log_in_gives_both_tokens_and_nothing_is_cached(client: httpx.AsyncClient) -> None:
    await register(client)
    response = await client.post(
        "/api/v1/auth/token", data={"username": "ada@example.com", "password": PASSWORD}
    )

    body = response.json()
    assert response.headers["cache-control"] == "no-store"
    assert (body["token_type"], body["expires_in"], body["refresh_expires_in"]) == (
        "bearer",
        900,
        14 * 86_400,
    )
    assert len(body["refresh_token"]) >= 43  # 256 random bits, URL-safe base64


async def test_a_refresh_token_gives_a_working_pair_once(client: httpx.AsyncClient) -> None:
    await register(client)
    first = await logged_in(client)

    second = await refreshed(client, first["refresh_token"])

    assert second.status_code == 200, second.text
    assert second.headers["cache-control"] == "no-store"
    pair = second.json()
    me = await client.get("/api/v1/users/me", headers=bearer(pair["access_token"]))
    assert me.json()["email"] == "ada@example.com"
    assert pair["refresh_token"] != first["refresh_token"]
    assert (await refreshed(client, pair["refresh_token"])).status_code == 200


async def test_a_replayed_refresh_token_ends_the_session_for_thief_and_owner(
    client: httpx.AsyncClient,
) -> None:
    await register(client)
    first = await logged_in(client)
    other_device = await logged_in(client)
    owner = (await refreshed(client, first["refresh_token"])).json()

    replay = await refreshed(client, first["refresh_token"])

    problem = assert_problem(replay, 401)
    assert "log in again" in str(problem["detail"])
    assert_problem(await refreshed(client, owner["refresh_token"]), 401)
    assert (await refreshed(client, other_device["refresh_token"])).status_code == 200


async def test_bad_refresh_requests_get_clear_problems(client: httpx.AsyncClient) -> None:
    assert_problem(await refreshed(client, "x" * 43), 401)
    for body in ({}, {"refresh_token": ""}, {"refresh_token": "x" * 10_000}, {"refresh_token": 7}):
        assert_problem(await client.post("/api/v1/auth/refresh", json=body), 422)
    assert_problem(await client.post("/api/v1/auth/logout", json={}), 422)


async def test_log_out_ends_that_session_and_is_idempotent(client: httpx.AsyncClient) -> None:
    await register(client)
    session = await logged_in(client)
    other = await logged_in(client)
    body = {"refresh_token": session["refresh_token"]}

    first = await client.post("/api/v1/auth/logout", json=body)
    second = await client.post("/api/v1/auth/logout", json=body)

    assert (first.status_code, first.content, second.status_code) == (204, b"", 204)
    assert_problem(await refreshed(client, session["refresh_token"]), 401)
    assert (await refreshed(client, other["refresh_token"])).status_code == 200


async def test_changing_ones_password_needs_the_current_one_and_ends_every_session(
    client: httpx.AsyncClient,
) -> None:
    created = await register(client)
    user_id = created.json()["id"]
    session = await logged_in(client)
    headers = {**bearer(session["access_token"]), "If-Match": '"1"'}
    url = f"/api/v1/users/{user_id}"

    missing = await client.patch(url, json={"password": NEW_PASSWORD}, headers=headers)
    wrong = await client.patch(
        url, json={"password": NEW_PASSWORD, "current_password": "a wrong guess!"}, headers=headers
    )
    right = await client.patch(
        url, json={"password": NEW_PASSWORD, "current_password": PASSWORD}, headers=headers
    )

    problem = assert_problem(missing, 422)
    assert problem["errors"] == [
        {
            "loc": ["current_password"],
            "msg": "Send your current password to change it.",
            "type": "value_error",
        }
    ]
    assert_problem(wrong, 403)
    assert (right.status_code, right.headers["etag"]) == (200, '"2"')
    assert_problem(await refreshed(client, session["refresh_token"]), 401)


async def test_an_admin_resets_a_password_without_the_old_one_and_ends_its_sessions(
    client: httpx.AsyncClient, promote: Promote
) -> None:
    ada = (await register(client)).json()["id"]
    ada_session = await logged_in(client)
    await register(client, "root@example.com", "Root")
    await promote("root@example.com")
    admin = await token_for(client, "root@example.com")

    response = await client.patch(
        f"/api/v1/users/{ada}",
        json={"password": NEW_PASSWORD},
        headers={**bearer(admin), "If-Match": '"1"'},
    )

    assert response.status_code == 200, response.text
    assert_problem(await refreshed(client, ada_session["refresh_token"]), 401)


async def test_a_deleted_account_cannot_refresh(client: httpx.AsyncClient) -> None:
    ada = (await register(client)).json()["id"]
    session = await logged_in(client)

    deleted = await client.delete(f"/api/v1/users/{ada}", headers=bearer(session["access_token"]))

    assert deleted.status_code == 204
    assert_problem(await refreshed(client, session["refresh_token"]), 401)
