"""Where the user stands, in a few plain words (core).

One line for the tray tooltip and the command line, e.g.
"In session · 32 of 50 min · wrap-up at 10:40". Session-safe: it never
names a client or a task.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from boundary_app.core.day_state import DayState, Status
from boundary_app.core.i18n import N_, _, short_date_text, time_text, weekday_name
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.sessions import Session
from boundary_app.core.wall import localize

STATE_WORDS = {
    DayState.OFF_HOURS: N_("Off hours"),
    DayState.WORKING: N_("Working"),
    DayState.BREAK: N_("On a break"),
    DayState.IN_SESSION: N_("In session"),
    DayState.WRAP_UP: N_("Wrapping up"),
    DayState.DONE: N_("Done for the day"),
    DayState.DAY_OFF: N_("Day off"),
}
SEPARATOR = " \u00b7 "

_NEXT_WORDS = {  # {at} is an `at_text`: "at 10:40"
    NudgeKind.SESSION_MIDPOINT: N_("halfway {at}"),
    NudgeKind.SESSION_WRAPUP: N_("wrap-up {at}"),
    NudgeKind.SESSION_END: N_("ends {at}"),
    NudgeKind.SESSION_OVERRUN: N_("over time {at}"),
}


def state_words(state: DayState) -> str:
    """The state in a word or two, in the user's language: "Working"."""
    return _(STATE_WORDS[state])


def duration(delta: timedelta) -> str:
    """A span as "45 min", "2 h" or "2 h 15 min" (rounded to the minute)."""
    minutes = max(0, round(delta.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    if hours:
        return _("{hours} h").format(hours=hours)
    return _("{minutes} min").format(minutes=minutes)


# A time in words, by how far ahead its day is: (today, tomorrow, within a week, later).
# Whole phrases, so a language can say "hasta las 17:00" but "hasta mañana a las 09:00".
# Placeholders: {time}; {weekday} or {day} for a weekday; {date} or {day} for a date.
_UNTIL = (
    N_("until {time}"),
    N_("until tomorrow {time}"),
    N_("until {weekday} {time}"),
    N_("until {date} {time}"),
)
_AT = (
    N_("at {time}"),
    N_("at tomorrow {time}"),
    N_("at {weekday} {time}"),
    N_("at {date} {time}"),
)
_WHEN = (
    None,  # today: the time alone
    N_("tomorrow {time}"),
    # Translators: a weekday and a time, like "Monday 09:00".
    N_("{day} {time}"),
    N_("{day} {time}"),
)


def _on_its_day(
    at: datetime, now: datetime, zone: tzinfo, phrases: tuple[str | None, str, str, str]
) -> str:
    """`at` in the one of `phrases` that fits how many days ahead of `now` it is."""
    local = at.astimezone(zone)
    days = (local.date() - now.astimezone(zone).date()).days
    clock = time_text(local)
    if days == 0:
        return clock if phrases[0] is None else _(phrases[0]).format(time=clock)
    if days == 1:
        return _(phrases[1]).format(time=clock)
    if 1 < days < 7:
        weekday = weekday_name(local.weekday())
        return _(phrases[2]).format(weekday=weekday, day=weekday, time=clock)
    date = short_date_text(local.date())
    return _(phrases[3]).format(date=date, day=date, time=clock)


def until_text(at: datetime, now: datetime, zone: tzinfo) -> str:
    """ "until 17:00", "until tomorrow 09:00", "until Monday 09:00", "until Fri 4 Dec 09:00"."""
    return _on_its_day(at, now, zone, _UNTIL)


def at_text(at: datetime, now: datetime, zone: tzinfo) -> str:
    """ "at 17:00", "at tomorrow 09:00", "at Monday 09:00", "at Fri 4 Dec 09:00"."""
    return _on_its_day(at, now, zone, _AT)


def when(at: datetime, now: datetime, zone: tzinfo) -> str:
    """A local time, with the day when it is not today: "17:00", "tomorrow 09:00"."""
    return _on_its_day(at, now, zone, _WHEN)


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
    parts = [state_words(status.state)]
    if status.detail:
        # Translators: a state and what it is about, like "On a break (Lunch)".
        parts[0] = _("{state} ({detail})").format(state=parts[0], detail=status.detail)
    if status.state is DayState.IN_SESSION and session is not None:
        parts += _session_parts(session, now, zone, next_nudge)
    else:
        if status.until is not None:
            left = status.until - now
            until = until_text(status.until, now, zone)
            if left < timedelta(minutes=1):
                # Translators: {until} is a phrase like "until 17:00".
                parts.append(_("{until} (under a minute left)").format(until=until))
            elif left < timedelta(hours=1):  # longer spans read well enough from the time
                parts.append(
                    _("{until} ({duration} left)").format(until=until, duration=duration(left))
                )
            else:
                parts.append(until)
        if next_nudge is not None:
            # Translators: {at} is a phrase like "at 17:00" or "at tomorrow 09:00".
            parts.append(
                _("next: {nudge} {at}").format(
                    nudge=next_nudge.title, at=at_text(next_nudge.at, now, zone)
                )
            )
    if paused_until is not None and paused_until > now:
        # Translators: {until} is a phrase like "until 17:00".
        parts.append(_("nudges paused {until}").format(until=until_text(paused_until, now, zone)))
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
        done = min(total, int(elapsed.total_seconds() // 60))
        # Translators: a session's progress, like "32 of 50 min".
        parts = [_("{done} of {total} min").format(done=done, total=total)]
    else:
        parts = [_("{duration} over").format(duration=duration(now - session.planned_end))]
    if next_nudge is not None and next_nudge.kind in _NEXT_WORDS:
        words = _(_NEXT_WORDS[next_nudge.kind])
        parts.append(words.format(at=at_text(next_nudge.at, now, zone)))
    return parts
