"""What free text that any module keeps may hold, and how a schema says so.

Characters no stored text may hold: C0 and C1 controls, and the bidirectional overrides
and isolates that make text display in another order than it is stored. Anything else,
in any script, is someone's name.
"""

import re

FORBIDDEN_CHARACTERS = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARACTERS}]")
_ALLOWED = f"[^{FORBIDDEN_CHARACTERS}]"
# The JSON Schema pattern of a name: allowed characters only, and not only whitespace.
NAME_PATTERN = f"^{_ALLOWED}*[^\\s{FORBIDDEN_CHARACTERS}]{_ALLOWED}*$"


def has_forbidden_characters(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None
