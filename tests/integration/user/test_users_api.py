"""The user API through HTTP: the happy paths and every refusal the table promises."""

import asyncio
from dataclasses import replace
from datetime import timedelta

import httpx

from app.infra.persistence import Database
from app.kernel.auth import Caller, Role
from app.kernel.clock import SystemClock
from app.kernel.values import restored
from app.modules.user.adapters.outbound.jwt_tokens import JwtTokenService
from app.modules.user.domain.values import Email, FullName
from app.modules.user.module import user_repository
from tests.backends import TEST_SECRET
from tests.factories import a_user
from tests.integration.conftest import (
    PASSWORD,
    Promote,
    assert_problem,
    bearer,
    register,
    signed_up,
    token_for,
)


async def test_a_client_registers_logs_in_and_reads_itself(client: httpx.AsyncClient) -> None:
    created = await register(client, "Ada@Example.com")

    assert created.status_code == 201
    user = created.json()
    assert created.headers["location"] == f"/api/v1/users/{user['id']}"
    assert created.headers["etag"] == '"1"'
    assert user["email"] == "ada@example.com"
    assert user["role"] == "user"
    assert "password" not in created.text
    assert "argon2" not in created.text

    token = await token_for(client)
    me = await client.get("/api/v1/users/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json() == user
    by_id = await client.get(f"/api/v1/users/{user['id']}", headers=bearer(token))
    assert (by_id.status_code, by_id.headers["etag"]) == (200, '"1"')


async def test_the_token_endpoint_answers_like_an_oauth2_server(
    client: httpx.AsyncClient,
) -> None:
    await register(client)

    response = await client.post(
        "/api/v1/auth/token", data={"username": "ada@example.com", "password": PASSWORD}
    )

    body = response.json()
    assert (body["token_type"], body["expires_in"]) == ("bearer", 900)
    wrong = await client.post(
        "/api/v1/auth/token", data={"username": "ada@example.com", "password": "nope nope nope"}
    )
    assert_problem(wrong, 401)
    unknown = await client.post(
        "/api/v1/auth/token", data={"username": "x@example.com", "password": PASSWORD}
    )
    assert assert_problem(unknown, 401)["detail"] == assert_problem(wrong, 401)["detail"]
    control = await client.post(
        "/api/v1/auth/token", data={"username": "a\x00b@example.com", "password": PASSWORD}
    )
    assert_problem(control, 401)
    assert response.headers["cache-control"] == "no-store"


async def test_registering_a_taken_email_in_any_case_is_a_conflict(
    client: httpx.AsyncClient,
) -> None:
    await register(client, "ada@example.com")

    response = await register(client, "ADA@example.COM", "Impostor")

    assert "already exists" in str(assert_problem(response, 409)["detail"])


async def test_one_mailbox_is_one_account_however_its_address_is_typed(
    client: httpx.AsyncClient,
) -> None:
    created = await register(client, "ada@b\u00fccher.example")
    again = [
        await register(client, spelling, "Impostor")
        for spelling in (
            "ADA@XN--BCHER-KVA.example",  # the IDNA A-label of the domain
            "\uff41\uff44\uff41@b\u00fccher.example",  # fullwidth letters
        )
    ]
    look_alike = await register(client, "\u0430da@b\u00fccher.example", "Spoof")  # Cyrillic a
    form = {"username": "ADA@xn--bcher-kva.example", "password": PASSWORD}
    logged_in = await client.post("/api/v1/auth/token", data=form)

    assert created.json()["email"] == "ada@xn--bcher-kva.example"
    assert [r.status_code for r in again] == [409, 409]
    problem = assert_problem(look_alike, 422)
    assert "mixes alphabets" in str(problem["errors"])
    assert logged_in.status_code == 200


async def test_twenty_concurrent_registrations_of_one_email_create_exactly_one_user(
    client: httpx.AsyncClient,
) -> None:
    responses = await asyncio.gather(*(register(client, "race@example.com") for _ in range(20)))

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 19
    for response in responses:
        if response.status_code == 409:
            assert_problem(response, 409)


async def test_invalid_registrations_get_field_errors_and_store_nothing(
    client: httpx.AsyncClient,
) -> None:
    cases = [
        {"email": "nope", "password": PASSWORD, "full_name": "Ada"},
        {"email": "a\u0000b@example.com", "password": PASSWORD, "full_name": "Ada"},
        {"email": "a" * 10_000 + "@example.com", "password": PASSWORD, "full_name": "Ada"},
        {"email": "ada@example.com", "password": "short", "full_name": "Ada"},
        {"email": "ada@example.com", "password": PASSWORD, "full_name": ""},
        {"email": "ada@example.com", "password": 123456789012345, "full_name": "Ada"},
        {"email": "ada@example.com", "password": PASSWORD},
        {"email": "ada@example.com", "password": PASSWORD, "full_name": "A", "role": "admin"},
    ]
    for body in cases:
        problem = assert_problem(await client.post("/api/v1/users", json=body), 422)
        errors = problem["errors"]
        assert isinstance(errors, list)
        assert errors
        assert all({"loc", "msg", "type"} <= set(e) for e in errors)

    malformed = await client.post(
        "/api/v1/users", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_problem(malformed, 422)
    assert (await register(client)).status_code == 201  # nothing half-written blocks it


async def test_only_an_admin_lists_users_a_page_at_a_time(
    client: httpx.AsyncClient, promote: Promote
) -> None:
    _, user_token = await signed_up(client, "ada@example.com")
    for i in range(3):
        await register(client, f"user{i}@example.com")
    await register(client, "boss@example.com")
    await promote("boss@example.com")
    admin_token = await token_for(client, "boss@example.com")

    refused = await client.get("/api/v1/users", headers=bearer(user_token))
    first = await client.get("/api/v1/users?limit=3", headers=bearer(admin_token))
    cursor = first.json()["next_after"]
    second = await client.get(f"/api/v1/users?limit=3&after={cursor}", headers=bearer(admin_token))

    assert_problem(refused, 403)
    emails = [u["email"] for u in first.json()["items"] + second.json()["items"]]
    assert emails == [
        "ada@example.com",
        "user0@example.com",
        "user1@example.com",
        "user2@example.com",
        "boss@example.com",
    ]
    assert second.json()["next_after"] is None
    too_big = await client.get("/api/v1/users?limit=101", headers=bearer(admin_token))
    assert_problem(too_big, 422)


async def test_a_user_reads_updates_and_deletes_only_themselves(
    client: httpx.AsyncClient,
) -> None:
    ada_id, ada = await signed_up(client, "ada@example.com")
    grace_id, grace = await signed_up(client, "grace@example.com")

    assert_problem(await client.get(f"/api/v1/users/{grace_id}", headers=bearer(ada)), 403)
    patch = await client.patch(
        f"/api/v1/users/{grace_id}",
        json={"full_name": "Hacked"},
        headers={**bearer(ada), "If-Match": '"1"'},
    )
    assert_problem(patch, 403)
    assert_problem(await client.delete(f"/api/v1/users/{grace_id}", headers=bearer(ada)), 403)

    assert (await client.delete(f"/api/v1/users/{ada_id}", headers=bearer(ada))).status_code == 204
    assert_problem(await client.get(f"/api/v1/users/{ada_id}", headers=bearer(ada)), 404)
    assert_problem(await client.get("/api/v1/users/me", headers=bearer(ada)), 401)
    me = await client.get("/api/v1/users/me", headers=bearer(grace))
    assert me.json()["email"] == "grace@example.com"


async def test_stored_values_that_todays_rules_refuse_still_read_back(
    client: httpx.AsyncClient, database: Database
) -> None:
    # Written under older rules: an upper-case email and a name with a control character.
    legacy = a_user(email="ignored@example.com", full_name=restored(FullName, value="Ada\aKing"))
    legacy = replace(legacy, email=restored(Email, value="ADA@EXAMPLE.COM"))
    await user_repository(database).add(legacy)
    tokens = JwtTokenService(TEST_SECRET, timedelta(minutes=5), SystemClock())
    token = tokens.issue(Caller(legacy.id, Role.USER)).token

    me = await client.get("/api/v1/users/me", headers=bearer(token))

    assert me.status_code == 200, me.text
    assert (me.json()["email"], me.json()["full_name"]) == ("ADA@EXAMPLE.COM", "Ada\aKing")
