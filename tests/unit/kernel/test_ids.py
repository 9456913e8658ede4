import time
import uuid

from app.kernel.ids import new_id


def test_new_ids_are_version_7_with_the_rfc_variant() -> None:
    value = new_id()

    assert value.version == 7
    assert value.variant == uuid.RFC_4122


def test_new_ids_strictly_increase_even_within_one_millisecond() -> None:
    ids = [new_id() for _ in range(5_000)]

    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_a_new_id_carries_the_current_unix_millisecond() -> None:
    before = time.time_ns() // 1_000_000
    millis = new_id().int >> 80
    after = time.time_ns() // 1_000_000

    assert before <= millis <= after + 1
