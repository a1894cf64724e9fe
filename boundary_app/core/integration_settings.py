"""Settings of the optional integrations: a calendar feed and a mail account (core).

Both are off by default. Secrets are not settings: a private feed address
and a mail password live in the OS keyring, never in the settings file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CalendarRules:
    """Sessions from a calendar: a local `.ics` file, or an https address kept in the keyring.

    `pattern` (a regular expression, any case) picks the events that are
    sessions by title or category; empty: every timed, busy event.
    """

    enabled: bool = False
    source: str = "file"
    file: str = ""
    pattern: str = ""


@dataclass(frozen=True)
class MailRules:
    """An IMAP account whose unread count goes into email-window nudges (TLS only)."""

    enabled: bool = False
    host: str = ""
    port: int = 993
    security: str = "imaps"
    user: str = ""
    folders: tuple[str, ...] = ("INBOX",)
