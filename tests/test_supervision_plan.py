"""Supervision reminders and check-ins with supervisees: exact instants, words, properties."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given

from boundary_app.core.day_record import DayRecord
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.planner import plan
from boundary_app.core.sessions import Session
from boundary_app.core.settings import Settings
from boundary_app.core.supervision_plan import next_supervision, week_is_due
from boundary_app.core.wall import start_of_day
from tests.helpers import at, settings_from
from tests.test_planner_properties import PROPERTY, scenarios, window, workdays

NY, BERLIN, LORD_HOWE = "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"
NY_ZONE = ZoneInfo(NY)
# Thursday 14:00 every other week from the week of Thursday 2026-11-05, 15 minutes ahead.
FORTNIGHTLY = {
    "enabled": True,
    "day": "thu",
    "time": "14:00",
    "every_weeks": 2,
    "weeks_from": date(2026, 11, 5),
    "lead_min": 15,
}
SUNDAY_NIGHTS = {"sunday": ["00:30-06:00"]}  # to meet the clocks changing on a Sunday


def supervision(**changes: Any) -> dict[str, Any]:
    return {**FORTNIGHTLY, **changes}


def reminders(
    settings: Settings,
    first: date,
    last: date,
    sessions: list[Session] | None = None,
    closed: dict[date, str] | None = None,
) -> list[Nudge]:
    start = start_of_day(first, settings.zone)
    end = start_of_day(last + timedelta(days=1), settings.zone)
    days = {day: DayRecord(day, closed_at=at(text)) for day, text in (closed or {}).items()}
    nudges = plan(settings, sessions or [], days, start, end)
    return [n for n in nudges if n.kind is NudgeKind.SUPERVISION_REMINDER]


# name, zone, document, first and last date, sessions as (start, minutes), closed days, instants
Case = tuple[
    str, str, dict[str, Any], date, date, list[tuple[str, int]], dict[date, str], list[str]
]
CASES: list[Case] = [
    (
        "fortnightly, also in the weeks before weeks_from",
        NY,
        {"supervision": supervision()},
        date(2026, 10, 19),
        date(2026, 11, 22),
        [],
        {},
        [
            "2026-10-22T13:45:00-04:00",  # two weeks before, still summer time
            "2026-11-05T13:45:00-05:00",
            "2026-11-19T13:45:00-05:00",
        ],
    ),
    (
        "weekly, counted from a date that is not the supervision's weekday",
        BERLIN,
        # a Sunday: its week began on Monday 2026-12-28
        {"supervision": supervision(weeks_from=date(2027, 1, 3), day="Monday")},
        date(2026, 12, 21),
        date(2027, 1, 17),
        [],
        {},
        ["2026-12-28T13:45:00+01:00", "2027-01-11T13:45:00+01:00"],
    ),
    (
        "every three weeks in Lord Howe, the weeks before counted too",
        LORD_HOWE,
        {"supervision": supervision(every_weeks=3, weeks_from=date(2026, 11, 5))},
        date(2026, 10, 12),
        date(2026, 11, 30),
        [],
        {},
        ["2026-10-15T13:45:00+11:00", "2026-11-05T13:45:00+11:00", "2026-11-26T13:45:00+11:00"],
    ),
    (
        "in lunch: moved to the end of lunch",
        NY,
        {"supervision": supervision(time="13:00")},
        date(2026, 11, 5),
        date(2026, 11, 5),
        [],
        {},
        ["2026-11-05T13:00:00-05:00"],
    ),
    (
        "in a session: moved to its end",
        BERLIN,
        {"supervision": supervision()},
        date(2026, 11, 5),
        date(2026, 11, 5),
        [("2026-11-05T13:00:00+01:00", 50)],
        {},
        ["2026-11-05T13:50:00+01:00"],
    ),
    (
        "held by a session past the supervision's start: dropped, too late to help",
        BERLIN,
        {"supervision": supervision()},
        date(2026, 11, 5),
        date(2026, 11, 5),
        [("2026-11-05T13:30:00+01:00", 50)],
        {},
        [],
    ),
    (
        "in a break that ends the block: dropped, not moved out of work",
        NY,
        {
            "week": {"thursday": ["09:00-13:00"]},
            "breaks": [{"name": "Notes", "days": ["thu"], "time": "12:30-13:00"}],
            "supervision": supervision(time="13:00"),
        },
        date(2026, 11, 5),
        date(2026, 11, 5),
        [],
        {},
        [],
    ),
    (
        "before work: dropped, not moved to the start",
        NY,
        {"supervision": supervision(time="09:00")},
        date(2026, 11, 5),
        date(2026, 11, 5),
        [],
        {},
        [],
    ),
    (
        "after work: dropped, never moved into the evening",
        LORD_HOWE,
        {"supervision": supervision(time="17:30")},
        date(2026, 11, 5),
        date(2026, 11, 5),
        [],
        {},
        [],
    ),
    (
        "on a day off",
        BERLIN,
        {"supervision": supervision(day="sat")},
        date(2026, 11, 2),
        date(2026, 11, 15),
        [],
        {},
        [],
    ),
    (
        "on a date made a day off",
        NY,
        {
            "supervision": supervision(),
            "exceptions": [{"date": date(2026, 11, 5), "hours": []}],
        },
        date(2026, 11, 2),
        date(2026, 11, 22),
        [],
        {},
        ["2026-11-19T13:45:00-05:00"],
    ),
    (
        "on a date with other hours that still hold it",
        NY,
        {
            "supervision": supervision(),
            "exceptions": [{"date": date(2026, 11, 5), "hours": ["13:30-15:00"]}],
        },
        date(2026, 11, 5),
        date(2026, 11, 5),
        [],
        {},
        ["2026-11-05T13:45:00-05:00"],
    ),
    (
        "the day was closed before it",
        NY,
        {"supervision": supervision()},
        date(2026, 11, 5),
        date(2026, 11, 5),
        [],
        {date(2026, 11, 5): "2026-11-05T13:30:00-05:00"},
        [],
    ),
    (
        "the day was closed after it",
        NY,
        {"supervision": supervision()},
        date(2026, 11, 5),
        date(2026, 11, 5),
        [],
        {date(2026, 11, 5): "2026-11-05T13:50:00-05:00"},
        ["2026-11-05T13:45:00-05:00"],
    ),
    (
        "switched off",
        NY,
        {"supervision": supervision(enabled=False)},
        date(2026, 11, 2),
        date(2026, 11, 22),
        [],
        {},
        [],
    ),
    (
        "New York spring forward: 03:00 less 30 real minutes is 01:30 EST",
        NY,
        {
            "week": SUNDAY_NIGHTS,
            "supervision": supervision(day="sun", time="03:00", lead_min=30, every_weeks=1),
        },
        date(2027, 3, 14),
        date(2027, 3, 14),
        [],
        {},
        ["2027-03-14T01:30:00-05:00"],
    ),
    (
        "New York spring forward: 02:30 does not exist and is read as 03:30 EDT",
        NY,
        {
            "week": SUNDAY_NIGHTS,
            "supervision": supervision(day="sun", time="02:30", lead_min=0, every_weeks=1),
        },
        date(2027, 3, 14),
        date(2027, 3, 14),
        [],
        {},
        ["2027-03-14T03:30:00-04:00"],
    ),
    (
        "New York fall back: 02:00 less 60 real minutes is the second 01:00",
        NY,
        {
            "week": SUNDAY_NIGHTS,
            "supervision": supervision(day="sun", time="02:00", lead_min=60, every_weeks=1),
        },
        date(2026, 11, 1),
        date(2026, 11, 1),
        [],
        {},
        ["2026-11-01T01:00:00-05:00"],
    ),
    (
        "Berlin spring forward: 03:00 less 60 real minutes is 01:00 CET",
        BERLIN,
        {
            "week": SUNDAY_NIGHTS,
            "supervision": supervision(day="sun", time="03:00", lead_min=60, every_weeks=1),
        },
        date(2027, 3, 28),
        date(2027, 3, 28),
        [],
        {},
        ["2027-03-28T01:00:00+01:00"],
    ),
    (
        "Berlin fall back: 02:30 happens twice and means the first",
        BERLIN,
        {
            "week": SUNDAY_NIGHTS,
            "supervision": supervision(day="sun", time="02:30", lead_min=0, every_weeks=1),
        },
        date(2026, 10, 25),
        date(2026, 10, 25),
        [],
        {},
        ["2026-10-25T02:30:00+02:00"],
    ),
    (
        "Lord Howe spring forward by 30 minutes: 02:15 is read as 02:45",
        LORD_HOWE,
        {
            "week": SUNDAY_NIGHTS,
            "supervision": supervision(day="sun", time="02:15", lead_min=0, every_weeks=1),
        },
        date(2026, 10, 4),
        date(2026, 10, 4),
        [],
        {},
        ["2026-10-04T02:45:00+11:00"],
    ),
    (
        "Lord Howe fall back by 30 minutes: 02:00 less 30 real minutes is the second 01:30",
        LORD_HOWE,
        {
            "week": SUNDAY_NIGHTS,
            "supervision": supervision(day="sun", time="02:00", lead_min=30, every_weeks=1),
        },
        date(2027, 4, 4),
        date(2027, 4, 4),
        [],
        {},
        ["2027-04-04T01:30:00+10:30"],
    ),
    (
        "a lead reaching back over midnight into an overnight block",
        BERLIN,
        {
            "week": {"wednesday": ["22:00-06:00"]},
            "breaks": [],
            "supervision": supervision(time="00:30", lead_min=60, every_weeks=1),
        },
        date(2026, 11, 4),
        date(2026, 11, 5),
        [],
        {},
        ["2026-11-04T23:30:00+01:00"],
    ),
]


@pytest.mark.parametrize(
    ("zone", "document", "first", "last", "sessions", "closed", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_supervision_reminders_fall_at_these_instants(
    zone: str,
    document: dict[str, Any],
    first: date,
    last: date,
    sessions: list[tuple[str, int]],
    closed: dict[date, str],
    expected: list[str],
) -> None:
    settings = settings_from(document, zone)
    booked = [Session(at(start), timedelta(minutes=length)) for start, length in sessions]
    found = reminders(settings, first, last, booked, closed)
    assert [n.at.isoformat() for n in found] == expected


def test_the_reminder_names_the_time_of_the_supervision() -> None:
    settings = settings_from({"supervision": supervision()}, NY)
    (nudge,) = reminders(settings, date(2026, 11, 5), date(2026, 11, 5))
    assert nudge.title == "Supervision at 14:00"
    assert "tray" in nudge.body
    assert "!" not in nudge.title + nudge.body


def test_a_time_in_the_spring_gap_is_named_as_the_clock_shows_it() -> None:
    settings = settings_from(
        {
            "week": SUNDAY_NIGHTS,
            "supervision": supervision(day="sun", time="02:30", lead_min=30, every_weeks=1),
        },
        NY,
    )
    (nudge,) = reminders(settings, date(2027, 3, 14), date(2027, 3, 14))
    assert nudge.at.isoformat() == "2027-03-14T03:00:00-04:00"  # 30 real minutes before
    assert nudge.title == "Supervision at 03:30"


# -- check-ins with supervisees ----------------------------------------------------------

PEOPLE = {
    "enabled": False,
    "weeks_from": date(2026, 11, 5),
    "checkin_time": "10:00",
    "supervisees": [
        {"initials": "A.B.", "every_weeks": 2, "day": "mon"},
        {"initials": "CD", "every_weeks": 1, "day": "mon"},
        {"initials": "EF", "every_weeks": 2, "day": "thu"},
    ],
}


@pytest.mark.parametrize(
    ("zone", "first", "last", "expected"),
    [
        pytest.param(
            NY,
            date(2026, 11, 2),
            date(2026, 11, 16),
            [
                ("2026-11-02T10:00:00-05:00", "Check in with A.B. and CD"),
                ("2026-11-05T10:00:00-05:00", "Check in with EF"),
                ("2026-11-09T10:00:00-05:00", "Check in with CD"),
                ("2026-11-16T10:00:00-05:00", "Check in with A.B. and CD"),
            ],
            id="New York",
        ),
        pytest.param(
            BERLIN,
            date(2026, 10, 19),
            date(2026, 10, 29),
            [
                ("2026-10-19T10:00:00+02:00", "Check in with A.B. and CD"),
                ("2026-10-22T10:00:00+02:00", "Check in with EF"),
                ("2026-10-26T10:00:00+01:00", "Check in with CD"),
            ],
            id="Berlin, across the change to winter time",
        ),
        pytest.param(
            LORD_HOWE,
            date(2026, 9, 28),
            date(2026, 10, 5),
            [
                ("2026-09-28T10:00:00+10:30", "Check in with CD"),
                ("2026-10-05T10:00:00+11:00", "Check in with A.B. and CD"),
            ],
            id="Lord Howe, across its half-hour change",
        ),
    ],
)
def test_check_ins_due_at_one_instant_make_one_nudge_naming_everyone(
    zone: str, first: date, last: date, expected: list[tuple[str, str]]
) -> None:
    settings = settings_from({"supervision": PEOPLE}, zone)
    found = reminders(settings, first, last)
    assert [(n.at.isoformat(), n.title) for n in found] == expected
    for nudge in found:
        assert "caseload" in nudge.body
        assert "breaks" in nudge.body


def test_a_check_in_at_the_supervision_reminder_is_merged_into_it() -> None:
    people = {**PEOPLE, "checkin_time": "13:45"}
    settings = settings_from({"supervision": {**people, **FORTNIGHTLY}}, NY)
    (nudge,) = reminders(settings, date(2026, 11, 5), date(2026, 11, 5))
    assert nudge.at.isoformat() == "2026-11-05T13:45:00-05:00"
    assert nudge.title == "Supervision at 14:00"
    assert "tray" in nudge.body
    assert "check in with EF" in nudge.body


def test_reminders_moved_to_the_same_instant_are_merged_too() -> None:
    # the check-in falls in lunch and moves to its end, where the supervision reminder is
    people = {**PEOPLE, "checkin_time": "12:30"}
    settings = settings_from({"supervision": {**people, **supervision(time="13:15")}}, BERLIN)
    found = reminders(settings, date(2026, 11, 5), date(2026, 11, 5))
    assert [(n.at.isoformat(), n.title) for n in found] == [
        ("2026-11-05T13:00:00+01:00", "Supervision at 13:15")
    ]
    assert "EF" in found[0].body


def test_check_ins_come_whether_or_not_the_users_own_supervision_is_on() -> None:
    for enabled in (False, True):
        people = {**PEOPLE, "enabled": enabled}
        settings = settings_from({"supervision": people}, NY)
        titles = [n.title for n in reminders(settings, date(2026, 11, 5), date(2026, 11, 5))]
        assert "Check in with EF" in titles


def test_a_check_in_outside_work_is_dropped() -> None:
    people = {**PEOPLE, "checkin_time": "18:00"}
    settings = settings_from({"supervision": people}, NY)
    assert reminders(settings, date(2026, 11, 2), date(2026, 11, 16)) == []


@pytest.mark.parametrize(
    ("day", "every", "due"),
    [
        (date(2026, 11, 5), 2, True),  # the week itself
        (date(2026, 11, 2), 2, True),  # its Monday
        (date(2026, 11, 8), 2, True),  # its Sunday
        (date(2026, 11, 9), 2, False),
        (date(2026, 10, 26), 2, False),
        (date(2026, 10, 19), 2, True),  # two weeks before
        (date(2026, 10, 15), 3, True),  # three weeks before
        (date(2026, 10, 22), 3, False),
        (date(2026, 11, 30), 8, False),
        (date(2026, 12, 31), 8, True),
    ],
)
def test_weeks_are_counted_from_the_monday_of_weeks_from_both_ways(
    day: date, every: int, due: bool
) -> None:
    assert week_is_due(day, date(2026, 11, 5), every) is due


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        (NY, "2026-11-05T13:59:00-05:00", "2026-11-05T14:00:00-05:00"),
        (NY, "2026-11-05T14:00:00-05:00", "2026-11-05T14:00:00-05:00"),
        (NY, "2026-11-05T14:01:00-05:00", "2026-11-19T14:00:00-05:00"),
        (NY, "2026-10-23T09:00:00-04:00", "2026-11-05T14:00:00-05:00"),
        (BERLIN, "2026-11-06T00:00:00+01:00", "2026-11-19T14:00:00+01:00"),
        (LORD_HOWE, "2026-09-30T10:00:00+10:30", "2026-10-08T14:00:00+11:00"),
    ],
)
def test_the_next_supervision_is_the_meeting_on_its_cadence(
    zone: str, now: str, expected: str
) -> None:
    settings = settings_from({"supervision": supervision()}, zone)
    found = next_supervision(settings.supervision, at(now), settings.zone)
    assert found is not None
    assert found.astimezone(settings.zone).isoformat() == expected


def test_there_is_no_next_supervision_when_it_is_off() -> None:
    settings = settings_from({"supervision": supervision(enabled=False)}, NY)
    assert next_supervision(settings.supervision, at("2026-11-05T09:00:00-05:00"), NY_ZONE) is None


# -- properties -------------------------------------------------------------------------


@PROPERTY
@given(scenarios())
def test_every_supervision_reminder_is_in_work_time_outside_breaks_and_sessions(
    case: tuple[Settings, date, int, list[Session]],
) -> None:
    s, first, days, sessions = case
    work = workdays(s, first, days)
    blocks = [b for wd in work for b in wd.blocks]
    pauses = [brk.span for wd in work for brk in wd.breaks]
    for n in plan(s, sessions, {}, *window(s, first, days)):
        if n.kind is not NudgeKind.SUPERVISION_REMINDER:
            continue
        assert any(n.at in b for b in blocks), n
        assert not any(n.at in p for p in pauses), n
        assert not any(x.start <= n.at < x.planned_end for x in sessions), n


@PROPERTY
@given(scenarios())
def test_a_closed_day_plans_no_supervision_reminder_after_it_was_closed(
    case: tuple[Settings, date, int, list[Session]],
) -> None:
    s, first, days, sessions = case
    start, end = window(s, first, days)
    # every work day closed halfway through its hours
    work = [wd for wd in workdays(s, first, days) if not wd.is_day_off]
    closed_at = {wd.day: wd.start + (wd.end - wd.start) / 2 for wd in work}
    records = {day: DayRecord(day, closed_at=when) for day, when in closed_at.items()}
    open_plan = plan(s, sessions, {}, start, end)
    for n in plan(s, sessions, records, start, end):
        if n.kind is not NudgeKind.SUPERVISION_REMINDER:
            continue
        assert n in open_plan
        (owner,) = [wd for wd in work if any(n.at in b for b in wd.blocks)]
        assert n.at < closed_at[owner.day], n
