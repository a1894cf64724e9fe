"""A keyring that is there but locked, for the real app to meet (test double).

Loaded in the app's own process with
``PYTHON_KEYRING_BACKEND=tests.reliability.locked_keyring.LockedKeyring``:
every call fails the way a locked Secret Service collection fails when
nobody can unlock it (no prompt on a headless session).
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked

REASON = "the login keyring is locked"


class LockedKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked(REASON)

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked(REASON)

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked(REASON)
