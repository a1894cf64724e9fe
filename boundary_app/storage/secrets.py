"""Secrets in the OS keyring: a private calendar address, a mail password (storage).

Nothing secret is ever written to a file by Boundary: without a working
keyring the features that need one say they are unavailable, and why.
`keyring` is imported on first use: loading it and its backends costs some
15 MB, which a user without calendar or mail never needs to pay.
"""

from __future__ import annotations

import logging
from types import ModuleType

from boundary_app.core.i18n import _

log = logging.getLogger(__name__)

SERVICE = "boundary-app"
CALENDAR_URL = "calendar-url"


def mail_key(user: str, host: str) -> str:
    return f"mail:{user}@{host}"


class SecretsUnavailable(Exception):
    """The keyring cannot be used; the message says why and what that switches off."""


class Secrets:
    """Read, keep and forget secrets under one service name in the OS keyring."""

    def __init__(self, service: str = SERVICE) -> None:
        self._service = service

    def backend(self) -> str:
        """The keyring in use, for messages ("SecretService Keyring")."""
        ring = _keyring().get_keyring()
        return str(getattr(ring, "name", type(ring).__name__))

    def get(self, key: str) -> str | None:
        ring, errors = _keyring(), _errors()
        try:
            found: str | None = ring.get_password(self._service, key)
            return found
        except errors.NoKeyringError as exc:
            raise SecretsUnavailable(_no_keyring(exc)) from None
        except errors.KeyringError as exc:
            raise SecretsUnavailable(
                _("The keyring could not be read: {reason}").format(reason=exc)
            ) from None

    def set(self, key: str, value: str) -> None:
        ring, errors = _keyring(), _errors()
        try:
            ring.set_password(self._service, key, value)
        except errors.NoKeyringError as exc:
            raise SecretsUnavailable(_no_keyring(exc)) from None
        except errors.KeyringError as exc:
            raise SecretsUnavailable(
                _("The keyring did not keep the secret: {reason}").format(reason=exc)
            ) from None

    def delete(self, key: str) -> None:
        ring, errors = _keyring(), _errors()
        try:
            ring.delete_password(self._service, key)
        except errors.PasswordDeleteError:
            return  # nothing kept: nothing to forget
        except errors.NoKeyringError as exc:
            raise SecretsUnavailable(_no_keyring(exc)) from None
        except errors.KeyringError as exc:
            raise SecretsUnavailable(
                _("The keyring could not forget the secret: {reason}").format(reason=exc)
            ) from None


def _keyring() -> ModuleType:
    import keyring

    return keyring


def _errors() -> ModuleType:
    from keyring import errors

    return errors


def _no_keyring(exc: Exception) -> str:
    return _(
        "No keyring is available on this computer (for example GNOME Keyring or KWallet"
        " on Linux), so Boundary cannot keep a password or a private address safely"
        " and will not store it anywhere else. ({reason})"
    ).format(reason=exc)


def masked(secret: str, keep: int = 4) -> str:
    """A secret as it may be shown: "https://calendar.google.com/…c4f9"."""
    if "://" in secret:
        scheme, rest = secret.split("://", 1)
        host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
        return f"{scheme}://{host}/\u2026{secret[-keep:]}" if len(rest) > len(host) else secret
    return "\u2022" * 8 if len(secret) <= keep * 2 else f"\u2026{secret[-keep:]}"
