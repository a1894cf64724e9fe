"""The weekly report: days, sessions, email, energy and supervision, and its text alternative."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from boundary_app.core.day_record import DayRecord
from boundary_app.core.handoff import closing_record
from boundary_app.core.sessions import Session
from boundary_app.core.settings import Settings
from boundary_app.core.week_report import (
    DaySummary,
    EmailSummary,
    SessionSummary,
    TagEnergy,
    WeekReport,
    week_report,
)
from boundary_app.core.week_text import week_text
from boundary_app.core.wellbeing import Energy, EnergyCheck, Held, SupervisionHeld
from tests.helpers import at, settings_from

NY = ZoneInfo("America/New_York")
E, N, D = Energy.ENERGISED, Energy.NEUTRAL, Energy.DRAINED
MIN50 = timedelta(minutes=50)

# A week with the US change back to standard time (Sunday 1 November 2026, 02:00 -> 01:00).
DST_SETTINGS = settings_from(
    {
        "week": {
            "monday": ["09:00-17:00"],
            "tuesday": ["09:00-17:00"],
            "wednesday": ["08:30-12:00", "13:00-16:00"],
            "thursday": ["09:00-17:00"],
            "friday": ["09:00-13:00"],
            "sunday": ["00:00-06:00"],  # seven real hours on the fall-back night
        },
        "breaks": [{"name": "Lunch", "days": ["mon", "tue", "thu"], "time": "12:00-12:45"}],
    }
)
DST_MONDAY = date(2026, 10, 26)
DST_NOW = at("2026-11-01T03:00:00-05:00")  # Sunday, four real hours into its block


def _closed(settings: Settings, day: date, when: str) -> DayRecord:
    """The record "I'm done for the day" writes, closed at `when`."""
    return closing_record(settings, day, at(when), None)


def _session(start: str, ended: str | None = None, length: timedelta = MIN50) -> Session:
    return Session(at(start), length, at(ended) if ended else None)


def _dst_week() -> WeekReport:
    days = [
        _closed(DST_SETTINGS, date(2026, 10, 25), "2026-10-25T20:00:00-04:00"),  # before
        _closed(DST_SETTINGS, date(2026, 10, 26), "2026-10-26T17:25:00-04:00"),  # 25 min late
        _closed(DST_SETTINGS, date(2026, 10, 27), "2026-10-27T15:30:00-04:00"),  # early
        # Ended without being closed (written down the next morning).
        DayRecord(date(2026, 10, 28), scheduled_end=at("2026-10-28T16:00:00-04:00")),
        _closed(DST_SETTINGS, date(2026, 10, 29), "2026-10-29T17:00:40-04:00"),  # within a minute
        _closed(DST_SETTINGS, date(2026, 10, 30), "2026-10-30T13:01:00-04:00"),  # a minute late
        _closed(DST_SETTINGS, date(2026, 11, 2), "2026-11-02T09:00:00-05:00"),  # after
    ]
    sessions = [
        _session("2026-10-25T23:30:00-04:00", "2026-10-26T00:20:00-04:00"),  # Sunday before
        _session("2026-10-26T10:00:00-04:00", "2026-10-26T10:45:00-04:00"),  # ended early: 0
        _session("2026-10-27T10:00:00-04:00", "2026-10-27T10:57:00-04:00"),  # 7 min over
        _session("2026-10-28T14:00:00-04:00", "2026-10-28T15:02:00-04:00"),  # 12 min over
        _session("2026-10-31T11:00:00-04:00"),  # on the day off, never ended
        # 01:30 for the second time (after the clocks went back), 30 s over: on time.
        _session("2026-11-01T01:30:00-05:00", "2026-11-01T02:20:30-05:00"),
        _session("2026-11-01T05:00:00-05:00"),  # after `now`: not run yet
    ]
    energy = [
        EnergyCheck(at("2026-10-25T23:00:00-04:00"), E, ("trauma",)),  # Sunday before
        EnergyCheck(at("2026-10-26T10:50:00-04:00"), E, ("group",)),
        EnergyCheck(at("2026-10-27T11:00:00-04:00"), D, ("couples", "group")),
        EnergyCheck(at("2026-10-28T15:05:00-04:00"), E, ("group", "group")),  # counted once
        EnergyCheck(at("2026-10-29T12:00:00-04:00"), N),
        EnergyCheck(at("2026-10-31T12:00:00-04:00"), E, ("couples",)),
    ]
    held = [
        SupervisionHeld(at("2026-10-22T14:00:00-04:00"), Held.SUPERVISION),
        SupervisionHeld(at("2026-10-28T16:00:00-04:00"), Held.SUPERVISION),
        SupervisionHeld(at("2026-11-02T09:00:00-05:00"), Held.SUPERVISION),  # after
        SupervisionHeld(at("2026-10-25T23:30:00-04:00"), Held.CHECK_IN, "GH"),  # before
        SupervisionHeld(at("2026-11-01T01:15:00-05:00"), Held.CHECK_IN, "C.D."),
        SupervisionHeld(at("2026-10-27T13:30:00-04:00"), Held.CHECK_IN, "AB"),
        SupervisionHeld(at("2026-11-02T00:30:00-05:00"), Held.CHECK_IN, "EF"),  # after
    ]
    outcomes = ["shown", "acted", "snoozed", "dismissed", "missed", "acted"]
    return week_report(DST_SETTINGS, DST_MONDAY, days, sessions, outcomes, energy, held, DST_NOW)


def test_a_week_over_the_change_to_standard_time() -> None:
    assert _dst_week() == WeekReport(
        first_day=DST_MONDAY,
        days=(
            # 8 h less lunch; closed 25 min late: the overtime is added.
            DaySummary(date(2026, 10, 26), 435, 460, True, False, 25),
            # Closed at 15:30: 6 h 30 min less lunch.
            DaySummary(date(2026, 10, 27), 435, 345, True, True, 0),
            # A split shift that ended without a close: the schedule is all that is known.
            DaySummary(date(2026, 10, 28), 390, 390, False, False, 0),
            # Closed 40 s past the end: on time, no overtime.
            DaySummary(date(2026, 10, 29), 435, 435, True, True, 0),
            # Closed a whole minute past the end: late by that minute.
            DaySummary(date(2026, 10, 30), 240, 241, True, False, 1),
            # A day off (a session on it counts with the sessions, not here).
            DaySummary(date(2026, 10, 31), 0, 0, False, None, 0),
            # 00:00-06:00 on the fall-back night is 7 real hours; 4 of them so far.
            DaySummary(date(2026, 11, 1), 420, 240, False, None, 0),
        ),
        # Five started by `now`; four ended: 0, 7, 12 and 0.5 min past their planned ends.
        sessions=SessionSummary(run=5, ended=4, on_time=2, mean_overrun_min=19.5 / 4),
        email=EmailSummary(shown=5, acted=2, missed=1),
        energy=(
            TagEnergy("group", 2, 0, 1),
            TagEnergy("couples", 1, 0, 1),  # ties "" on the mean, with more ratings
            TagEnergy("", 0, 1, 0),
        ),
        # "group" leans energising (+1/3) but not more than the week as a whole (+2/5).
        most_energising=None,
        last_supervision=at("2026-10-28T16:00:00-04:00"),
        check_ins=(
            ("AB", at("2026-10-27T13:30:00-04:00")),
            ("C.D.", at("2026-11-01T01:15:00-05:00")),
        ),
    )


def test_the_share_of_sessions_on_time() -> None:
    assert _dst_week().sessions.share_on_time == 0.5


def test_the_text_of_the_week_over_the_change_to_standard_time() -> None:
    text = week_text(_dst_week(), NY)
    for line in [
        "Your week from Monday 26 October to Sunday 1 November.",
        "Monday 26 October: 7 h 15 min scheduled, 7 h 40 min worked, closed 25 min late.",
        "Tuesday 27 October: 7 h 15 min scheduled, 5 h 45 min worked, closed on time.",
        "Wednesday 28 October: 6 h 30 min scheduled, 6 h 30 min worked;"
        " the day ended without being closed.",
        "Thursday 29 October: 7 h 15 min scheduled, 7 h 15 min worked, closed on time.",
        "Friday 30 October: 4 h scheduled, 4 h 1 min worked, closed 1 min late.",
        "Saturday 31 October: no work scheduled.",
        "Sunday 1 November: 7 h scheduled, 4 h worked so far; the day is under way.",
        "Sessions: 5 sessions started, 4 ended, and 2 of those 4 ended on time."
        " On average they ran 4.9 min past the planned end.",
        "Email windows: 5 shown, 2 acted on and 1 missed.",
        "Energy after sessions, by tag:",
        '"group": 2 energised, 0 neutral, 1 drained.',
        '"couples": 1 energised, 0 neutral, 1 drained.',
        "Without a tag: 0 energised, 1 neutral, 0 drained.",
        "Last supervision: Wednesday 28 October at 16:00.",
        "Check-ins with supervisees: AB on Tuesday 27 October at 13:30,"
        " C.D. on Sunday 1 November at 01:15.",
    ]:
        assert line in text.splitlines(), line
    assert "most energy" not in text


# -- a normal week, read out in full --------------------------------------------------

NOV_SETTINGS = settings_from(
    {"exceptions": [{"date": date(2026, 11, 26), "hours": []}]}  # Thanksgiving off
)
NOV_MONDAY = date(2026, 11, 23)


def _november_week() -> WeekReport:
    days = [
        _closed(NOV_SETTINGS, date(2026, 11, 23), "2026-11-23T17:25:00-05:00"),
        _closed(NOV_SETTINGS, date(2026, 11, 24), "2026-11-24T16:59:00-05:00"),
        _closed(NOV_SETTINGS, date(2026, 11, 25), "2026-11-25T14:00:00-05:00"),
        # Friday 27th never closed, and nothing written down: the schedule stands in.
    ]
    sessions = [
        _session("2026-11-23T10:00:00-05:00", "2026-11-23T10:50:00-05:00"),
        _session("2026-11-24T10:00:00-05:00", "2026-11-24T10:57:00-05:00"),
        _session("2026-11-25T10:00:00-05:00", "2026-11-25T11:02:00-05:00"),
    ]
    energy = [
        EnergyCheck(at("2026-11-23T10:55:00-05:00"), E, ("groups",)),
        EnergyCheck(at("2026-11-24T11:00:00-05:00"), E, ("groups",)),
        EnergyCheck(at("2026-11-25T11:05:00-05:00"), D, ("intake",)),
    ]
    return week_report(
        NOV_SETTINGS,
        NOV_MONDAY,
        days,
        sessions,
        ["acted", "acted", "missed"],
        energy,
        [],
        at("2026-12-02T12:00:00-05:00"),
    )


def test_a_normal_week() -> None:
    report = _november_week()
    assert report.days == (
        DaySummary(date(2026, 11, 23), 420, 445, True, False, 25),
        DaySummary(date(2026, 11, 24), 420, 419, True, True, 0),
        DaySummary(date(2026, 11, 25), 420, 240, True, True, 0),
        DaySummary(date(2026, 11, 26), 0, 0, False, None, 0),
        DaySummary(date(2026, 11, 27), 420, 420, False, False, 0),
        DaySummary(date(2026, 11, 28), 0, 0, False, None, 0),
        DaySummary(date(2026, 11, 29), 0, 0, False, None, 0),
    )
    assert report.sessions == SessionSummary(3, 3, 1, 19 / 3)
    assert report.most_energising == "groups"
    assert not report.empty


def test_the_text_of_a_normal_week() -> None:
    assert week_text(_november_week(), NY) == "\n".join(
        [
            "Your week from Monday 23 November to Sunday 29 November.",
            "Monday 23 November: 7 h scheduled, 7 h 25 min worked, closed 25 min late.",
            "Tuesday 24 November: 7 h scheduled, 6 h 59 min worked, closed on time.",
            "Wednesday 25 November: 7 h scheduled, 4 h worked, closed on time.",
            "Thursday 26 November: no work scheduled.",
            "Friday 27 November: 7 h scheduled, 7 h worked; the day ended without being closed.",
            "Saturday 28 November: no work scheduled.",
            "Sunday 29 November: no work scheduled.",
            "Sessions: 3 sessions started, all of them ended, and 1 of those 3 ended on time."
            " On average they ran 6.3 min past the planned end.",
            "Email windows: 2 shown, 2 acted on and 1 missed.",
            "Energy after sessions, by tag:",
            '"groups": 2 energised, 0 neutral, 0 drained.',
            '"intake": 0 energised, 0 neutral, 1 drained.',
            '"groups" gave you the most energy this week;'
            " it may deserve a little more room in your weeks.",
            "Supervision: none is recorded yet. A regular time to talk the work through,"
            " even a short one, is worth having.",
        ]
    )


# -- days -------------------------------------------------------------------------------


def _one_day(settings: Settings, day: date, record: DayRecord | None, now: datetime) -> DaySummary:
    monday = day - timedelta(days=day.weekday())
    report = week_report(settings, monday, [record] if record else [], [], [], [], [], now)
    return report.days[day.weekday()]


@pytest.mark.parametrize(
    ("zone", "day", "minutes"),
    [
        ("America/New_York", date(2026, 11, 1), 7 * 60),  # fall back
        ("America/New_York", date(2026, 3, 8), 5 * 60),  # spring forward
        ("Europe/Berlin", date(2026, 10, 25), 7 * 60),
        ("Europe/Berlin", date(2026, 3, 29), 5 * 60),
        ("Australia/Lord_Howe", date(2026, 10, 4), 5 * 60 + 30),  # a 30-minute change
        ("Australia/Lord_Howe", date(2026, 4, 5), 6 * 60 + 30),
        ("America/New_York", date(2026, 11, 8), 6 * 60),  # an ordinary Sunday
    ],
)
def test_scheduled_time_is_real_time_across_dst(zone: str, day: date, minutes: int) -> None:
    settings = settings_from({"week": {"sunday": ["00:00-06:00"]}, "breaks": []}, zone)
    later = datetime(2027, 1, 1, tzinfo=UTC)
    summary = _one_day(settings, day, None, later)
    assert (summary.scheduled_min, summary.worked_min) == (minutes, minutes)


def test_breaks_that_overlap_are_taken_off_once() -> None:
    settings = settings_from(
        {
            "breaks": [
                {"name": "Lunch", "days": ["mon"], "time": "12:00-13:00"},
                {"name": "Admin", "days": ["mon"], "time": "12:30-13:30"},
            ]
        }
    )
    summary = _one_day(settings, date(2026, 11, 23), None, at("2026-11-23T12:45:00-05:00"))
    assert (summary.scheduled_min, summary.worked_min) == (8 * 60 - 90, 3 * 60)


DEFAULT = settings_from({})  # 09:00-17:00 on weekdays, lunch 12:00-13:00
MON = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("now", "worked", "on_time"),
    [
        ("2026-11-23T08:00:00-05:00", 0, None),  # not begun
        ("2026-11-23T10:30:00-05:00", 90, None),
        ("2026-11-23T12:30:00-05:00", 180, None),  # lunch is not work
        ("2026-11-23T16:59:59-05:00", 419, None),
        ("2026-11-23T17:00:00-05:00", 420, False),  # over, and not closed
        ("2026-11-24T09:00:00-05:00", 420, False),
        ("2026-11-16T12:00:00-05:00", 0, None),  # a week ahead
    ],
)
def test_a_day_not_closed(now: str, worked: int, on_time: bool | None) -> None:
    summary = _one_day(DEFAULT, MON, None, at(now))
    assert summary == DaySummary(MON, 420, worked, False, on_time, 0)


@pytest.mark.parametrize(
    ("closed_at", "worked", "on_time", "overtime"),
    [
        ("2026-11-23T08:30:00-05:00", 0, True, 0),  # closed before it began: silenced
        ("2026-11-23T12:30:00-05:00", 180, True, 0),  # in the lunch break
        ("2026-11-23T16:00:00-05:00", 360, True, 0),
        ("2026-11-23T17:00:00-05:00", 420, True, 0),
        ("2026-11-23T17:00:59-05:00", 420, True, 0),
        ("2026-11-23T17:01:00-05:00", 421, False, 1),
        ("2026-11-24T00:30:00-05:00", 420 + 450, False, 450),  # after midnight
    ],
)
def test_a_closed_day(closed_at: str, worked: int, on_time: bool, overtime: int) -> None:
    record = closing_record(DEFAULT, MON, at(closed_at), None)
    # Read at the close, even while the day still runs: a close makes the day over.
    summary = _one_day(DEFAULT, MON, record, at(closed_at))
    assert summary == DaySummary(MON, 420, worked, True, on_time, overtime)


def test_lateness_is_measured_from_the_end_the_record_kept() -> None:
    """Hours changed after the day closed: the record's end still says how it went.

    Its overtime was counted from that end, so work is counted up to it.
    """
    record = DayRecord(
        MON,
        closed_at=at("2026-11-23T16:30:00-05:00"),
        scheduled_end=at("2026-11-23T16:00:00-05:00"),
        overtime_min=30,
    )
    summary = _one_day(DEFAULT, MON, record, at("2026-11-24T09:00:00-05:00"))
    assert summary == DaySummary(MON, 420, 360 + 30, True, False, 30)


def test_a_day_off_closed_has_no_verdict() -> None:
    saturday = date(2026, 11, 28)
    record = closing_record(DEFAULT, saturday, at("2026-11-28T10:00:00-05:00"), None)
    summary = _one_day(DEFAULT, saturday, record, at("2026-11-30T09:00:00-05:00"))
    assert summary == DaySummary(saturday, 0, 0, True, None, 0)


def test_the_week_must_start_on_a_monday() -> None:
    with pytest.raises(ValueError, match=r"2026-11-24 is a Tuesday"):
        week_report(DEFAULT, date(2026, 11, 24), [], [], [], [], [], at("2026-11-30T09:00:00Z"))


def test_now_must_be_aware() -> None:
    naive = datetime(2026, 11, 30, 9)  # noqa: DTZ001 - the mistake under test
    with pytest.raises(ValueError, match="aware"):
        week_report(DEFAULT, MON, [], [], [], [], [], naive)


# -- sessions -----------------------------------------------------------------------------


def _sessions(sessions: list[Session]) -> SessionSummary:
    now = at("2026-11-30T09:00:00-05:00")
    return week_report(DEFAULT, MON, [], sessions, [], [], [], now).sessions


def _over(minutes: float | None, day: int = 23) -> Session:
    start = at(f"2026-11-{day}T10:00:00-05:00")
    ended = None if minutes is None else start + MIN50 + timedelta(minutes=minutes)
    return Session(start, MIN50, ended)


@pytest.mark.parametrize(
    ("overruns", "expected"),
    [
        ([], SessionSummary(0, 0, 0, None)),
        ([None], SessionSummary(1, 0, 0, None)),  # never ended
        ([0, 7, 12], SessionSummary(3, 3, 1, 19 / 3)),
        ([-10, 0, 7, 12], SessionSummary(4, 4, 2, 19 / 4)),  # early counts as 0
        ([1, 1.5, None], SessionSummary(3, 2, 1, 1.25)),  # a minute late is on time
    ],
)
def test_session_figures(overruns: list[float | None], expected: SessionSummary) -> None:
    assert _sessions([_over(m) for m in overruns]) == expected


def test_sessions_are_those_that_started_in_the_week_in_local_time() -> None:
    sessions = [
        Session(at("2026-11-22T23:30:00-05:00"), MIN50, at("2026-11-23T00:20:00-05:00")),
        Session(at("2026-11-29T23:30:00-05:00"), MIN50, at("2026-11-30T00:30:00-05:00")),
        Session(at("2026-11-30T00:10:00-05:00"), MIN50, at("2026-11-30T01:00:00-05:00")),
    ]
    assert _sessions(sessions) == SessionSummary(1, 1, 0, 10.0)


def test_a_session_on_a_day_off_counts_as_a_session() -> None:
    report = week_report(
        DEFAULT, MON, [], [_over(0, day=28)], [], [], [], at("2026-11-30T09:00:00-05:00")
    )
    assert report.sessions == SessionSummary(1, 1, 1, 0.0)
    assert report.days[5] == DaySummary(date(2026, 11, 28), 0, 0, False, None, 0)
    assert not report.empty


# -- energy ---------------------------------------------------------------------------------


def _energy(*ratings: tuple[Energy, tuple[str, ...]]) -> WeekReport:
    checks = [
        EnergyCheck(at("2026-11-24T11:00:00-05:00") + timedelta(minutes=i), rating, tags)
        for i, (rating, tags) in enumerate(ratings)
    ]
    return week_report(DEFAULT, MON, [], [], [], checks, [], at("2026-11-30T09:00:00-05:00"))


def test_tags_are_ranked_by_mean_then_count_then_name() -> None:
    report = _energy(
        (E, ("b",)),
        (D, ("b",)),
        (N, ("a",)),
        (N, ("c",)),
        (N, ("c",)),
        (E, ("d", "e")),
        (D, ()),
    )
    assert [(t.tag, t.mean, t.count) for t in report.energy] == [
        ("d", 1.0, 1),
        ("e", 1.0, 1),  # a tie with "d": by name
        ("b", 0.0, 2),  # b, c and a tie on the mean: more ratings first, then by name
        ("c", 0.0, 2),
        ("a", 0.0, 1),
        ("", -1.0, 1),
    ]
    assert report.most_energising is None  # "d" and "e" have one rating each


@pytest.mark.parametrize(
    ("ratings", "standout"),
    [
        # Above the week's mean (0): it stands out.
        ([(E, ("groups",)), (E, ("groups",)), (D, ("intake",)), (D, ("intake",))], "groups"),
        # Equal means (+1): the tag with more ratings.
        ([(E, ("a",))] * 2 + [(E, ("b",))] * 3 + [(D, ())], "b"),
        # Equal means and counts: by name.
        ([(E, ("b",))] * 2 + [(E, ("a",))] * 2 + [(D, ())], "a"),
        # One rating is not enough, however good.
        ([(E, ("groups",)), (D, ("intake",)), (D, ("intake",))], None),
        # Every rating carries the tag: it cannot be above the week as a whole.
        ([(E, ("groups",)), (E, ("groups",))], None),
        # Leaning drained is never worth more room, even if the least draining.
        ([(D, ("a",)), (N, ("a",)), (D, ("b",)), (D, ("b",))], None),
        # Exactly neutral is not "energising".
        ([(E, ("a",)), (D, ("a",)), (D, ("b",)), (D, ("b",))], None),
        # Ratings without a tag are never the answer.
        ([(E, ())] * 3 + [(E, ("x",)), (N, ("x",))], None),
        # The best tag with two ratings decides; a worse one cannot step in.
        ([(E, ("a",))] * 2 + [(E, ("b",)), (N, ("b",))] + [(D, ())] * 4, "a"),
    ],
)
def test_the_most_energising_tag(
    ratings: list[tuple[Energy, tuple[str, ...]]], standout: str | None
) -> None:
    assert _energy(*ratings).most_energising == standout


def test_energy_is_taken_by_local_date() -> None:
    checks = [
        EnergyCheck(at("2026-11-23T00:30:00-05:00"), E, ("in",)),  # 05:30 UTC Monday
        EnergyCheck(at("2026-11-22T23:30:00-05:00"), E, ("out",)),  # Monday in UTC
        EnergyCheck(at("2026-11-30T00:10:00-05:00"), E, ("out",)),
    ]
    report = week_report(DEFAULT, MON, [], [], [], checks, [], at("2026-11-30T09:00:00-05:00"))
    assert report.energy == (TagEnergy("in", 1, 0, 0),)


# -- supervision and email -------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "counted"),
    [
        ("2026-11-29T23:59:59-05:00", True),  # the last second of Sunday
        ("2026-11-30T00:00:00-05:00", False),  # next week
        ("2026-10-01T09:00:00-04:00", True),  # long ago, still the latest
    ],
)
def test_the_latest_supervision_by_the_end_of_the_week(when: str, counted: bool) -> None:
    held = [
        SupervisionHeld(at("2026-09-01T09:00:00-04:00"), Held.SUPERVISION),
        SupervisionHeld(at(when), Held.SUPERVISION),
        SupervisionHeld(at("2026-11-29T23:59:59-05:00"), Held.CHECK_IN, "AB"),  # not one
    ]
    report = week_report(DEFAULT, MON, [], [], [], [], held, at("2026-12-01T09:00:00-05:00"))
    assert report.last_supervision == (at(when) if counted else held[0].at)
    assert report.check_ins == (("AB", held[2].at),)


def test_supervision_from_another_year_names_the_year() -> None:
    held = [SupervisionHeld(at("2025-12-15T09:00:00-05:00"), Held.SUPERVISION)]
    report = week_report(
        DEFAULT, date(2026, 1, 5), [], [_over(0)], [], [], held, at("2026-01-12T09:00:00Z")
    )
    assert "Last supervision: Monday 15 December 2025 at 09:00." in week_text(report, NY)


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ([], EmailSummary(0, 0, 0)),
        (["missed", "missed"], EmailSummary(0, 0, 2)),
        (["shown", "snoozed", "dismissed", "acted"], EmailSummary(4, 1, 0)),
    ],
)
def test_email_windows(outcomes: list[str], expected: EmailSummary) -> None:
    now = at("2026-11-30T09:00:00-05:00")
    assert week_report(DEFAULT, MON, [], [], outcomes, [], [], now).email == expected


# -- an empty week --------------------------------------------------------------------


def test_a_week_not_yet_begun_is_empty_and_says_so_kindly() -> None:
    report = week_report(DEFAULT, MON, [], [], [], [], [], at("2026-11-20T09:00:00-05:00"))
    assert report.empty
    assert report.days[0] == DaySummary(MON, 420, 0, False, None, 0)
    text = week_text(report, NY)
    assert text.splitlines()[0] == "Your week from Monday 23 November to Sunday 29 November."
    assert "Nothing was recorded this week yet." in text
    assert "scheduled" not in text


def test_a_week_with_only_supervision_is_still_empty() -> None:
    held = [SupervisionHeld(at("2026-11-24T09:00:00-05:00"), Held.SUPERVISION)]
    report = week_report(DEFAULT, MON, [], [], [], [], held, at("2026-11-20T09:00:00-05:00"))
    assert report.empty


@pytest.mark.parametrize(
    ("report", "words"),
    [
        (
            week_report(DEFAULT, MON, [], [_over(None)], [], [], [], at("2026-11-30T09:00Z")),
            "Sessions: 1 session started; none has a recorded end yet.",
        ),
        (
            week_report(DEFAULT, MON, [], [_over(-5)], [], [], [], at("2026-11-30T09:00Z")),
            "None ran past its planned end.",
        ),
        (
            week_report(DEFAULT, MON, [], [_over(-5)], [], [], [], at("2026-11-30T09:00Z")),
            "Email windows: none came up this week.",
        ),
        (
            week_report(DEFAULT, MON, [], [_over(-5)], [], [], [], at("2026-11-30T09:00Z")),
            "Energy after sessions: no ratings were given this week.",
        ),
        (
            week_report(DEFAULT, MON, [], [], ["missed"], [], [], at("2026-11-23T08:00Z")),
            "Monday 23 November: 7 h scheduled; the day is still ahead.",
        ),
        (
            week_report(DEFAULT, MON, [], [], ["missed"], [], [], at("2026-11-23T08:00Z")),
            "Sessions: none were recorded this week.",
        ),
    ],
)
def test_quiet_parts_of_a_week_are_said_plainly(report: WeekReport, words: str) -> None:
    assert words in week_text(report, NY)
