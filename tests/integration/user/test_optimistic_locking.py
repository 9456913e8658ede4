"""PATCH needs the ETag it changes: no update is ever silently lost."""

import asyncio

import httpx

from tests.integration.conftest import PASSWORD, assert_problem, bearer, signed_up


async def test_a_patch_with_the_current_etag_applies_and_returns_the_next_one(
    client: httpx.AsyncClient,
) -> None:
    user_id, token = await signed_up(client)
    etag = (await client.get(f"/api/v1/users/{user_id}", headers=bearer(token))).headers["etag"]

    response = await client.patch(
        f"/api/v1/users/{user_id}",
        json={
            "full_name": "Ada King",
            "password": "a brand new passphrase",
            "current_password": PASSWORD,
        },
        headers={**bearer(token), "If-Match": etag},
    )

    assert response.status_code == 200
    assert (response.json()["full_name"], response.headers["etag"]) == ("Ada King", '"2"')
    old = await client.post(
        "/api/v1/auth/token", data={"username": "ada@example.com", "password": PASSWORD}
    )
    assert_problem(old, 401)
    new = await client.post(
        "/api/v1/auth/token",
        data={"username": "ada@example.com", "password": "a brand new passphrase"},
    )
    assert new.status_code == 200


async def test_of_two_patches_carrying_the_same_etag_exactly_one_wins(
    client: httpx.AsyncClient,
) -> None:
    user_id, token = await signed_up(client)
    headers = {**bearer(token), "If-Match": '"1"'}

    responses = await asyncio.gather(
        client.patch(f"/api/v1/users/{user_id}", json={"full_name": "A"}, headers=headers),
        client.patch(f"/api/v1/users/{user_id}", json={"full_name": "B"}, headers=headers),
    )

    assert sorted(r.status_code for r in responses) == [200, 412]
    winner = next(r for r in responses if r.status_code == 200).json()["full_name"]
    stored = await client.get(f"/api/v1/users/{user_id}", headers=bearer(token))
    assert (stored.json()["full_name"], stored.headers["etag"]) == (winner, '"2"')
    assert_problem(next(r for r in responses if r.status_code == 412), 412)


async def test_a_patch_without_if_match_is_refused_with_428(client: httpx.AsyncClient) -> None:
    user_id, token = await signed_up(client)

    for headers in (bearer(token), {**bearer(token), "If-Match": "*"}):
        response = await client.patch(
            f"/api/v1/users/{user_id}", json={"full_name": "X"}, headers=headers
        )
        assert "If-Match" in str(assert_problem(response, 428)["detail"])


async def test_a_stale_weak_or_foreign_etag_is_refused_with_412(client: httpx.AsyncClient) -> None:
    user_id, token = await signed_up(client)

    for etag in ('"7"', 'W/"1"', "1", '"abc"', '""', '"99999999999999999999"'):
        response = await client.patch(
            f"/api/v1/users/{user_id}",
            json={"full_name": "X"},
            headers={**bearer(token), "If-Match": etag},
        )
        assert_problem(response, 412)

    me = await client.get("/api/v1/users/me", headers=bearer(token))
    assert (me.json()["full_name"], me.headers["etag"]) == ("Ada Lovelace", '"1"')


async def test_an_invalid_patch_body_is_a_422_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    user_id, token = await signed_up(client)
    headers = {**bearer(token), "If-Match": '"1"'}

    for body in ({}, {"password": "short"}, {"full_name": 42}, {"role": "admin"}):
        response = await client.patch(f"/api/v1/users/{user_id}", json=body, headers=headers)
        assert_problem(response, 422)

    me = await client.get("/api/v1/users/me", headers=bearer(token))
    assert (me.json()["role"], me.headers["etag"]) == ("user", '"1"')


async def test_patching_a_deleted_user_is_a_404(client: httpx.AsyncClient) -> None:
    user_id, token = await signed_up(client)
    await client.delete(f"/api/v1/users/{user_id}", headers=bearer(token))

    response = await client.patch(
        f"/api/v1/users/{user_id}",
        json={"full_name": "Ghost"},
        headers={**bearer(token), "If-Match": '"1"'},
    )

    assert_problem(response, 404)
