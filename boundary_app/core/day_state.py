"""Where the user stands at an instant: exactly one day state (core)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from boundary_app.core.day_record import DayRecord, closing_times
from boundary_app.core.sessions import Session
from boundary_app.core.settings import Settings
from boundary_app.core.wall import local_date, start_of_day
from boundary_app.core.workday import Workday, workday

# How far ahead `until` is looked for; beyond it a state is reported as lasting.
_HORIZON = timedelta(days=15)


class DayState(StrEnum):
    OFF_HOURS = "off-hours"
    WORKING = "working"
    BREAK = "break"
    IN_SESSION = "in-session"
    WRAP_UP = "wrap-up"
    DONE = "done-for-the-day"
    DAY_OFF = "day-off"


@dataclass(frozen=True, slots=True)
class Status:
    """The state at an instant, and when it next changes (None: not within weeks)."""

    state: DayState
    until: datetime | None
    detail: str = ""  # the break's name, when on a break


class _Situation:
    """The facts around one instant that the state depends on."""

    def __init__(
        self,
        settings: Settings,
        sessions: list[Session],
        closed: Mapping[date, datetime],
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.closed = closed
        self._workdays: dict[date, Workday] = {}

    def workday(self, day: date) -> Workday:
        if day not in self._workdays:
            self._workdays[day] = workday(self.settings, day)
        return self._workdays[day]

    def state_at(self, now: datetime) -> tuple[DayState, str]:
        if any(s.is_open_at(now) for s in self.sessions):
            return DayState.IN_SESSION, ""
        today = local_date(now, self.settings.zone)
        for day in (today - timedelta(days=1), today):
            wd = self.workday(day)
            for block in wd.blocks:
                if now in block:
                    return self._in_block(wd, now)
        if self._done(today, now):
            return DayState.DONE, ""
        if self.workday(today).is_day_off:
            return DayState.DAY_OFF, ""
        return DayState.OFF_HOURS, ""

    def _in_block(self, wd: Workday, now: datetime) -> tuple[DayState, str]:
        closed_at = self.closed.get(wd.day)
        if closed_at is not None and closed_at <= now:
            return DayState.DONE, ""
        for brk in wd.breaks:
            if now in brk.span:
                return DayState.BREAK, brk.name
        lead = timedelta(minutes=self.settings.day.wrapup_lead_min)
        last = wd.blocks[-1]
        if lead and now >= max(last.end - lead, last.start):
            return DayState.WRAP_UP, ""
        return DayState.WORKING, ""

    def _done(self, today: date, now: datetime) -> bool:
        """After closing a day, "done" lasts until the local midnight after its end.

        A day closed after midnight stays "done" into the night, but not past
        the start of the next day's work.
        """
        zone = self.settings.zone
        todays = self.workday(today)
        for day in (today - timedelta(days=1), today):
            closed_at = self.closed.get(day)
            wd = self.workday(day)
            if closed_at is None or closed_at > now or wd.is_day_off:
                continue
            if day < today and todays.blocks and todays.start <= now:
                continue  # today's work has begun: yesterday's close no longer speaks for it
            last_date = local_date(max(closed_at, wd.end), zone)
            if now < start_of_day(last_date + timedelta(days=1), zone):
                return True
        return False

    def boundaries(self, now: datetime) -> list[datetime]:
        """Every instant after `now` at which the state might change, sorted."""
        zone = self.settings.zone
        today = local_date(now, zone)
        found: set[datetime] = set()
        lead = timedelta(minutes=self.settings.day.wrapup_lead_min)
        for offset in range(-1, _HORIZON.days + 1):
            day = today + timedelta(days=offset)
            found.add(start_of_day(day, zone))
            wd = self.workday(day)
            for block in wd.blocks:
                found.update((block.start, block.end))
            for brk in wd.breaks:
                found.update((brk.span.start, brk.span.end))
            if wd.blocks:
                found.add(max(wd.end - lead, wd.blocks[-1].start))
        found.update(self.closed.values())
        for s in self.sessions:
            found.update((s.start, s.over_at))
        return sorted(t for t in found if now < t <= now + _HORIZON)


def day_status(
    settings: Settings,
    sessions: Iterable[Session],
    days: Mapping[date, DayRecord],
    now: datetime,
) -> Status:
    """The one state the user is in at `now`, and when it next changes."""
    if now.tzinfo is None:
        raise ValueError("day_status needs an aware datetime")
    now = now.astimezone(UTC)
    situation = _Situation(settings, list(sessions), closing_times(days.values()))
    state, detail = situation.state_at(now)
    for moment in situation.boundaries(now):
        if situation.state_at(moment) != (state, detail):
            return Status(state, moment, detail)
    return Status(state, None, detail)
