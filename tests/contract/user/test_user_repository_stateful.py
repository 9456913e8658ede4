"""Any sequence of operations keeps the repository's invariants, on every adapter.

Hypothesis drives random adds, updates (fresh and stale) and deletes against the adapter
and against a plain dict model, and after each step checks that they agree.
"""

import asyncio
from collections.abc import Awaitable
from dataclasses import replace
from typing import TypeVar
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    StaleVersionError,
    UserNotFoundError,
)
from app.modules.user.domain.user import User
from app.modules.user.domain.values import FullName
from app.modules.user.module import user_repository
from tests.backends import Backend
from tests.factories import T0, a_user

T = TypeVar("T")
EMAILS = st.sampled_from([f"u{i}@example.com" for i in range(4)])
NAMES = st.sampled_from(["Ada", "Grace", "Barbara", "Frances"])


def test_any_sequence_of_operations_keeps_the_invariants(backend: Backend) -> None:
    loop = asyncio.new_event_loop()

    class RepositoryMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            backend.wipe()
            self.database = backend.open()
            self.repo = user_repository(self.database)
            self.model: dict[UUID, User] = {}

        def run(self, awaitable: Awaitable[T]) -> T:
            return loop.run_until_complete(awaitable)

        def teardown(self) -> None:
            self.run(self.database.close())

        @rule(email=EMAILS)
        def add(self, email: str) -> None:
            user = a_user(email)
            taken = any(u.email == user.email for u in self.model.values())
            try:
                self.run(self.repo.add(user))
                assert not taken, "a duplicate email was accepted"
                self.model[user.id] = user
            except EmailAlreadyTakenError:
                assert taken, "a free email was refused"

        @rule(data=st.data(), name=NAMES, stale=st.booleans())
        def update(self, data: st.DataObject, name: str, stale: bool) -> None:
            if not self.model:
                return
            current = self.model[data.draw(st.sampled_from(sorted(self.model)))]
            sent = current.renamed(FullName(name), T0)
            if stale:
                sent = replace(sent, version=current.version - 1)
                try:
                    self.run(self.repo.update(sent))
                    raise AssertionError("a stale update was accepted")
                except StaleVersionError:
                    return
            self.model[current.id] = self.run(self.repo.update(sent))
            assert self.model[current.id].version == current.version + 1

        @rule(data=st.data())
        def delete(self, data: st.DataObject) -> None:
            if not self.model:
                try:
                    self.run(self.repo.delete(a_user().id))
                    raise AssertionError("deleting a missing user succeeded")
                except UserNotFoundError:
                    return
            user_id = data.draw(st.sampled_from(sorted(self.model)))
            self.run(self.repo.delete(user_id))
            del self.model[user_id]

        @invariant()
        def agrees_with_the_model(self) -> None:
            stored: list[User] = []
            after = None
            while page := self.run(self.repo.list_page(limit=2, after=after)):
                stored += page
                after = page[-1].id
            assert [u.id for u in stored] == sorted(self.model)
            for user in stored:
                expected = self.model[user.id]
                assert (user.email, user.full_name, user.version) == (
                    expected.email,
                    expected.full_name,
                    expected.version,
                )
                assert self.run(self.repo.get_by_email(user.email)) == user

    try:
        run_state_machine_as_test(
            RepositoryMachine,
            settings=settings(
                max_examples=15,
                stateful_step_count=12,
                deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture],
            ),
        )
    finally:
        loop.close()
