"""Instants as the journal stores them: ISO 8601 text in UTC, read back aware (storage).

Shared by `journal` and the record modules beside it, so every table
writes and reads times the same way.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime


def instant_text(value: datetime, name: str) -> str:
    """`value` (aware) as stored; a naive one is a bug and raises ValueError naming `name`."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, not {value.isoformat()}")
    return value.astimezone(UTC).isoformat()


def optional_instant_text(value: datetime | None, name: str) -> str | None:
    return None if value is None else instant_text(value, name)


def read_instant(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def read_optional(text: str | None) -> datetime | None:
    return None if text is None else read_instant(text)


def check_updated(cursor: sqlite3.Cursor, missing: KeyError) -> None:
    """Raise `missing` when an UPDATE found no row (an id that is not there)."""
    if cursor.rowcount == 0:
        raise missing
