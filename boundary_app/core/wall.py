"""Wall-clock times and how they become real instants (core).

The schedule is written in wall time ("09:00") in an IANA zone. These rules
turn a wall time on a date into one real instant, the way RFC 5545 reads
calendar times:

- a wall time that does not exist (clocks spring forward over it) is read
  with the UTC offset in force before the gap, so 02:30 on a New York
  spring-forward day is 03:30 EDT;
- a wall time that exists twice (clocks fall back) means the first one.

`zoneinfo` with ``fold=0`` does exactly this. All arithmetic on instants is
done in UTC, so durations are real durations. Instants shown to people carry
a fixed UTC offset (see `localize`), which keeps comparisons and subtraction
correct even across a fall-back hour.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

_HHMM = re.compile(r"([0-9]{2}):([0-9]{2})")


def parse_hhmm(text: str, *, allow_24: bool = False) -> time | None:
    """Read strict 24-hour "HH:MM"; None if the text is anything else.

    Only ASCII digits count: other scripts' digits are not times here.
    ``allow_24`` admits "24:00", read as the midnight that ends a day.
    """
    m = _HHMM.fullmatch(text)
    if m is None:
        return None
    hour, minute = int(m[1]), int(m[2])
    if allow_24 and hour == 24 and minute == 0:
        return time(0, 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def format_hhmm(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def resolve(day: date, at: time, zone: tzinfo) -> datetime:
    """The real instant (UTC) of wall time `at` on `day` in `zone`."""
    wall = datetime(day.year, day.month, day.day, at.hour, at.minute, tzinfo=zone, fold=0)
    return wall.astimezone(UTC)


def wall_midnight(day: date, zone: tzinfo) -> datetime:
    """The wall-clock midnight that starts `day`, as a zoned datetime.

    Adding a timedelta to it moves along the wall clock (that is how Python
    adds to a zoned datetime), with ``fold=0``; ``.astimezone(UTC)`` then
    reads the result by the rules above. `resolve` in bulk, for hot loops.
    """
    return datetime(day.year, day.month, day.day, tzinfo=zone)


@lru_cache(maxsize=256)
def _fixed(offset: timedelta) -> timezone:
    return timezone(offset)


def localize(instant: datetime, zone: tzinfo) -> datetime:
    """`instant` as wall time in `zone`, carrying that moment's fixed UTC offset.

    A fixed offset (rather than the zone itself) keeps comparisons and
    subtraction between two such values true to real time; with the zone
    attached, Python compares and subtracts wall times, which is wrong
    across a fall-back hour.
    """
    local = instant.astimezone(zone)
    offset = local.utcoffset()
    assert offset is not None
    return local.replace(tzinfo=_fixed(offset), fold=0)


class Localizer:
    """Localizes many instants of one stretch of time quickly.

    It finds the zone's offset changes in [start, end) once (probing every
    six hours, then narrowing to the second), so each instant then needs
    only a bisection and a conversion to a fixed offset.
    """

    _PROBE = timedelta(hours=6)

    def __init__(self, zone: tzinfo, start: datetime, end: datetime) -> None:
        start = start.astimezone(UTC)
        end = end.astimezone(UTC)
        self._changes: list[datetime] = []
        self._zones: list[timezone] = [_fixed(_offset(start, zone))]
        probe = start
        while probe < end:
            following = min(probe + self._PROBE, end)
            offset = _offset(following, zone)
            if offset != self._zones[-1].utcoffset(None):
                self._changes.append(_first_with(offset, probe, following, zone))
                self._zones.append(_fixed(offset))
            probe = following

    def __call__(self, instant: datetime) -> datetime:
        return instant.astimezone(self._zones[bisect.bisect_right(self._changes, instant)])

    def sorted_run(self, instants: Iterable[datetime]) -> Iterator[datetime]:
        """Each of `instants`, given in ascending order, localized (no bisection)."""
        changes, zones = self._changes, self._zones
        i, count, zone = 0, len(changes), zones[0]
        for instant in instants:
            while i < count and instant >= changes[i]:
                i += 1
                zone = zones[i]
            yield instant.astimezone(zone)


def _offset(instant: datetime, zone: tzinfo) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _first_with(offset: timedelta, low: datetime, high: datetime, zone: tzinfo) -> datetime:
    """The first second in (low, high] at which `zone` has `offset` (it has at `high`)."""
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle <= low:
            break
        if _offset(middle, zone) == offset:
            high = middle
        else:
            low = middle
    return high


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """The first instant (UTC) of `day` in `zone` (01:00 where midnight is skipped)."""
    return resolve(day, time(0, 0), zone)


def local_date(instant: datetime, zone: tzinfo) -> date:
    return instant.astimezone(zone).date()
