"""Well-being records: energy after a session, notes for supervision, supervision held (core).

These are the user's own reflections. They never hold a client's name:
energy carries a rating and tags from the user's own short list, a note is
the user's text (kept out of every session-time screen), and a supervisee
is known by initials only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from boundary_app.core.sessions import Session
from boundary_app.core.wall import local_date

MAX_TAGS = 12  # on the user's list
TAG_MAX = 24  # characters in one tag
NOTE_MAX = 500  # characters in one note for supervision
INITIALS_MAX = 4  # letters in a supervisee's initials

# A rating given this long after a session ended is still about that session.
RATING_WINDOW = timedelta(hours=3)

_INITIALS = re.compile(r"[^\W\d_](?:\.?[^\W\d_]){0,3}\.?")


class Energy(StrEnum):
    """How a session left the user; the values appear in the journal and the export."""

    ENERGISED = "energised"
    NEUTRAL = "neutral"
    DRAINED = "drained"

    @property
    def score(self) -> int:
        """+1, 0 or -1: an average of these says which way a kind of work leans."""
        return {"energised": 1, "neutral": 0, "drained": -1}[self.value]


class Held(StrEnum):
    """What a supervision log entry records."""

    SUPERVISION = "supervision"  # the user's own supervision or consultation took place
    CHECK_IN = "check-in"  # the user checked in with a supervisee


@dataclass(frozen=True, slots=True)
class EnergyCheck:
    """One rating, when it was given, its tags, and the session it is about (if known)."""

    at: datetime
    rating: Energy
    tags: tuple[str, ...] = ()
    session_start: datetime | None = None

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("an energy check's time must be an aware datetime")
        if self.session_start is not None and self.session_start.tzinfo is None:
            raise ValueError("an energy check's session start must be an aware datetime")


@dataclass(frozen=True, slots=True)
class SupervisionNote:
    """A thought kept for the next supervision; `done_at` once it was talked through."""

    id: int
    text: str
    created_at: datetime
    done_at: datetime | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True, slots=True)
class SupervisionHeld:
    """A supervision that took place, or a check-in with a supervisee (by initials)."""

    at: datetime
    what: Held
    initials: str = ""


def clean_tag(text: str) -> str | None:
    """A tag as stored: one line, inner spaces single, trimmed; None if empty or too long."""
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > TAG_MAX:
        return None
    return cleaned


def clean_note(text: str) -> str | None:
    """A note as stored: trimmed, lines kept, at most `NOTE_MAX` characters; None if blank."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    cleaned = "\n".join(line for line in lines if line)
    if not cleaned:
        return None
    return cleaned[:NOTE_MAX]


def valid_initials(text: str) -> bool:
    """Whether `text` is initials (1-4 letters, dots allowed: "AB", "A.B."), never a name."""
    return _INITIALS.fullmatch(text.strip()) is not None


def session_to_rate(sessions: Iterable[Session], now: datetime, zone: tzinfo) -> Session | None:
    """The session a rating given `now` is about: the latest that started today and
    ended (or whose planned end passed) within the last `RATING_WINDOW`; None if none did.
    """
    today = local_date(now, zone)
    over = [
        s
        for s in sessions
        if s.busy_until <= now < s.busy_until + RATING_WINDOW and local_date(s.start, zone) == today
    ]
    return max(over, key=lambda s: s.start) if over else None
