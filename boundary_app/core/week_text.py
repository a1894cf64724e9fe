"""The weekly report in plain sentences: the text alternative to its charts (core).

Screen readers read it, "Copy as text" copies it, and it says every figure
the charts draw. Day and month names come from the translations, not from
the process locale.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

from boundary_app.core.i18n import _, capitalized, date_text, ngettext, time_text
from boundary_app.core.week_report import DaySummary, EmailSummary, SessionSummary, WeekReport


def week_text(report: WeekReport, zone: tzinfo) -> str:
    """The report in plain sentences, every figure in words (screen readers, copying).

    One line per day ("Monday 23 November: 7 h 15 min scheduled, 7 h 40 min
    worked, closed 25 min late."), then sessions, email windows, energy
    and supervision. Times are read in `zone`. Names come from the
    translations, whatever the process locale.
    """
    last = report.first_day + timedelta(days=6)
    lines = [
        _("Your week from {first} to {last}.").format(
            first=_date(report.first_day, start=False), last=_date(last, start=False)
        )
    ]
    if report.empty:
        lines.append(
            _(
                "Nothing was recorded this week yet. As you close your days and run your"
                " sessions, this page fills in by itself; there is nothing you need to do for it."
            )
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
            return _("{day}: no work scheduled, {worked} worked.").format(
                day=name, worked=_span(day.worked_min)
            )
        return _("{day}: no work scheduled.").format(day=name)
    figures = {
        "day": name,
        "scheduled": _span(day.scheduled_min),
        "worked": _span(day.worked_min),
    }
    if day.closed and day.closed_on_time:
        return _("{day}: {scheduled} scheduled, {worked} worked, closed on time.").format(**figures)
    if day.closed and day.overtime_min:
        return _("{day}: {scheduled} scheduled, {worked} worked, closed {late} late.").format(
            late=_span(day.overtime_min), **figures
        )
    if day.closed:
        return _("{day}: {scheduled} scheduled, {worked} worked, closed late.").format(**figures)
    if day.closed_on_time is False:
        return _(
            "{day}: {scheduled} scheduled, {worked} worked; the day ended without being closed."
        ).format(**figures)
    if day.worked_min:
        return _(
            "{day}: {scheduled} scheduled, {worked} worked so far; the day is under way."
        ).format(**figures)
    return _("{day}: {scheduled} scheduled; the day is still ahead.").format(**figures)


def _sessions_line(sessions: SessionSummary) -> str:
    if not sessions.run:
        return _("Sessions: none were recorded this week.")
    started = ngettext(
        "Sessions: {count} session started", "Sessions: {count} sessions started", sessions.run
    ).format(count=sessions.run)
    if not sessions.ended:
        return _("{started}; none has a recorded end yet.").format(started=started)
    if sessions.ended == sessions.run:
        text = _("{started}, all of them ended, and {on_time} of those {ended} ended on time.")
    else:
        text = _("{started}, {ended} ended, and {on_time} of those {ended} ended on time.")
    text = text.format(started=started, ended=sessions.ended, on_time=sessions.on_time)
    overrun = sessions.mean_overrun_min
    if not overrun:
        return _("{text} None ran past its planned end.").format(text=text)
    return _("{text} On average they ran {minutes} min past the planned end.").format(
        text=text, minutes=_decimal(overrun)
    )


def _email_line(email: EmailSummary) -> str:
    if not email.shown + email.missed:
        return _("Email windows: none came up this week.")
    return _("Email windows: {shown} shown, {acted} acted on and {missed} missed.").format(
        shown=email.shown, acted=email.acted, missed=email.missed
    )


def _energy_lines(report: WeekReport) -> list[str]:
    if not report.energy:
        return [_("Energy after sessions: no ratings were given this week.")]
    lines = [_("Energy after sessions, by tag:")]
    for tag in report.energy:
        # Translators: a tag the user gave, in quotation marks.
        label = _('"{tag}"').format(tag=tag.tag) if tag.tag else _("Without a tag")
        lines.append(
            _("{tag}: {energised} energised, {neutral} neutral, {drained} drained.").format(
                tag=label, energised=tag.energised, neutral=tag.neutral, drained=tag.drained
            )
        )
    if report.most_energising is not None:
        lines.append(
            _(
                '"{tag}" gave you the most energy this week;'
                " it may deserve a little more room in your weeks."
            ).format(tag=report.most_energising)
        )
    return lines


def _supervision_lines(report: WeekReport, zone: tzinfo) -> list[str]:
    held = report.last_supervision
    if held is None:
        lines = [
            _(
                "Supervision: none is recorded yet. A regular time to talk the work through,"
                " even a short one, is worth having."
            )
        ]
    else:
        local = held.astimezone(zone)
        lines = [
            _("Last supervision: {date} at {time}.").format(
                date=_date(local.date(), start=False, year=local.year != report.first_day.year),
                time=time_text(local),
            )
        ]
    if report.check_ins:
        visits = [
            # Translators: a check-in with a supervisee, like "AB on Monday 23 November at 10:00".
            _("{initials} on {date} at {time}").format(
                initials=initials,
                date=_date(at.astimezone(zone).date(), start=False),
                time=time_text(at.astimezone(zone)),
            )
            for initials, at in report.check_ins
        ]
        lines.append(_("Check-ins with supervisees: {visits}.").format(visits=", ".join(visits)))
    return lines


def _date(day: date, *, start: bool = True, year: bool = False) -> str:
    """ "Monday 23 November"; capitalized where it starts a line (`start`)."""
    text = date_text(day, year=year)
    return capitalized(text) if start else text


def _span(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)
    if hours:
        return _("{hours} h").format(hours=hours)
    return _("{minutes} min").format(minutes=rest)


def _decimal(value: float) -> str:
    """One decimal at most: 6.3, 7, 0.5."""
    return f"{value:.1f}".removesuffix(".0")
