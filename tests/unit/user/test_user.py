from app.kernel.auth import Role
from app.modules.user.domain.values import FullName
from tests.factories import T0, a_user


def test_users_are_equal_when_their_ids_are_whatever_else_differs() -> None:
    user = a_user()
    renamed = user.renamed(FullName("Someone Else"), T0)

    assert renamed == user
    assert hash(renamed) == hash(user)
    assert user != a_user()
    assert user != "not a user"


def test_a_users_repr_shows_no_password_hash() -> None:
    user = a_user()

    assert user.password_hash not in repr(user)
    assert str(user.id) in repr(user)


def test_promotion_makes_an_admin_and_stamps_the_change() -> None:
    later = T0.replace(hour=13)

    promoted = a_user().promoted(later)

    assert (promoted.role, promoted.updated_at) == (Role.ADMIN, later)
