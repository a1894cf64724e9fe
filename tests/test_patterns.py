"""Patterns worth naming (overtime piling up, sessions running over) and their cards."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from boundary_app.core.day_record import DayRecord
from boundary_app.core.handoff import closing_record
from boundary_app.core.patterns import Pattern, pattern_for, pattern_theme, supervision_hint
from boundary_app.core.reframes import THEMES, reframe_for
from boundary_app.core.sessions import Session
from boundary_app.storage.resources import load_reframes
from tests.helpers import at, settings_from

DEFAULT = settings_from({})  # 09:00-17:00 Monday to Friday, in New York
# Monday 23 to Friday 27 November 2026, then Monday 30 November.
WEEK = [date(2026, 11, d) for d in (23, 24, 25, 26, 27)]
MON30 = date(2026, 11, 30)
FRI_EVENING = at("2026-11-27T18:00:00-05:00")
MIN50 = timedelta(minutes=50)


def _day(day: date, kind: str) -> DayRecord | None:
    """'on' closed on time, 'late' closed 20 min late, 'open' ended without a close, '-' none."""
    end = at(f"{day.isoformat()}T17:00:00-05:00")
    if kind == "on":
        return closing_record(DEFAULT, day, end, None)
    if kind == "late":
        return closing_record(DEFAULT, day, end + timedelta(minutes=20), None)
    if kind == "open":
        return DayRecord(day, scheduled_end=end)
    return None


def _days(kinds: str, days: list[date] = WEEK) -> list[DayRecord]:
    records = (_day(day, kind) for day, kind in zip(days, kinds.split(), strict=True))
    return [r for r in records if r is not None]


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ("on on on on on", None),
        ("late late on on on", None),  # 2 of 5
        ("late late late on on", Pattern.OVERTIME),  # 3 of 5
        ("on late on late late", Pattern.OVERTIME),
        ("late late late late late", Pattern.OVERTIME),
        # Days that ended without a close are not counted as overtime.
        ("open open open late late", None),
        ("- - - late late", None),
    ],
)
def test_overtime_on_three_of_the_last_five_workdays(kinds: str, expected: Pattern | None) -> None:
    assert pattern_for(DEFAULT, _days(kinds), [], WEEK[-1], FRI_EVENING) == expected


def test_days_off_are_skipped_when_counting_back() -> None:
    """Over a weekend and a day off, the last five work days reach back into last week."""
    settings = settings_from({"exceptions": [{"date": date(2026, 11, 26), "hours": []}]})
    before = [date(2026, 11, 19), date(2026, 11, 20)]  # Thursday and Friday a week earlier
    records = [
        closing_record(settings, d, at(f"{d.isoformat()}T17:30:00-05:00"), None)
        for d in [*before, date(2026, 11, 30)]
    ]
    # Work days back from Monday 30th: 30, 27, 25, 24, 23; the 19th and 20th are too far.
    now = at("2026-11-30T18:00:00-05:00")
    assert pattern_for(settings, records, [], MON30, now) is None
    records.append(closing_record(settings, WEEK[0], at("2026-11-23T17:30:00-05:00"), None))
    assert pattern_for(settings, records, [], MON30, now) is None  # 2 of 5
    records.append(closing_record(settings, WEEK[4], at("2026-11-27T17:30:00-05:00"), None))
    assert pattern_for(settings, records, [], MON30, now) is Pattern.OVERTIME  # 3 of 5


def test_a_day_still_running_is_not_counted_yet() -> None:
    records = _days("late late late on on")
    # Monday 30th under way: the five are still the 23rd to the 27th.
    noon = at("2026-11-30T12:00:00-05:00")
    assert pattern_for(DEFAULT, records, [], MON30, noon) is Pattern.OVERTIME
    # Monday over and not closed: it takes a place, and the 23rd drops out.
    evening = at("2026-11-30T17:30:00-05:00")
    assert pattern_for(DEFAULT, records, [], MON30, evening) is None


def test_today_closed_late_counts_at_once() -> None:
    early = closing_record(DEFAULT, MON30, at("2026-11-30T16:50:00-05:00"), None)
    records = [*_days("on on on late late"), early]
    assert pattern_for(DEFAULT, records, [], MON30, at("2026-11-30T16:55:00-05:00")) is None
    late = closing_record(DEFAULT, MON30, at("2026-11-30T17:05:00-05:00"), None)
    records[-1] = late
    assert pattern_for(DEFAULT, records, [], MON30, at("2026-11-30T17:06:00-05:00")) is (
        Pattern.OVERTIME
    )


def test_no_work_days_at_all_is_no_pattern() -> None:
    settings = settings_from({"week": {}, "breaks": []})
    assert pattern_for(settings, [], [], MON30, at("2026-11-30T18:00:00-05:00")) is None


# -- sessions running over -------------------------------------------------------------------


def _session(day: int, over_min: float | None, hour: int = 10) -> Session:
    start = at(f"2026-11-{day:02d}T{hour:02d}:00:00-05:00")
    ended = None if over_min is None else start + MIN50 + timedelta(minutes=over_min)
    return Session(start, MIN50, ended)


def _sessions(overruns: list[float | None], day: int = 25) -> list[Session]:
    return [_session(day, m, hour=8 + i) for i, m in enumerate(overruns)]


@pytest.mark.parametrize(
    ("overruns", "expected"),
    [
        ([], None),
        ([6, 6], None),  # two overruns
        ([6, 6, 6], Pattern.OVERRUNS),
        ([5, 5, 5, 5], None),  # exactly at the overrun cue: not past it
        ([5.5, 6, 30], Pattern.OVERRUNS),
        ([6, 6, 6, None, None, None], Pattern.OVERRUNS),  # sessions not ended do not count
        ([6, 6, None, None, None], None),
        ([6, 6, 6, 0, 0, 0, 0, 0, 0], Pattern.OVERRUNS),  # 3 of 9: a third
        ([6, 6, 6, 0, 0, 0, 0, 0, 0, 0], None),  # 3 of 10: less than a third
        ([6, 6, 6, 6, 0, 0, 0, 0, 0, 0], Pattern.OVERRUNS),  # 4 of 10
    ],
)
def test_sessions_running_over_this_week(
    overruns: list[float | None], expected: Pattern | None
) -> None:
    assert pattern_for(DEFAULT, [], _sessions(overruns), WEEK[-1], FRI_EVENING) == expected


def test_only_this_weeks_sessions_count() -> None:
    last_week = [_session(20, 10, hour=h) for h in (9, 10, 11)]  # Friday before
    sunday = [_session(22, 10, hour=h) for h in (9, 10, 11)]
    assert pattern_for(DEFAULT, [], last_week + sunday, WEEK[0], FRI_EVENING) is None
    monday = [_session(23, 10, hour=h) for h in (9, 10, 11)]
    assert pattern_for(DEFAULT, [], monday + sunday, WEEK[0], FRI_EVENING) is Pattern.OVERRUNS


def test_the_week_is_local_a_late_sunday_session_is_last_week() -> None:
    sunday_night = [
        Session(at(f"2026-11-22T23:{m:02d}:00-05:00"), MIN50, at("2026-11-23T01:00:00-05:00"))
        for m in (0, 5, 10)
    ]
    assert pattern_for(DEFAULT, [], sunday_night, WEEK[0], FRI_EVENING) is None


def test_the_overrun_allowance_comes_from_the_settings() -> None:
    strict = settings_from({"sessions": {"overrun_after_min": 0}})
    assert pattern_for(strict, [], _sessions([1, 1, 1]), WEEK[-1], FRI_EVENING) is (
        Pattern.OVERRUNS
    )
    relaxed = settings_from({"sessions": {"overrun_after_min": 15}})
    assert pattern_for(relaxed, [], _sessions([10, 10, 10]), WEEK[-1], FRI_EVENING) is None


def test_overtime_wins_over_overruns() -> None:
    days = _days("late late late on on")
    assert pattern_for(DEFAULT, days, _sessions([9, 9, 9]), WEEK[-1], FRI_EVENING) is (
        Pattern.OVERTIME
    )


# -- themes, hints and cards -----------------------------------------------------------------


def test_each_pattern_has_a_theme_and_a_hint() -> None:
    assert pattern_theme(Pattern.OVERTIME) == "overtime"
    assert pattern_theme(Pattern.OVERRUNS) == "pacing"
    for pattern in Pattern:
        assert pattern_theme(pattern) in THEMES
        hint = supervision_hint(pattern)
        assert "supervision" in hint
        assert hint.endswith(".")
        assert "!" not in hint
        assert len(hint) <= 120


@pytest.mark.parametrize("pattern", list(Pattern))
def test_a_pattern_has_cards_of_its_own_to_take_turns(pattern: Pattern) -> None:
    cards = load_reframes()
    theme = pattern_theme(pattern)
    assert sum(card.theme == theme for card in cards) >= 4
    start = date(2026, 11, 23)
    shown = {reframe_for(start + timedelta(days=i), cards, theme) for i in range(5)}
    assert all(card.theme == theme for card in shown)
    assert len(shown) >= 4


def test_new_cards_come_after_the_first_ones() -> None:
    ids = [card.id for card in load_reframes()]
    assert ids[:2] == ["open-list-is-normal", "leaving-on-time"]
    assert ids[-6:] == [
        "minutes-add-up",
        "late-again-is-a-signal",
        "guilt-is-a-poor-clock",
        "one-more-minute",
        "ending-is-reliable",
        "plan-the-landing",
    ]
