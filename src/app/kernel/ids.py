"""Time-ordered identifiers: UUID version 7 (RFC 9562).

Ids sort in creation order, so keyset pagination on the id alone lists oldest first and
B-tree inserts stay at the right edge of the index.
"""

import os
import threading
import time
from uuid import UUID

_lock = threading.Lock()
_last = 0


def new_id() -> UUID:
    """Return a fresh UUIDv7: 48 bits of Unix milliseconds, then 74 random bits.

    Within one process ids strictly increase, even within a millisecond (RFC 9562
    section 6.2, method 2: the random part of a repeated millisecond is incremented).
    """
    global _last
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10))
    value = (millis & 0xFFFF_FFFF_FFFF) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a, 12 bits
    value |= 0b10 << 62  # RFC 9562 variant
    value |= rand & 0x3FFF_FFFF_FFFF_FFFF  # rand_b, 62 bits
    with _lock:
        if value <= _last:
            # Same millisecond (or the clock stepped back): continue from the last id. The
            # 62 random bits of rand_b leave room for ~4.6e18 ids before any carry.
            value = _last + 1
        _last = value
    return UUID(int=value)
