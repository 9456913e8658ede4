"""UserDirectory, the user module's published api, as other modules call it."""

from app.kernel.ids import new_id
from app.modules.user.adapters.outbound.memory import InMemoryUserRepository
from app.modules.user.api import UserSummary
from app.modules.user.application.look_up_users import MAX_IDS, LookUpUsers
from app.modules.user.domain.user import User


async def test_summaries_name_the_users_that_exist_and_leave_out_the_others(
    users: InMemoryUserRepository, ada: User, grace: User
) -> None:
    found = await LookUpUsers(users).summaries([ada.id, new_id(), grace.id, ada.id])

    assert found == {
        ada.id: UserSummary(ada.id, "Ada Lovelace"),
        grace.id: UserSummary(grace.id, "Grace Hopper"),
    }


async def test_more_ids_than_one_query_takes_are_looked_up_in_batches(
    users: InMemoryUserRepository, ada: User
) -> None:
    ids = [new_id() for _ in range(2 * MAX_IDS)] + [ada.id]

    found = await LookUpUsers(users).summaries(ids)

    assert list(found) == [ada.id]
    assert await LookUpUsers(users).summaries([]) == {}
