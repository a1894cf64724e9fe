"""Plain RRULEs, read from their text and expanded with dateutil (integrations layer).

A rule is plain when it uses FREQ (HOURLY to YEARLY), INTERVAL, COUNT or
UNTIL, BYDAY, BYMONTHDAY, BYMONTH and WKST in their ordinary forms; any
other rule is left to recurring_ical_events. The instances are those
recurring_ical_events finds: dateutil's, in wall time from DTSTART, with an
UNTIL read as it reads one (in UTC when DTSTART has a zone).

A series begun years ago is not walked from its start: without COUNT the
rule is restarted at the first period boundary a week or more before the
window, which yields the same instances from there on. Daily and weekly
rules without COUNT, BYMONTH or BYMONTHDAY, most rules in a feed, are
counted out day by day instead, which is several times faster than dateutil
and gives what it gives (tests compare the two).
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import cast

from dateutil import rrule  # type: ignore[import-untyped]  # ships no type hints

_FREQUENCIES = {
    "YEARLY": rrule.YEARLY,
    "MONTHLY": rrule.MONTHLY,
    "WEEKLY": rrule.WEEKLY,
    "DAILY": rrule.DAILY,
    "HOURLY": rrule.HOURLY,
}
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
_UNTIL = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?:T([0-9]{2})([0-9]{2})([0-9]{2})Z?)?")
_WEEKDAY = re.compile(r"([+-]?[1-9][0-9]?)?(MO|TU|WE|TH|FR|SA|SU)")
_MONTH_DAY = re.compile(r"-?(?:[1-9]|[12][0-9]|3[01])")
_MONTH = re.compile(r"[1-9]|1[0-2]")
# Ordinals in BYDAY (the last Friday) belong to monthly and yearly rules only.
_MOST_WEEKS = {rrule.MONTHLY: 5, rrule.YEARLY: 53}
# Instances more than this before the window cannot reach into it.
_MARGIN = timedelta(days=7)
# Wall days this far from a bound are on its side of it whatever the zone's offsets.
_SLACK = timedelta(days=2)
_ONE_DAY = timedelta(days=1)

_Weekdays = tuple[tuple[int, int | None], ...] | None
_Numbers = tuple[int, ...] | None


@dataclass(frozen=True, slots=True)
class RepeatRule:
    """The parts of a plain RRULE, as dateutil takes them."""

    freq: int
    interval: int
    count: int | None
    until: datetime | None  # as written, without a zone; a date is its midnight
    weekdays: tuple[tuple[int, int | None], ...] | None  # Monday is 0; the ordinal
    month_days: tuple[int, ...] | None
    months: tuple[int, ...] | None
    week_start: int | None  # None: dateutil's default, calendar.firstweekday()

    def until_for(self, start: datetime) -> datetime | None:
        """UNTIL as recurring_ical_events compares it with instances of `start`."""
        if self.until is None or start.tzinfo is None:
            return self.until
        return self.until.replace(tzinfo=UTC)

    def starts_between(self, start: datetime, after: datetime, before: datetime) -> list[datetime]:
        """dateutil's instances from `start` in [after, before], as `rrule.between` gives them.

        `after` and `before` are aware when `start` is, naive when it is not.
        """
        if self._counts_days():
            return self._days_between(start, after, before)
        first, weekdays, month_days, months = start, self.weekdays, self.month_days, self.months
        if self.count is None:
            wall = after if start.tzinfo is None else after.astimezone(start.tzinfo)
            earliest = wall.replace(tzinfo=None) - _MARGIN
            shifted = self._restart(start.replace(tzinfo=None), earliest)
            if shifted is not None:
                first = shifted.replace(tzinfo=start.tzinfo)
                weekdays, month_days, months = self._defaults(start)
        rule = rrule.rrule(
            self.freq,
            dtstart=first,
            interval=self.interval,
            wkst=self.week_start,
            count=self.count,
            until=self.until_for(start),
            bymonth=months,
            bymonthday=month_days,
            byweekday=None if weekdays is None else [rrule.weekdays[d](n) for d, n in weekdays],
            cache=False,
        )
        return cast("list[datetime]", rule.between(after, before, inc=True))

    def _week_start(self) -> int:
        return calendar.firstweekday() if self.week_start is None else self.week_start

    def _counts_days(self) -> bool:
        """Whether the instances are every day or week's days, unbounded by COUNT."""
        simple = self.count is None and self.months is None and self.month_days is None
        return simple and self.freq in (rrule.DAILY, rrule.WEEKLY)

    def _days_between(self, start: datetime, after: datetime, before: datetime) -> list[datetime]:
        """`starts_between` for daily and weekly rules, by counting days instead of dateutil.

        The instances fall on whole days at the start's wall time; dateutil's
        `between` loop is kept as it is: it stops at the first instance after
        UNTIL or `before`, and once one instance is at or after `after`, it
        takes the ones that follow without comparing them again.
        """
        zone = start.tzinfo
        wall_after = after if zone is None else after.astimezone(zone)
        wall_before = before if zone is None else before.astimezone(zone)
        first = start.date()
        weekdays = {day for day, _ in self.weekdays or ()}
        if self.freq == rrule.WEEKLY:
            first -= timedelta(days=(start.weekday() - self._week_start()) % 7)
            weekdays = weekdays or {start.weekday()}
        period = 7 if self.freq == rrule.WEEKLY else 1
        until = self.until_for(start)
        day = max(start.date(), wall_after.date() - _SLACK)
        last = wall_before.date() + _SLACK
        found: list[datetime] = []
        while day <= last:
            if (day - first).days // period % self.interval == 0 and (
                not weekdays or day.weekday() in weekdays
            ):
                moment = datetime(
                    day.year, day.month, day.day, start.hour, start.minute, start.second, 0, zone
                )
                if (until is not None and moment > until) or moment > before:
                    break
                if found or moment >= after:
                    found.append(moment)
            day += _ONE_DAY
        return found

    def _restart(self, start: datetime, earliest: datetime) -> datetime | None:
        """The last start of a period at or before `earliest`, if it is after `start`."""
        step = self.interval
        moment = start.time().replace(fold=0)
        if self.freq == rrule.HOURLY:
            hours = (earliest - start) // timedelta(hours=step)
            return start + timedelta(hours=hours * step) if hours > 0 else None
        if self.freq == rrule.DAILY:
            days = (earliest.date() - start.date()).days // step
            return start + timedelta(days=days * step) if days > 0 else None
        if self.freq == rrule.WEEKLY:
            week = start.date() - timedelta(days=(start.weekday() - self._week_start()) % 7)
            weeks = (earliest.date() - week).days // (7 * step)
            if weeks <= 0:
                return None
            return datetime.combine(week + timedelta(weeks=weeks * step), moment)
        if self.freq == rrule.MONTHLY:
            months = (earliest.year * 12 + earliest.month - start.year * 12 - start.month) // step
            if months <= 0:
                return None
            year, month = divmod(start.year * 12 + start.month - 1 + months * step, 12)
            return datetime.combine(date(year, month + 1, 1), moment)
        years = (earliest.year - start.year) // step
        if years <= 0:
            return None
        return datetime.combine(date(start.year + years * step, 1, 1), moment)

    def _defaults(self, start: datetime) -> tuple[_Weekdays, _Numbers, _Numbers]:
        """BYDAY, BYMONTHDAY and BYMONTH with what dateutil would take from `start`."""
        weekdays, month_days, months = self.weekdays, self.month_days, self.months
        if weekdays or month_days:
            return weekdays, month_days, months
        if self.freq == rrule.YEARLY:
            return None, (start.day,), months or (start.month,)
        if self.freq == rrule.MONTHLY:
            return None, (start.day,), months
        if self.freq == rrule.WEEKLY:
            return ((start.weekday(), None),), None, months
        return weekdays, month_days, months


class _NotPlain(ValueError):
    """A part of the rule is not in a plain form."""


@functools.lru_cache(maxsize=512)  # a feed repeats a few rules many times
def read_rule(text: str) -> RepeatRule | None:
    """The RRULE value `text` if it is plain, else None."""
    try:
        return _read(text)
    except _NotPlain:
        return None


def _read(text: str) -> RepeatRule:
    parts: dict[str, str] = {}
    for part in text.split(";"):
        key, equals, value = part.partition("=")
        if not equals or not value or key in parts:
            raise _NotPlain
        parts[key] = value
    freq = _FREQUENCIES.get(parts.pop("FREQ", ""))
    if freq is None:
        raise _NotPlain
    interval = _number(parts.pop("INTERVAL", "1"))
    count = parts.pop("COUNT", None)
    until = parts.pop("UNTIL", None)
    week_start = parts.pop("WKST", None)
    weekdays = _weekdays(parts.pop("BYDAY", None), freq)
    month_days = _numbers(parts.pop("BYMONTHDAY", None), _MONTH_DAY)
    months = _numbers(parts.pop("BYMONTH", None), _MONTH)
    if parts or (count is not None and until is not None):
        raise _NotPlain
    if week_start is not None and week_start not in _DAYS:
        raise _NotPlain
    return RepeatRule(
        freq,
        interval,
        None if count is None else _number(count),
        None if until is None else _until(until),
        weekdays,
        month_days,
        months,
        None if week_start is None else _DAYS.index(week_start),
    )


def _number(text: str) -> int:
    if not _NUMBER.fullmatch(text):
        raise _NotPlain
    return int(text)


def _weekdays(text: str | None, freq: int) -> _Weekdays:
    if text is None:
        return None
    found = []
    for part in text.split(","):
        match = _WEEKDAY.fullmatch(part)
        if match is None:
            raise _NotPlain
        ordinal = None if match.group(1) is None else int(match.group(1))
        if ordinal is not None and not 0 < abs(ordinal) <= _MOST_WEEKS.get(freq, 0):
            raise _NotPlain
        found.append((_DAYS.index(match.group(2)), ordinal))
    return tuple(found)


def _numbers(text: str | None, pattern: re.Pattern[str]) -> _Numbers:
    if text is None:
        return None
    parts = text.split(",")
    if not all(pattern.fullmatch(part) for part in parts):
        raise _NotPlain
    return tuple(int(part) for part in parts)


def _until(text: str) -> datetime:
    match = _UNTIL.fullmatch(text)
    if match is None:
        raise _NotPlain
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - as written
    except ValueError:
        raise _NotPlain from None
