"""Counting unseen mail on the user's own IMAP server; integrations layer, Qt-free.

One blocking call, one connection: connect over TLS (IMAPS, or STARTTLS before any
credential is sent), log in, ask `STATUS "<folder>" (UNSEEN)` for each folder, log out. The
certificate is always verified; a caller may pass its own `SSLContext` (the tests trust
their own CA that way), never an unverified one. Every failure becomes a `MailError` whose
kind the app can act on and whose message names the server, never the password. The app
runs this off the GUI thread.
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import logging
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)

Security = Literal["imaps", "starttls"]
ErrorKind = Literal["auth", "unreachable", "certificate", "folder", "protocol", "timeout"]

_SECURITIES = ("imaps", "starttls")
# The last parenthesised list of a STATUS reply: `"INBOX" (UNSEEN 3)`.
_STATUS_ITEMS = re.compile(rb"\(([^()]*)\)\s*$")
_UNSEEN = re.compile(rb"(?:^|\s)UNSEEN\s+(\d+)(?:\s|$)", re.IGNORECASE)


@dataclass(frozen=True)
class MailAccount:
    """Where the user's mail lives: an IMAP server, a user name and the folders to watch."""

    host: str
    port: int = 993
    user: str = ""
    folders: tuple[str, ...] = ("INBOX",)
    security: Security = "imaps"

    def __post_init__(self) -> None:
        if self.security not in _SECURITIES:
            raise ValueError(f"security must be one of {_SECURITIES}, not {self.security!r}")
        if not 0 < self.port < 65536:
            raise ValueError(f"port must be between 1 and 65535, not {self.port}")

    @property
    def address(self) -> str:
        """`host:port`, as messages name the server."""
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class MailCount:
    """Unseen messages per folder, in the account's folder order."""

    unseen: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.unseen.values())


class MailError(Exception):
    """Counting failed; `kind` says how, the message says what and where in plain words."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind: ErrorKind = kind
        self.message = message


def encode_mailbox_name(name: str) -> str:
    """A folder name in IMAP's modified UTF-7 (RFC 3501, 5.1.3): "Grüße" -> "Gr&APwA3w-e"."""
    out: list[str] = []
    pending: list[str] = []  # characters outside printable ASCII, encoded together

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode("ascii").rstrip("=").replace("/", ","))
            out.append("-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def quote_string(text: str) -> str:
    """An IMAP quoted string; the caller has made sure it holds no CR, LF or NUL."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def count_unseen(
    account: MailAccount,
    password: str,
    *,
    timeout: float = 15.0,
    context: ssl.SSLContext | None = None,
) -> MailCount:
    """Count the unseen messages in each of the account's folders over one TLS connection.

    Blocks for up to about `timeout` seconds per network step. Raises `MailError`.
    """
    mailboxes = [_mailbox_argument(account, folder) for folder in account.folders]
    if context is None:
        context = ssl.create_default_context()
    where = account.address
    with _translated_errors(where), _session(account, timeout, context) as imap:
        _log_in(imap, account, password)
        unseen: dict[str, int] = {}
        for folder, mailbox in zip(account.folders, mailboxes, strict=True):
            unseen[folder] = _unseen_in(imap, account, folder, mailbox)
    log.debug("%s: %d unseen in %d folders", where, sum(unseen.values()), len(unseen))
    return MailCount(unseen)


def _mailbox_argument(account: MailAccount, folder: str) -> str:
    if not folder or any(ord(char) < 0x20 or ord(char) == 0x7F for char in folder):
        raise MailError("folder", f"the folder name {folder!r} cannot be used on {account.address}")
    return quote_string(encode_mailbox_name(folder))


@contextlib.contextmanager
def _session(
    account: MailAccount, timeout: float, context: ssl.SSLContext
) -> Iterator[imaplib.IMAP4]:
    """A connection that is TLS from before the first credential, logged out at the end."""
    imap: imaplib.IMAP4
    if account.security == "imaps":
        imap = imaplib.IMAP4_SSL(account.host, account.port, ssl_context=context, timeout=timeout)
    else:
        imap = imaplib.IMAP4(account.host, account.port, timeout=timeout)
    try:
        if account.security == "starttls":
            if "STARTTLS" not in imap.capabilities:
                raise MailError(
                    "protocol",
                    f"{account.address} does not offer STARTTLS; "
                    "the password is not sent without encryption",
                )
            imap.starttls(context)
        yield imap
    finally:
        # LOGOUT is polite even before LOGIN; imaplib closes the socket whatever the answer.
        with contextlib.suppress(Exception):
            imap.logout()


def _log_in(imap: imaplib.IMAP4, account: MailAccount, password: str) -> None:
    try:
        if _printable_ascii(account.user) and _printable_ascii(password):
            # imaplib quotes the password but sends the user name as it is.
            imap.login(quote_string(account.user), password)
        else:
            # A quoted string carries neither UTF-8 nor line breaks; SASL PLAIN (RFC 4616)
            # sends both base64-encoded.
            secret = f"\0{account.user}\0{password}".encode()
            imap.authenticate("PLAIN", lambda _challenge: secret)
    except imaplib.IMAP4.abort:
        raise  # the connection broke: a protocol problem, not a refusal
    except imaplib.IMAP4.error as exc:
        raise MailError("auth", f"{account.address} refused the user name or password") from exc


def _printable_ascii(text: str) -> bool:
    return all(0x20 <= ord(char) <= 0x7E for char in text)


def _unseen_in(imap: imaplib.IMAP4, account: MailAccount, folder: str, mailbox: str) -> int:
    typ, data = imap.status(mailbox, "(UNSEEN)")
    if typ != "OK":
        raise MailError("folder", f'no folder "{folder}" on {account.address}')
    replies = [item for item in data if isinstance(item, bytes)]
    items = _STATUS_ITEMS.search(replies[-1]) if replies else None
    found = _UNSEEN.search(items.group(1)) if items else None
    if found is None:
        raise MailError(
            "protocol", f'{account.address} sent no unseen count for folder "{folder}": {data!r}'
        )
    return int(found.group(1))


@contextlib.contextmanager
def _translated_errors(where: str) -> Iterator[None]:
    """Socket, TLS and IMAP exceptions as `MailError`s; the order of the clauses matters."""
    try:
        yield
    except MailError:
        raise
    except ssl.SSLCertVerificationError as exc:
        reason = exc.verify_message or exc.reason or "unknown reason"
        raise MailError(
            "certificate", f"{where}: the certificate is not trusted ({reason})"
        ) from exc
    except TimeoutError as exc:
        raise MailError("timeout", f"{where} did not answer in time") from exc
    except ssl.SSLError as exc:
        reason = exc.reason or str(exc)
        raise MailError("protocol", f"{where}: the TLS handshake failed ({reason})") from exc
    except ConnectionRefusedError as exc:
        raise MailError("unreachable", f"{where} refused the connection") from exc
    except OSError as exc:  # gaierror, no route, reset, ...
        reason = exc.strerror or str(exc)
        raise MailError("unreachable", f"{where} cannot be reached ({reason})") from exc
    except imaplib.IMAP4.error as exc:  # abort included: a broken or unexpected exchange
        raise MailError("protocol", f"{where} broke off the IMAP exchange ({exc})") from exc
