"""Reading and writing the journal for the windows: a failed read shows what there is,
a failed write says so in words for the user (app)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from boundary_app.core.i18n import _
from boundary_app.storage.journal import JournalError

log = logging.getLogger(__name__)

T = TypeVar("T")


class NotSaved(Exception):
    """A change was not saved; the message says why, for the user."""


def read_or(read: Callable[[], T], fallback: T) -> T:
    """What `read` returns, or `fallback` (logged) when the journal cannot be read."""
    try:
        return read()
    except JournalError as exc:
        log.error("could not read the journal: %s", exc)
        return fallback


def write_or_raise(write: Callable[[], T], gone: str) -> T:
    """What `write` returns; `NotSaved` when it failed (`gone`: the record is no longer there)."""
    try:
        return write()
    except KeyError as exc:
        raise NotSaved(gone) from exc
    except JournalError as exc:
        raise NotSaved(_("Not saved: {reason}").format(reason=exc)) from exc
