"""A calendar's events as occurrences with exact instants (integrations layer).

recurring_ical_events does the RFC 5545 expansion (RRULE, RDATE, EXDATE,
RECURRENCE-ID overrides, X-WR-TIMEZONE). This module prepares its input and
corrects its output:

- events whose time properties cannot be read are left out, so that one
  damaged event does not hide the rest of the feed;
- floating times (no TZID) are read in the feed's X-WR-TIMEZONE if it has a
  known one, else in the user's zone;
- every instance lasts the exact duration of the component that defines it.
  The library adds durations in wall time, so a 01:00-02:00 instance on the
  night clocks fall back would last two real hours; RFC 5545 wants one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]  # ships no type hints

from boundary_app.integrations.calendar.feed_text import (
    FeedError,
    check_scale,
    value_of,
    zone_named,
)

_TIME_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "EXRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
)
# Expanding these from a start years back takes millions of steps; no series
# of sessions repeats more often than hourly.
_TOO_FREQUENT = frozenset({"SECONDLY", "MINUTELY"})
# The library finds instances by its wall-time ends; look a day further back
# so that none whose exact end reaches into the window is missed.
LOOK_BACK = timedelta(days=1)
_HASH_CHARS = 16
# Times a day or more inside datetime's range, so that zone offsets and
# event lengths never overflow; and no event lasts longer than a year.
_FIRST_YEAR, _LAST_YEAR = 2, 9998
_LONGEST = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One instance of an event: exact UTC start and length, and an id without feed text.

    `component` is the expanded event, for reading its status and title; it
    must not be kept.
    """

    component: icalendar.Component
    start: datetime
    length: timedelta
    uid_hash: str


@dataclass
class _Prepared:
    """The calendar the library expands, and what is needed to correct its output."""

    calendar: icalendar.Calendar
    floating_zone: ZoneInfo
    recurring_uids: set[str] = field(default_factory=set)
    # Exact lengths of the components that define instances: a series or
    # single event by UID, an override by (UID, recurrence stamp).
    series_lengths: dict[str, timedelta | None] = field(default_factory=dict)
    override_lengths: dict[tuple[str, str], timedelta | None] = field(default_factory=dict)
    # UIDs given to events that shared one with another series or single event.
    aliases: dict[str, str] = field(default_factory=dict)


def occurrences_between(
    calendar: icalendar.Component,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    wanted: Callable[[icalendar.Component], bool],
) -> list[Occurrence]:
    """Timed occurrences that overlap [start, end), of event series with a `wanted` member.

    A series none of whose components (the series itself, its overrides) is
    `wanted` is not expanded at all. Raises `FeedError` if the calendar
    cannot be expanded.
    """
    check_scale(calendar)
    prepared = _prepare(calendar, zone, wanted, (start - LOOK_BACK, end + LOOK_BACK))
    try:
        query = recurring_ical_events.of(prepared.calendar, skip_bad_series=True)
        components = query.between(
            (start - LOOK_BACK).astimezone(prepared.floating_zone),
            end.astimezone(prepared.floating_zone),
        )
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
        raise FeedError(
            "the feed holds events whose times or repeats cannot be worked out"
        ) from None
    found = []
    for component in components:
        try:
            occurrence = _occurrence(component, prepared)
        except OverflowError:  # a time at the edge of the representable years
            continue
        if occurrence is None:
            continue
        if occurrence.start < end and occurrence.start + occurrence.length > start:
            found.append(occurrence)
    return found


def zone_of_feed(calendar: icalendar.Component) -> ZoneInfo | None:
    """The zone the calendar's X-WR-TIMEZONE names, if it is a known one."""
    return zone_named(str(calendar.get("X-WR-TIMEZONE", "")))


def _prepare(
    calendar: icalendar.Component,
    zone: ZoneInfo,
    wanted: Callable[[icalendar.Component], bool],
    near: tuple[datetime, datetime],
) -> _Prepared:
    feed_zone = zone_of_feed(calendar)
    query_calendar = icalendar.Calendar()
    if feed_zone is not None:
        query_calendar["X-WR-TIMEZONE"] = feed_zone.key
    prepared = _Prepared(query_calendar, feed_zone or zone)
    groups: dict[str | None, list[icalendar.Component]] = {}
    for event in calendar.subcomponents:
        if event.name == "VEVENT" and _readable(event):
            uid = event.get("UID")
            groups.setdefault(None if uid is None else str(uid), []).append(event)
    for uid, events in groups.items():
        if _all_single_and_outside(events, near, prepared.floating_zone):
            continue  # most of a long-lived feed: sparing the library is most of the speed
        if not any(wanted(event) for event in events):
            continue
        if uid is not None:
            events = _own_uids(uid, events, prepared)
        for event in events:
            query_calendar.add_component(event)
            if uid is not None:
                _note_lengths(prepared, str(event["UID"]), event)
    return prepared


def _own_uids(
    uid: str, events: list[icalendar.Component], prepared: _Prepared
) -> list[icalendar.Component]:
    """The events, with a UID of its own for every series or single event but one.

    Some exports give several events one UID; the library would keep only one
    of them. A series keeps the UID, and with it the overrides.
    """
    overrides = [event for event in events if "RECURRENCE-ID" in event]
    cores = [event for event in events if "RECURRENCE-ID" not in event]
    if len(cores) < 2:
        return events
    prepared.recurring_uids.add(uid)  # tell them apart by their starts, like instances
    cores.sort(key=lambda event: "RRULE" not in event and "RDATE" not in event)
    renamed = []
    for number, core in enumerate(cores[1:], start=1):
        alias = f"{uid}\x00{number}"
        prepared.aliases[alias] = uid
        copy = core.copy()
        copy["UID"] = alias
        renamed.append(copy)
    return [*overrides, cores[0], *renamed]


def _all_single_and_outside(
    events: list[icalendar.Component], near: tuple[datetime, datetime], zone: ZoneInfo
) -> bool:
    for event in events:
        if any(name in event for name in ("RRULE", "RDATE", "EXRULE", "RECURRENCE-ID")):
            return False
        length = _exact_length(event, zone)
        start = _single_value(event, "DTSTART")
        if length is None or not isinstance(start, datetime):
            return False
        if near[0] < instant(start, zone) + length and instant(start, zone) < near[1]:
            return False
    return True


def _note_lengths(prepared: _Prepared, uid: str, event: icalendar.Component) -> None:
    length = _exact_length(event, prepared.floating_zone)
    recurrence_id = event.get("RECURRENCE-ID")
    slot = value_of(recurrence_id)
    if isinstance(slot, date):
        prepared.recurring_uids.add(uid)
        prepared.override_lengths[(uid, stamp(slot, prepared.floating_zone))] = length
        if str(recurrence_id.params.get("RANGE", "")).upper() == "THISANDFUTURE":
            # It changes later instances too: leave their lengths to the library.
            prepared.series_lengths[uid] = None
        return
    if "RRULE" in event or "RDATE" in event:
        prepared.recurring_uids.add(uid)
    if uid in prepared.series_lengths or _has_periods(event):
        # Two series with one UID, or instances with their own ends: the library's ends.
        prepared.series_lengths[uid] = None
    else:
        prepared.series_lengths[uid] = length


def _occurrence(component: icalendar.Component, prepared: _Prepared) -> Occurrence | None:
    begin = _single_value(component, "DTSTART")
    finish = _single_value(component, "DTEND")
    slot = _single_value(component, "RECURRENCE-ID")  # the library sets it on every instance
    if not isinstance(begin, datetime) or not isinstance(finish, datetime):
        return None  # all day
    if not isinstance(slot, date):
        return None
    zone = prepared.floating_zone
    start = instant(begin, zone)
    slot_stamp = stamp(slot, zone)
    uid_value = component.get("UID")
    uid = None if uid_value is None else str(uid_value)
    original = None if uid is None else prepared.aliases.get(uid, uid)
    length = None  # None: take the end the library worked out
    if uid is not None and (uid, slot_stamp) in prepared.override_lengths:
        length = prepared.override_lengths[(uid, slot_stamp)]
    elif uid is not None:
        length = prepared.series_lengths.get(uid)
    if length is None:
        length = instant(finish, zone) - start
    if original is None:
        key = f"\n{slot_stamp}"  # no UID: its start is all that tells it apart
    elif original in prepared.recurring_uids:
        key = f"{original}\n{slot_stamp}"
    else:
        key = original
    return Occurrence(component, start, length, uid_hash(key))


def _readable(event: icalendar.Component) -> bool:
    """Whether the event's time properties hold values the expansion can use.

    All-day events and points in time are left out here when they define a
    series or a single event; an override is kept, as it replaces an instance.
    """
    if any(name in _TIME_PROPERTIES for name, _ in event.errors):
        return False
    start = _single_value(event, "DTSTART")
    if "RECURRENCE-ID" not in event:
        if not isinstance(start, datetime):
            return False  # all day, or unreadable
        if "DTEND" not in event and "DURATION" not in event:
            return False  # a point in time
    names = ("DTEND", "RECURRENCE-ID")
    moments = [start, *(_single_value(event, name) for name in names if name in event)]
    if not all(_usable(moment) for moment in moments):
        return False
    if "DURATION" in event:
        duration = _single_value(event, "DURATION")
        if not isinstance(duration, timedelta) or not timedelta(0) <= duration <= _LONGEST:
            return False
    return (
        _dates_readable(event, "EXDATE", rdate=False)
        and _dates_readable(event, "RDATE", rdate=True)
        and _rules_readable(event)
    )


def _usable(moment: object) -> bool:
    return isinstance(moment, date) and _FIRST_YEAR <= moment.year <= _LAST_YEAR


def _single_value(event: icalendar.Component, name: str) -> object:
    return value_of(event.get(name))


def _values(prop: object) -> Iterable[object]:
    return prop if isinstance(prop, list) else [prop]


def _dates(prop: object) -> list[object]:
    dates = value_of(prop, "dts")
    return dates if isinstance(dates, list) else [None]


def _dates_readable(event: icalendar.Component, name: str, *, rdate: bool) -> bool:
    for prop in _values(event.get(name, [])):
        for value in _dates(prop):
            moment = value_of(value)
            if isinstance(moment, tuple) and rdate:
                moment = moment[0]
            if not _usable(moment):
                return False
    return True


def _rules_readable(event: icalendar.Component) -> bool:
    for rule in _values(event.get("RRULE", [])):
        if not isinstance(rule, icalendar.vRecur):
            return False
        if any(str(freq).upper() in _TOO_FREQUENT for freq in rule.get("FREQ", ())):
            return False
    return True


def _has_periods(event: icalendar.Component) -> bool:
    return any(
        isinstance(value_of(value), tuple)
        for prop in _values(event.get("RDATE", []))
        for value in _dates(prop)
    )


def _exact_length(event: icalendar.Component, zone: ZoneInfo) -> timedelta | None:
    start = _single_value(event, "DTSTART")
    if not isinstance(start, datetime):
        return None
    if "DTEND" in event:
        end = _single_value(event, "DTEND")
        return instant(end, zone) - instant(start, zone) if isinstance(end, datetime) else None
    duration = _single_value(event, "DURATION")
    if isinstance(duration, timedelta):
        # Sessions are shorter than a day, where a duration is exact time.
        return duration if duration < timedelta(days=1) else None
    return timedelta(0)


def instant(moment: datetime, zone: ZoneInfo) -> datetime:
    """In UTC; a floating time is read in `zone` (fold=0, as RFC 5545 reads wall times)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def uid_hash(key: str) -> str:
    """The id of an instance: a short SHA-256 of its UID and, if it repeats, its slot."""
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:_HASH_CHARS]


def stamp(moment: date, zone: ZoneInfo) -> str:
    """An instance's slot as it goes into its id: the UTC time, or the date."""
    if isinstance(moment, datetime):
        return instant(moment, zone).replace(tzinfo=None).isoformat() + "Z"
    return moment.isoformat()
