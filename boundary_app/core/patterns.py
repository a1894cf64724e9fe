"""Patterns in the last days worth naming, and the reframe theme each one calls for (core).

When overtime piles up or sessions keep running over, the end-of-day
window shows a card on that theme and suggests taking it to supervision.
Pure: the records and `now` come in as arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum

from boundary_app.core.day_record import DayRecord
from boundary_app.core.i18n import N_, _
from boundary_app.core.sessions import Session
from boundary_app.core.settings import Settings
from boundary_app.core.wall import local_date
from boundary_app.core.workday import workday

RECENT_WORKDAYS = 5  # overtime is looked for in this many of the latest work days
OVERTIME_DAYS = 3  # of which this many with overtime make a pattern
LOOKBACK_DAYS = 28  # how far back those work days are looked for
MIN_OVERRUNS = 3  # sessions run over since Monday before it is a pattern
OVERRUN_SHARE = 3  # ... and at least one in this many of the ended sessions


class Pattern(StrEnum):
    OVERTIME = "overtime"  # overtime on 3 of the last 5 work days
    OVERRUNS = "overruns"  # sessions ran over often this week


_THEMES = {Pattern.OVERTIME: "overtime", Pattern.OVERRUNS: "pacing"}
_HINTS = {
    Pattern.OVERTIME: N_(
        "You have stayed past your hours on several recent days."
        " That could be worth bringing to supervision."
    ),
    Pattern.OVERRUNS: N_(
        "Several sessions ran over this week. That could be worth talking through in supervision."
    ),
}


def pattern_for(
    settings: Settings,
    days: Sequence[DayRecord],
    sessions: Sequence[Session],
    today: date,
    now: datetime,
) -> Pattern | None:
    """The pattern the recent records show, if any; overtime wins over overruns.

    OVERTIME: of the last `RECENT_WORKDAYS` work days up to `today` that are
    settled (closed, or past their scheduled end), at least `OVERTIME_DAYS`
    closed with overtime (a record with `overtime_min` > 0). Days with no
    work scheduled are skipped; a day still under way is skipped too, so
    the picture does not change while it runs. A day that ended without
    being closed fills its place but is not counted as overtime: the app
    cannot tell whether the user stayed on or simply did not close it.

    OVERRUNS: since this week's Monday (up to `today`), at least
    `MIN_OVERRUNS` ended sessions ran more than
    `settings.sessions.overrun_after_min` minutes past their planned end,
    and they are at least a third of the sessions that ended.
    """
    if _overtime_piles_up(settings, days, today, now):
        return Pattern.OVERTIME
    if _sessions_run_over(settings, sessions, today):
        return Pattern.OVERRUNS
    return None


def pattern_theme(pattern: Pattern) -> str:
    """The reframe theme (`core.reframes.THEMES`) whose cards speak to `pattern`."""
    return _THEMES[pattern]


def supervision_hint(pattern: Pattern) -> str:
    """One short line suggesting `pattern` is worth raising in supervision."""
    return _(_HINTS[pattern])


def _overtime_piles_up(
    settings: Settings, days: Sequence[DayRecord], today: date, now: datetime
) -> bool:
    records = {r.day: r for r in days}
    settled = 0
    overtime = 0
    for back in range(LOOKBACK_DAYS):
        day = today - timedelta(days=back)
        wd = workday(settings, day)
        if wd.is_day_off:
            continue
        record = records.get(day)
        closed = record is not None and record.closed_at is not None
        if not closed and now < wd.end:
            continue
        settled += 1
        if closed and record is not None and record.overtime_min > 0:
            overtime += 1
        if settled == RECENT_WORKDAYS:
            break
    return overtime >= OVERTIME_DAYS


def _sessions_run_over(settings: Settings, sessions: Sequence[Session], today: date) -> bool:
    monday = today - timedelta(days=today.weekday())
    allowed = timedelta(minutes=settings.sessions.overrun_after_min)
    ended = [
        s.ended_at - s.planned_end
        for s in sessions
        if s.ended_at is not None and monday <= local_date(s.start, settings.zone) <= today
    ]
    overran = sum(1 for late in ended if late > allowed)
    return overran >= MIN_OVERRUNS and overran * OVERRUN_SHARE >= len(ended)
