"""Instances of plain events, found as recurring_ical_events finds them (integrations layer).

The reference path (`occurrences.occurrences_between`) hands events to
recurring_ical_events and corrects what it returns. For a plain event this
module takes the same steps on the same Python values, so that the result
is the same to the last quirk:

- X-WR-TIMEZONE moves UTC times into the feed's zone and gives floating
  times that zone (x_wr_timezone), before anything is expanded;
- DTSTART is always an instance unless it lies after UNTIL; the RRULE adds
  dateutil's instances in wall time, an EXDATE removes an instance when its
  UTC or its wall time is written there;
- the library keeps the instances whose wall-time span meets the window
  (comparisons between times in one zone compare wall times, as Python's
  do), and an instance then lasts the event's exact length and is kept if
  it overlaps the window in real time.

Anything the steps above do not cover (a DTEND before DTSTART, floating
times beside zoned ones) is turned down with None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from boundary_app.integrations.calendar.occurrences import LOOK_BACK, instant, uid_hash
from boundary_app.integrations.calendar.plain_text import PlainEvent

_DAY = timedelta(days=1)
_NOTHING = timedelta(0)


@dataclass(frozen=True, slots=True)
class Found:
    """An instance: its UTC start, its length and its id."""

    start: datetime
    length: timedelta
    uid_hash: str


def exact_length(event: PlainEvent, zone: ZoneInfo) -> timedelta | None:
    """How long each instance lasts in real time; None for a duration of a day or more.

    As `occurrences._exact_length` reads it: floating times in `zone`.
    """
    if event.start is None:
        return None
    if event.end is not None:
        return instant(event.end, zone) - instant(event.start, zone)
    if event.duration is None or event.duration >= _DAY:
        return None
    return event.duration


class Expansion:
    """Expands plain events for one window, one way of reading floating times."""

    def __init__(
        self, window: tuple[datetime, datetime], floating_zone: ZoneInfo, feed_zone: ZoneInfo | None
    ) -> None:
        self.window = window
        self.floating_zone = floating_zone
        self.feed_zone = feed_zone
        # What the library is asked for: a day more before the window, in the floating zone.
        self._span = (
            (window[0] - LOOK_BACK).astimezone(floating_zone),
            window[1].astimezone(floating_zone),
        )

    def instances(self, event: PlainEvent, length: timedelta) -> list[Found] | None:
        """The event's instances of `length` that overlap the window, or None if unsure."""
        if event.start is None:
            return []
        feed_zone, span = self.feed_zone, self._span
        first = _walked(event.start, feed_zone)
        if event.end is not None:
            last = _walked(event.end, feed_zone)
        elif event.duration is not None:
            last = first + event.duration  # in wall time, as the library adds it
        else:
            return None
        exdates = [_walked(moment, feed_zone) for moment in event.exdates]
        floating = first.tzinfo is None
        if floating != (last.tzinfo is None) or (
            floating and any(moment.tzinfo is not None for moment in exdates)
        ):
            return None  # the library would move some of them into another zone
        if first > last:
            return None  # the library would swap start and end
        duration = last - first  # in wall time when both are in one zone
        # The library widens the span by adding timedeltas, which drops fold=1: a
        # window that ends in the repeated hour ends an hour sooner for the rules.
        after, before = span[0] - duration, span[1] + _NOTHING
        if floating:
            after, before = after.replace(tzinfo=None), before.replace(tzinfo=None)
        until = None if event.rule is None else event.rule.until_for(first)
        starts = []
        if (until is None or not first > until) and not first > before and first >= after:
            starts.append(first)
        if event.rule is not None:
            starts += [
                moment
                for moment in event.rule.starts_between(first, after, before)
                if until is None or not moment > until
            ]
        excluded = {key for moment in exdates for key in _recurrence_ids(moment)}
        return self._found(event, length, starts, duration, excluded)

    def _found(
        self,
        event: PlainEvent,
        length: timedelta,
        starts: list[datetime],
        duration: timedelta,
        excluded: set[datetime],
    ) -> list[Found]:
        zone, window = self.floating_zone, self.window
        returned: set[datetime] = set()
        found = []
        for moment in starts:
            if moment in returned or (excluded and excluded.intersection(_recurrence_ids(moment))):
                continue
            returned.add(moment)
            if not _in_span(self._span, moment, moment + duration, zone):
                continue
            begin = instant(moment, zone)
            if begin < window[1] and begin + length > window[0]:
                key = event.uid
                if event.rule is not None:  # an instance of a series: known by its slot too
                    key = f"{key}\n{begin.replace(tzinfo=None).isoformat()}Z"
                found.append(Found(begin, length, uid_hash(key)))
        return found


def _walked(moment: datetime, feed_zone: ZoneInfo | None) -> datetime:
    """The time as x_wr_timezone leaves it for a calendar in `feed_zone`."""
    if feed_zone is None:
        return moment
    name = moment.tzname()
    if name is None:
        return moment.replace(tzinfo=feed_zone)
    if name.upper() == "UTC":
        return moment.astimezone(feed_zone)
    return moment


def _recurrence_ids(moment: datetime) -> tuple[datetime, ...]:
    """recurring_ical_events' keys for a time: its UTC and its wall time, without zones."""
    if moment.tzinfo is None:
        return (moment,)
    return (moment.astimezone(UTC).replace(tzinfo=None), moment.replace(tzinfo=None))


def _in_span(
    span: tuple[datetime, datetime], start: datetime, end: datetime, zone: ZoneInfo
) -> bool:
    """recurring_ical_events' test: floating times take the span's zone; ends are exclusive."""
    if start.tzinfo is None:
        start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
    if start == end:
        return span[0] <= start < span[1]
    return start < span[1] and span[0] < end
