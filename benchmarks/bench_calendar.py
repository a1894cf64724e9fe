"""How fast a big feed becomes sessions, beside a floor measured in the same run.

Run: .venv/bin/python benchmarks/bench_calendar.py

The feed: 5,000 weekly events in New York time, every one still repeating
(series begun over the last two years), with a VTIMEZONE as Google writes
it, in memory. They are read and expanded for a 14-day window over the
clocks falling back. The floor ("baseline") is icalendar's bare
`Calendar.from_ical` of the same bytes, what any reader pays that builds a
component for every event. `parse_feed` and `sessions_between` are the
reference path, which does. `sessions_from_feed` reads plain events (a
start, an end, one RRULE, EXDATEs) from their text and expands them itself,
with the same result, so it comes in under the floor; the ratio says by how
much. Target: `sessions_from_feed` in under 1 s on one core.

A second feed shows the more common shape of a big feed: 5,000 events of
which 4,700 are single appointments of past years and 300 weekly series.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from timing import best_ms

from boundary_app.integrations.calendar_feed import (
    SessionRule,
    parse_feed,
    sessions_between,
    sessions_from_feed,
)

ZONE = "America/New_York"
EVENTS = 5_000
FIRST_SERIES = date(2024, 11, 4)
WINDOW_START = date(2026, 10, 26)
DAYS = 14
REPEATS = 5
TARGET_MS = 1000.0

HEAD = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Practice
X-WR-TIMEZONE:America/New_York
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE
"""

EVENT = """BEGIN:VEVENT
DTSTART;TZID=America/New_York:{start:%Y%m%dT%H%M%S}
DTEND;TZID=America/New_York:{end:%Y%m%dT%H%M%S}
RRULE:FREQ=WEEKLY;BYDAY={weekday}
DTSTAMP:20261020T150000Z
UID:bench-{number:05d}@google.com
CREATED:20241001T120000Z
DESCRIPTION:
LAST-MODIFIED:20261001T120000Z
LOCATION:
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:{title}
TRANSP:OPAQUE
END:VEVENT
"""
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


SINGLE = """BEGIN:VEVENT
DTSTART:{start:%Y%m%dT%H%M%S}Z
DTEND:{end:%Y%m%dT%H%M%S}Z
DTSTAMP:20261020T150000Z
UID:past-{number:05d}@practice.example
SUMMARY:Session - {initial}.K.
STATUS:CONFIRMED
END:VEVENT
"""
PAST_SINGLES = 4_700


def big_feed(rng: random.Random, singles: int = 0) -> bytes:
    parts = [HEAD]
    for number in range(singles):
        start = datetime(2021, 1, 4, 14) + timedelta(hours=rng.randrange(5 * 365 * 24 - 600))  # noqa: DTZ001 - a UTC wall time
        end = start + timedelta(minutes=50)
        parts.append(
            SINGLE.format(start=start, end=end, number=number, initial=chr(65 + number % 26))
        )
    for number in range(EVENTS - singles):
        day = FIRST_SERIES + timedelta(days=rng.randrange(700))
        start = datetime(day.year, day.month, day.day, rng.randrange(7, 20), rng.choice((0, 30)))  # noqa: DTZ001 - wall time
        length = timedelta(minutes=rng.choice((15, 45, 50, 53, 60, 90)))
        title = "Notes" if length.seconds == 15 * 60 else f"Session - {chr(65 + number % 26)}.K."
        parts.append(
            EVENT.format(
                start=start,
                end=start + length,
                weekday=WEEKDAYS[day.weekday()],
                number=number,
                title=title,
            )
        )
    parts.append("END:VCALENDAR\n")
    return "".join(parts).replace("\n", "\r\n").encode()


Rows = list[tuple[str, tuple[float, float]]]  # (what, (best ms, median ms)); the floor first


@dataclass(frozen=True)
class FeedFigures:
    """One feed read and expanded: its timings, and whether both paths agree."""

    size_mb: float
    sessions: int
    rows: Rows
    same: bool

    @property
    def floor_ms(self) -> float:
        return self.rows[0][1][0]

    @property
    def fast_ms(self) -> float:
        """Best time of `sessions_from_feed` (the last row)."""
        return self.rows[-1][1][0]

    @property
    def met(self) -> bool:
        return self.fast_ms < TARGET_MS


def window() -> tuple[datetime, datetime, SessionRule, ZoneInfo]:
    zone = ZoneInfo(ZONE)
    start = datetime(WINDOW_START.year, WINDOW_START.month, WINDOW_START.day, tzinfo=zone)
    return start, start + timedelta(days=DAYS), SessionRule("session"), zone


def measure_series(reference: bool = True) -> FeedFigures:
    """The 5,000 weekly series; with `reference`, the library path's timings too."""
    start, end, rule, zone = window()
    data = big_feed(random.Random(20261101))
    calendar = parse_feed(data)
    sessions = sessions_between(calendar, start, end, rule, zone)
    same = sessions_from_feed(data, start, end, rule, zone) == sessions
    rows: Rows = [
        ("baseline: from_ical", best_ms(lambda: icalendar.Calendar.from_ical(data), REPEATS))
    ]
    if reference:
        rows += [
            ("parse_feed", best_ms(lambda: parse_feed(data), REPEATS)),
            (
                "sessions_between",
                best_ms(lambda: sessions_between(calendar, start, end, rule, zone), REPEATS),
            ),
        ]
    rows.append(
        (
            "sessions_from_feed",
            best_ms(lambda: sessions_from_feed(data, start, end, rule, zone), REPEATS),
        )
    )
    return FeedFigures(len(data) / 1e6, len(sessions), rows, same)


def measure_history() -> FeedFigures:
    """Past single events and a few series: the common shape of a big feed."""
    start, end, rule, zone = window()
    history = big_feed(random.Random(20261101), singles=PAST_SINGLES)
    sessions = sessions_from_feed(history, start, end, rule, zone)
    same = sessions == sessions_between(parse_feed(history), start, end, rule, zone)
    rows: Rows = [
        ("baseline: from_ical", best_ms(lambda: icalendar.Calendar.from_ical(history), REPEATS)),
        (
            "sessions_from_feed",
            best_ms(lambda: sessions_from_feed(history, start, end, rule, zone), REPEATS),
        ),
    ]
    return FeedFigures(len(history) / 1e6, len(sessions), rows, same)


def main() -> int:
    series, history = measure_series(), measure_history()
    print(f"python {sys.version.split()[0]}, {DAYS}-day window from {WINDOW_START}")
    print(f"\n{EVENTS:,} weekly series, {series.size_mb:.1f} MB, {series.sessions:,} sessions")
    report(series)
    print(
        f"\n{PAST_SINGLES:,} past single events + {EVENTS - PAST_SINGLES} weekly series, "
        f"{history.size_mb:.1f} MB, {history.sessions:,} sessions"
    )
    report(history)
    return 0


def report(figures: FeedFigures) -> None:
    print(f"{'':24}{'best ms':>10}{'median ms':>11}")
    for name, (best, median) in figures.rows:
        print(f"{name:24}{best:10.1f}{median:11.1f}")
    verdict = "met" if figures.met else "MISSED"
    print(
        f"sessions_from_feed / baseline: {figures.fast_ms / figures.floor_ms:.2f}x; "
        f"target < {TARGET_MS:.0f} ms: {verdict}"
    )
    print(f"same sessions as the reference path: {'yes' if figures.same else 'NO'}")


if __name__ == "__main__":
    raise SystemExit(main())
