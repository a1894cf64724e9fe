"""Client sessions from an iCalendar feed (integrations layer; no Qt, no network).

Fetching the feed belongs elsewhere; this module takes its bytes.
`parse_feed` turns them into an `icalendar.Calendar` or raises `FeedError`
with a plain message; `sessions_between` expands the calendar's events and
keeps the timed, busy, not cancelled ones that the user's `SessionRule`
calls sessions.

Event titles are private: they often name a client. They are read only to
match the rule. No title is kept in a `FeedSession`, logged, or put in a
message, and errors from the parsing libraries, which quote their input, are
never passed on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from boundary_app.core.sessions import Session
from boundary_app.integrations.calendar.feed_text import (
    FeedError,
    parse_feed,
    parse_lines,
    single_event_outside,
    split_feed,
)
from boundary_app.integrations.calendar.occurrences import occurrences_between, zone_of_feed
from boundary_app.integrations.calendar.plain_feed import plain_part

__all__ = [
    "MAX_LENGTH",
    "MIN_LENGTH",
    "FeedError",
    "FeedSession",
    "SessionRule",
    "parse_feed",
    "sessions_between",
    "sessions_from_feed",
]

MIN_LENGTH = timedelta(minutes=1)
MAX_LENGTH = timedelta(minutes=600)
# Dates in a feed are wall dates in any zone: compare them with days to spare.
_DAYS_TO_SPARE = timedelta(days=3)


@dataclass(frozen=True)
class SessionRule:
    """Which calendar events are client sessions.

    An empty pattern makes every timed, busy event a session. Otherwise the
    pattern is a regular expression searched, ignoring case, in the event's
    SUMMARY and in each of its CATEGORIES. Raises `ValueError` for a pattern
    that is not a regular expression.
    """

    pattern: str = ""
    _regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if not self.pattern:
            return
        try:
            regex = re.compile(self.pattern, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(
                f"session pattern {self.pattern!r} is not a regular expression: {exc}"
            ) from None
        object.__setattr__(self, "_regex", regex)

    def matches(self, event: icalendar.Component) -> bool:
        """Whether the event's title or one of its categories matches."""
        return self.matches_any(_titles_and_categories(event))

    def matches_any(self, texts: Iterable[str]) -> bool:
        """Whether one of an event's titles and categories matches."""
        if self._regex is None:
            return True
        return any(self._regex.search(text) for text in texts)


@dataclass(frozen=True, slots=True)
class FeedSession:
    """A session found in a feed: its UTC start, its length and an opaque id.

    It holds no text from the feed. `uid_hash` is a short SHA-256 of the
    event's UID and, for an instance of a repeating event, the start of its
    slot (RECURRENCE-ID), so an instance moved to another time keeps its id.
    """

    start: datetime
    length: timedelta
    uid_hash: str

    @property
    def end(self) -> datetime:
        return self.start + self.length

    def to_session(self) -> Session:
        return Session(self.start, self.length)


def sessions_between(
    calendar: icalendar.Component,
    start: datetime,
    end: datetime,
    rule: SessionRule,
    zone: ZoneInfo,
) -> list[FeedSession]:
    """The sessions in `calendar` that overlap [start, end), sorted by start.

    A session that started before `start` and is still running is included.
    Left out: all-day events, cancelled ones (STATUS:CANCELLED), free ones
    (TRANSP:TRANSPARENT or Outlook's BUSYSTATUS FREE), points in time (no
    DTEND or DURATION), and lengths outside 1..600 minutes. Floating times
    are read in `zone` unless the feed names its own (X-WR-TIMEZONE).
    Raises `FeedError` if the events cannot be expanded.
    """
    _check_window(start, end)
    if end <= start:
        return []
    sessions = [
        FeedSession(found.start, found.length, found.uid_hash)
        for found in occurrences_between(calendar, start, end, zone, rule.matches)
        if MIN_LENGTH <= found.length <= MAX_LENGTH
        and _busy(found.component)
        and rule.matches(found.component)
    ]
    sessions.sort(key=lambda session: (session.start, session.uid_hash))
    return sessions


def sessions_from_feed(
    data: bytes, start: datetime, end: datetime, rule: SessionRule, zone: ZoneInfo
) -> list[FeedSession]:
    """`parse_feed` and `sessions_between` in one step, with the same result.

    Much faster for a big feed: ordinary events are read from their text
    and expanded without icalendar (`calendar.plain_feed`), and single
    events whose dates lie well outside the window are not parsed at all.
    """
    _check_window(start, end)
    feed = split_feed(data)
    plain = plain_part(feed, (start, end), zone, rule.matches_any, (MIN_LENGTH, MAX_LENGTH))
    first_day = (start - _DAYS_TO_SPARE).astimezone(UTC).date()
    last_day = (end + _DAYS_TO_SPARE).astimezone(UTC).date()

    def keep(block: list[str]) -> bool:
        return not single_event_outside(block, first_day, last_day)

    calendar = parse_lines(feed, keep, plain.left_out)
    if plain.left_out and zone_of_feed(calendar) is not plain.feed_zone:
        # The text misled the fast path about the feed's zone: read it all the slow way.
        return sessions_between(parse_lines(feed, keep), start, end, rule, zone)
    sessions = sessions_between(calendar, start, end, rule, zone)
    sessions += (FeedSession(found.start, found.length, found.uid_hash) for found in plain.found)
    sessions.sort(key=lambda session: (session.start, session.uid_hash))
    return sessions


def _check_window(start: datetime, end: datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("the window's start and end must be aware datetimes")


def _busy(event: icalendar.Component) -> bool:
    if _upper(event.get("STATUS")) == "CANCELLED":
        return False
    if _upper(event.get("TRANSP")) == "TRANSPARENT":
        return False
    return _upper(event.get("X-MICROSOFT-CDO-BUSYSTATUS")) != "FREE"


def _upper(value: object) -> str:
    return str(value).strip().upper() if isinstance(value, str) else ""


def _titles_and_categories(event: icalendar.Component) -> list[str]:
    summary = event.get("SUMMARY")
    texts = [str(text) for text in (summary if isinstance(summary, list) else [summary]) if text]
    categories = event.get("CATEGORIES")
    for prop in categories if isinstance(categories, list) else [categories]:
        texts.extend(str(name) for name in getattr(prop, "cats", ()))
    return texts
