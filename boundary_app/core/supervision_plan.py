"""Supervision reminders and check-ins with supervisees, planned inside work time (core).

The planner calls `supervision_nudges` with its rule for where a reminder
may fall (inside a work block of a day not closed, moved past a break or
session), the same rule email windows follow. A reminder outside work time
is dropped, never moved into the evening. Everything due at one instant
makes one nudge: several supervisees, and the user's own supervision.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from boundary_app.core import wording
from boundary_app.core.settings import Settings
from boundary_app.core.wall import local_date, localize, resolve
from boundary_app.core.wellbeing_settings import SupervisionRules

# The planner's rule: an instant (UTC), placed in work time, or None where it may not come.
Place = Callable[[datetime], datetime | None]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_is_due(day: date, anchor: date, every_weeks: int) -> bool:
    """Whether `day`'s week is a whole multiple of `every_weeks` weeks from `anchor`'s week.

    Weeks before the anchor count too: the cadence runs both ways.
    """
    weeks = (monday_of(day) - monday_of(anchor)).days // 7
    return weeks % every_weeks == 0


def next_supervision(rules: SupervisionRules, now: datetime, zone: tzinfo) -> datetime | None:
    """When the user's own supervision next begins (UTC, `now` or later); None when it is off.

    This is the meeting itself, on its cadence: unlike the reminder, it is
    not checked against the work hours.
    """
    if not rules.enabled:
        return None
    day = local_date(now, zone)
    for _ in range(7 * rules.every_weeks + 1):
        if day.weekday() == rules.weekday and week_is_due(day, rules.weeks_from, rules.every_weeks):
            begins = resolve(day, rules.time, zone)
            if begins >= now:
                return begins
        day += timedelta(days=1)
    return None


def supervision_nudges(
    settings: Settings, place: Place, start: datetime, end: datetime
) -> list[tuple[datetime, wording.Text]]:
    """The supervision reminders in [start, end): instant (UTC) and words, one per instant."""
    rules = settings.supervision
    if not rules.enabled and not rules.supervisees:
        return []
    zone = settings.zone
    lead = timedelta(minutes=rules.lead_min)
    # By instant: when the user's own supervision begins (if due then), and whom to check in with.
    due: dict[datetime, tuple[datetime | None, list[str]]] = {}

    def keep(at: datetime | None, begins: datetime | None, initials: str | None) -> None:
        if at is None or not start <= at < end:
            return
        known, people = due.get(at, (None, []))
        due[at] = (known or begins, [*people, initials] if initials else people)

    # A reminder placed in the window may come from a day before it (moved past a
    # pause, or a lead reaching back over midnight) or the day after (the lead).
    day = local_date(start, zone) - timedelta(days=2)
    last = local_date(end, zone) + timedelta(days=1)
    while day <= last:
        weekday = day.weekday()
        if (
            rules.enabled
            and weekday == rules.weekday
            and week_is_due(day, rules.weeks_from, rules.every_weeks)
        ):
            begins = resolve(day, rules.time, zone)
            reminder = place(begins - lead)
            if reminder is not None and reminder > begins:
                reminder = None  # a break or session held it past the start: too late to help
            keep(reminder, begins, None)
        for person in rules.supervisees:
            if weekday == person.weekday and week_is_due(day, rules.weeks_from, person.every_weeks):
                keep(place(resolve(day, rules.checkin_time, zone)), None, person.initials)
        day += timedelta(days=1)
    return [
        (at, wording.supervision(None if begins is None else localize(begins, zone), people))
        for at, (begins, people) in sorted(due.items())
    ]
