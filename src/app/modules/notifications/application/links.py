"""What every email may mention: the service's name and where to reset a password."""

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True, slots=True)
class Links:
    app: str
    reset_url: str  # the page that takes `?token=...` and asks for the new password
    reset_minutes: int

    def reset_link(self, token: str) -> str:
        separator = "&" if "?" in self.reset_url else "?"
        return f"{self.reset_url}{separator}{urlencode({'token': token})}"
