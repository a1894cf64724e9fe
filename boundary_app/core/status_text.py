"""Where the user stands, in a few plain words (core).

One line for the tray tooltip and the command line, e.g.
"In session · 32 of 50 min · wrap-up at 10:40". Session-safe: it never
names a client or a task.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from boundary_app.core.day_state import DayState, Status
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.sessions import Session
from boundary_app.core.wall import localize

STATE_WORDS = {
    DayState.OFF_HOURS: "Off hours",
    DayState.WORKING: "Working",
    DayState.BREAK: "On a break",
    DayState.IN_SESSION: "In session",
    DayState.WRAP_UP: "Wrapping up",
    DayState.DONE: "Done for the day",
    DayState.DAY_OFF: "Day off",
}
SEPARATOR = " \u00b7 "

_NEXT_WORDS = {
    NudgeKind.SESSION_MIDPOINT: "halfway at",
    NudgeKind.SESSION_WRAPUP: "wrap-up at",
    NudgeKind.SESSION_END: "ends at",
    NudgeKind.SESSION_OVERRUN: "over time at",
}


def duration(delta: timedelta) -> str:
    """A span as "45 min", "2 h" or "2 h 15 min" (rounded to the minute)."""
    minutes = max(0, round(delta.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


def when(at: datetime, now: datetime, zone: tzinfo) -> str:
    """A local time, with the day when it is not today: "17:00", "tomorrow 09:00"."""
    local = at.astimezone(zone)
    days = (local.date() - now.astimezone(zone).date()).days
    clock = local.strftime("%H:%M")
    if days == 0:
        return clock
    if days == 1:
        return f"tomorrow {clock}"
    if 1 < days < 7:
        return f"{local.strftime('%A')} {clock}"
    return f"{_day_text(local.date())} {clock}"


def _day_text(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def describe(
    status: Status,
    now: datetime,
    zone: tzinfo,
    *,
    session: Session | None = None,
    next_nudge: Nudge | None = None,
    paused_until: datetime | None = None,
) -> str:
    """One line: the state, how long it lasts, and what comes next."""
    parts = [STATE_WORDS[status.state]]
    if status.detail:
        parts[0] += f" ({status.detail})"
    if status.state is DayState.IN_SESSION and session is not None:
        parts += _session_parts(session, now, zone, next_nudge)
    else:
        if status.until is not None:
            left = status.until - now
            span = ""
            if left < timedelta(minutes=1):
                span = " (under a minute left)"
            elif left < timedelta(hours=1):  # longer spans read well enough from the time
                span = f" ({duration(left)} left)"
            parts.append(f"until {when(status.until, now, zone)}{span}")
        if next_nudge is not None:
            parts.append(f"next: {next_nudge.title} at {when(next_nudge.at, now, zone)}")
    if paused_until is not None and paused_until > now:
        parts.append(f"nudges paused until {when(paused_until, now, zone)}")
    return SEPARATOR.join(parts)


def status_fields(
    status: Status, now: datetime, zone: tzinfo, summary: str, next_nudge: Nudge | None
) -> dict[str, object]:
    """The fields `status --json` shows, whether the app answers or the CLI works alone."""
    return {
        "now": localize(now, zone).isoformat(),
        "state": status.state.value,
        "detail": status.detail,
        "until": localize(status.until, zone).isoformat() if status.until else None,
        "summary": summary,
        "next": next_nudge.as_dict() if next_nudge else None,
    }


def _session_parts(
    session: Session, now: datetime, zone: tzinfo, next_nudge: Nudge | None
) -> list[str]:
    total = round(session.length.total_seconds() / 60)
    elapsed = now - session.start
    if now < session.planned_end:
        parts = [f"{min(total, int(elapsed.total_seconds() // 60))} of {total} min"]
    else:
        parts = [f"{duration(now - session.planned_end)} over"]
    if next_nudge is not None and next_nudge.kind in _NEXT_WORDS:
        parts.append(f"{_NEXT_WORDS[next_nudge.kind]} {when(next_nudge.at, now, zone)}")
    return parts
