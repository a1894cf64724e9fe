"""Exactly one day state at any instant, and when it changes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boundary_app.core.day_record import DayRecord
from boundary_app.core.day_state import DayState, day_status
from boundary_app.core.sessions import Session
from tests.helpers import at, settings_from

SPLIT: dict[str, Any] = {
    "week": {
        "monday": ["08:00-12:00", "13:00-17:30"],
        "thursday": ["09:00-17:00"],
        "friday": ["22:00-06:00"],
    },
    "breaks": [{"name": "Lunch", "days": ["thu"], "time": "12:00-13:00"}],
    "exceptions": [{"date": date(2026, 12, 10), "hours": []}],
}


@pytest.mark.parametrize(
    ("now", "state", "until", "detail"),
    [
        ("2026-12-03T08:59:00-05:00", "off-hours", "2026-12-03T09:00:00-05:00", ""),
        ("2026-12-03T09:00:00-05:00", "working", "2026-12-03T12:00:00-05:00", ""),
        ("2026-12-03T12:10:00-05:00", "break", "2026-12-03T13:00:00-05:00", "Lunch"),
        ("2026-12-03T16:30:00-05:00", "wrap-up", "2026-12-03T17:00:00-05:00", ""),
        ("2026-12-03T17:00:00-05:00", "off-hours", "2026-12-04T22:00:00-05:00", ""),
        # Friday's overnight block: working after midnight, it belongs to Friday
        ("2026-12-05T02:00:00-05:00", "working", "2026-12-05T05:30:00-05:00", ""),
        ("2026-12-05T07:00:00-05:00", "day-off", "2026-12-07T00:00:00-05:00", ""),
        # the gap in a split shift is not work
        ("2026-12-07T12:30:00-05:00", "off-hours", "2026-12-07T13:00:00-05:00", ""),
        # an exception day off
        ("2026-12-10T10:00:00-05:00", "day-off", "2026-12-11T00:00:00-05:00", ""),
    ],
)
def test_state_and_until(now: str, state: str, until: str, detail: str) -> None:
    status = day_status(settings_from(SPLIT), [], {}, at(now))
    assert status.state.value == state
    assert status.until == at(until)
    assert status.detail == detail


def test_closing_the_day_makes_it_done_until_midnight() -> None:
    s = settings_from(SPLIT)
    record = DayRecord(date(2026, 12, 3), at("2026-12-03T16:00:00-05:00"))
    days = {record.day: record}
    during = day_status(s, [], days, at("2026-12-03T16:10:00-05:00"))
    assert during.state is DayState.DONE
    assert during.until == at("2026-12-04T00:00:00-05:00")
    before = day_status(s, [], days, at("2026-12-03T15:59:00-05:00"))
    assert before.state is DayState.WORKING
    assert before.until == at("2026-12-03T16:00:00-05:00")
    evening = day_status(s, [], days, at("2026-12-03T21:00:00-05:00"))
    assert evening.state is DayState.DONE


def test_a_session_outranks_breaks_and_ends_when_ended() -> None:
    s = settings_from(SPLIT)
    start = at("2026-12-03T11:30:00-05:00")
    open_session = Session(start, timedelta(minutes=50))
    status = day_status(s, [open_session], {}, at("2026-12-03T12:05:00-05:00"))
    assert status.state is DayState.IN_SESSION
    ended = Session(start, timedelta(minutes=50), ended_at=at("2026-12-03T12:15:00-05:00"))
    status = day_status(s, [ended], {}, at("2026-12-03T12:05:00-05:00"))
    assert status.until == at("2026-12-03T12:15:00-05:00")
    after = day_status(s, [ended], {}, at("2026-12-03T12:20:00-05:00"))
    assert (after.state, after.detail) == (DayState.BREAK, "Lunch")


def test_a_forgotten_session_stops_counting_an_hour_after_its_end() -> None:
    s = settings_from(SPLIT)
    session = Session(at("2026-12-03T09:00:00-05:00"), timedelta(minutes=50))
    late = day_status(s, [session], {}, at("2026-12-03T10:45:00-05:00"))
    assert late.state is DayState.IN_SESSION
    assert late.until == at("2026-12-03T10:50:00-05:00")
    assert day_status(s, [session], {}, at("2026-12-03T10:50:00-05:00")).state is DayState.WORKING


def test_naive_instants_are_refused() -> None:
    from datetime import datetime

    with pytest.raises(ValueError, match="aware"):
        day_status(settings_from({}), [], {}, datetime(2026, 12, 3, 9))  # noqa: DTZ001


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]),
    minutes=st.integers(0, 60 * 24 * 14),
)
def test_until_is_the_first_moment_the_state_differs(zone: str, minutes: int) -> None:
    s = settings_from(SPLIT, zone)
    now = at("2027-03-22T00:00:00+00:00") + timedelta(minutes=minutes)
    status = day_status(s, [], {}, now)
    assert status.until is not None
    assert status.until > now
    # a minute before `until` the state is unchanged; at `until` it has changed
    if status.until - timedelta(minutes=1) > now:
        assert day_status(s, [], {}, status.until - timedelta(minutes=1)).state is status.state
    assert day_status(s, [], {}, status.until) != status


def test_a_day_closed_after_midnight_is_done_that_night_but_not_the_next_evening() -> None:
    settings = settings_from({})
    thursday = DayRecord(date(2026, 11, 26), closed_at=at("2026-11-27T00:30:00-05:00"))
    days = {thursday.day: thursday}
    night = day_status(settings, [], days, at("2026-11-27T02:00:00-05:00"))
    assert night.state is DayState.DONE
    assert night.until == at("2026-11-27T09:00:00-05:00")
    evening = day_status(settings, [], days, at("2026-11-27T18:00:00-05:00"))
    assert evening.state is DayState.OFF_HOURS  # Friday was never closed
