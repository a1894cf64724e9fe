"""The weekly report in plain sentences: the text alternative to its charts (core).

Screen readers read it, "Copy as text" copies it, and it says every figure
the charts draw. Day and month names are English and fixed, whatever the
process locale.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

from boundary_app.core.settings import WEEKDAYS
from boundary_app.core.week_report import DaySummary, EmailSummary, SessionSummary, WeekReport

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def week_text(report: WeekReport, zone: tzinfo) -> str:
    """The report in plain sentences, every figure in words (screen readers, copying).

    One line per day ("Monday 23 November: 7 h 15 min scheduled, 7 h 40 min
    worked, closed 25 min late."), then sessions, email windows, energy
    and supervision. Times are read in `zone`. Names are English and fixed,
    whatever the process locale.
    """
    last = report.first_day + timedelta(days=6)
    lines = [f"Your week from {_date(report.first_day)} to {_date(last)}."]
    if report.empty:
        lines.append(
            "Nothing was recorded this week yet. As you close your days and run your"
            " sessions, this page fills in by itself; there is nothing you need to do for it."
        )
        return "\n".join(lines)
    lines.extend(_day_line(day) for day in report.days)
    lines.append(_sessions_line(report.sessions))
    lines.append(_email_line(report.email))
    lines.extend(_energy_lines(report))
    lines.extend(_supervision_lines(report, zone))
    return "\n".join(lines)


def _day_line(day: DaySummary) -> str:
    name = _date(day.day)
    if not day.scheduled_min:
        if day.worked_min:
            return f"{name}: no work scheduled, {_span(day.worked_min)} worked."
        return f"{name}: no work scheduled."
    scheduled = f"{_span(day.scheduled_min)} scheduled"
    worked = f"{_span(day.worked_min)} worked"
    if day.closed and day.closed_on_time:
        return f"{name}: {scheduled}, {worked}, closed on time."
    if day.closed:
        late = f"{_span(day.overtime_min)} late" if day.overtime_min else "late"
        return f"{name}: {scheduled}, {worked}, closed {late}."
    if day.closed_on_time is False:
        return f"{name}: {scheduled}, {worked}; the day ended without being closed."
    if day.worked_min:
        return f"{name}: {scheduled}, {worked} so far; the day is under way."
    return f"{name}: {scheduled}; the day is still ahead."


def _sessions_line(sessions: SessionSummary) -> str:
    if not sessions.run:
        return "Sessions: none were recorded this week."
    started = f"Sessions: {_count(sessions.run, 'session')} started"
    if not sessions.ended:
        return f"{started}; none has a recorded end yet."
    ended = "all of them ended" if sessions.ended == sessions.run else f"{sessions.ended} ended"
    text = f"{started}, {ended}, and {sessions.on_time} of those {sessions.ended} ended on time."
    overrun = sessions.mean_overrun_min
    if not overrun:
        return f"{text} None ran past its planned end."
    return f"{text} On average they ran {_decimal(overrun)} min past the planned end."


def _email_line(email: EmailSummary) -> str:
    if not email.shown + email.missed:
        return "Email windows: none came up this week."
    return f"Email windows: {email.shown} shown, {email.acted} acted on and {email.missed} missed."


def _energy_lines(report: WeekReport) -> list[str]:
    if not report.energy:
        return ["Energy after sessions: no ratings were given this week."]
    lines = ["Energy after sessions, by tag:"]
    for tag in report.energy:
        label = f'"{tag.tag}"' if tag.tag else "Without a tag"
        lines.append(
            f"{label}: {tag.energised} energised, {tag.neutral} neutral, {tag.drained} drained."
        )
    if report.most_energising is not None:
        lines.append(
            f'"{report.most_energising}" gave you the most energy this week;'
            " it may deserve a little more room in your weeks."
        )
    return lines


def _supervision_lines(report: WeekReport, zone: tzinfo) -> list[str]:
    held = report.last_supervision
    if held is None:
        lines = [
            "Supervision: none is recorded yet. A regular time to talk the work through,"
            " even a short one, is worth having."
        ]
    else:
        local = held.astimezone(zone)
        year = f" {local.year}" if local.year != report.first_day.year else ""
        lines = [f"Last supervision: {_date(local.date())}{year} at {local:%H:%M}."]
    if report.check_ins:
        visits = [
            f"{initials} on {_date(at.astimezone(zone).date())} at {at.astimezone(zone):%H:%M}"
            for initials, at in report.check_ins
        ]
        lines.append(f"Check-ins with supervisees: {', '.join(visits)}.")
    return lines


def _date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {_MONTHS[day.month - 1]}"


def _span(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _decimal(value: float) -> str:
    """One decimal at most: 6.3, 7, 0.5."""
    return f"{value:.1f}".removesuffix(".0")
