"""Exact instants of planned nudges, worked out by hand, in real zones."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from boundary_app.core.day_record import DayRecord
from boundary_app.core.planner import plan
from boundary_app.core.sessions import Session
from boundary_app.core.wall import start_of_day
from tests.helpers import at, pairs, plan_days, settings_from

NO_BREAKS: dict[str, Any] = {"breaks": []}

CASES: list[tuple[str, str, dict[str, Any], date, date, list[tuple[str, str]]]] = [
    (
        "default week, email moved out of lunch and blocked after hours",
        "America/New_York",
        {"email": {"windows": ["09:15", "12:30", "16:45", "18:00"]}},
        date(2026, 12, 3),
        date(2026, 12, 3),
        [
            ("day.start", "2026-12-03T09:00:00-05:00"),
            ("email.window", "2026-12-03T09:15:00-05:00"),
            ("break.start", "2026-12-03T12:00:00-05:00"),
            ("email.window", "2026-12-03T13:00:00-05:00"),
            ("day.wrapup", "2026-12-03T16:30:00-05:00"),
            ("email.window", "2026-12-03T16:45:00-05:00"),
            ("day.end", "2026-12-03T17:00:00-05:00"),
            ("day.overtime", "2026-12-03T17:15:00-05:00"),
        ],
    ),
    (
        "New York spring forward: 02:30 read as 03:30 EDT, leads in real time",
        "America/New_York",
        {**NO_BREAKS, "week": {"sunday": ["00:30-04:00"]}, "email": {"windows": ["02:30"]}},
        date(2027, 3, 14),
        date(2027, 3, 14),
        [
            ("day.start", "2027-03-14T00:30:00-05:00"),
            ("email.window", "2027-03-14T03:30:00-04:00"),
            ("day.wrapup", "2027-03-14T03:30:00-04:00"),
            ("day.end", "2027-03-14T04:00:00-04:00"),
            ("day.overtime", "2027-03-14T04:15:00-04:00"),
        ],
    ),
    (
        "New York fall back: 01:30 is the first one, wrap-up 30 real minutes before",
        "America/New_York",
        {**NO_BREAKS, "week": {"sun": ["00:30-03:00"]}, "email": {"windows": ["01:30"]}},
        date(2027, 11, 7),
        date(2027, 11, 7),
        [
            ("day.start", "2027-11-07T00:30:00-04:00"),
            ("email.window", "2027-11-07T01:30:00-04:00"),
            ("day.wrapup", "2027-11-07T02:30:00-05:00"),
            ("day.end", "2027-11-07T03:00:00-05:00"),
            ("day.overtime", "2027-11-07T03:15:00-05:00"),
        ],
    ),
    (
        "Berlin overnight block across spring forward; overnight counts on the next date",
        "Europe/Berlin",
        {
            **NO_BREAKS,
            "week": {"Saturday": ["22:00-06:00"]},
            "email": {"windows": ["23:00", "02:30", "05:45"]},
        },
        date(2027, 3, 27),
        date(2027, 3, 28),
        [
            ("day.start", "2027-03-27T22:00:00+01:00"),
            ("email.window", "2027-03-27T23:00:00+01:00"),
            ("email.window", "2027-03-28T03:30:00+02:00"),
            ("day.wrapup", "2027-03-28T05:30:00+02:00"),
            ("email.window", "2027-03-28T05:45:00+02:00"),
            ("day.end", "2027-03-28T06:00:00+02:00"),
            ("day.overtime", "2027-03-28T06:15:00+02:00"),
        ],
    ),
    (
        "Berlin overnight block across fall back",
        "Europe/Berlin",
        {**NO_BREAKS, "week": {"SAT": ["22:00-06:00"]}, "email": {"windows": ["02:30"]}},
        date(2027, 10, 30),
        date(2027, 10, 31),
        [
            ("day.start", "2027-10-30T22:00:00+02:00"),
            ("email.window", "2027-10-31T02:30:00+02:00"),
            ("day.wrapup", "2027-10-31T05:30:00+01:00"),
            ("day.end", "2027-10-31T06:00:00+01:00"),
            ("day.overtime", "2027-10-31T06:15:00+01:00"),
        ],
    ),
    (
        "Lord Howe skips half an hour in October",
        "Australia/Lord_Howe",
        {**NO_BREAKS, "week": {"sunday": ["01:00-04:00"]}, "email": {"windows": ["02:15"]}},
        date(2026, 10, 4),
        date(2026, 10, 4),
        [
            ("day.start", "2026-10-04T01:00:00+10:30"),
            ("email.window", "2026-10-04T02:45:00+11:00"),
            ("day.wrapup", "2026-10-04T03:30:00+11:00"),
            ("day.end", "2026-10-04T04:00:00+11:00"),
            ("day.overtime", "2026-10-04T04:15:00+11:00"),
        ],
    ),
    (
        "Lord Howe repeats half an hour in April",
        "Australia/Lord_Howe",
        {**NO_BREAKS, "week": {"sunday": ["01:00-04:00"]}, "email": {"windows": ["01:45"]}},
        date(2027, 4, 4),
        date(2027, 4, 4),
        [
            ("day.start", "2027-04-04T01:00:00+11:00"),
            ("email.window", "2027-04-04T01:45:00+11:00"),
            ("day.wrapup", "2027-04-04T03:30:00+10:30"),
            ("day.end", "2027-04-04T04:00:00+10:30"),
            ("day.overtime", "2027-04-04T04:15:00+10:30"),
        ],
    ),
    (
        "Santiago skips midnight inside an overnight block",
        "America/Santiago",
        {
            **NO_BREAKS,
            "week": {"saturday": ["20:00-02:00"], "sunday": ["09:00-10:00"]},
            "email": {"windows": ["00:00"]},
        },
        date(2026, 9, 5),
        date(2026, 9, 6),
        [
            ("day.start", "2026-09-05T20:00:00-04:00"),
            ("email.window", "2026-09-06T01:00:00-03:00"),
            ("day.wrapup", "2026-09-06T01:30:00-03:00"),
            ("day.end", "2026-09-06T02:00:00-03:00"),
            ("day.overtime", "2026-09-06T02:15:00-03:00"),
            ("day.start", "2026-09-06T09:00:00-03:00"),
            ("day.wrapup", "2026-09-06T09:30:00-03:00"),
            ("day.end", "2026-09-06T10:00:00-03:00"),
            ("day.overtime", "2026-09-06T10:15:00-03:00"),
        ],
    ),
    (
        "Santiago: a block from a skipped midnight starts at 01:00",
        "America/Santiago",
        {**NO_BREAKS, "week": {"sunday": ["00:00-04:00"]}},
        date(2026, 9, 6),
        date(2026, 9, 6),
        [
            ("day.start", "2026-09-06T01:00:00-03:00"),
            ("day.wrapup", "2026-09-06T03:30:00-03:00"),
            ("day.end", "2026-09-06T04:00:00-03:00"),
            ("day.overtime", "2026-09-06T04:15:00-03:00"),
        ],
    ),
    (
        "split shift: breaks move email, a gap blocks it, a break at a block end blocks it",
        "America/New_York",
        {
            "week": {"monday": ["08:00-12:00", "13:00-17:30"]},
            "breaks": [
                {"name": "Coffee", "days": ["mon"], "time": "10:30-10:45"},
                {"name": "Admin", "days": ["Monday"], "time": "11:45-12:00"},
            ],
            "email": {"windows": ["10:40", "11:50", "12:30", "13:00"]},
            "day": {"wrapup_lead_min": 45, "overtime_after_min": 20},
        },
        date(2026, 11, 30),
        date(2026, 11, 30),
        [
            ("day.start", "2026-11-30T08:00:00-05:00"),
            ("break.start", "2026-11-30T10:30:00-05:00"),
            ("email.window", "2026-11-30T10:45:00-05:00"),
            ("break.start", "2026-11-30T11:45:00-05:00"),
            ("block.end", "2026-11-30T12:00:00-05:00"),
            ("email.window", "2026-11-30T13:00:00-05:00"),
            ("day.wrapup", "2026-11-30T16:45:00-05:00"),
            ("day.end", "2026-11-30T17:30:00-05:00"),
            ("day.overtime", "2026-11-30T17:50:00-05:00"),
        ],
    ),
    (
        "exceptions: other hours keep the lunch that fits; a day off plans nothing",
        "America/New_York",
        {
            "email": {"windows": ["09:30", "13:45"]},
            "exceptions": [
                {"date": date(2026, 12, 24), "hours": []},
                {"date": "2026-12-23", "hours": ["10:00-14:00"], "name": "Short day"},
            ],
        },
        date(2026, 12, 23),
        date(2026, 12, 24),
        [
            ("day.start", "2026-12-23T10:00:00-05:00"),
            ("break.start", "2026-12-23T12:00:00-05:00"),
            ("day.wrapup", "2026-12-23T13:30:00-05:00"),
            ("email.window", "2026-12-23T13:45:00-05:00"),
            ("day.end", "2026-12-23T14:00:00-05:00"),
            ("day.overtime", "2026-12-23T14:15:00-05:00"),
        ],
    ),
    (
        "a wrap-up lead longer than the last block starts at that block's start",
        "Europe/Berlin",
        {**NO_BREAKS, "week": {"mon": ["08:00-12:00", "16:00-16:20"]}},
        date(2026, 11, 30),
        date(2026, 11, 30),
        [
            ("day.start", "2026-11-30T08:00:00+01:00"),
            ("block.end", "2026-11-30T12:00:00+01:00"),
            ("day.wrapup", "2026-11-30T16:00:00+01:00"),
            ("day.end", "2026-11-30T16:20:00+01:00"),
            ("day.overtime", "2026-11-30T16:35:00+01:00"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("zone", "data", "first", "last", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_planned_instants(
    zone: str, data: dict[str, Any], first: date, last: date, expected: list[tuple[str, str]]
) -> None:
    assert pairs(plan_days(settings_from(data, zone), first, last)) == expected


def test_session_cues_and_an_email_window_moved_to_the_session_end() -> None:
    settings = settings_from({"email": {"windows": ["10:20"]}})
    session = Session(at("2026-12-03T10:00:00-05:00"), timedelta(minutes=50))
    nudges = plan_days(settings, date(2026, 12, 3), date(2026, 12, 3), [session])
    assert pairs(nudges) == [
        ("day.start", "2026-12-03T09:00:00-05:00"),
        ("session.midpoint", "2026-12-03T10:25:00-05:00"),
        ("session.wrapup", "2026-12-03T10:40:00-05:00"),
        ("session.end", "2026-12-03T10:50:00-05:00"),
        ("email.window", "2026-12-03T10:50:00-05:00"),
        ("session.overrun", "2026-12-03T10:55:00-05:00"),
        ("break.start", "2026-12-03T12:00:00-05:00"),
        ("day.wrapup", "2026-12-03T16:30:00-05:00"),
        ("day.end", "2026-12-03T17:00:00-05:00"),
        ("day.overtime", "2026-12-03T17:15:00-05:00"),
    ]
    assert [n.body for n in nudges if n.kind.is_session_cue] == [
        "25 minutes left in this session.",
        "10 minutes left in this session.",
        "The planned time for this session has ended.",
        "This session is 5 minutes over time.",
    ]


def test_session_length_is_real_time_across_spring_forward() -> None:
    settings = settings_from({"week": {}, **NO_BREAKS})
    ny = ZoneInfo("America/New_York")
    session = Session(datetime(2027, 3, 14, 1, 40, tzinfo=ny), timedelta(minutes=50))
    nudges = plan_days(settings, date(2027, 3, 14), date(2027, 3, 14), [session])
    assert pairs(nudges) == [
        ("session.midpoint", "2027-03-14T03:05:00-04:00"),
        ("session.wrapup", "2027-03-14T03:20:00-04:00"),
        ("session.end", "2027-03-14T03:30:00-04:00"),
        ("session.overrun", "2027-03-14T03:35:00-04:00"),
    ]


def test_a_session_ended_early_keeps_only_the_cues_before_its_end() -> None:
    settings = settings_from({"week": {}})
    start = at("2026-12-03T10:00:00-05:00")
    session = Session(start, timedelta(minutes=50), ended_at=start + timedelta(minutes=42))
    nudges = plan_days(settings, date(2026, 12, 3), date(2026, 12, 3), [session])
    assert [n.kind.value for n in nudges] == ["session.midpoint", "session.wrapup"]


def test_closing_the_day_silences_the_rest_of_it_but_not_tomorrow() -> None:
    settings = settings_from({"email": {"windows": ["11:00", "16:30"]}})
    closed = DayRecord(date(2026, 12, 3), closed_at=at("2026-12-03T16:00:00-05:00"))
    start = start_of_day(date(2026, 12, 3), settings.zone)
    nudges = plan(settings, [], {closed.day: closed}, start, start + timedelta(days=2))
    assert pairs(nudges)[:3] == [
        ("day.start", "2026-12-03T09:00:00-05:00"),
        ("email.window", "2026-12-03T11:00:00-05:00"),
        ("break.start", "2026-12-03T12:00:00-05:00"),
    ]
    assert pairs(nudges)[3] == ("day.start", "2026-12-04T09:00:00-05:00")


def test_nudge_words_name_the_hours_and_the_break() -> None:
    settings = settings_from(
        {
            "week": {"mon": ["08:00-12:00", "13:00-17:30"]},
            "breaks": [{"name": "Café ☕ مع الفريق", "days": ["mon"], "time": "10:30-10:45"}],
        }
    )
    nudges = plan_days(settings, date(2026, 11, 30), date(2026, 11, 30))
    by_kind = {n.kind.value: n for n in nudges}
    assert by_kind["day.start"].body == "Today's hours: 08:00\u201312:00 and 13:00\u201317:30."
    assert by_kind["break.start"].title == "Café ☕ مع الفريق \u2013 protected time"
    assert by_kind["break.start"].body == "Until 10:45. The work will keep."
    assert by_kind["block.end"].body.endswith("The next one begins at 13:00.")
    assert "30 minutes" in by_kind["day.wrapup"].body
    assert "17:30" in by_kind["day.wrapup"].body


def test_an_email_window_moved_past_midnight_is_planned_whichever_way_days_are_cut() -> None:
    settings = settings_from(
        {
            "week": {"friday": ["20:00-04:00"]},
            "breaks": [{"name": "Night break", "days": ["fri"], "time": "23:45-00:15"}],
            "email": {"windows": ["23:50"]},
        },
        "Europe/Berlin",
    )
    whole = plan_days(settings, date(2026, 12, 4), date(2026, 12, 5))
    friday = plan_days(settings, date(2026, 12, 4), date(2026, 12, 4))
    saturday = plan_days(settings, date(2026, 12, 5), date(2026, 12, 5))
    assert ("email.window", "2026-12-05T00:15:00+01:00") in pairs(whole)
    assert pairs(friday) + pairs(saturday) == pairs(whole)


def test_midpoint_cues_can_be_turned_off() -> None:
    from boundary_app.core.sessions import Session

    settings = settings_from({"sessions": {"midpoint": False}})
    start = at("2026-12-03T10:00:00-05:00")
    nudges = plan_days(
        settings, date(2026, 12, 3), date(2026, 12, 3), [Session(start, timedelta(minutes=50))]
    )
    kinds = [n.kind.value for n in nudges if n.kind.value.startswith("session.")]
    assert kinds == ["session.wrapup", "session.end", "session.overrun"]
