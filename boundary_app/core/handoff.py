"""The rules around the end-of-day and morning handoffs (core).

Which work day "done for the day" closes, which day tomorrow's tasks are
for, how long the user worked and how far past the end, whether the
morning handoff is due, and which past work days ended without being
closed. Pure: every function takes `now`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from boundary_app.core.day_record import DayRecord
from boundary_app.core.settings import Settings
from boundary_app.core.tasks import next_workday
from boundary_app.core.wall import local_date
from boundary_app.core.workday import Workday, workday

SNOOZE_MIN = 10  # how long "Not yet" puts the end-of-day window off
# After midnight, yesterday's work day is still the one to close for this long
# after its end (someone still at it at 00:30), unless today's has begun.
LATE_CLOSE = timedelta(hours=12)
# How far back a day that ended unclosed is still written down.
RECORD_BACK_DAYS = 14


def current_workday(settings: Settings, now: datetime) -> date:
    """The work day "done for the day" closes: the one under way or just ended.

    Today's, once it has begun. Before that, yesterday's while it runs past
    midnight or ended less than `LATE_CLOSE` ago (closing at 00:30 closes
    the evening's work, with its overtime). Otherwise today's date: closing
    then silences today before it starts.
    """
    today = local_date(now, settings.zone)
    wd = workday(settings, today)
    if wd.blocks and wd.start <= now:
        return today
    yesterday = today - timedelta(days=1)
    before = workday(settings, yesterday)
    if before.blocks and now < before.end + LATE_CLOSE:
        return yesterday
    return today


@dataclass(frozen=True, slots=True)
class HandoffDays:
    """The day being closed and the work day its unfinished tasks go to."""

    today: date
    tomorrow: date


def handoff_days(settings: Settings, now: datetime) -> HandoffDays:
    today = current_workday(settings, now)
    return HandoffDays(today, next_workday(settings, today))


def worked(wd: Workday, until: datetime) -> timedelta:
    """Time worked on `wd` up to `until`: its hours minus breaks, plus any time past its end."""
    if wd.is_day_off:
        return timedelta(0)
    return wd.work_until(until) + max(timedelta(0), until - wd.end)


def overtime_minutes(wd: Workday, closed_at: datetime) -> int:
    """Whole minutes from the scheduled end to the close (0 when closed on time or early)."""
    if wd.is_day_off or closed_at <= wd.end:
        return 0
    return int((closed_at - wd.end).total_seconds() // 60)


def closing_record(
    settings: Settings, day: date, closed_at: datetime, before: DayRecord | None
) -> DayRecord:
    """The day's record after "I'm done for the day" at `closed_at`.

    A day already closed stays closed when it was: saying it twice does not
    add overtime.
    """
    if before is not None and before.closed_at is not None:
        return before
    wd = workday(settings, day)
    return DayRecord(
        day,
        closed_at=closed_at,
        scheduled_end=wd.end if wd.blocks else None,
        overtime_min=overtime_minutes(wd, closed_at),
        snoozes=before.snoozes if before else 0,
        went_well=before.went_well if before else "",
        morning_seen_at=before.morning_seen_at if before else None,
    )


def can_snooze(settings: Settings, record: DayRecord | None) -> bool:
    return (record.snoozes if record else 0) < settings.day.max_snoozes


def morning_due(settings: Settings, record: DayRecord | None, now: datetime) -> bool:
    """Whether today's morning handoff should show: in today's work time, not seen, not closed.

    Never on a day off or outside the day's hours, nor once wrap-up has
    begun; not once the day is closed; and not when the user turned it off.
    """
    if not settings.day.morning_handoff:
        return False
    today = local_date(now, settings.zone)
    wd = workday(settings, today)
    if wd.is_day_off:
        return False
    # Once wrap-up has begun the end-of-day window is near: no morning greeting.
    wrapup = max(wd.end - timedelta(minutes=settings.day.wrapup_lead_min), wd.blocks[-1].start)
    if not wd.start <= now < wrapup:
        return False
    return record is None or (record.morning_seen_at is None and record.closed_at is None)


def unrecorded_ends(
    settings: Settings, records: Mapping[date, DayRecord], now: datetime
) -> list[DayRecord]:
    """Past work days (up to `RECORD_BACK_DAYS`) that ended with no record: not closed.

    Their tasks are still open, so they carry over by themselves; writing
    the day down keeps the weekly picture true.
    """
    today = local_date(now, settings.zone)
    found = []
    for back in range(RECORD_BACK_DAYS, -1, -1):
        day = today - timedelta(days=back)
        if day in records:
            continue
        wd = workday(settings, day)
        if wd.blocks and wd.end <= now:
            found.append(DayRecord(day, scheduled_end=wd.end))
    return found


def records_by_day(records: Iterable[DayRecord]) -> dict[date, DayRecord]:
    return {r.day: r for r in records}
